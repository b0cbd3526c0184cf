"""A7: with signed actions, every action of a responsible manager is a signature checked
against `.yakkan/allowed_signers` as in force for its commit (`signed_approvals: true`
keeps working and turns this on)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import (
    any_rule,
    audit_finds,
    found,
    found_then_merged,
    verify_finds,
)
from tests.village import Village, keygen, public_key

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
SIGNATURE = ("A7", "S5.3")
APPROVAL = (
    "approval:\n  approved_by: sato\n  approved_on: '2026-08-01'\n  procedure_version: '1.0'\n"
)
DAY = "2026-08-01"


@pytest.fixture
def signed(year: Village, tmp_path: Path) -> tuple[Village, Path]:
    """The year with signed approvals on, sato's key allowed; returns a stray key too."""
    sato, stray = keygen(tmp_path / "keys", "sato"), keygen(tmp_path / "keys", "stray")
    year.edit("yakkan.yaml", "policy:\n", "policy:\n  signed_approvals: true\n")
    (year.path / ".yakkan").mkdir()
    (year.path / ".yakkan/allowed_signers").write_text(
        f"sato@example.jp {public_key(sato)}\n", "utf-8"
    )
    year.git("config", "gpg.format", "ssh")
    year.git("config", "user.signingkey", str(sato))
    year.hand_commit("sato", "署名付きの操作にする")
    return year, stray


def test_forged_responsible_marks(signed: tuple[Village, Path]) -> None:
    year, _ = signed
    year.git("switch", "-q", "-c", "pr")
    year.apply("somu-new", date=DAY)
    year.mark_all("somu-new", "applicant", "yamada", DAY)
    year.edit(
        RECORD.format("somu-new"), "  applicant: ok\n", "  applicant: ok\n  responsible: ok\n"
    )
    bad = year.hand_commit("sato", "責任者欄", trailers="check somu-new sato")  # sato's address
    found_then_merged(year, "pr", bad, SIGNATURE, "somu-new")


def test_forged_resume_of_a_service_stopped_for_overseas_data(
    signed: tuple[Village, Path],
) -> None:
    year, _ = signed
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    year.ok("review", "somu-drive", "--overseas", "--note", "海外", "--date", DAY, as_="suzuki")
    drive = RECORD.format("somu-drive")
    year.edit(drive, "state: suspended", "state: active")
    year.edit(
        drive,
        "  overseas: true\n",
        f"  overseas: true\n  decision: continue\n  decided_by: sato\n  decided_on: '{DAY}'\n",
    )
    year.append(drive, f"  resumed_on: '{DAY}'\n  resumed_by: sato\n  resume_note: 確認済み\n")
    bad = year.hand_commit("sato", "再開", trailers="resume somu-drive sato")
    found(year, base, bad, SIGNATURE, "somu-drive")


def test_a_merged_key_addition_does_not_vouch_for_the_past(signed: tuple[Village, Path]) -> None:
    year, stray = signed
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    box = RECORD.format("somu-box")
    year.edit(box, "state: applied", "state: approved")
    year.append(box, APPROVAL)
    year.git("add", "-A")
    message = "approve(somu-box): 承認\n\nYakkan-Action: approve\nYakkan-Service: somu-box\n"
    year.git(
        "-c", f"user.signingkey={stray}", "commit", "-q", "-S", "-m",
        message + "Yakkan-Actor: sato\n", as_="sato",
    )  # fmt: skip
    bad = year.head()
    verify_finds(year, base, bad, SIGNATURE, "somu-box")
    year.merge("pr")
    # Later, a pull request of its own registers the stray key as sato's.
    year.git("switch", "-q", "-c", "keys")
    signers = year.path / ".yakkan/allowed_signers"
    signers.write_text(signers.read_text("utf-8") + f"sato@example.jp {public_key(stray)}\n")
    year.hand_commit("sato", "佐藤の予備の鍵を登録")
    year.merge("keys")
    audit_finds(year, bad, SIGNATURE, "somu-box")


def test_signatures_turned_off_in_the_pull_request(signed: tuple[Village, Path]) -> None:
    year, _ = signed
    year.git("switch", "-q", "-c", "pr")
    year.edit("yakkan.yaml", "  signed_approvals: true\n", "")
    year.hand_commit("sato", "署名を不要にする")
    year.git("config", "--unset", "user.signingkey")
    year.ok("approve", "somu-box", "--date", DAY, as_="sato")
    bad = year.head()
    any_rule(year, ("verify", "main..HEAD"), "A1")
    found_then_merged(year, "pr", bad, SIGNATURE, "somu-box")
