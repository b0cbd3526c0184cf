"""Villages are built once per test run and copied (tests/village.py): the copy must be the
village the commands would have built, or every test starting from one would be testing
something else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import village as villages
from tests.village import Village, make_village


def _tree(village: Village) -> dict[str, bytes]:
    root = village.path
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def _built(root: Path) -> Village:
    village = make_village(root)
    village.approved("somu-drive")
    village.apply("somu-box", info_class=2)
    return village


def test_a_copied_village_is_the_village_its_commands_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YAKKAN_TEST_REBUILD", "1")
    by_hand = _built(tmp_path / "by-hand")  # command by command, twice, in other folders
    again = _built(tmp_path / "again" / "deeper")
    monkeypatch.delenv("YAKKAN_TEST_REBUILD")
    first = _built(tmp_path / "first")  # built for real (or copied, if a test built it before)
    before = villages.copies[0]
    copied = _built(tmp_path / "copied")
    assert villages.copies[0] == before + 2  # approved() and apply() were copied
    for village in (by_hand, again, first, copied):
        village.env.pop("YAKKAN_TEST_REBUILD", None)
    # Commits name their content, dates and people: the same head is the same history.
    heads = {v.head() for v in (by_hand, again, first, copied)}
    assert len(heads) == 1, heads
    assert _tree(copied) == _tree(by_hand) == _tree(again)
    assert villages._state(copied) == villages._state(by_hand) == villages._state(again)
    assert copied.status() == ""
    # And the commands read them alike (the first audit of each, before its memo).
    audits = {v.ok("audit", "--json").stdout for v in (by_hand, copied)}
    assert len(audits) == 1, audits
    shown = {v.ok("show", "somu-drive").stdout for v in (by_hand, copied)}
    assert len(shown) == 1, shown
    assert "承認" in shown.pop()


def test_a_village_changed_by_hand_is_built_for_real(tmp_path: Path) -> None:
    _built(tmp_path / "template")
    village = make_village(tmp_path / "changed")
    village.edit("yakkan.yaml", "warn_days: 14", "warn_days: 30")
    village.hand_commit("suzuki", "warn a month ahead")
    village.approved("somu-drive")
    assert "warn_days: 30" in (village.path / "yakkan.yaml").read_text("utf-8")
    assert village.subjects()[-2] == "warn a month ahead"
    # Not committed: the step sees (and keeps) the change in the working tree.
    other = make_village(tmp_path / "uncommitted")
    (other.files / "signup.png").write_bytes(b"\x89PNG\r\n\x1a\n another screenshot")
    other.apply("somu-drive")
    stored = other.path / "attachments" / "somu-drive" / "signup.png"
    assert stored.read_bytes() == b"\x89PNG\r\n\x1a\n another screenshot"


def test_a_village_in_another_shape_is_not_copied(tmp_path: Path) -> None:
    village = make_village(tmp_path)
    inside = Village(tmp_path, village.files)  # the files folder lies inside its "repository"
    assert villages._state(inside) is None
