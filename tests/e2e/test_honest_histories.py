"""Honest histories stay clean: the ways a village really works with git, each replayed by
`verify` on the pull request and by `audit` on main, with no finding at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.forgeries.found import report
from tests.village import Village, clone, keygen, origin, public_key


def clean(village: Village, *args: str) -> None:
    data = report(village, *args)
    assert data["findings"] == [], data["findings"]
    assert data["ok"] is True


def test_the_readme_pull_request_workflow(village: Village) -> None:
    remote = origin(village)
    clerk = clone(village, remote, "clerk")
    reviewer = clone(village, remote, "reviewer")
    # 1. The clerk files the application on a branch and pushes it; CI verifies the push.
    clerk.git("switch", "-q", "-c", "apply/somu-drive")
    clerk.apply()
    clerk.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    clerk.git("push", "-q", "-u", "origin", "apply/somu-drive")
    clean(clerk, "verify", "origin/main..HEAD")
    # 2. The reviewer reads the form, double-checks, approves on the branch and pushes.
    reviewer.git("fetch", "-q", "origin")
    reviewer.git("switch", "-q", "apply/somu-drive", as_="sato")
    form = reviewer.ok("render", "somu-drive", "--format", "md", as_="sato")
    assert "Google ドライブ" in form.stdout
    reviewer.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    reviewer.ok("approve", "somu-drive", "--date", "2026-04-01", as_="sato")
    reviewer.git("push", "-q", "origin", "apply/somu-drive", as_="sato")
    # 3. CI on the new push; 4. merged with a merge commit, audit on main.
    clean(reviewer, "verify", "origin/main..HEAD")
    reviewer.merge("apply/somu-drive", when="2026-04-01T12:00:00+09:00")
    reviewer.git("push", "-q", "origin", "main", as_="sato")
    clean(reviewer, "audit")


def test_branch_updated_from_main_by_an_automatic_merge(village: Village) -> None:
    # The approved village most tests start from: copied once built, not built again.
    village.approved("somu-drive")
    remote = origin(village)
    clerk = clone(village, remote, "clerk")
    clerk.git("switch", "-q", "-c", "apply/somu-box")
    clerk.apply("somu-box", date="2026-04-02")
    clerk.mark_all("somu-box", "applicant", "yamada", "2026-04-02")
    # Meanwhile main moves on: the administrator acknowledges somu-drive.
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-03", as_="suzuki")
    village.git("push", "-q", "origin", "main")
    # "Update branch": main merged into the pull request, automatically, nothing added.
    clerk.git("pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    assert len(clerk.git("log", "-1", "--format=%P").split()) == 2
    clerk.mark_all("somu-box", "responsible", "sato", "2026-04-04")
    clerk.ok("approve", "somu-box", "--date", "2026-04-05", as_="sato")
    clean(clerk, "verify", "origin/main..HEAD")
    clerk.git("push", "-q", "origin", "apply/somu-box")
    village.git("fetch", "-q", "origin")
    village.merge("origin/apply/somu-box", when="2026-04-05T12:00:00+09:00")
    clean(village, "audit")


def test_fast_forward(village: Village) -> None:
    base = village.head()
    village.git("switch", "-q", "-c", "apply/somu-drive")
    village.approved()
    village.git("switch", "-q", "main")
    village.git("merge", "-q", "--ff-only", "apply/somu-drive")
    clean(village, "verify", f"{base}..HEAD")
    clean(village, "audit")


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
def test_key_rotation_with_valid_before(village: Village, tmp_path: Path) -> None:
    """sato's key is replaced on May 1: the old key stays valid for what it signed before."""
    old, new = keygen(tmp_path / "keys", "sato-2025"), keygen(tmp_path / "keys", "sato-2026")
    village.edit("yakkan.yaml", "policy:\n", "policy:\n  signed_approvals: true\n")
    (village.path / ".yakkan").mkdir()
    signers = village.path / ".yakkan/allowed_signers"
    signers.write_text(f"sato@example.jp {public_key(old)}\n", "utf-8")
    village.git("config", "gpg.format", "ssh")
    village.git("config", "user.signingkey", str(old))
    village.hand_commit("sato", "署名付き承認にする")
    village.approved("somu-drive", date="2026-04-01")
    # The rotation is a pull request of its own, changing only .yakkan/.
    village.git("switch", "-q", "-c", "rotate")
    signers.write_text(
        f'sato@example.jp valid-before="20260501" {public_key(old)}\n'
        f'sato@example.jp valid-after="20260501" {public_key(new)}\n',
        "utf-8",
    )
    village.hand_commit("sato", "佐藤の署名鍵を更新", when="2026-05-01T09:00:00+09:00")
    clean(village, "verify", "main..HEAD")
    village.merge("rotate", when="2026-05-01T10:00:00+09:00")
    village.git("config", "user.signingkey", str(new))
    village.git("switch", "-q", "-c", "apply/somu-box")
    village.apply("somu-box", date="2026-06-01")
    village.mark_all("somu-box", "applicant", "yamada", "2026-06-01")
    village.mark_all("somu-box", "responsible", "sato", "2026-06-02")
    village.ok("approve", "somu-box", "--date", "2026-06-03", as_="sato")
    clean(village, "verify", "main..HEAD")
    village.merge("apply/somu-box", when="2026-06-03T12:00:00+09:00")
    clean(village, "audit")


def test_a_village_year_in_a_repository_of_its_own(demo: Village) -> None:
    """`yakkan demo`: a year of the procedure, every step by the real command."""
    first = demo.git("rev-list", "--max-parents=0", "HEAD").strip()
    clean(demo, "verify", f"{first}..HEAD")
    audit = report(demo, "audit")
    assert audit["findings"] == [] and audit["commits"] == 42
