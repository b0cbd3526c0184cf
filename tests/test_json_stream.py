"""cli.output.print_json_list writes what print_json writes for the whole list, byte for byte
(due --json and list --json stream their items; scripts read the same document)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from yakkan_cli.cli.output import print_json, print_json_list
from yakkan_cli.model import Mark, State

CASES: list[list[Any]] = [
    [],
    [{}],
    [[]],
    [1, "a", None],
    [{"id": "somu-drive", "on": date(2026, 4, 1), "tags": ["a", {"b": []}], "n": None}],
    [{"text": "行1\n行2\u202e\x85", "nested": {"deep": [1, [2, [3]]]}}, {"x": "\\"}],
    [0, -1, 10**30, True, False, 1.5, 1e100, -0.0, float("nan"), float("inf")],
    [{"a": {}, "b": [], "c": [{}], "d": [[], {}], "e": ("t", 1)}],
    [{"\x00key\u2028": "\x1b[31m\u2066", "": ""}],
    [{1: "int key", None: "null key", False: "bool key"}, {"inner": {2.5: "x"}}],
    [State.ACTIVE, {"state": State.APPLIED}, Mark.OK],
    [{"days": [date(2026, 1, 31), date(2028, 2, 29)]}],
]


@pytest.mark.parametrize("items", CASES)
def test_streamed_equals_whole(items: list[Any], capsys: pytest.CaptureFixture[str]) -> None:
    print_json(items)
    whole = capsys.readouterr().out
    print_json_list(iter(items))
    assert capsys.readouterr().out == whole


def test_an_unknown_value_is_refused_as_print_json_refuses_it() -> None:
    with pytest.raises(TypeError):
        print_json_list([object()])
