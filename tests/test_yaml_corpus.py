"""The strict YAML adapter against the official YAML test suite (`shared/corpora`).

Every input either loads or is refused with `source:line:column: 説明`; nothing else
escapes. Inputs the suite calls errors are refused, except for a few that libyaml itself
accepts (listed below, with what they read as). Accepted inputs read as the suite says
and survive a dump and reload unchanged.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import StrictInt

from yakkan_cli.errors import YakkanError
from yakkan_cli.model.base import Schema
from yakkan_cli.store.yaml import YamlProblem, dump_yaml, load_yaml, parse_model

SUITE = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "yaml-test-suite"

if not SUITE.is_dir():
    pytest.skip(
        f"the YAML test suite is not beside this checkout (looked for {SUITE})",
        allow_module_level=True,
    )

_CASE = re.compile(r"[0-9A-Z]{4}")


def _cases() -> list[Path]:
    found = [
        path.parent
        for path in SUITE.rglob("in.yaml")
        if _CASE.fullmatch(path.relative_to(SUITE).parts[0])
    ]
    return sorted(found)


CASES = _cases()
IDS = [case.relative_to(SUITE).as_posix() for case in CASES]

# Inputs the suite marks as errors that libyaml reads anyway. The data they give is what a
# reader would expect, so they are let through rather than caught by a slower second check.
LIBYAML_LENIENT: dict[str, Any] = {
    "9C9N": {"flow": ["a", "b", "c"]},  # flow sequence indented less than its key
    "QB6E": {"quoted": "a b c"},  # quoted scalar continued less indented than its key
    "DK95/01": {"foo": "bar baz"},  # tab as indentation of a quoted continuation line
    "S98Z": {"empty block scalar": ""},  # leading blank lines more indented than content
    "SU5Z": {"key": "value"},  # comment without a space after a quoted scalar
    "X4QW": {"block": "scalar\n"},  # comment without a space after `>`
}

# Valid inputs that libyaml reads differently from the suite's in.json.
LIBYAML_DIFFERENT: dict[str, Any] = {
    "652Z": {"foo": "bar", "bar": 42},  # suite: key "?foo"
    "L24T/01": {"foo": "x\n "},  # suite: "x\n \n"
}


def _source(case: Path) -> str:
    return f"{case.relative_to(SUITE).as_posix()}/in.yaml"


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_float(item) for item in value)
    return False


def _expected_json(case: Path) -> Any:
    """The suite's data for a one-document case, or None when it cannot be compared."""
    path = case / "in.json"
    if not path.exists():
        return None
    try:
        expected = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:  # several documents: we refuse those anyway
        return None
    if not isinstance(expected, dict) or _has_float(expected):
        return None  # we read 1.5 as the string "1.5" on purpose
    return expected


def test_the_suite_is_there() -> None:
    assert len(CASES) > 300
    assert {"2G84/00", "229Q"} <= set(IDS)
    assert set(LIBYAML_LENIENT) | set(LIBYAML_DIFFERENT) <= set(IDS)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_loads_or_is_refused_with_a_place(case: Path) -> None:
    name = case.relative_to(SUITE).as_posix()
    source = _source(case)
    raw = (case / "in.yaml").read_bytes()
    try:
        data = load_yaml(raw, source)
    except YamlProblem as problem:
        assert re.match(rf"{re.escape(source)}:\d+:\d+: \S", problem.message), problem.message
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.source == source
        assert name not in LIBYAML_LENIENT, "libyaml got stricter: shorten LIBYAML_LENIENT"
        return

    assert isinstance(data, dict)
    if (case / "error").exists():
        assert name in LIBYAML_LENIENT, f"an invalid input was accepted: {data!r}"
        assert data == LIBYAML_LENIENT[name]
    expected = _expected_json(case)
    if name in LIBYAML_LENIENT:
        pass  # an error case: its in.json, if any, says nothing about our reading
    elif name in LIBYAML_DIFFERENT:
        assert data == LIBYAML_DIFFERENT[name]
    elif expected is not None:
        assert data == expected

    dumped = dump_yaml(data)
    assert load_yaml(dumped, "dumped.yaml") == data
    assert dump_yaml(load_yaml(dumped, "dumped.yaml")) == dumped


class Probe(Schema):
    yakkan_probe: StrictInt


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_as_a_model_is_a_user_error(case: Path) -> None:
    source = _source(case)
    with pytest.raises(YakkanError) as caught:
        parse_model(Probe, (case / "in.yaml").read_bytes(), source)
    assert caught.value.message.startswith(source) or caught.value.message == (
        f"{source} の内容に誤りがあります"
    )
    for line in caught.value.details:
        assert re.match(rf"{re.escape(source)}:\d+:\d+: ", line), line
