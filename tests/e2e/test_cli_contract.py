"""DESIGN §5: exit codes, JSON on stdout only, messages on stderr, NO_COLOR."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.village import Village, clean_env

ESC = "\x1b["


@pytest.mark.parametrize(
    "args",
    [
        ("--bogus",),
        ("list", "--bogus"),
        ("approve",),  # missing ID
        ("check", "somu-drive", "--mark", "1"),  # not N=MARK
        ("check", "somu-drive", "--mark", "1=maybe"),
        ("check", "somu-drive", "--role", "boss", "--mark", "1=ok"),
        ("apply", "--from", "x.yaml", "--attach", "photo=signup.png"),
        ("list", "--state", "sleeping"),
    ],
)
def test_usage_errors_exit_2(village: Village, args: tuple[str, ...]) -> None:
    village.apply()
    head = village.head()
    result = village.yakkan(*args)
    assert result.code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert village.head() == head
    assert village.status() == ""


def test_no_command_shows_help(village: Village) -> None:
    result = village.yakkan()
    assert result.code in (0, 2)
    assert "apply" in result.output


@pytest.mark.parametrize("command", ["approve", "check", "reject", "withdraw"])
def test_bad_date_exit_2_in_japanese(village: Village, command: str) -> None:
    village.apply()
    head = village.head()
    reason = ("--reason", "x") if command in ("reject", "withdraw") else ()
    result = village.yakkan(command, "somu-drive", "--date", "2026-13-01", *reason)
    assert result.code == 2
    assert "--date" in result.stderr
    assert "2026-13-01" in result.stderr
    assert "年-月-日" in result.stderr  # the form asked for, in words (issue 18 item 9)
    assert village.head() == head


def test_apply_bad_date(village: Village) -> None:
    source = village.application_file()
    result = village.yakkan("apply", "--from", str(source), "--date", "2026-02-30")
    assert result.code == 2
    assert "--date" in result.stderr
    assert not (village.path / "records").exists()


def test_apply_without_from_and_no_tty(village: Village) -> None:
    result = village.yakkan("apply", input="")
    assert result.code == 2
    assert "--from" in result.stderr
    assert "端末" in result.stderr
    assert village.status() == ""


def test_check_without_marks_and_no_tty(village: Village) -> None:
    village.apply()
    result = village.yakkan("check", "somu-drive", "--role", "applicant", input="")
    assert result.code == 2
    assert "--mark" in result.stderr


def test_apply_from_a_missing_file(village: Village) -> None:
    result = village.yakkan("apply", "--from", str(village.files / "nope.yaml"))
    assert result.code == 2
    assert "nope.yaml" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("show", "somu-drive", "--json"),
        ("list", "--json"),
        ("list", "--json", "--state", "applied"),
        ("validate", "--json"),
        ("schema",),
        ("schema", "config"),
    ],
)
def test_json_is_alone_on_stdout(village: Village, args: tuple[str, ...]) -> None:
    village.approved()
    village.apply("somu-mail")
    result = village.ok(*args)
    json.loads(result.stdout)  # nothing else on stdout
    assert ESC not in result.stdout


def test_json_keeps_japanese_and_iso_dates(village: Village) -> None:
    village.approved()
    stdout = village.ok("show", "somu-drive", "--json").stdout
    assert "Google ドライブ" in stdout  # ensure_ascii=False
    assert '"approved_on": "2026-04-01"' in stdout


def test_messages_go_to_stderr(village: Village) -> None:
    result = village.ok("apply", "--from", str(village.application_file()), "--date", "2026-03-20")
    assert result.stdout == ""
    assert "コミット" in result.stderr


def test_outside_a_records_repository(tmp_path: Path, village: Village) -> None:
    result = village.yakkan("-C", str(tmp_path), "list")
    assert result.code == 1
    assert "Traceback" not in result.output


def test_no_color(village: Village) -> None:
    village.approved()
    village.env.update(NO_COLOR="1", FORCE_COLOR="1", TERM="xterm-256color")
    for args in (("list",), ("show", "somu-drive"), ("--help",), ("show", "nope")):
        result = village.yakkan(*args)
        assert ESC not in result.output, args


def _on_a_terminal(village: Village, *args: str, **env: str) -> str:
    """Run yakkan with stdout and stderr on a pseudo-terminal, as a clerk would."""
    import os
    import pty

    from tests.village import yakkan_command

    main, child = pty.openpty()
    environ = {k: v for k, v in village.env.items() if k != "NO_COLOR"} | env
    environ |= {"TERM": "xterm-256color", "GIT_AUTHOR_EMAIL": "yamada@example.jp"}
    proc = subprocess.Popen(
        [*yakkan_command(), *args],
        cwd=village.path,
        env=environ,
        stdout=child,
        stderr=child,
        stdin=subprocess.DEVNULL,
    )
    os.close(child)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=30)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def test_no_color_on_a_terminal(village: Village) -> None:
    village.approved()
    styled = _on_a_terminal(village, "list")
    assert ESC in styled  # the control: a terminal gets styles by default
    plain = _on_a_terminal(village, "list", NO_COLOR="1")
    assert "somu-drive" in plain
    assert ESC not in plain


def test_internal_error_exit_3_without_traceback(tmp_path: Path) -> None:
    # No honest input makes yakkan crash, so a command that fails like a bug is added to
    # the real app in a child process; main() must turn it into exit 3 and a log entry.
    code = (
        "import sys\n"
        "from yakkan_cli.cli.app import app\n"
        "from yakkan_cli.cli.main import main\n"
        "@app.command('boom')\n"
        "def boom() -> None:\n"
        "    secret = 'do-not-print-locals'\n"
        "    raise RuntimeError(secret[:0] + 'bug')\n"
        "sys.exit(main(['boom']))\n"
    )
    env = clean_env() | {"XDG_CACHE_HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert "do-not-print-locals" not in proc.stderr
    assert "内部エラー" in proc.stderr
    assert proc.stdout == ""
    log = tmp_path / "yakkan" / "yakkan.log"
    assert "RuntimeError: bug" in log.read_text("utf-8")


def test_version(village: Village) -> None:
    result = village.ok("--version")
    assert result.stdout.startswith("yakkan ")
