"""The audit memo's files read back exactly what was written, and nothing when damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from yakkan_cli.actions.audit.memo import (
    CLEAN_FILE,
    TIP_FILE,
    Counted,
    Memo,
    OpenCommit,
    OpenUnit,
    Tip,
    commit_key,
    context_key,
    in_force_key,
)

SHA = "a" * 40
BLOB = "b" * 40


def _tip(context: str = "c" * 32) -> Tip:
    unit = OpenUnit(
        SHA,
        3,
        BLOB,
        (("yakkan.yaml", BLOB),),
        (OpenCommit(SHA, ("d" * 40,), "2026-04-01T10:00:00+09:00"),),
        "2026-04-01T10:00:00+09:00",
    )
    at = "2026-04-01T12:00:00+09:00"
    return Tip(context, SHA, 7, BLOB, (("yakkan.yaml", BLOB),), 12, 30, "2026-04-01", at, (unit,))


def test_keys_tell_every_part_apart() -> None:
    context = context_key("git version 2.39.5", None)
    forced = in_force_key(BLOB, [("yakkan.yaml", BLOB)])
    key = commit_key(context, SHA, SHA, forced)
    assert key != commit_key(context, SHA, "e" * 40, forced)  # another unit
    assert key != commit_key(context, SHA, SHA, in_force_key(None, [("yakkan.yaml", BLOB)]))
    assert key != commit_key(context_key("git version 2.40.0", None), SHA, SHA, forced)
    assert key != commit_key(context_key("git version 2.39.5", BLOB), SHA, SHA, forced)
    assert forced != in_force_key(BLOB, [("yakkan.yaml", BLOB), (".yakkan/allowed_signers", BLOB)])


def test_what_is_written_is_read_back(tmp_path: Path) -> None:
    memo = Memo(tmp_path / "audit")
    tip = _tip()
    memo.remember(tip, {"1" * 32: Counted(1, 2)}, keep={})
    memo.remember(tip, {"2" * 32: Counted(0, 0)})  # appended
    assert memo.tip(tip.context) == tip
    assert memo.tip("other context") is None
    assert memo.clean() == {"1" * 32: Counted(1, 2), "2" * 32: Counted(0, 0)}


@pytest.mark.parametrize(
    "spoil",
    [
        lambda text: text.replace(" 1 2 ", " 1 3 "),  # a count changed
        lambda text: "1" + text[1:].replace("1", "7", 1),  # a key changed
        lambda text: text[:-1],  # cut short
        lambda text: text + "garbage\n",
    ],
)
def test_a_damaged_clean_file_counts_as_absent(tmp_path: Path, spoil: object) -> None:
    memo = Memo(tmp_path / "audit")
    memo.remember(_tip(), {"1" * 32: Counted(1, 2), "3" * 32: Counted(1, 1)}, keep={})
    path = tmp_path / "audit" / CLEAN_FILE
    assert callable(spoil)
    path.write_text(spoil(path.read_text("ascii")), "ascii")
    assert memo.clean() == {}


def test_a_damaged_tip_counts_as_absent(tmp_path: Path) -> None:
    memo = Memo(tmp_path / "audit")
    tip = _tip()
    memo.remember(tip, {}, keep={})
    path = tmp_path / "audit" / TIP_FILE
    path.write_text(path.read_text("utf-8").replace('"index": 7', '"index": 8'), "utf-8")
    assert memo.tip(tip.context) is None
    path.write_text("{", "utf-8")
    assert memo.tip(tip.context) is None


def test_nowhere_to_write_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "audit").write_text("a file where the folder would be", "utf-8")
    memo = Memo(tmp_path / "audit")
    memo.remember(_tip(), {"1" * 32: Counted(1, 2)}, keep={})
    assert not memo.written
    assert memo.tip(_tip().context) is None and memo.clean() == {}
