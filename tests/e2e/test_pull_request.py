"""Approval through a pull request: a bare remote, the clerk's clone and the reviewer's clone."""

from __future__ import annotations

import json
from pathlib import Path

from tests.village import Village


def clone(village: Village, remote: Path, name: str) -> Village:
    target = village.path.parent / name
    village.git("clone", "-q", str(remote), str(target))
    return Village(target, village.files)


def test_pull_request_is_verified_and_merged(village: Village) -> None:
    remote = village.path.parent / "remote.git"
    village.git("clone", "-q", "--bare", str(village.path), str(remote))
    clerk = clone(village, remote, "clerk")
    reviewer = clone(village, remote, "reviewer")

    # The clerk files the application on a branch and pushes it.
    clerk.git("switch", "-q", "-c", "apply/somu-drive")
    clerk.apply()
    clerk.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    clerk.git("push", "-q", "-u", "origin", "apply/somu-drive")

    # The reviewer fetches the branch, double-checks, approves and pushes.
    reviewer.git("fetch", "-q", "origin")
    reviewer.git("switch", "-q", "apply/somu-drive", as_="sato")
    reviewer.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    reviewer.ok("approve", "somu-drive", "--date", "2026-04-01", as_="sato")
    reviewer.git("push", "-q", "origin", "apply/somu-drive", as_="sato")

    # CI on the pull request: every commit of the branch replayed and accepted.
    clerk.git("pull", "-q", "--ff-only")
    result = clerk.ok("verify", "origin/main..HEAD", "--json")
    report = json.loads(result.stdout)
    assert report == {
        "ok": True,
        "range": "origin/main..HEAD",
        "commits": 4,
        "versions": 4,
        "findings": [],
        "accepted": [],
    }
    assert clerk.ok("audit").code == 0

    # Merged with a merge commit: the merge is not an action and the history stays clean.
    # It lands on the mainline the day after the approval (time is the mainline's clock).
    reviewer.clock = "2026-04-02T10:00:00+09:00"
    reviewer.git("switch", "-q", "main", as_="sato")
    reviewer.git(
        "merge", "-q", "--no-ff", "-m", "Merge apply/somu-drive", "apply/somu-drive", as_="sato"
    )
    reviewer.git("push", "-q", "origin", "main", as_="sato")
    assert json.loads(reviewer.ok("audit", "--json").stdout)["ok"] is True
    history = json.loads(reviewer.ok("history", "somu-drive", "--json").stdout)
    assert [e["action"] for e in history] == ["apply", "check", "check", "approve", "merge"]
    assert [e["actor"] for e in history[:4]] == ["yamada", "yamada", "sato", "sato"]
    assert history[3]["state_before"] == "applied"
    assert history[3]["state_after"] == "approved"


def test_verify_catches_a_self_approval_on_the_branch(village: Village) -> None:
    village.git("switch", "-q", "-c", "apply/somu-drive")
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    # tanaka is listed responsible but is the department head: approve refuses, so he edits.
    path = village.path / "records/somu/somu-drive.yaml"
    text = path.read_text("utf-8").replace("state: applied", "state: approved")
    path.write_text(
        text + "approval:\n  approved_by: tanaka\n  approved_on: '2026-04-01'\n", "utf-8"
    )
    village.clock = "2026-04-01T10:00:00+09:00"  # committed on the day it claims (A6)
    village.git(
        "commit",
        "-q",
        "-am",
        "approve(somu-drive): 承認\n\nYakkan-Action: approve\n"
        "Yakkan-Service: somu-drive\nYakkan-Actor: tanaka\n",
        as_="tanaka",
    )
    result = village.yakkan("verify", "main..HEAD", "--json")
    assert result.code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in findings] == ["S3.1"]
    assert "所属長" in findings[0]["message"]
