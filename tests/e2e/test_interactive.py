"""`apply` and `check` asked in a real terminal (a pseudo-terminal), as a clerk would answer."""

from __future__ import annotations

import os
import select
import subprocess
import time

from tests.village import Village, yakkan_command


def run_in_terminal(
    village: Village, args: list[str], answers: list[str], person: str
) -> tuple[int, str]:
    """Run yakkan with a pty as stdin/stdout, typing `answers` one line at a time."""
    master, slave = os.openpty()
    env = village._env(person, None)
    proc = subprocess.Popen(
        [*yakkan_command(), *args],
        cwd=village.path,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    screen = b""
    pending = list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
            # Answer a question once its prompt (ending in ": ") is on the screen.
            if pending and screen.rstrip(b" ").endswith((b":", b"]:")):
                os.write(master, (pending.pop(0) + "\n").encode("utf-8"))
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(master)
    return proc.returncode, screen.decode("utf-8", "replace")


def test_apply_asks_every_field_and_checks_each_answer(village: Village) -> None:
    signup = str(village.files / "signup.png")
    terms = str(village.files / "terms.pdf")
    answers = [
        "Somu_Drive",  # rejected: upper case and underscore
        "somu-drive",
        "somu",
        "Google LLC",
        "Google ドライブ",
        "会議資料の共有",
        "storage",  # rejected: not a category
        "file_storage",
        "",  # no terms URL
        "",  # data location: default domestic
        "会議資料の事前共有",
        "2026-02-30",  # rejected: no such day
        "2026-04-01",
        "",  # open-ended
        "suzuki",
        "会議資料",
        "5",  # rejected: classes are 1-4
        "3",
        "n",
        "",  # no more information kinds
        "総務課 職員",
        "",
        "",  # users_count: default 1
        "庁内ファイルサーバ",
        signup,
        terms,
        "",  # no more attachments
    ]
    code, screen = run_in_terminal(village, ["apply", "--date", "2026-03-20"], answers, "yamada")
    assert code == 0, screen
    assert "もう一度入力してください" in screen
    assert "提供会社名" in screen
    record = village.record_text("somu-drive")
    assert "state: applied" in record
    assert "category: file_storage" in record
    assert "administrator: suzuki" in record
    assert "kind: signup" in record and "kind: terms" in record
    assert village.subjects()[0].startswith("apply(somu-drive):")
    assert village.status() == ""


def test_check_asks_item_by_item(village: Village) -> None:
    village.apply()
    answers = ["ok", "maybe", "ok", "", "ok", "ok", "ok", "ok", "ok", "ok"]
    code, screen = run_in_terminal(
        village, ["check", "somu-drive", "--date", "2026-03-20"], answers, "yamada"
    )
    assert code == 0, screen
    assert "本村とサービス事業者間の通信方式" in screen
    record = village.record_text("somu-drive")
    # item 3 was left blank (kept unmarked); the others are marked in the applicant column
    assert record.count("applicant: ok") == 7
