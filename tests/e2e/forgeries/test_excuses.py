"""A9 (issue 19.1): no excuse covers a violation. A commit that looks like a squash, or like
a rebase that lost a signature, gets its A9 note, which the village may accept once it has
reviewed it; it is judged besides as the sequence its trailers and diff show, by every
rule, and accepting the note never accepts what is inside. An unsigned manager action is
a finding whatever the commit message says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import NotFound, found, report
from tests.village import Village, keygen, public_key

DAY = "2026-08-01"
BOX = RECORD.format("somu-box")
ACCEPTED = """\
accepted:
  - commit: {commit}
    rule: A9
    record: {record}
    reason: レビュー済みのプルリクエストを誤ってスカッシュでマージした
    by: sato
    'on': '2026-08-02'
"""


def folded(*steps: tuple[str, str, str]) -> str:
    """A squash merge's message: each folded commit's message with its trailers."""
    parts = [f"{a}({s}): …\n\nYakkan-Action: {a}\nYakkan-Service: {s}\nYakkan-Actor: {p}\n"
             for a, s, p in steps]  # fmt: skip
    return "プルリクエスト (#7)\n\n" + "\n".join(parts)


def accept(village: Village, commit: str, record: str) -> None:
    """The village accepts the A9 note in a pull request of its own."""
    village.git("switch", "-q", "-c", "accept", "main")
    (village.path / ".yakkan").mkdir(exist_ok=True)
    (village.path / ".yakkan/accepted-findings.yaml").write_text(
        ACCEPTED.format(commit=commit, record=record), "utf-8"
    )
    village.hand_commit("sato", "スカッシュされたマージを受け入れる")
    village.merge("accept")


def still_found(village: Village, commit: str, rule: str, record: str) -> None:
    """After the A9 note is accepted, `audit` still fails on what the squash hid."""
    data = report(village, "audit")
    assert any(f["commit"] == commit and f["rule"] == "A9" for f in data["accepted"]), data
    hits = [f for f in data["findings"] if f["commit"] == commit and f["rule"] == rule]
    if data["ok"] or not [f for f in hits if record in (f["service"], f["path"])]:
        raise NotFound(f"accepting A9 hid {rule} on {record}: {data['findings']}")


def test_a_squash_folding_an_approval_by_the_applicant(year: Village) -> None:
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    year.edit(BOX, "state: applied", "state: approved")
    year.append(BOX, f"approval:\n  approved_by: yamada\n  approved_on: '{DAY}'\n")
    bad = year.hand_commit("yamada", folded(("approve", "somu-box", "yamada")) + "\n" + folded(
        ("check", "somu-box", "sato")))  # fmt: skip
    found(year, base, bad, ("S3.1", "S5.3"), "somu-box")
    accept(year, bad, "somu-box")
    still_found(year, bad, "S3.1", "somu-box")


def test_a_squash_that_also_removes_a_record_under_retention(year: Village) -> None:
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    year.ok("purpose-check", "somu-drive", "--matches", "--date", DAY, as_="suzuki")
    year.ok("backup-log", "somu-drive", "--method", "手動", "--location", "庁内", "--date", DAY,
            as_="suzuki")  # fmt: skip
    messages = year.git("log", "--reverse", "--format=%B", f"{base}..HEAD")
    year.git("switch", "-q", "main")
    year.git("merge", "-q", "--squash", "pr", as_="sato")
    year.git("rm", "-q", "-r", RECORD.format("somu-old"), "attachments/somu-old", as_="sato")
    bad = year.hand_commit("sato", f"somu-drive の運用 (#3)\n\n{messages}")
    found(year, base, bad, "S5.4", "somu-old")
    accept(year, bad, "somu-old")
    still_found(year, bad, "S5.4", "somu-old")


def test_a_squash_with_a_backdated_approval(year: Village) -> None:
    base = year.head()
    year.ok("approve", "somu-box", "--date", DAY, as_="sato")
    approve = year.git("log", "-1", "--format=%B")
    year.git("reset", "-q", "--hard", base)
    year.edit(BOX, "state: applied", "state: approved")
    year.append(BOX, "approval:\n  approved_by: sato\n  approved_on: '2026-01-05'\n")
    year.ok("purpose-check", "somu-drive", "--matches", "--date", DAY, as_="suzuki")
    purpose = year.git("log", "-1", "--format=%B")
    year.git("reset", "-q", "--soft", base)
    bad = year.hand_commit("sato", f"まとめて (#4)\n\n{approve}\n{purpose}")
    found(year, base, bad, "A6", "somu-box")


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
def test_unsigned_manager_actions_whatever_the_message_says(year: Village, tmp_path: Path) -> None:
    sato = keygen(tmp_path / "keys", "sato")
    year.edit("yakkan.yaml", "policy:\n", "policy:\n  signed_approvals: true\n")
    (year.path / ".yakkan").mkdir()
    (year.path / ".yakkan/allowed_signers").write_text(
        f"sato@example.jp {public_key(sato)}\n", "utf-8"
    )
    year.hand_commit("sato", "署名付きの操作にする")
    base = year.head()
    # A reassignment by hand, unsigned, its message claiming nothing at all.
    year.append(
        RECORD.format("somu-drive"),
        f"reassignments:\n- 'on': '{DAY}'\n  by: sato\n  administrator: takahashi\n"
        "  previous: suzuki\n",
    )
    quiet = year.hand_commit("sato", "記録の整理")
    found(year, base, quiet, "A7", "somu-drive")
    # An approval re-committed later without its signature (a rebase): named as a rebase,
    # and still an unsigned approval once that note is accepted.
    year.edit(BOX, "state: applied", "state: approved")
    year.append(BOX, f"approval:\n  approved_by: sato\n  approved_on: '{DAY}'\n")
    rebased = year.hand_commit(
        "sato", "approve(somu-box): 承認", trailers="approve somu-box sato",
        when="2026-08-03T10:00:00+09:00",
    )  # fmt: skip
    year.git("commit", "-q", "--amend", "--no-edit", "--date", f"{DAY}T10:00:00+09:00",
             as_="sato", when="2026-08-03T10:00:00+09:00")  # fmt: skip
    rebased = year.head()
    found(year, base, rebased, "S5.3", "somu-box")
    accept(year, rebased, "somu-box")
    still_found(year, rebased, "S5.3", "somu-box")
