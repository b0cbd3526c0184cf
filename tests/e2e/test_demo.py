"""`yakkan demo DIR`: the example village, built by running the procedure for a year."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pexpect
from rich.cells import cell_len

from tests.e2e.conftest import DemoAtATerminal
from tests.village import Village, clean_env, yakkan_command

ROOT = Path(__file__).resolve().parents[2]


def files_under(root: Path, *folders: str) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for folder in folders
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }


def test_demo_is_the_example_village_of_this_checkout(demo: Village) -> None:
    """The records here are the demo's (examples/build_village.py copies them)."""
    assert files_under(demo.path, "records", "attachments") == files_under(
        ROOT, "records", "attachments"
    )
    assert (demo.path / "yakkan.yaml").read_bytes() == (ROOT / "yakkan.yaml").read_bytes()
    assert demo.status() == ""


def test_demo_reads_like_real_use(demo: Village) -> None:
    history = json.loads(demo.ok("history", "somu-google-drive", "--json").stdout)
    actions = [(e["action"], e["actor"]) for e in history]
    assert actions[:5] == [
        ("apply", "yamada"),
        ("check", "yamada"),
        ("check", "sato"),
        ("check", "sato"),
        ("approve", "sato"),
    ]
    assert history[0]["date"].startswith("2026-03-20")
    due = json.loads(demo.ok("due", "--as-of", "2026-11-26", "--json").stdout)
    assert ("somu-google-drive", "backup") in {(d["service"], d["task"]) for d in due}
    dates = demo.git("log", "--reverse", "--format=%cs").split()
    assert dates == sorted(dates)  # the calendar's order, as the village lived it


def test_demo_refuses_a_folder_that_is_not_empty(village: Village, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "memo.txt").write_text("大事なメモ", "utf-8")
    result = village.yakkan("demo", str(target))
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    assert str(target) in result.stderr and "空のフォルダ" in result.stderr
    assert [p.name for p in target.iterdir()] == ["memo.txt"]


def test_demo_at_a_terminal_asks_nothing_and_shows_each_step(
    demo_at_a_terminal: DemoAtATerminal,
) -> None:
    """Typed at a terminal and left alone, the demo runs to its end (the fixture waits for
    it: before, each step waited unseen on a question) and says step by step what it does."""
    screen = demo_at_a_terminal.screen
    lines = screen.splitlines()
    assert "よろしいですか" not in screen and "Traceback" not in screen
    progress = [re.match(r"(\d+)/(\d+) (\d{4}-\d{2}-\d{2}) (.+?)：(.+)$", line) for line in lines]
    steps = [m for m in progress if m]
    total = int(steps[0][2])
    assert [int(m[1]) for m in steps] == list(range(1, total + 1))
    assert {int(m[2]) for m in steps} == {total}
    # Who does what on which day, in the calendar's order, in words.
    days = [m[3] for m in steps]
    assert days == sorted(days)
    assert steps[0][4] == "伊藤 健" and steps[0][5] == "kikaku-dropbox の利用を申請"
    assert "2026-09-28 佐藤 花子：somu-google-drive の見直しの判断（継続）" in screen
    assert "kikaku-dropbox の利用終了を承認" in screen
    # A step's line fits the screen: it is not broken by the terminal.
    assert all(cell_len(m[0]) <= 80 for m in steps), screen
    # The first line says what is coming, then one line a step and nothing else (what a
    # step prints stays with the demo), the last ones where the village is.
    assert "練習用の村を作っています" in lines[0]
    assert [m[0] for m in steps] == lines[1 : total + 1]
    assert any("練習用の村を作りました" in line for line in lines[total + 1 :])
    commits = demo_at_a_terminal.village.git("rev-list", "--count", "HEAD").strip()
    assert f"（{commits} 件のコミット）" in screen


def test_ctrl_c_stops_the_demo_and_takes_it_back(tmp_path: Path) -> None:
    """Ctrl-C at a step: 「中断しました」, exit 130, and the empty folder given is empty again
    (the steps run inside the demo's process, so the interrupt must reach the demo itself)."""
    target = tmp_path / "練習村"
    target.mkdir()
    command = yakkan_command()
    child = pexpect.spawn(
        command[0],
        [*command[1:], "demo", str(target)],
        cwd=str(tmp_path),
        env=clean_env() | {"TERM": "xterm", "COLUMNS": "80", "LINES": "24"},
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=120,
    )
    child.expect(r"\n3/\d+ ")
    child.sendcontrol("c")
    child.expect_exact("中断しました")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert target.is_dir() and list(target.iterdir()) == []
