"""cli.output.print_json_list writes what print_json writes for the whole list, byte for byte
(due --json and list --json stream their items; scripts read the same document)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from yakkan_cli.cli.output import print_json, print_json_list

CASES: list[list[Any]] = [
    [],
    [{}],
    [[]],
    [1, "a", None],
    [{"id": "somu-drive", "on": date(2026, 4, 1), "tags": ["a", {"b": []}], "n": None}],
    [{"text": "行1\n行2\u202e\x85", "nested": {"deep": [1, [2, [3]]]}}, {"x": "\\"}],
]


@pytest.mark.parametrize("items", CASES)
def test_streamed_equals_whole(items: list[Any], capsys: pytest.CaptureFixture[str]) -> None:
    print_json(items)
    whole = capsys.readouterr().out
    print_json_list(iter(items))
    assert capsys.readouterr().out == whole
