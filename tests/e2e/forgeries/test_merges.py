"""A2: merge commits add nothing of their own. Each merge is recomputed from its parents;
a difference in the records, attachments or config, and any octopus, is a finding."""

from __future__ import annotations

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import audit_finds, found, verify_finds
from tests.village import Village, clone, origin

DAY = "2026-08-01"
APPROVAL = (
    "approval:\n  approved_by: sato\n  approved_on: '2026-08-01'\n  procedure_version: '1.0'\n"
)


def test_update_branch_merge_that_also_approves(year: Village) -> None:
    remote = origin(year)
    clerk = clone(year, remote, "clerk")
    clerk.git("switch", "-q", "-c", "pr")
    clerk.apply("somu-new", date=DAY)
    clerk.mark_all("somu-new", "applicant", "yamada", DAY)
    clerk.mark_all("somu-new", "responsible", "sato", DAY)
    clerk.git("push", "-q", "-u", "origin", "pr")
    # Meanwhile main moves on: the administrator logs a backup.
    year.ok("backup-log", "somu-drive", "--method", "手動", "--location", "庁内", "--date", DAY,
            as_="suzuki")  # fmt: skip
    year.git("push", "-q", "origin", "main")
    # "Update branch": the clerk merges main in, and slips the approval into the merge.
    clerk.git("fetch", "-q", "origin")
    clerk.git("merge", "-q", "--no-commit", "--no-ff", "origin/main")
    clerk.edit(RECORD.format("somu-new"), "state: applied", "state: approved")
    clerk.append(RECORD.format("somu-new"), APPROVAL)
    bad = clerk.hand_commit("yamada", "Merge branch 'main' into pr")
    verify_finds(clerk, clerk.git("rev-parse", "origin/main").strip(), bad, "A2", "somu-new")
    clerk.git("push", "-q", "origin", "pr")
    year.git("fetch", "-q", "origin")
    year.merge("origin/pr")
    audit_finds(year, bad, "A2", "somu-new")


def test_two_parent_commit_made_with_commit_tree(year: Village) -> None:
    base = year.head()
    box = RECORD.format("somu-box")
    year.edit(box, "state: applied", "state: approved")
    year.append(box, APPROVAL)
    year.git("add", "-A")
    tree = year.git("write-tree").strip()
    bad = year.git(
        "commit-tree", tree, "-p", "HEAD", "-p", "HEAD~1", "-m", "Merge", as_="sato"
    ).strip()
    year.git("reset", "-q", bad)
    found(year, base, bad, "A2", "somu-box")


def test_merge_that_removes_an_active_record(year: Village) -> None:
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    year.ok("purpose-check", "somu-drive", "--matches", "--date", DAY, as_="suzuki")
    year.git("switch", "-q", "main")
    year.git("merge", "-q", "--no-ff", "--no-commit", "pr", as_="sato")
    year.git("rm", "-q", "-r", "-f", RECORD.format("somu-drive"), "attachments/somu-drive")
    bad = year.hand_commit("sato", "Merge pr")
    found(year, base, bad, ("A2", "S5.4"), "somu-drive")


def test_octopus_merge(year: Village) -> None:
    base = year.head()
    for name in ("somu-a", "somu-b"):
        year.git("switch", "-q", "-c", name, "main")
        year.apply(name, date=DAY)
    year.git("switch", "-q", "main")
    year.git("merge", "-q", "--no-ff", "-m", "Merge somu-a somu-b", "somu-a", "somu-b", as_="sato")
    bad = year.head()
    assert len(year.git("log", "-1", "--format=%P").split()) == 3
    found(year, base, bad, "A2", "somu-a")
