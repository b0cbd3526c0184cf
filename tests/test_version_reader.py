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
from yakkan_cli.model import Record
from yakkan_cli.store.yaml import VersionReader, load_yaml, parse_model

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


@pytest.mark.parametrize(
    "tail",
    [
        "- on: '2020-05-01'\n  by: suzuki\n",
        "- a\n- b\n",
        "- 'open\n- close'\n",
        "- a\nnotes: twice\n",
        "- a\n  - nested\n",
        "-x\n",
        "- a\n\tb: tab\n",
        "- &a 1\n- *a\n",
        "- {a: 1,\n- b}\n",
    ],
)
def test_items_added_at_the_end_read_as_the_whole_text(tail: str) -> None:
    """A text that is the last one with items added at its end is read from the new items
    alone, and only when that is what reading the whole text gives."""
    for last in (RECORD, RECORD.replace("notes:\n", "notes: []\n"), RECORD + "- a\n"):
        reader = VersionReader()
        _same(reader, last)
        _same(reader, last + tail)
        _same(reader, last + tail + tail)
        _same(reader, last.removesuffix("\n") + tail)


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


APPROVED = """\
schema_version: 1
id: svc-00003
department: somu
state: approved
service:
  provider: 事業者 3
  name: サービス 3
  description: 会議資料の共有
  category: file_storage
application:
  applicant: yamada
  applied_on: '2020-01-01'
  purpose: 会議資料の事前共有
  period:
    start: '2020-01-01'
  administrator: suzuki
  department_head: tanaka
  information:
  - name: 会議資料
    class: 3
    personal: false
  users:
  - 総務課 職員
  users_count: 12
  alternative: 庁内ファイルサーバ
  attachments:
  - kind: signup
    path: attachments/svc-00003/signup.png
    sha256: 7cd74bc9e010916f828d285e1b5e1d85826562379f246be5a4d5d6c58c9c99c9
checks:
- item: 2
  applicant: ok
- item: 1
  applicant: ok
approval:
  approved_by: sato
  approved_on: '2020-01-04'
  procedure_version: '1.0'
backups:
- 'on': '2020-02-01'
  by: suzuki
  method: エクスポート
  location: 庁内サーバ
"""
BACKUP = "- 'on': '2020-0{m}-01'\n  by: suzuki\n  method: エクスポート\n  location: 庁内サーバ\n"


def _model_outcome(read: Any, text: str) -> tuple[str, Any]:
    try:
        return "ok", read(text).model_dump()
    except YakkanError as err:
        return "error", (err.message, err.details)


def _same_model(reader: VersionReader, text: str) -> None:
    expected = _model_outcome(lambda x: parse_model(Record, x, "r.yaml"), text)
    got = _model_outcome(lambda x: reader.parse_model(Record, x, "r.yaml"), text)
    assert got == expected, text


def test_a_record_read_in_turn_validates_only_its_new_pieces_and_as_a_fresh_read() -> None:
    reader = VersionReader()
    first = reader.parse_model(Record, APPROVED, "r.yaml")
    grown = APPROVED + BACKUP.format(m=3)
    second = reader.parse_model(Record, grown, "r.yaml")
    # The unchanged sections and entries are the models validated before, not new ones …
    assert second.backups[0] is first.backups[0] and second.service is first.service
    assert second.backups[1] is not first.backups[0]
    # … the checks, which the record sorts by item, are validated again each time …
    assert [c.item for c in second.checks] == [1, 2] and second.checks[0] is not first.checks[0]
    # … and each version reads as a fresh read of its text would: the same record, or the
    # same errors where the text now breaks a rule (a sub-model or the record's own).
    for text in (
        grown,
        grown + BACKUP.format(m=4),
        grown.replace("'on': '2020-03-01'", "'on': '2020-13-01'"),
        grown + BACKUP.format(m=4).replace("by: suzuki", "by: Suzuki San"),
        grown.replace("attachments/svc-00003/signup.png", "attachments/other/signup.png"),
        APPROVED.replace("- item: 1", "- item: 2"),
        APPROVED,
        grown + BACKUP.format(m=4),
    ):
        _same_model(reader, text)


def test_random_edits_of_a_valid_record_validate_as_fresh_reads() -> None:
    rng = random.Random(20261207)
    reader = VersionReader()
    lines = (APPROVED + BACKUP.format(m=3) + BACKUP.format(m=4)).split("\n")
    spare = [*lines, "- 'on': '2020-13-01'", "  by: 1", "- {}", "closure:", "  on: '2021-01-01'"]
    for _ in range(400):
        edited = list(lines)
        for _ in range(rng.randint(1, 2)):
            where = rng.randrange(len(edited) + 1)
            choice = rng.random()
            if choice < 0.4:
                edited.insert(where, rng.choice(spare))
            elif where < len(edited):
                del edited[where]
        _same_model(reader, "\n".join(edited))
        _same_model(reader, "\n".join(lines))
