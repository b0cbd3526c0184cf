"""Every command is documented in docs/commands.md (like sqlite-utils' test_docs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.core
import typer.main

from yakkan_cli.cli.app import app

COMMANDS = Path(__file__).resolve().parents[1] / "docs" / "commands.md"


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return sorted(group.commands)


def test_there_are_commands() -> None:
    assert {"apply", "check", "approve", "reject", "withdraw", "show", "list"} <= set(
        command_names()
    )


@pytest.mark.parametrize("name", command_names())
def test_command_has_a_readme_section(name: str) -> None:
    headings = re.findall(r"^### yakkan ([a-z-]+)", COMMANDS.read_text("utf-8"), flags=re.M)
    assert name in headings, f"docs/commands.md has no '### yakkan {name}' section"
