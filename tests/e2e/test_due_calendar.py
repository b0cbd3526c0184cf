"""`due --ics` / `--ics-dir` as a subscribed calendar sees them over time; every file is
checked with vobject, a parser independent of the icalendar package that writes it."""

from __future__ import annotations

import re
from pathlib import Path

import vobject

from tests.village import Village

ID = "somu-drive"


def events(path: Path) -> dict[str, tuple[str, str]]:
    """UID → (start date, description) of every VEVENT, read by vobject."""
    calendar = vobject.readOne(path.read_text("utf-8"), validate=True)
    found: dict[str, tuple[str, str]] = {}
    for event in calendar.contents.get("vevent", []):
        found[event.uid.value] = (event.dtstart.value.isoformat(), event.description.value)
    return found


def test_a_task_done_moves_its_event(village: Village, tmp_path: Path) -> None:
    village.approved(ID, date="2026-04-01")
    target = tmp_path / "due.ics"
    village.ok("due", "--as-of", "2026-05-10", "--ics", str(target))
    before = events(target)
    assert before[f"{ID}/backup@yakkan"][0] == "2026-05-01"
    village.ok(
        "backup-log", ID, "--method", "手動", "--location", "庁内", "--date", "2026-05-12",
        as_="suzuki",
    )  # fmt: skip
    village.ok("due", "--as-of", "2026-06-01", "--ics", str(target))
    after = events(target)
    assert after[f"{ID}/backup@yakkan"][0] == "2026-06-12"  # same UID, new date
    assert set(before) <= set(after)


def test_a_finished_service_leaves_the_calendar(village: Village, tmp_path: Path) -> None:
    village.apply(ID)
    target = tmp_path / "due.ics"
    village.ok("due", "--as-of", "2026-03-21", "--ics", str(target))
    # The double-check waits for the applicant's marks (issue 18.2): one event, the applicant's.
    assert set(events(target)) == {f"{ID}/check/applicant@yakkan"}
    village.ok("withdraw", ID, "--reason", "取りやめ", "--date", "2026-03-22")
    village.ok("due", "--as-of", "2026-03-23", "--ics", str(target))
    assert events(target) == {}


def test_an_empty_calendar_is_valid(village: Village, tmp_path: Path) -> None:
    target = tmp_path / "due.ics"
    village.ok("due", "--as-of", "2026-05-10", "--ics", str(target))
    text = target.read_text("utf-8")
    calendar = vobject.readOne(text, validate=True)
    assert "vevent" not in calendar.contents
    assert "BEGIN:VTIMEZONE" in text  # RFC 5545: at least one component


def test_descriptions_speak_japanese(village: Village, tmp_path: Path) -> None:
    village.apply(ID)
    target = tmp_path / "due.ics"
    village.ok("due", "--as-of", "2026-03-21", "--ics", str(target))
    for _start, description in events(target).values():
        assert not re.search(r"[A-Za-z]{3,}", description), description
        assert "総務課" in description


def test_one_calendar_per_person(village: Village, tmp_path: Path) -> None:
    village.approved(ID, date="2026-04-01")
    folder = tmp_path / "calendars"
    result = village.ok("due", "--as-of", "2026-05-10", "--ics-dir", str(folder))
    assert "5 人分の予定表" in result.stderr
    files = sorted(p.name for p in folder.iterdir())
    assert files == sorted(f"{p}.ics" for p in ("yamada", "sato", "tanaka", "suzuki", "takahashi"))
    assert {uid.split("@")[0] for uid in events(folder / "suzuki.ics")} == {
        f"{ID}/acknowledge",
        f"{ID}/backup",
        f"{ID}/purpose_check",
    }
    assert events(folder / "yamada.ics") == {}
