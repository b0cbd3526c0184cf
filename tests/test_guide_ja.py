"""The screens of the Japanese guide (docs/ja/) are what the real commands print.

Every ```console block of the guide starts with `# 名前` (whose terminal it is) and one
`$ yakkan …` line; the rest of the block is the screen. This test copies the example village
into a fresh git repository, runs the guides' commands in order as those people (on a
pseudo-terminal of 80 columns, as a clerk sees them; dates frozen) and compares each screen
with the guide. After a deliberate change of output,
`YAKKAN_UPDATE_GUIDE=1 pytest tests/test_guide_ja.py` rewrites them.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.terminal import on_a_terminal
from tests.village import clean_env

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "ja"
# The order the guides walk one application through its life.
PAGES = ["shokuin.md", "riyo-sekininsha.md", "kanri-tantosha.md", "kanrisha.md"]
BLOCK = re.compile(
    r"```console\n# (?P<who>[^\n]+)\n\$ (?P<command>[^\n]+)\n(?P<screen>.*?)```", re.S
)


def _village(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "village"
    repo.mkdir()
    shutil.copy(ROOT / "yakkan.yaml", repo / "yakkan.yaml")
    for folder in ("records", "attachments"):
        shutil.copytree(ROOT / folder, repo / folder)
    env = _env("sato@example.jp", "2026-11-19")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "例の村"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    for name in (GUIDE / "files").iterdir():
        shutil.copy(name, repo.parent / name.name)
    config = yaml.safe_load((ROOT / "yakkan.yaml").read_text("utf-8"))
    emails = {p["name"]: p["email"] for p in config["people"]}
    return repo, emails


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
        "YAKKAN_TODAY": day,  # the day the commands check --date against
    }


def _run(repo: Path, email: str, command: str) -> str:
    args = shlex.split(command)
    assert args[0] == "yakkan", command
    day = "2026-11-20"
    for flag in ("--date", "--as-of"):
        if flag in args:
            day = args[args.index(flag) + 1]
    shown = on_a_terminal(repo, _env(email, day), *args[1:])
    assert "Traceback" not in shown, shown
    return shown


def test_the_guide_shows_what_the_commands_print(tmp_path: Path) -> None:
    repo, emails = _village(tmp_path)
    update = os.environ.get("YAKKAN_UPDATE_GUIDE") == "1"
    differ: list[str] = []
    count = 0
    for page in PAGES:
        path = GUIDE / page
        text = path.read_text("utf-8")

        def screen(match: re.Match[str], page: str = page) -> str:
            nonlocal count
            count += 1
            who = match["who"].split("（")[0].strip()
            assert who in emails, f"{page}: {who} is not in yakkan.yaml"
            shown = _run(repo, emails[who], match["command"])
            if shown != match["screen"]:
                differ.append(f"{page}: $ {match['command']}")
            return f"```console\n# {match['who']}\n$ {match['command']}\n{shown}```"

        new = BLOCK.sub(screen, text)
        if update and new != text:
            path.write_text(new, "utf-8")
    assert count >= 10, "the guide has lost its screens"
    if differ and not update:
        pytest.fail(
            "screens of the guide differ from what yakkan prints (regenerate with "
            "YAKKAN_UPDATE_GUIDE=1):\n" + "\n".join(differ)
        )
