"""A4: records are keyed by path. A same-id twin in another department's folder must not
hide the removal of an active record; a move between folders is a finding."""

from __future__ import annotations

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import found
from tests.village import Village


def test_twin_hides_the_removal_of_an_active_record(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    (year.path / "records/kikaku").mkdir()
    twin = year.path / "records/kikaku/somu-drive.yaml"
    twin.write_text(year.record_text("somu-drive"), "utf-8")
    copied = year.hand_commit("takahashi", "企画課にも控えを置く")
    year.git("rm", "-q", RECORD.format("somu-drive"))
    removed = year.hand_commit("sato", "重複を整理")
    found(year, base, copied, "A4", "somu-drive")
    found(year, base, removed, ("S5.4", "A4"), "somu-drive")


def test_record_moved_to_another_department(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    (year.path / "records/kikaku").mkdir()
    year.git("mv", RECORD.format("somu-drive"), "records/kikaku/somu-drive.yaml")
    year.edit("records/kikaku/somu-drive.yaml", "department: somu", "department: kikaku")
    moved = year.hand_commit("takahashi", "企画課へ移管")
    found(year, base, moved, "A4", "somu-drive")
