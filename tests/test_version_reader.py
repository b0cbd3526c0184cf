"""`VersionReader` reads exactly what `load_yaml` reads, piece by piece or whole.

It is only a faster way to read successive versions of a file: for every text, the data
(or the error message) must be `load_yaml`'s, whatever version was read before it.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from yakkan_cli.errors import YakkanError
from yakkan_cli.store.yaml import VersionReader, load_yaml

SUITE = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "yaml-test-suite"

RECORD = """\
# a comment before the first key
schema_version: 1
id: somu-drive
state: approved
service:
  name: 'ドライブ'
  description: |
    会議資料の共有
    二行目
checks:
- item: 1
  applicant: ok
- item: 2

  responsible: "ok"
approval:
  approved_by: sato
  approved_on: '2020-02-01'
backups:
- on: '2020-03-01'
  by: suzuki
- {on: '2020-04-01', by: suzuki}
notes:
"""

# Lines that stress where a text may be cut: column-0 lines inside quoted, block and flow
# scalars, duplicate keys, tags, documents markers, keys with values before items …
TRICKY = [
    "- x",
    "-x",
    "- ",
    "-",
    "state: active",
    "id: again",
    "a: 'open",
    'b: "open',
    "close'",
    'close"',
    "c: [1,",
    "2]",
    "d: |",
    "e: >-",
    "  indented",
    "# comment",
    "",
    "---",
    "...",
    "%YAML 1.1",
    "? complex",
    ": value",
    "f: !!str 3",
    "g: !tag x",
    "h: &a 1",
    "i: *a",
    "\tj: tab",
    "k:",
    "l: {a: 1,",
    "  b: 2}",
    "plain",
    "  - nested",
    "m: x # c",
    "\ufeffn: bom",
    "o: a\rp: b",
]


def _outcome(read: Any, text: str) -> tuple[str, Any]:
    try:
        return "ok", read(text)
    except YakkanError as err:
        return "error", (err.message, err.details)


def _same(reader: VersionReader, text: str) -> None:
    expected = _outcome(lambda x: load_yaml(x, "r.yaml"), text)
    got = _outcome(lambda x: reader.load(x, "r.yaml"), text)
    assert got == expected, text


def test_record_versions() -> None:
    reader = VersionReader()
    for _ in range(2):  # first whole, then from the pieces kept
        _same(reader, RECORD)
    _same(reader, RECORD.replace("state: approved", "state: active"))
    _same(reader, RECORD + "- on: '2020-05-01'\n  by: suzuki\n")
    _same(reader, RECORD.replace("id: somu-drive", "id: somu-drive\nid: twice"))


def test_random_edits_of_a_record() -> None:
    rng = random.Random(20261126)
    reader = VersionReader()
    lines = RECORD.split("\n")
    previous = RECORD
    for _ in range(3000):
        edited = list(lines)
        for _ in range(rng.randint(1, 3)):
            where = rng.randrange(len(edited) + 1)
            choice = rng.random()
            if choice < 0.4:
                edited.insert(where, rng.choice(TRICKY))
            elif choice < 0.7 and where < len(edited):
                del edited[where]
            elif where < len(edited):
                edited.insert(where, edited[where])
        text = "\n".join(edited)
        _same(reader, previous)  # the pieces of the version before are kept …
        _same(reader, text)  # … and reused where the text did not change
        previous = text if rng.random() < 0.5 else RECORD


def _cases() -> list[Path]:
    return sorted(SUITE.rglob("in.yaml")) if SUITE.is_dir() else []


@pytest.mark.skipif(not SUITE.is_dir(), reason="the YAML test suite is not beside this checkout")
def test_yaml_suite_read_in_turn() -> None:
    reader = VersionReader()
    texts = [case.read_bytes().decode("utf-8", "replace") for case in _cases()]
    for text in texts + texts[::-1]:  # each read after another under the same name
        _same(reader, text)
        _same(reader, RECORD + text)
