"""The machine's refusals in the clerk's language (issue 21.9): a missing file, a folder
where a file belongs, a read-only place, a permission, and a full disk at any step —
`git add` included — are said in Japanese, naming the file, with exit 1 and nothing
half-written. Dates typed with full-width digits are understood.

Full disks are real (a small tmpfs, as tests/e2e/test_faults.py makes them); mounting needs
root, so those tests are skipped elsewhere.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_faults import _fill, _mount, _no_temp_files, disk  # noqa: F401
from tests.village import Village, make_village

ENGLISH = ("No such file", "directory", "denied", "No space", "Read-only", "Errno")
root_only = pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() != 0,
    reason="mounting a small tmpfs needs root (CI runs these as root)",
)


def _japanese_only(text: str) -> None:
    for words in ENGLISH:
        assert words not in text.splitlines()[0], text


def _active(village: Village) -> None:
    village.approved()
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")


def test_apply_from_a_missing_file(village: Village) -> None:
    missing = village.files / "nofile.yaml"
    result = village.yakkan("apply", "--from", str(missing), "--date", "2026-03-20")
    assert result.code == 2, result.output
    assert str(missing) in result.stderr and "ファイルまたはフォルダがありません" in result.stderr
    _japanese_only(result.stderr)
    assert "Traceback" not in result.output


def test_a_full_width_date_is_understood(village: Village) -> None:
    _active(village)
    result = village.yakkan(
        "backup-log", "somu-drive", "--method", "手動", "--location", "庁内",
        "--date", "２０２６-０５-０１", as_="suzuki", when="2026-05-01T10:00:00+09:00",
    )  # fmt: skip
    assert result.code == 0, result.output
    assert "- 'on': '2026-05-01'" in village.record_text("somu-drive")
    due = village.ok("due", "--as-of", "２０２６-０５-１０", "--json")
    assert due.stdout.startswith("[")
    wrong = village.yakkan("due", "--as-of", "２０２６-１３-０１")
    assert wrong.code == 2
    assert "２０２６-１３-０１" in wrong.stderr and "存在しない日" in wrong.stderr


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOENT, "ありません"),
        (errno.EISDIR, "フォルダです"),
        (errno.EACCES, "権限がありません"),
        (errno.EPERM, "権限がありません"),
        (errno.ENOSPC, "容量不足"),
        (errno.EROFS, "書き込み禁止"),
        (errno.EIO, "読み書きに失敗"),
    ],
)
def test_each_os_reason_is_japanese(code: int, words: str) -> None:
    # Root ignores permissions, so EACCES cannot be made real here: the wording is checked.
    from yakkan_cli.store.files import machine_error, os_reason

    assert words in os_reason(OSError(code, os.strerror(code)))
    named = machine_error(OSError(code, os.strerror(code), "records/somu/x.yaml"))
    if code != errno.EIO:
        assert named is not None and "records/somu/x.yaml" in named.message
        assert words in named.message
    assert os.strerror(code) not in os_reason(OSError(code, os.strerror(code)))


def test_git_output_of_a_full_disk_is_recognised() -> None:
    from yakkan_cli.vcs.git.faults import machine_fault

    printed = (
        "error: unable to create temporary file: No space left on device\n"
        "error: records/somu/somu-drive.yaml: failed to insert into database\n"
        "error: unable to index file 'records/somu/somu-drive.yaml'\n"
        "fatal: adding files failed"
    )
    assert machine_fault(printed) == ("store.cause_full", "records/somu/somu-drive.yaml")
    assert machine_fault("fatal: not a git repository") is None


@root_only
def test_a_register_written_to_a_read_only_place(disk: Path, tmp_path: Path) -> None:  # noqa: F811
    village = make_village(tmp_path)
    _active(village)
    _mount("-o", "remount,ro", str(disk))
    try:
        result = village.yakkan("register", "-o", str(disk / "台帳.xlsx"))
    finally:
        _mount("-o", "remount,rw", str(disk))
    assert result.code == 1, result.output
    assert "台帳.xlsx" in result.stderr and "書き込み禁止" in result.stderr
    _japanese_only(result.stderr)


@root_only
@pytest.mark.parametrize("step", ["add", "commit"])
def test_full_disk_during_git_add_and_commit(disk: Path, tmp_path: Path, step: str) -> None:  # noqa: F811
    """The record is written, then git cannot store it: git's object store lives on a
    second small disk that is full — from the start (`git add` cannot store the record), or
    filled by a pre-commit hook (`git add` stored it, `git commit` cannot write its tree).
    yakkan says the disk is full, in Japanese, naming what git could not write, and puts
    the record back."""
    village = make_village(disk)
    _active(village)
    head = village.head()
    objects = village.path / ".git" / "objects"
    store = tmp_path / "objects-disk"
    store.mkdir()
    _mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(store))
    hook = village.path / ".git" / "hooks" / "pre-commit"
    try:
        shutil.copytree(objects, store, dirs_exist_ok=True)
        _mount("--bind", str(store), str(objects))
        try:
            if step == "add":
                _fill(store, 0)
            else:
                hook.write_text(
                    f"#!/bin/sh\ncat /dev/zero > '{store}/filler' 2>/dev/null\nexit 0\n", "utf-8"
                )
                hook.chmod(0o755)
            result = village.yakkan(
                "backup-log", "somu-drive", "--method", "手動", "--location", "庁内",
                "--date", "2026-05-01", as_="suzuki",
            )  # fmt: skip
            assert result.code == 1, result.output
            first = result.stderr.splitlines()[0]
            assert f"git {step}" in first and "容量不足" in first, result.stderr
            assert "records/somu/somu-drive.yaml" in first
            _japanese_only(result.stderr)
            assert "Traceback" not in result.output and "内部エラー" not in result.stderr
            assert village.head() == head
            assert village.status() == ""
            _no_temp_files(village)
            hook.unlink(missing_ok=True)
            (store / "filler").unlink()
            village.ok(
                "backup-log", "somu-drive", "--method", "手動", "--location", "庁内",
                "--date", "2026-05-01", as_="suzuki",
            )  # fmt: skip
        finally:
            subprocess.run(["umount", "-l", str(objects)], check=False)
    finally:
        subprocess.run(["umount", "-l", str(store)], check=False)


def _immutable(path: Path, on: bool) -> bool:
    """chattr ±i: a permission refusal even root gets (EPERM); False where unsupported."""
    flag = "+i" if on else "-i"
    try:
        done = subprocess.run(["chattr", "-R", flag, str(path)], capture_output=True, check=False)
    except FileNotFoundError:
        return False
    return done.returncode == 0


@root_only
@pytest.mark.parametrize(
    ("locked", "named"),
    [
        ("records/somu", "records/somu/somu-drive.yaml"),  # writing the record
        (".git/objects", "records/somu/somu-drive.yaml"),  # git add storing it
    ],
)
def test_a_folder_without_permission(village: Village, locked: str, named: str) -> None:
    """Root ignores file modes, but not the immutable attribute: each step that cannot
    write is a permission refusal said in Japanese, naming the file; nothing changes."""
    _active(village)
    head = village.head()
    folder = village.path / locked
    if not _immutable(folder, True):
        pytest.skip("chattr +i is not supported here")
    try:
        result = village.yakkan(
            "backup-log", "somu-drive", "--method", "手動", "--location", "庁内",
            "--date", "2026-05-01", as_="suzuki",
        )  # fmt: skip
    finally:
        _immutable(folder, False)
    assert result.code == 1, result.output
    first = result.stderr.splitlines()[0]
    assert "権限がありません" in first and named in first, result.stderr
    _japanese_only(result.stderr)
    assert "Traceback" not in result.output and "内部エラー" not in result.stderr
    assert village.head() == head
    assert village.status() == ""
