"""What every command needs: the workspace, dates from flags, reporting an outcome."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yakkan_cli.errors import UsageProblem, YakkanError
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.workspace.transaction import Outcome
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.model import State


# The workspace this run of yakkan opened, so that `report` can say what comes next on
# the record a command changed without every command passing it along.
# ASCII digits only: \d would also take full-width ones, which forms.wareki reads (NFKC).
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_opened: list[Workspace] = []
_KEPT = "yakkan.workspace"
_running: list[typer.Context] = []


def running(ctx: typer.Context) -> None:
    """The command line this run of yakkan is working on (set by the global options)."""
    _running[:] = [ctx]


def workspace(ctx: typer.Context) -> Workspace:
    from yakkan_cli.actions.workspace.workspace import DEFAULT_WAIT_SECONDS, Workspace
    from yakkan_cli.cli.output import say

    root = ctx.find_root()
    # Opened once a run: a --date left out already opened it to learn the village's day.
    if isinstance(kept := root.meta.get(_KEPT), Workspace):
        _opened[:] = [kept]
        return kept
    options = root.obj or {}
    directory: Path | None = options.get("directory")
    wait: float = options.get("wait", DEFAULT_WAIT_SECONDS)
    opened = Workspace.open(
        directory,
        wait=wait,
        on_wait=lambda: say(t("vcs.waiting", seconds=wait)),
        use_cache=not options.get("no_cache", False),
    )
    _opened[:] = [opened]
    root.meta[_KEPT] = opened
    return opened


def parse_day(value: str | None, flag: str) -> date:
    """A date given on the command line, or the village's today when the flag was left out
    (on the calendar of yakkan.yaml's `timezone`, whatever the machine's zone)."""
    if value is None:
        if not _running:
            raise AssertionError("parse_day outside a command")
        return workspace(_running[-1]).today()
    return parse_date_value(value, flag)


def parse_date_value(value: str, flag: str) -> date:
    """ISO (2026-12-01) or as a clerk writes it (令和8年12月1日, R8.12.1): forms.wareki."""
    from yakkan_cli.forms.wareki import parse_date

    # Full-width digits and hyphens (２０２６－１２－０１) are the same date typed in Japanese.
    plain = unicodedata.normalize("NFKC", value).strip()
    if _ISO.fullmatch(plain):
        try:
            return date.fromisoformat(plain)
        except ValueError:
            # Written right, but no such day (2026-02-30): say that, not "use YYYY-MM-DD".
            raise UsageProblem(t("cli.date_not_exist", flag=flag, value=value)) from None
    try:
        return parse_date(value)
    except ValueError:
        raise UsageProblem(t("cli.bad_date", flag=flag, value=value)) from None


def interactive() -> bool:
    return sys.stdin.isatty()


def report(outcome: Outcome) -> None:
    from yakkan_cli.cli.output import say

    say(t("cli.done", message=outcome.message, commit=outcome.commit[:10]))
    for warning in outcome.warnings:
        say(warning)
    for line in next_steps(outcome.service_id):
        say(line)


def next_steps(service_id: str) -> list[str]:
    """The next step on the record and who takes it, for the line after a command's report.

    Nothing when the record is gone (disposed) or was several records (an alert)."""
    from yakkan_cli.rules.guidance import describe
    from yakkan_cli.rules.guidance import next_steps as steps_of

    if not _opened or "," in service_id:
        return []
    ws = _opened[0]
    try:
        record = ws.load(service_id).record
    except YakkanError:
        return []
    from yakkan_cli.actions.fulltrack import lists_for

    steps = steps_of(record, ws.config, lists_for(ws, record), ws.today())
    return [t("guide.title"), *(describe(step, ws.config) for step in steps)]


def described(ws: Workspace, service_id: str) -> str:
    """「somu-drive（Google LLC Google ドライブ）」 for a confirmation question."""
    record = ws.load(service_id).record
    return t(
        "prompt.record_named",
        id=service_id,
        name=f"{record.service.provider} {record.service.name}",
    )


YesOpt = Annotated[bool, typer.Option("--yes", help=t("help.opt.yes"))]


def department_id(ws: Workspace, text: str | None) -> str | None:
    """The department `--department` names, by id or by name (総務課); an unknown one is
    passed on unchanged for the use case to refuse with its own message."""
    from yakkan_cli.forms.words import department_of

    if text is None:
        return None
    try:
        return department_of(ws.config, text)
    except ValueError:
        return text


def person_id(ws: Workspace, text: str) -> str:
    """The person a flag names, by id, e-mail, name (鈴木 次郎, 鈴木次郎) or a surname no one
    else in yakkan.yaml has (鈴木); a surname two people share is refused with both of them.
    An unknown one is passed on for the use case to refuse with its own message."""
    from yakkan_cli.forms.words import AmbiguousName, person_of

    try:
        return person_of(ws.config, text)
    except AmbiguousName as problem:
        raise UsageProblem(str(problem)) from None
    except ValueError:
        return text.strip()


def states_of(values: Sequence[str] | None) -> list[State]:
    """The states `--state` names (repeatable), as codes or in words (申請中); an unknown
    one is a usage error listing the states."""
    from yakkan_cli.forms.words import state_of
    from yakkan_cli.model import State

    states: list[State] = []
    for value in values or []:
        try:
            states.append(state_of(value))
        except ValueError:
            raise UsageProblem(
                t("cli.bad_state", value=value, states=", ".join(s.value for s in State))
            ) from None
    return states
