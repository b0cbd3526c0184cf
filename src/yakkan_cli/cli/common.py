"""What every command needs: the workspace, dates from flags, reporting an outcome."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from yakkan_cli.errors import UsageProblem
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.workspace import Outcome, Workspace

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def workspace(ctx: typer.Context) -> Workspace:
    from yakkan_cli.actions.workspace import DEFAULT_WAIT_SECONDS, Workspace
    from yakkan_cli.cli.output import say

    options = ctx.find_root().obj or {}
    directory: Path | None = options.get("directory")
    wait: float = options.get("wait", DEFAULT_WAIT_SECONDS)
    return Workspace.open(directory, wait=wait, on_wait=lambda: say(t("vcs.waiting", seconds=wait)))


def parse_day(value: str | None, flag: str) -> date:
    """A date given on the command line, or today when the flag was left out."""
    if value is None:
        return date.today()
    return parse_date_value(value, flag)


def parse_date_value(value: str, flag: str) -> date:
    if _ISO.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UsageProblem(t("cli.bad_date", flag=flag, value=value))


def interactive() -> bool:
    return sys.stdin.isatty()


def report(outcome: Outcome) -> None:
    from yakkan_cli.cli.output import say

    say(t("cli.done", message=outcome.message, commit=outcome.commit[:10]))
    for warning in outcome.warnings:
        say(warning)
