"""What an interrupted yakkan leaves, and `yakkan recover` putting it back (issue 9 item 5).

The interruptions are real: a git hook kills the very yakkan process that runs the
commit (SIGKILL, so nothing of yakkan's own clean-up runs), at the one moment that
matters: every file written and added, the commit not made.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from tests.village import Village

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not Path("/proc/self/stat").exists(),
    reason="the hook finds yakkan's pid in /proc (Linux)",
)

ADMIN = "suzuki"  # the service's administrator logs its backups

# The hook runs under `git commit`, which runs under yakkan: kill the grandparent. It
# notes git's pid, so that the test can wait for the orphaned git to end as it would.
_KILL_YAKKAN = """#!/bin/sh
echo $PPID > .git/git.pid
yakkan=$(awk '{{print $4}}' /proc/$PPID/stat)
kill -9 "$yakkan"
{after}
"""


def _gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def _killed(
    village: Village, *args: str, as_: str, after: str = "exit 1", hook: str = "pre-commit"
) -> None:
    script = village.path / ".git" / "hooks" / hook
    script.write_text(_KILL_YAKKAN.format(after=after), encoding="utf-8")
    script.chmod(0o755)
    result = village.yakkan(*args, as_=as_)
    assert result.code == -9, result.output
    script.unlink()
    pid_file = village.path / ".git" / "git.pid"
    pid = int(pid_file.read_text())
    pid_file.unlink()
    while not _gone(pid):
        time.sleep(0.01)


def _journal(village: Village) -> Path:
    return village.path / ".git" / "yakkan" / "journal.json"


def _alert(village: Village) -> tuple[str, ...]:
    return ("alert", "--title", "他団体で漏えい", "--services", "a,b,c", "--date", "2026-05-10")


def _three_active(village: Village) -> None:
    for sid in ("a", "b", "c"):
        village.approved(sid)
        village.ok("acknowledge", sid, "--date", "2026-04-02", as_="suzuki")


def _backup(day: str = "2026-05-01") -> tuple[str, ...]:
    return ("backup-log", "somu-drive", "--method", "手動", "--location", "庁内", "--date", day)


def _active(village: Village) -> None:
    village.approved()
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")


def test_a_killed_commit_is_named_and_recover_finishes_it(village: Village) -> None:
    _active(village)
    head = village.head()
    _killed(village, *_backup(), as_=ADMIN)
    assert _journal(village).exists()
    assert village.head() == head

    result = village.yakkan(*_backup("2026-05-02"), as_=ADMIN)
    assert result.code == 1, result.output
    assert "yakkan recover" in result.stderr
    assert "backup-log" in result.stderr
    assert village.head() == head

    recovered = village.ok("recover")
    assert "完了しました" in recovered.stderr
    assert village.git("rev-parse", "HEAD^").strip() == head
    assert village.subjects()[0].startswith("backup-log(somu-drive)")
    assert village.trailers()["Yakkan-Actor"] == ADMIN
    assert village.git("log", "-1", "--format=%ae").strip() == f"{ADMIN}@example.jp"
    assert village.status() == ""
    assert not _journal(village).exists()
    village.ok(*_backup("2026-05-02"), as_=ADMIN)
    village.ok("audit")


def test_a_killed_alert_lands_on_all_records_or_none(village: Village) -> None:
    _three_active(village)
    head = village.head()
    _killed(village, *_alert(village), as_="sato")
    # Half-written by hand: one record back as HEAD has it, so the change is partial.
    village.git("restore", "--staged", "--worktree", "--", "records/somu/b.yaml")
    recovered = village.ok("recover")
    assert "取り消しました" in recovered.stderr
    assert village.head() == head
    assert village.status() == ""
    village.ok(*_alert(village), as_="sato")
    changed = village.git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == ["records/somu/a.yaml", "records/somu/b.yaml", "records/somu/c.yaml"]


def test_a_killed_apply_is_not_an_existing_id(village: Village) -> None:
    source = village.application_file()
    args = (
        "apply",
        "--from",
        str(source),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--attach",
        f"terms={village.files / 'terms.pdf'}",
        "--date",
        "2026-03-20",
    )
    _killed(village, *args, as_="yamada")
    retry = village.yakkan(*args)
    assert retry.code == 1
    assert "すでに" not in retry.stderr and "既に" not in retry.stderr
    assert "yakkan recover" in retry.stderr
    # Every file was written before the kill: recover makes the commit that was meant.
    village.ok("recover")
    assert village.subjects()[0].startswith("apply(somu-drive)")
    assert village.status() == ""
    assert (village.path / "attachments" / "somu-drive" / "signup.png").is_file()
    again = village.yakkan(*args)
    assert again.code == 1 and "既にあります" in again.stderr  # now it really exists


def test_a_commit_that_landed_before_the_kill_needs_nothing(village: Village) -> None:
    _active(village)
    # Killed once git has made the commit: it landed, the journal stays.
    _killed(village, *_backup(), as_=ADMIN, after="exit 0", hook="post-commit")
    landed = village.head()
    assert village.subjects()[0].startswith("backup-log(somu-drive)")
    assert _journal(village).exists()
    village.ok(*_backup("2026-05-02"), as_=ADMIN)
    assert village.git("rev-parse", "HEAD^").strip() == landed
    assert not _journal(village).exists()


def test_a_dispose_killed_before_its_folders_were_pruned_leaves_none(village: Village) -> None:
    # Killed after the record's files were removed and before their emptied folder was:
    # the hook puts the folder back empty, as the kill at that moment leaves it.
    village.apply("somu-old")
    village.ok("reject", "somu-old", "--reason", "不要", "--date", "2026-03-25", as_="sato")
    assert (village.path / "attachments" / "somu-old").is_dir()
    dispose = ("dispose", "somu-old", "--date", "2029-04-01")
    _killed(village, *dispose, as_="sato", after="mkdir -p attachments/somu-old; exit 1")
    assert (village.path / "attachments" / "somu-old").is_dir()

    recovered = village.ok("recover")
    assert "完了しました" in recovered.stderr
    assert village.subjects()[0].startswith("dispose(somu-old)")
    assert not (village.path / "attachments" / "somu-old").exists()
    assert village.status() == ""


def test_git_killed_too_leaves_its_lock_for_recover(village: Village) -> None:
    _active(village)
    head = village.head()
    # git itself dies inside `commit`, holding index.lock.
    _killed(village, *_backup(), as_=ADMIN, after='kill -9 "$PPID"')
    assert (village.path / ".git" / "index.lock").exists()
    result = village.yakkan(*_backup("2026-05-02"), as_=ADMIN)
    assert result.code == 1
    assert "yakkan recover" in result.stderr
    recovered = village.ok("recover")
    assert "index.lock" in recovered.stderr
    assert not (village.path / ".git" / "index.lock").exists()
    assert village.git("rev-parse", "HEAD^").strip() == head
    assert village.status() == ""
    village.ok(*_backup("2026-05-02"), as_=ADMIN)


def test_stray_temp_files_are_removed_by_the_next_writer(village: Village) -> None:
    _active(village)
    stray = village.path / "records" / "somu" / ".somu-drive.yaml.k3j4h5.tmp"
    stray.write_bytes(b"half a rec")
    village.ok(*_backup(), as_=ADMIN)
    assert not stray.exists()
    assert village.status() == ""


def test_recover_removes_stray_temp_files_and_says_so(village: Village) -> None:
    _active(village)
    stray = village.path / "attachments" / "somu-drive" / ".terms.pdf.x8y9z0.tmp"
    stray.write_bytes(b"half")
    result = village.ok("recover")
    assert "一時ファイルを 1 個削除" in result.stderr
    assert not stray.exists()
    assert village.ok("recover").stderr.strip() == "片付けるものはありません"


@pytest.mark.parametrize("staged", [False, True])
def test_an_edit_no_journal_explains_gets_the_exact_git_command(
    village: Village, staged: bool
) -> None:
    _active(village)
    rel = "records/somu/somu-drive.yaml"
    path = village.path / rel
    path.write_text(path.read_text("utf-8") + "# hand edit\n", encoding="utf-8")
    if staged:
        village.git("add", rel)
    result = village.yakkan(*_backup(), as_=ADMIN)
    assert result.code == 1
    command = f"git restore --staged --worktree -- {rel}"
    assert command in result.stderr
    assert "git commit するか" not in result.stderr
    assert village.yakkan("recover").code == 1  # recover leaves it, and names the command
    village.git(*command.split()[1:])
    village.ok(*_backup(), as_=ADMIN)


def test_an_untracked_file_gets_git_clean(village: Village) -> None:
    _active(village)
    extra = village.path / "attachments" / "somu-drive" / "extra.png"
    extra.write_bytes(b"new")
    result = village.yakkan(*_backup(), as_=ADMIN)
    assert result.code == 1
    assert "git clean -f -- attachments/somu-drive/extra.png" in result.stderr


def test_recover_on_a_clean_repository_changes_nothing(village: Village) -> None:
    village.apply()
    head, status = village.head(), village.status()
    result = village.ok("recover")
    assert result.stderr.strip() == "片付けるものはありません"
    assert (village.head(), village.status()) == (head, status)
    assert not _journal(village).exists()
