"""A9 (issue 19.4): acceptances stand on the mainline apart from what they accept. An entry
of `.yakkan/accepted-findings.yaml` counts only when it reached the mainline in another
unit of review than the finding (no pull request accepts its own forgery: `verify` reads
BASE's file, `audit` HEAD's, and they agree), committed by a responsible manager of the
record's department — its free-text `by` vouches for nothing."""

from __future__ import annotations

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import NotFound, found_then_merged, report, verify_finds
from tests.village import Village

DAY = "2026-08-01"
ACCEPTED = """\
accepted:
  - commit: {commit}
    rule: {rule}
    record: {record}
    reason: 確認済み
    by: sato
    'on': '2026-08-02'
"""


def _accept(village: Village, person: str, commit: str, rule: str, record: str) -> str:
    (village.path / ".yakkan").mkdir(exist_ok=True)
    (village.path / ".yakkan/accepted-findings.yaml").write_text(
        ACCEPTED.format(commit=commit, rule=rule, record=record), "utf-8"
    )
    return village.hand_commit(person, "指摘を受け入れる")


def _still_open(village: Village, commit: str, rule: str, words: str) -> None:
    data = report(village, "audit")
    open_rules = {(f["commit"], f["rule"]) for f in data["findings"]}
    why = [f["message"] for f in data["findings"] if f["commit"] == commit and f["rule"] == "A9"]
    if data["ok"] or (commit, rule) not in open_rules or not any(words in m for m in why):
        raise NotFound(f"the acceptance counted: {data}")


def test_a_pull_request_that_accepts_its_own_forgery(year: Village) -> None:
    year.git("switch", "-q", "-c", "pr")
    box = RECORD.format("somu-box")
    year.edit(box, "state: applied", "state: approved")
    year.append(box, f"approval:\n  approved_by: yamada\n  approved_on: '{DAY}'\n")
    forged = year.hand_commit("yamada", "承認", trailers="approve somu-box yamada")
    _accept(year, "yamada", forged, "S3.1", "somu-box")
    found_then_merged(year, "pr", forged, "S3.1", "somu-box")
    _still_open(year, forged, "S3.1", "同じプルリクエスト")


def test_an_acceptance_committed_by_someone_who_may_not_accept(year: Village) -> None:
    base = year.head()
    box = RECORD.format("somu-box")
    year.edit(box, "state: applied", "state: approved")
    year.append(box, f"approval:\n  approved_by: yamada\n  approved_on: '{DAY}'\n")
    forged = year.hand_commit("yamada", "承認", trailers="approve somu-box yamada")
    # Later, in a pull request of its own, the applicant "accepts" it in sato's name.
    year.git("switch", "-q", "-c", "accept")
    _accept(year, "yamada", forged, "S3.1", "somu-box")
    verify_finds(year, base, forged, "S3.1", "somu-box")
    year.merge("accept")
    _still_open(year, forged, "S3.1", "yamada@example.jp")


def test_verify_finds_the_writer_of_an_acceptance_main_got_after_the_pull_request_began(
    year: Village,
) -> None:
    # The pull request's forgery, then two acceptances of it in pull requests of their own,
    # merged into main after the forgery was made: verify reads BASE's file and looks for
    # the entry's writer from BASE down to the forged commit only (actions/audit/
    # acceptances.py), and finds who wrote it all the same.
    main = year.head()
    year.git("switch", "-q", "-c", "pr")
    box = RECORD.format("somu-box")
    year.edit(box, "state: applied", "state: approved")
    year.append(box, f"approval:\n  approved_by: yamada\n  approved_on: '{DAY}'\n")
    forged = year.hand_commit("yamada", "承認", trailers="approve somu-box yamada")
    bases = {}
    for person in ("yamada", "sato"):
        year.git("switch", "-q", "-c", f"accept-{person}", main)
        _accept(year, person, forged, "S3.1", "somu-box")
        year.git("switch", "-q", "-c", f"main-{person}", main)
        bases[person] = year.merge(f"accept-{person}", into=f"main-{person}")
    year.git("switch", "-q", "pr")
    refused = report(year, "verify", f"{bases['yamada']}..HEAD")
    why = [f["message"] for f in refused["findings"] if f["rule"] == "A9"]
    assert any("yamada@example.jp" in m for m in why), refused
    assert (forged, "S3.1") in {(f["commit"], f["rule"]) for f in refused["findings"]}
    counted = report(year, "verify", f"{bases['sato']}..HEAD")
    assert (forged, "S3.1") in {(a["commit"], a["rule"]) for a in counted["accepted"]}, counted
    assert not [f for f in counted["findings"] if f["rule"] in ("A9", "S3.1")], counted
    # Merged, `audit` (HEAD's file, its whole history listed once) finds the same writer.
    year.merge("pr", into="main-sato")
    audited = report(year, "audit")
    assert (forged, "S3.1") in {(a["commit"], a["rule"]) for a in audited["accepted"]}, audited
