"""S5.2: a check item's notes belong to their column (issue 18, point 1).

Each forgery is what a person could do by hand with plain git: the responsible manager
rewrites the applicant's note (or the applicant the manager's) in a commit that says it is
their own `check`, a note is moved from one column to the other, the shared note of older
records is written on a record that keeps its notes by column. `verify` on the pull request
and `audit` after the merge name the commit, the rule and the very field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import audit_finds, verify_finds
from tests.village import Village, copy_village

ID = "somu-box"  # applied, both columns marked, waiting for the approval
APPLICANT_NOTE = "約款第12条で確認"
MANAGER_NOTE = "事業者に電話で確認"
DAY = "2026-07-30"


def _with_notes(year: Village) -> str:
    """Both people write their own note on item 5, honestly; returns the commit after."""
    year.ok("check", ID, "--mark", f"5=ok:{APPLICANT_NOTE}", "--date", DAY)
    year.ok("check", ID, "--mark", f"5=ok:{MANAGER_NOTE}", "--date", DAY, as_="sato")
    assert year.yakkan("audit").code == 0
    return year.head()


@pytest.fixture(scope="module")
def noted(year_template: Village, tmp_path_factory: pytest.TempPathFactory) -> tuple[Village, str]:
    """The year with both notes written (`_with_notes`, its audit clean), built once for
    the module; each forgery spoils a copy of it."""
    village = copy_village(year_template, tmp_path_factory.mktemp("noted"))
    return village, _with_notes(village)


@pytest.fixture
def noted_year(noted: tuple[Village, str], tmp_path: Path) -> tuple[Village, str]:
    """A fresh copy of the noted year, on main, clean; and the commit after the notes."""
    village = copy_village(noted[0], tmp_path / "copy")
    assert village.status() == "" and village.head() == noted[1]
    return village, noted[1]


def _found(year: Village, base: str, bad: str, *rules: str) -> dict[str, str]:
    """What `found_then_merged` asks: on the pull request `verify main..HEAD` names the
    forgery; merged into main with a merge commit, `audit` still names it. Returns the
    messages `verify` gave, by rule: BASE is main's tip, so that one `verify` run answers
    for the finding and for the very field its message names."""
    assert year.git("rev-parse", "main").strip() == base
    named = verify_finds(year, base, bad, rules, ID)
    year.merge("pr")
    audit_finds(year, bad, rules, ID)
    assert year.status() == ""
    messages: dict[str, str] = {}
    for finding in named:
        messages[finding["rule"]] = f"{messages.get(finding['rule'], '')} {finding['message']}"
    return messages


def test_the_manager_rewrites_the_applicants_note(noted_year: tuple[Village, str]) -> None:
    year, base = noted_year
    year.git("switch", "-q", "-c", "pr")
    year.edit(RECORD.format(ID), f"applicant_note: {APPLICANT_NOTE}", "applicant_note: 確認不要")
    bad = year.hand_commit("sato", f"check({ID}): 備考を直した", trailers=f"check {ID} sato")
    assert "checks[5].applicant_note" in _found(year, base, bad, "S5.2")["S5.2"]


def test_the_applicant_rewrites_the_managers_note(noted_year: tuple[Village, str]) -> None:
    year, base = noted_year
    year.git("switch", "-q", "-c", "pr")
    year.edit(RECORD.format(ID), f"responsible_note: {MANAGER_NOTE}", "responsible_note: 問題なし")
    bad = year.hand_commit("yamada", f"check({ID}): 備考を直した", trailers=f"check {ID} yamada")
    assert "checks[5].responsible_note" in _found(year, base, bad, "S5.2")["S5.2"]


def test_the_manager_writes_both_columns_in_one_check(noted_year: tuple[Village, str]) -> None:
    """A note is part of its column: one check writes one person's column (A3)."""
    year, base = noted_year
    year.git("switch", "-q", "-c", "pr")
    year.ok("check", ID, "--mark", "1=ng:通信が暗号化されていない", "--date", DAY, as_="sato")
    year.git("reset", "-q", "--soft", "HEAD~1")
    year.edit(RECORD.format(ID), f"applicant_note: {APPLICANT_NOTE}", "applicant_note: 確認不要")
    bad = year.hand_commit("sato", f"check({ID}): 責任者欄を記入", trailers=f"check {ID} sato")
    assert "両方" in _found(year, base, bad, "S5.2", "A3")["A3"]


def test_a_note_moved_by_hand_is_named(noted_year: tuple[Village, str]) -> None:
    """The manager takes the applicant's words for their own: the move is named."""
    year, base = noted_year
    year.git("switch", "-q", "-c", "pr")
    year.edit(RECORD.format(ID), f"  applicant_note: {APPLICANT_NOTE}\n", "")
    year.edit(RECORD.format(ID), MANAGER_NOTE, APPLICANT_NOTE)
    bad = year.hand_commit("sato", "備考を整理")
    moved = _found(year, base, bad, "S5.2")["S5.2"]
    assert "checks[5].applicant_note → checks[5].responsible_note" in moved


def test_check_writes_the_shared_note_on_a_record_with_notes_by_column(
    noted_year: tuple[Village, str],
) -> None:
    """The shared `note` of older records claims no author: yakkan no longer writes it."""
    year, base = noted_year
    year.git("switch", "-q", "-c", "pr")
    year.edit(
        RECORD.format(ID),
        f"  responsible_note: {MANAGER_NOTE}\n",
        f"  responsible_note: {MANAGER_NOTE}\n  note: 誰が書いたか分からない備考\n",
    )
    bad = year.hand_commit("yamada", f"check({ID}): 備考", trailers=f"check {ID} yamada")
    assert "checks[5].note" in _found(year, base, bad, "A3")["A3"]
