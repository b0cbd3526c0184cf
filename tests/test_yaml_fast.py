"""The fast reader (`store/yaml/fast.py`) against the careful one (`store/yaml/nodes.py`).

The careful reader is the loader as it was before the fast one: libyaml's node tree and a
straightforward walk. For every text, the fast reader must give exactly the careful
reader's data (same types, same key order), or decline; and it may only decline what the
careful reader refuses, or nests deeper than `MAX_DEPTH`. `load_yaml`, which tries the fast
reader first, must then give the careful reader's data or its very error message.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from tests.factories import record, termination
from tests.test_version_reader import RECORD, TRICKY
from yakkan_cli.errors import YakkanError
from yakkan_cli.store.repo import dump_record
from yakkan_cli.store.yaml import YamlProblem, load_yaml
from yakkan_cli.store.yaml.errors import decode
from yakkan_cli.store.yaml.fast import MAX_DEPTH, read_fast, read_fast_any
from yakkan_cli.store.yaml.nodes import build, compose, read_nodes

SUITE = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "yaml-test-suite"
SOURCE = "r.yaml"


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (`True == 1` and `1 == 1.0` in Python),
    with mapping keys in the same order (the dump keeps it)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _careful(text: str) -> tuple[str, Any]:
    try:
        return "ok", read_nodes(text, SOURCE)
    except YakkanError as err:
        return "error", err.message


def _agree(raw: str | bytes) -> str:
    """Checks one text; says which reader decided it ("fast", "careful" or "refused")."""
    try:
        text = decode(raw, SOURCE)
    except YamlProblem:
        return "refused"  # size and encoding are checked before either reader runs
    fast = read_fast(text)
    kind, careful = _careful(text)
    if fast is not None:
        assert kind == "ok", f"the fast reader accepted what the careful one refuses: {careful}"
        assert _same(fast, careful), (fast, careful)
    elif kind == "ok":
        assert _depth(careful) > MAX_DEPTH, f"declined for no reason: {careful!r}"
    try:
        loaded: tuple[str, Any] = ("ok", load_yaml(raw, SOURCE))
    except YakkanError as err:
        loaded = ("error", err.message)
    assert loaded[0] == kind
    assert _same(loaded[1], careful) if kind == "ok" else loaded[1] == careful
    if fast is not None:
        return "fast"
    return "careful" if kind == "ok" else "refused"


def _agree_any(text: str) -> bool:
    """`read_fast_any`, used for the pieces `VersionReader` reads, against a composed and
    walked tree of any top level; says whether the fast reader read it."""
    fast = read_fast_any(text)
    if fast is None:
        return False
    assert _same(fast, build(compose(text), SOURCE))
    return True


def test_same_type_comparison_can_fail() -> None:
    assert not _same({"a": True}, {"a": 1})
    assert not _same({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not _same(["1"], [1])


@pytest.mark.skipif(not SUITE.is_dir(), reason="the YAML test suite is not beside this checkout")
def test_the_yaml_test_suite() -> None:
    cases = sorted(SUITE.rglob("in.yaml"))
    decided = [_agree(case.read_bytes()) for case in cases]
    lists = [_agree_any(case.read_bytes().decode("utf-8", "replace")) for case in cases]
    assert lists.count(True) > decided.count("fast")  # top-level lists are read too
    # Both outcomes are exercised: the suite holds readable mappings and refused inputs.
    assert decided.count("fast") > 50
    assert decided.count("refused") > 100
    assert "careful" not in decided


def test_records_as_yakkan_writes_them_are_read_fast() -> None:
    texts = [
        dump_record(record()),
        dump_record(record(state="terminating", termination=termination())),
        RECORD,
    ]
    for text in texts:
        assert _agree(text) == "fast"


@pytest.mark.parametrize(
    "text",
    [
        "a: ! 12\nb: ! true\nc: !!str 12\nd: '12'\ne: -0\nf: +12\ng: 0012\nh: 1.5\n",
        "a: null\nb: ~\nc:\nd: ''\ne: Null\nf: yes\ng: 0x1f\nh: 1_000\n",
        "!!str k: v\n! k2: v\n'3': three\n3x: x\n",
        "!!map {a: !!seq [1, !!str 2]}\n",
        "a: !!int 1\n",
        "a: !!map {}\n",
        "a: !!seq []\n",
        "a: !custom x\n",
        "!!int 1: x\n",
        "a: &x 1\nb: *x\n",
        "a: *x\n",
        "&x a: 1\n",
        "a: b\na: c\n",
        "? [a]\n: b\n",
        "? {a: 1}\n: b\n",
        "a: 1\n---\nb: 2\n",
        "--- \na: 1\n...\n",
        "%TAG ! tag:yaml.org,2002:\n---\na: !str 5\n",
        "",
        "# nothing\n",
        "- a\n- b\n",
        "just text\n",
        "a: 1234567890123456789\n",
        "a: 123456789012345678\nb: -123456789012345678\n",
        "a: [1, {b: [2, {c: 3}]}]\n",
        "a: |\n  two\n  lines\nb: >-\n  folded\n  text\n",
        "a: 'R&D'\nb: \"*\"\nc: x&y\n",
        "a: b: c\n",
        "a:\n\t- tab\n",
        "{a: 1, a: 2}\n",
        "a: {b: 1, b: 2}\n",
        "\ufeffa: bom\n",
        "a: 1\r\nb: 2\r\n",
    ],
)
def test_cases_that_test_each_rule(text: str) -> None:
    _agree(text)


def test_nesting_deeper_than_the_fast_reader_goes_is_read_carefully() -> None:
    deep = "a: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n"
    assert _agree(deep) == "careful"
    shallow = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert _agree(shallow) == "fast"
    very_deep = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    assert _agree(very_deep) == "refused"


def test_random_edits_of_records() -> None:
    rng = random.Random(20261128)
    bases = [RECORD, dump_record(record()), dump_record(record(termination=termination()))]
    decided: set[str] = set()
    for _ in range(1500):
        lines = rng.choice(bases).split("\n")
        for _ in range(rng.randint(1, 3)):
            where = rng.randrange(len(lines) + 1)
            choice = rng.random()
            if choice < 0.4:
                lines.insert(where, rng.choice(TRICKY))
            elif choice < 0.6 and where < len(lines):
                del lines[where]
            elif choice < 0.8 and where < len(lines):
                lines.insert(where, lines[where])
            elif where < len(lines) and lines[where]:
                # a character of YAML's syntax somewhere inside a line
                at = rng.randrange(len(lines[where]) + 1)
                mark = rng.choice("&*!:-?|>'\"{}[],#%@` \t")
                lines[where] = lines[where][:at] + mark + lines[where][at:]
        text = "\n".join(lines)
        decided.add(_agree(text))
        for piece in (text, "- " + text.replace("\n", "\n  ")):
            _agree_any(piece)
    assert decided == {"fast", "refused"}
