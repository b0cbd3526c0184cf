"""The replay engine's rules (A1 config in force, A2 merges, A4 paths, clocks, A7 signatures,
A8 robustness, A9 accepted findings), each shown with a forgery made by hand with plain git
— `verify` before the merge and `audit` after it exit 1 naming the record and the commit —
and an honest history that stays clean."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.village import Village

RECORD = "records/somu/somu-drive.yaml"
TRAILERS = "\n\nYakkan-Action: {action}\nYakkan-Service: somu-drive\nYakkan-Actor: {actor}\n"
APPROVAL = "approval:\n  approved_by: {who}\n  approved_on: '2026-04-01'\n"


def report(village: Village, *args: str) -> dict[str, Any]:
    result = village.yakkan(*args, "--json")
    assert "Traceback" not in result.output, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    assert result.code == (1 if data["findings"] else 0), result.output
    return data


def hits(data: dict[str, Any], rule: str, commit: str | None = None) -> list[dict[str, Any]]:
    return [
        f
        for f in data["findings"]
        if f["rule"] == rule and (commit is None or f["commit"] == commit)
    ]


def hand_approve(village: Village, who: str) -> str:
    """The approval written into the YAML by hand, committed with the right trailers."""
    path = village.path / RECORD
    text = path.read_text("utf-8").replace("state: applied", "state: approved")
    path.write_text(text + APPROVAL.format(who=who), "utf-8")
    village.git("add", "-A", as_=who)
    message = "approve(somu-drive): 承認" + TRAILERS.format(action="approve", actor=who)
    village.git("commit", "-q", "-m", message, as_=who)
    return village.head()


def marked(village: Village) -> None:
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")


def merge_no_ff(village: Village, branch: str, as_: str = "sato") -> str:
    """Merge `branch` into main on the day of its last commit, as a reviewer would after it:
    the mainline's clock dates what the merge brings (A6)."""
    last = village.git("log", "-1", "--format=%cI", branch).strip()
    before, village.clock = village.clock, max(village.clock, last)
    village.git("switch", "-q", "main", as_=as_)
    village.git("merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch, as_=as_)
    village.clock = before
    return village.head()


# --- A1: the config in force ----------------------------------------------------------------


def test_a_pull_request_never_vouches_for_its_own_config(village: Village) -> None:
    village.git("switch", "-q", "-c", "apply/somu-drive")
    marked(village)
    # The branch makes yamada a responsible manager of 総務課, then approves as yamada.
    config = village.path / "yakkan.yaml"
    config.write_text(
        config.read_text("utf-8").replace("responsible: [sato, tanaka]", "responsible: [yamada]"),
        "utf-8",
    )
    village.git("commit", "-q", "-am", "責任者を変更")
    changed = village.head()
    bad = hand_approve(village, "yamada")

    before = report(village, "verify", "main..HEAD")
    assert hits(before, "S3.1", bad), before  # judged by main's config: not responsible
    mixed = hits(before, "A1")
    assert mixed and all(f["service"] == "somu-drive" for f in mixed)
    assert changed[:10] in mixed[0]["message"]
    merge = merge_no_ff(village, "apply/somu-drive")
    after = report(village, "audit")
    assert hits(after, "S3.1", bad)  # judged by the config at the merge's first parent
    assert hits(after, "A1")
    assert merge  # the merge itself adds nothing: no A2
    assert not hits(after, "A2")


def test_removing_the_config_checks_nothing_less(village: Village) -> None:
    marked(village)
    village.git("rm", "-q", "yakkan.yaml")
    village.git("commit", "-q", "-m", "設定を一時退避")
    removed = village.head()
    bad = hand_approve(village, "yamada")
    village.git("checkout", "-q", f"{removed}~1", "--", "yakkan.yaml")
    village.git("commit", "-q", "-m", "設定を戻す")
    data = report(village, "audit")
    assert hits(data, "A1", removed)
    assert hits(data, "S3.1", bad)  # judged by the last valid yakkan.yaml


def test_a_broken_record_version_hides_nothing_after_it(village: Village) -> None:
    marked(village)
    path = village.path / RECORD
    path.write_text(path.read_text("utf-8").replace("state: applied", "state: [broken"), "utf-8")
    village.git("commit", "-q", "-am", "壊れた版")
    broken = village.head()
    path.write_text(path.read_text("utf-8").replace("state: [broken", "state: applied"), "utf-8")
    bad = hand_approve(village, "yamada")
    data = report(village, "audit")
    assert hits(data, "D3", broken)
    assert hits(data, "S3.1", bad)  # judged against the last version that validated


def test_separate_config_and_record_pull_requests_are_clean(village: Village) -> None:
    village.git("switch", "-q", "-c", "config/kikaku")
    config = village.path / "yakkan.yaml"
    config.write_text(config.read_text("utf-8").replace("warn_days: 14", "warn_days: 10"), "utf-8")
    village.git("commit", "-q", "-am", "設定の変更", as_="sato")
    merge_no_ff(village, "config/kikaku")
    village.git("switch", "-q", "-c", "apply/somu-drive")
    village.approved()
    assert report(village, "verify", "main..HEAD")["ok"] is True
    merge_no_ff(village, "apply/somu-drive")
    assert report(village, "audit")["findings"] == []


# --- A2: merges are recomputed -------------------------------------------------------------


def test_an_update_branch_merge_that_approves_is_found(village: Village) -> None:
    village.git("switch", "-q", "-c", "apply/somu-drive")
    marked(village)
    village.git("switch", "-q", "main")
    village.apply("somu-other")  # main moves on
    village.git("switch", "-q", "apply/somu-drive")
    village.git("merge", "-q", "--no-commit", "main", as_="sato")
    path = village.path / RECORD
    text = path.read_text("utf-8").replace("state: applied", "state: approved")
    path.write_text(text + APPROVAL.format(who="sato"), "utf-8")
    village.git("add", "-A", as_="sato")
    village.git("commit", "-q", "-m", "Merge branch 'main' into apply/somu-drive", as_="sato")
    bad = village.head()

    before = report(village, "verify", "main..HEAD")
    found = hits(before, "A2", bad)
    assert [f["path"] for f in found] == [RECORD] and found[0]["service"] == "somu-drive"
    merge_no_ff(village, "apply/somu-drive")
    assert [f["path"] for f in hits(report(village, "audit"), "A2", bad)] == [RECORD]


def test_a_hand_made_two_parent_commit_that_removes_a_record_is_found(village: Village) -> None:
    village.approved()
    village.apply("somu-other")
    tree = village.git("write-tree").strip()
    village.git("rm", "-q", "--cached", RECORD)
    removed_tree = village.git("write-tree").strip()
    village.git("reset", "-q")
    assert tree != removed_tree
    commit = village.git(
        "commit-tree", removed_tree, "-p", "HEAD", "-p", "HEAD~1", "-m", "merge"
    ).strip()
    village.git("reset", "-q", "--hard", commit)
    data = report(village, "audit")
    assert [f["path"] for f in hits(data, "A2", commit)] == [RECORD]


def test_an_octopus_merge_is_found(village: Village) -> None:
    village.apply()
    for name in ("a", "b"):
        village.git("switch", "-q", "-c", name, "main")
        village.git("commit", "-q", "--allow-empty", "-m", name)
    village.git("switch", "-q", "main")
    village.git("merge", "-q", "--no-ff", "-m", "octopus", "a", "b")
    data = report(village, "audit")
    assert hits(data, "A2", village.head())


def test_an_updated_branch_and_a_fast_forward_stay_clean(village: Village) -> None:
    village.git("switch", "-q", "-c", "apply/somu-drive")
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.git("switch", "-q", "main")
    village.apply("somu-other")
    village.git("switch", "-q", "apply/somu-drive")
    village.git("merge", "-q", "--no-edit", "main")  # GitHub's "update branch"
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    village.ok("approve", "somu-drive", "--date", "2026-04-01", as_="sato")
    assert report(village, "verify", "main..HEAD")["ok"] is True
    merge_no_ff(village, "apply/somu-drive")
    assert report(village, "audit")["findings"] == []
    village.git("switch", "-q", "-c", "ops/backup")
    village.ok("backup-log", "somu-drive", "--date", "2026-04-05", "--method", "手動",
               "--location", "庁内サーバ", as_="suzuki")  # fmt: skip
    village.git("switch", "-q", "main")
    village.git("merge", "-q", "--ff-only", "ops/backup")
    assert report(village, "audit")["findings"] == []


# --- A4: records keyed by path ---------------------------------------------------------------


def test_a_record_moved_to_another_department_is_found(village: Village) -> None:
    village.approved()
    (village.path / "records/kikaku").mkdir()
    village.git("mv", RECORD, "records/kikaku/somu-drive.yaml")
    village.git("commit", "-q", "-m", "移動", as_="takahashi")
    bad = village.head()
    data = report(village, "audit")
    moved = hits(data, "A4", bad)
    assert moved and moved[0]["path"] == "records/kikaku/somu-drive.yaml"
    assert moved[0]["service"] == "somu-drive"
    assert hits(data, "S5.4", bad)  # the old path was removed while the record is open


def test_a_twin_in_another_folder_is_found(village: Village) -> None:
    village.approved()
    twin = village.path / "records/kikaku/somu-drive.yaml"
    twin.parent.mkdir()
    twin.write_text((village.path / RECORD).read_text("utf-8"), "utf-8")
    village.git("add", "-A")
    village.git("commit", "-q", "-m", "複製", as_="takahashi")
    bad = village.head()
    found = hits(report(village, "audit"), "A4", bad)
    assert found and RECORD in found[0]["message"]


# --- the mainline's clock -----------------------------------------------------------------------


def test_a_removal_is_dated_by_its_commit_not_its_author_date(village: Village) -> None:
    village.apply()
    village.ok("withdraw", "somu-drive", "--reason", "不要", "--date", "2026-03-21")
    village.git("rm", "-q", "-r", RECORD, "attachments/somu-drive")
    message = "dispose(somu-drive): 廃棄" + TRAILERS.format(action="dispose", actor="sato")
    # The author date claims 2031 (after the retention); the commit was made in 2026.
    env = {**village._env("sato", "2026-05-01T10:00:00+09:00"),
           "GIT_AUTHOR_DATE": "2031-01-01T10:00:00+09:00"}  # fmt: skip
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=village.path, env=env, check=True)
    bad = village.head()
    assert village.git("log", "-1", "--format=%aI").startswith("2031")
    found = hits(report(village, "audit"), "S5.4", bad)
    assert found and "2026-05-01" in found[0]["message"]


# --- A8: robustness ------------------------------------------------------------------------


def test_a_hostile_attachment_path_is_one_finding_and_the_replay_goes_on(
    village: Village,
) -> None:
    marked(village)  # first: the village every test of this file marks, copied once built
    village.apply("somu-other")
    path = village.path / "records/somu/somu-other.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("path: attachments/somu-other/terms.pdf",
                                 "path: attachments/../yakkan.yaml"), "utf-8")  # fmt: skip
    village.git("commit", "-q", "-am", "添付のパスを変更")
    hostile = village.head()
    bad = hand_approve(village, "yamada")
    for args in (("audit",), ("verify", f"{hostile}~1..HEAD")):
        data = report(village, *args)
        # A8 here; D3 once the model itself refuses such a path: never a crash.
        robust = hits(data, "A8", hostile) or hits(data, "D3", hostile)
        assert robust and robust[0]["service"] == "somu-other", data
        assert hits(data, "S3.1", bad)  # the other record's forgery is still named
    shown = village.yakkan("audit")
    assert shown.code == 1 and "Traceback" not in shown.output
    for service in ("somu-drive", "somu-other"):
        shown = village.yakkan("history", service)
        assert shown.code == 0 and "Traceback" not in shown.output, shown.output


# --- A9: accepted findings --------------------------------------------------------------------


def test_an_accepted_finding_is_listed_apart_and_does_not_fail(village: Village) -> None:
    marked(village)
    bad = hand_approve(village, "yamada")
    first = report(village, "audit")
    assert hits(first, "S3.1", bad)
    accepted = village.path / ".yakkan/accepted-findings.yaml"
    accepted.parent.mkdir()
    lines = ["accepted:"]
    for f in first["findings"]:
        lines += [
            f"- commit: {f['commit'][:12]}",
            f"  rule: {f['rule']}",
            f"  record: {f['service']}",
            "  reason: 訓練で作った記録。PR #3 で確認済み",
            "  by: sato",
            "  on: '2026-04-10'",
        ]
    accepted.write_text("\n".join(lines) + "\n", "utf-8")
    village.git("add", "-A", as_="sato")
    village.git("commit", "-q", "-m", "指摘を承認", as_="sato")
    data = report(village, "audit")
    assert data["ok"] is True and data["findings"] == []
    assert {a["rule"] for a in data["accepted"]} == {f["rule"] for f in first["findings"]}
    assert data["accepted"][0]["by"] == "sato"
    text = village.ok("audit").output
    assert "承認済みの指摘" in text

    accepted.write_text("accepted:\n- commit: zz\n", "utf-8")
    village.git("commit", "-q", "-am", "壊れた指摘ファイル", as_="sato")
    broken = report(village, "audit")
    assert hits(broken, "A9") and hits(broken, "S3.1", bad)


# --- A7: signatures against the allowed_signers in force ----------------------------------------

needs_ssh = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")


def keygen(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key


def public(key: Path) -> str:
    return " ".join(key.with_suffix(".pub").read_text().split()[:2])


def signed_village(village: Village, keys: dict[str, Path]) -> None:
    config = village.path / "yakkan.yaml"
    config.write_text(
        config.read_text("utf-8").replace("policy:\n", "policy:\n  signed_actions: true\n"),
        "utf-8",
    )
    (village.path / ".yakkan").mkdir()
    (village.path / ".yakkan/allowed_signers").write_text(
        f"sato@example.jp {public(keys['sato'])}\n", "utf-8"
    )
    village.git("config", "gpg.format", "ssh")
    village.git("config", "user.signingkey", str(keys["sato"]))
    village.git("add", "-A")
    village.git("commit", "-q", "-m", "署名を必須にする", as_="sato")


@needs_ssh
def test_a_key_rotation_keeps_old_approvals_valid(village: Village, tmp_path: Path) -> None:
    keys = {name: keygen(tmp_path, name) for name in ("sato", "sato2")}
    signed_village(village, keys)
    village.approved()  # marks and approval signed with the first key
    signers = village.path / ".yakkan/allowed_signers"
    signers.write_text(
        f'sato@example.jp valid-before="20260410" {public(keys["sato"])}\n'
        f'sato@example.jp valid-after="20260410" {public(keys["sato2"])}\n',
        "utf-8",
    )
    village.git("commit", "-q", "-am", "鍵の更新", as_="sato")
    village.git("config", "user.signingkey", str(keys["sato2"]))
    village.ok("suspend", "somu-drive", "--reason", "点検", "--date", "2026-05-01", as_="sato")
    assert report(village, "audit")["findings"] == []
    # The old key, past its valid-before, no longer vouches for anything.
    village.git("config", "user.signingkey", str(keys["sato"]))
    village.ok("resume", "somu-drive", "--note", "点検終了", "--date", "2026-05-10", as_="sato")
    late = village.head()
    assert [f["commit"] for f in report(village, "audit")["findings"]] == [late]


@needs_ssh
def test_a_key_added_later_never_vouches_for_the_past(village: Village, tmp_path: Path) -> None:
    keys = {name: keygen(tmp_path, name) for name in ("sato", "stray")}
    signed_village(village, keys)
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.git("config", "user.signingkey", str(keys["stray"]))
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    marks = village.head()
    village.ok("approve", "somu-drive", "--date", "2026-04-01", as_="sato")
    approval = village.head()
    signers = village.path / ".yakkan/allowed_signers"
    signers.write_text(signers.read_text("utf-8") + f"sato@example.jp {public(keys['stray'])}\n")
    village.git("commit", "-q", "-am", "鍵を追加", as_="sato")
    data = report(village, "audit")
    assert hits(data, "A7", marks)  # responsible marks signed by a key not yet allowed
    assert hits(data, "S5.3", approval)


def test_separator_bytes_in_a_message_or_a_file_name_cannot_shift_the_listing(
    village: Village,
) -> None:
    """git log is read NUL-separated: a commit message or an attachment's name holding the
    bytes an older listing split on (\\x1e, \\x1f) is data, and the audit stays whole."""
    village.apply()
    base = village.head()
    village.git("commit", "-q", "--allow-empty", "-m", "x\x1ey\x1fz", as_="sato")
    odd = village.path / "attachments" / "somu-drive" / "a\x1eb\x1fc.txt"
    odd.write_text("extra", "utf-8")
    village.git("add", "-A", as_="yamada")
    village.git("commit", "-q", "-m", "an odd file", as_="yamada")
    for args in (("audit", "--json"), ("verify", f"{base}..HEAD", "--json")):
        result = village.yakkan(*args)
        assert "Traceback" not in result.output and "内部エラー" not in result.output, result.output
        assert result.code in (0, 1), result.output
        json.loads(result.stdout)
