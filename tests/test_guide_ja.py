"""The screens of the Japanese guide (docs/ja/) are what the real commands print.

Regenerate every screen of the guide after a deliberate change of output (or a merge):

    YAKKAN_UPDATE_GUIDE=1 .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_guide_ja.py

Every ```console block of the guide starts with `# [YYYY-MM-DD ]名前` (the day of the screen
and whose terminal it is) and one `$ yakkan …` line; the rest of the block is the screen.
This test does what the guide tells a newcomer: `yakkan demo 練習村` in a folder that holds
the guide's example files (docs/ja/files), then runs every block's command in 練習村 as
that person, all pages together in the order of the calendar (a page tells one role's year;
the village lives the days of all of them), on a pseudo-terminal of 80 columns.

The commands of the guide carry no `--date`: each works on whatever day a reader types it.
The screens are made on the test clock instead: the block's day is yakkan's today
(YAKKAN_TODAY) and git's stamps (GIT_AUTHOR_DATE, GIT_COMMITTER_DATE), so they are the same
on any day the test runs.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.terminal import on_a_terminal
from tests.village import clean_env, yakkan_command

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "ja"
# The start (the practice village), then one page per role.
PAGES = [
    "README.md", "shokuin.md", "riyo-sekininsha.md", "kanri-tantosha.md", "kanrisha.md",
    "joho-security.md",
]  # fmt: skip
BLOCK = re.compile(
    r"```console\n# (?:(?P<day>\d{4}-\d{2}-\d{2}) )?(?P<who>[^\n]+)\n"
    r"\$ (?P<command>[^\n]+)\n(?P<screen>.*?)```",
    re.S,
)
VILLAGE = "練習村"
# The day of a block without one (the practice village is built on its own clock).
FIRST_DAY = "2026-11-20"


@dataclass(frozen=True)
class Block:
    page: str
    position: int
    day: str
    who: str
    command: str
    screen: str
    span: tuple[int, int]


def _blocks() -> list[Block]:
    found = []
    for page in PAGES:
        text = (GUIDE / page).read_text("utf-8")
        for position, match in enumerate(BLOCK.finditer(text)):
            found.append(
                Block(
                    page,
                    position,
                    match["day"] or "",
                    match["who"].split("（")[0].strip(),
                    match["command"],
                    match["screen"],
                    match.span(),
                )
            )
    return found


def _env(email: str, day: str) -> dict[str, str]:
    stamp = f"{day}T10:00:00+09:00"
    return clean_env() | {
        "COLUMNS": "80",
        "GIT_AUTHOR_NAME": email,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": email,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "YAKKAN_TODAY": day,  # the test clock: the day the commands call today
    }


def _run(home: Path, emails: dict[str, str], block: Block) -> str:
    args = shlex.split(block.command)
    assert args[0] == "yakkan", block.command
    # A reader types the command on any day: the day is the test clock's, not the command's.
    assert "--date" not in args, f"{block.page}: {block.command}: no --date in the guide"
    if args[1] == "demo":
        shown = on_a_terminal(home, clean_env(), *args[1:])
    else:
        assert block.who in emails, f"{block.page}: {block.who} is not in yakkan.yaml"
        shown = on_a_terminal(home / VILLAGE, _env(emails[block.who], block.day), *args[1:])
    assert "Traceback" not in shown, shown
    return shown


def test_the_guide_shows_what_the_commands_print(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    for name in (GUIDE / "files").iterdir():
        shutil.copy(name, home / name.name)
    blocks = _blocks()
    assert len(blocks) >= 30, "the guide has lost its screens"
    first = blocks[0]
    assert (first.page, first.command) == ("README.md", f"yakkan demo {VILLAGE}")
    config = yaml.safe_load((ROOT / "yakkan.yaml").read_text("utf-8"))
    emails = {p["name"]: p["email"] for p in config["people"]}
    shown: dict[tuple[str, int], str] = {}
    # The calendar's order across the pages; within a day, the pages' order.
    for block in sorted(blocks, key=lambda b: (b.day or "", PAGES.index(b.page), b.position)):
        shown[block.page, block.position] = _run(home, emails, block)
    differ = [
        f"{b.page}: # {b.day} {b.who} $ {b.command}"
        for b in blocks
        if shown[b.page, b.position] != b.screen
    ]
    if os.environ.get("YAKKAN_UPDATE_GUIDE") == "1":
        for page in PAGES:
            path = GUIDE / page
            text = path.read_text("utf-8")
            for b in sorted((b for b in blocks if b.page == page), key=lambda b: -b.span[0]):
                head = f"# {b.day} " if b.day else "# "
                match = BLOCK.match(text, b.span[0])
                assert match is not None
                who_line = f"{head}{match['who']}"
                new = f"```console\n{who_line}\n$ {b.command}\n{shown[page, b.position]}```"
                text = text[: b.span[0]] + new + text[b.span[1] :]
            path.write_text(text, "utf-8")
        return
    if differ:
        pytest.fail(
            "screens of the guide differ from what yakkan prints (regenerate with "
            "YAKKAN_UPDATE_GUIDE=1, see the top of tests/test_guide_ja.py):\n" + "\n".join(differ)
        )


def test_every_day_of_the_guide_is_a_day_after_the_practice_village() -> None:
    """The guide's days follow the practice village's year, page by page in order: a reader
    who follows one page does its steps in the order they are told."""
    blocks = _blocks()
    for page in PAGES[1:]:
        days = [b.day for b in blocks if b.page == page]
        assert all(days), f"{page}: a screen without its day"
        assert days == sorted(days), f"{page}: days out of order: {days}"
        assert days[0] >= FIRST_DAY


def test_the_guide_starts_with_the_practice_village_and_teaches_no_yaml() -> None:
    """A newcomer starts with `yakkan demo 練習村`, learns where the example files are, and
    the people of the procedure answer yakkan's questions rather than write YAML."""
    start = (GUIDE / "README.md").read_text("utf-8")
    assert start.index(f"$ yakkan demo {VILLAGE}") < start.index("## 2.")
    assert "docs/ja/files" in start
    for name in (GUIDE / "files").iterdir():
        assert name.name in start, f"README.md does not say what {name.name} is for"
    for page in PAGES[1:4]:  # the clerk, the responsible manager, the administrator
        text = (GUIDE / page).read_text("utf-8")
        assert "```yaml" not in text, f"{page} teaches writing YAML by hand"
    clerk = (GUIDE / "shokuin.md").read_text("utf-8")
    for taught in ("続きから入力しますか", "入力した内容:", "どの項目を直しますか", "Ctrl-C"):
        assert taught in clerk, taught


def test_the_guides_commands_work_on_another_day(tmp_path: Path) -> None:
    """A reader types the guide's commands on a day of their own, every one on the same day:
    each does what its screen shows (succeeds, or is refused where the guide shows a
    refusal). The day is one after the retention of the practice village's Dropbox, so the
    disposal may be done; the alert's id carries the day it was registered."""
    day = "2031-05-01"
    home = tmp_path / "home"
    home.mkdir()
    for name in (GUIDE / "files").iterdir():
        shutil.copy(name, home / name.name)
    config = yaml.safe_load((ROOT / "yakkan.yaml").read_text("utf-8"))
    emails = {p["name"]: p["email"] for p in config["people"]}
    failed = []
    for block in sorted(_blocks(), key=lambda b: (b.day or "", PAGES.index(b.page), b.position)):
        command = re.sub(r"alert-\d{8}-", f"alert-{day.replace('-', '')}-", block.command)
        args = shlex.split(command)[1:]
        if args[0] == "demo":
            proc = subprocess.run(
                [*yakkan_command(), *args], cwd=home, env=clean_env(), capture_output=True
            )
        else:
            proc = subprocess.run(
                [*yakkan_command(), *args],
                cwd=home / VILLAGE,
                env=_env(emails[block.who], day),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
            )
        refused_in_the_guide = block.screen.startswith("エラー")
        if (proc.returncode != 0) != refused_in_the_guide:
            failed.append(f"{block.page}: {command} → {proc.returncode}")
    assert failed == []
