"""Ctrl-C anywhere, start-up included (issue 9 item 7).

A terminal's Ctrl-C signals the whole foreground process group; so do these tests. The
outcome is always one of: exit 130 with 「中断しました」 and nothing changed, or exit 0 with
the commit landed. Never a traceback.

The interpreter's own start-up (before the first line of yakkan runs, a few tens of
milliseconds) is out of any program's reach: the tests start yakkan with SIGINT ignored,
as a shell does for a command that has not started yet, and yakkan's entry point takes
the signal over as its very first step. Everything after that, heavy imports included,
is under test.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.village import Village, yakkan_command

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

RUNS = int(os.environ.get("YAKKAN_INTERRUPT_RUNS", "20"))


def _active(village: Village) -> None:
    village.approved()
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")


def _backup(note: str) -> tuple[str, ...]:
    return ("backup-log", "somu-drive", "--method", "手動", "--location", "庁内",
            "--note", note, "--date", "2026-05-01")  # fmt: skip


def _ignore_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _interrupted_at(village: Village, args: tuple[str, ...], delay: float) -> tuple[int, str]:
    proc = subprocess.Popen(
        [*yakkan_command(), *args],
        cwd=village.path,
        env=village._env("suzuki", "2026-05-01T10:00:00+09:00"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_ignore_interrupt,
    )
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):  # it may have finished
        os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate()
    return proc.returncode, out + err


def test_ctrl_c_at_random_moments(village: Village) -> None:
    _active(village)
    start = time.monotonic()
    village.ok(*_backup("基準"), as_="suzuki")
    span = time.monotonic() - start
    rng = random.Random(7)
    for i in range(RUNS):
        head = village.head()
        note = f"中断{i}"
        code, output = _interrupted_at(village, _backup(note), rng.uniform(0.0, span * 1.1))
        assert "Traceback" not in output, output
        if code == 0:
            assert note in village.record_text("somu-drive")
            assert village.head() != head
        else:
            assert code == 130, (code, output)
            assert "中断しました" in output, output
            assert village.head() == head
        assert village.status() == ""
        assert not (village.path / ".git" / "yakkan" / "journal.json").exists()


# A test-only sitecustomize (never installed): see its docstring.
INTERRUPT_HOOK = Path(__file__).parent / "interrupt_hook"


@pytest.mark.parametrize(
    "nth",
    [1, 2],
    ids=["the record read (store.yaml.validate_data)", "the record written (transaction)"],
)
def test_ctrl_c_inside_a_record_s_validation_is_the_interrupt_not_a_bad_record(
    village: Village, nth: int
) -> None:
    # pydantic gives a Ctrl-C that lands in its Rust code back as a ValidationError of a
    # sound record; yakkan must give it back as the interrupt (exit 130, all put back),
    # not blame the record (exit 1). The first Record validation of `backup-log` reads
    # the record, the second checks the one it is about to write.
    _active(village)
    head = village.head()
    env = village._env("suzuki", "2026-05-01T10:00:00+09:00")
    env["PYTHONPATH"] = str(INTERRUPT_HOOK)
    env["YAKKAN_TEST_INTERRUPT_VALIDATION"] = f"Record:{nth}"
    proc = subprocess.run(
        [*yakkan_command(), *_backup("検証中")],
        cwd=village.path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert "interrupt-hook: SIGINT inside the validation" in proc.stderr, output
    assert proc.returncode == 130, output
    assert "中断しました" in output, output
    assert "Traceback" not in output, output
    assert village.head() == head
    assert village.status() == ""
    assert not (village.path / ".git" / "yakkan" / "journal.json").exists()


def _hook(village: Village, body: str) -> Path:
    hook = village.path / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\nyakkan=$(awk '{print $4}' /proc/$PPID/stat)\n" + body, encoding="utf-8"
    )
    hook.chmod(0o755)
    return hook


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_ctrl_c_while_the_commit_is_made_reports_the_landed_commit(village: Village) -> None:
    _active(village)
    head = village.head()
    _hook(village, 'kill -INT "$yakkan"\nexit 0\n')
    result = village.yakkan(*_backup("最中"), as_="suzuki")
    assert result.code == 0, result.output
    assert "コミット" in result.stderr
    assert "中断しました" not in result.stderr
    assert village.git("rev-parse", "HEAD^").strip() == head
    assert village.status() == ""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_ctrl_c_while_a_refused_commit_is_made_puts_everything_back(village: Village) -> None:
    _active(village)
    head = village.head()
    _hook(village, 'kill -INT "$yakkan"\necho "hook says no" >&2\nexit 1\n')
    result = village.yakkan(*_backup("最中"), as_="suzuki")
    assert result.code == 1, result.output
    assert "hook says no" in result.stderr
    assert "Traceback" not in result.output
    assert village.head() == head
    assert village.status() == ""
