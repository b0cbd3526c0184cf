"""A3: record changes made without an action. Each is what `yakkan` itself would write,
committed by hand without the `Yakkan-Action` trailer (or not by the one who may act)."""

from __future__ import annotations

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import found, found_then_merged
from tests.village import Village

DAY = "2026-07-31"


def strip_action(village: Village, person: str, message: str) -> str:
    """Take the command's commit back and commit the same files by hand, as `person`."""
    village.git("reset", "-q", "--soft", "HEAD~1")
    return village.hand_commit(person, message)


def test_invented_review(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    year.ok("review", "somu-drive", "--note", "変更なし", "--date", DAY, as_="suzuki")
    bad = strip_action(year, "suzuki", "見直しを記録")
    found_then_merged(year, "pr", bad, "A3", "somu-drive")


def test_invented_backup(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    year.ok(
        "backup-log", "somu-drive", "--method", "手動", "--location", "庁内", "--date", DAY,
        as_="suzuki",
    )  # fmt: skip
    bad = strip_action(year, "yamada", "バックアップを記録")
    found_then_merged(year, "pr", bad, "A3", "somu-drive")


def test_invented_purpose_check(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    year.ok("purpose-check", "somu-drive", "--matches", "--date", DAY, as_="suzuki")
    bad = strip_action(year, "suzuki", "目的確認")
    found_then_merged(year, "pr", bad, "A3", "somu-drive")


def test_invented_decision(year: Village) -> None:
    """The administrator settles the pending review himself; only a manager decides."""
    year.git("switch", "-q", "-c", "pr")
    year.ok(
        "review", "somu-drive", "--terms-changed", "--note", "約款改定", "--date", "2026-07-01",
        as_="suzuki",
    )  # fmt: skip
    year.ok("review", "somu-drive", "--decision", "continue", "--date", DAY, as_="sato")
    bad = strip_action(year, "suzuki", "継続と決定")
    found_then_merged(year, "pr", bad, "A3", "somu-drive")


def test_invented_acknowledgement(year: Village) -> None:
    """A state change with no action: D4 has always found it, A3 names it too."""
    year.ok("approve", "somu-box", "--date", "2026-07-01", as_="sato")
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    year.ok("acknowledge", "somu-box", "--date", DAY, as_="suzuki")
    bad = strip_action(year, "yamada", "リスク説明を確認")
    found(year, base, bad, ("A3", "D4"), "somu-box")


def test_closure_moved_back_then_an_honest_dispose(year: Village) -> None:
    """closure.on moved back three years; the dispose after it is made by `yakkan` itself."""
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    year.edit(RECORD.format("somu-form"), "'on': '2026-04-05'", "'on': '2023-04-05'")
    bad = year.hand_commit("yamada", "取下げ日を訂正")
    year.ok("dispose", "somu-form", "--date", DAY, as_="sato")
    found(year, base, bad, "A3", "somu-form")


def test_approved_termination_rewritten(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    base = year.head()
    year.edit(RECORD.format("somu-old"), "end_on: '2026-05-31'", "end_on: '2023-05-31'")
    bad = year.hand_commit("sato", "終了日を訂正")
    found(year, base, bad, "A3", "somu-old")
