"""Commands of the end of a service: terminate (S7) and dispose (S5.4)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yakkan_cli.cli.common import (
    YesOpt,
    described,
    interactive,
    parse_date_value,
    parse_day,
    report,
    workspace,
)
from yakkan_cli.errors import UsageProblem
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.workspace.transaction import Outcome
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.model import AttachmentKind

IdArg = Annotated[str, typer.Argument(metavar="ID", help=t("help.arg.id"))]


def terminate(
    ctx: typer.Context,
    service_id: IdArg,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", help=t("help.opt.terminate_from"), dir_okay=False, metavar="FILE"),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help=t("help.opt.termination_reason"))
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", help=t("help.opt.end"), metavar="YYYY-MM-DD")
    ] = None,
    attach: Annotated[
        list[str] | None, typer.Option("--attach", help=t("help.opt.attach"), metavar="KIND=FILE")
    ] = None,
    date_: Annotated[
        str | None, typer.Option("--date", help=t("help.opt.date"), metavar="YYYY-MM-DD")
    ] = None,
) -> None:
    from yakkan_cli.actions import termination as actions
    from yakkan_cli.cli.application import parse_attachments
    from yakkan_cli.store.files import os_reason

    on = parse_day(date_, "--date")
    attachments: list[tuple[AttachmentKind, Path]] = parse_attachments(attach or [])
    given = [flag for flag, value in (("--reason", reason), ("--end", end)) if value is not None]
    if from_file is not None and given:
        raise UsageProblem(t("cli.terminate_from_and_flags", flags=" / ".join(given)))
    end_on = parse_date_value(end, "--end") if end is not None else None
    ws = workspace(ctx)
    if from_file is not None:
        try:
            text = from_file.read_bytes()
        except OSError as exc:
            raise UsageProblem(
                t("cli.cannot_read", path=from_file, reason=os_reason(exc))
            ) from None
        report(
            actions.terminate_from_text(
                ws, service_id, text, str(from_file), attachments=attachments, on=on
            )
        )
        return
    if reason is not None and end_on is not None:
        report(_file(ws, service_id, reason, end_on, attachments, on))
        return
    if not interactive():
        missing = "--reason" if reason is None else "--end"
        raise UsageProblem(t("cli.needs_flag_no_tty", flag=missing))
    from yakkan_cli.cli.output import say
    from yakkan_cli.cli.prompts.interview import run_form
    from yakkan_cli.cli.prompts.termination import ask_termination

    # Who may file and whether the record can be terminated: known before the first question.
    actor = ws.actor()
    actions.may_terminate(ws, service_id, on=on)
    say(t("prompt.terminate_intro"))
    have = {kind for kind, _ in attachments}
    given_reason, given_end = reason, end_on

    def commit(answers: tuple[str, date, list[tuple[AttachmentKind, Path]]]) -> Outcome:
        why, until, extra = answers
        return _file(ws, service_id, why, until, [*attachments, *extra], on)

    report(
        run_form(
            ws,
            f"terminate-{service_id}-{actor.id}",
            f"yakkan terminate {service_id}",
            lambda form: ask_termination(form, reason=given_reason, end_on=given_end, have=have),
            t("prompt.decide_terminate"),
            commit,
        )
    )


def _file(
    ws: Workspace,
    service_id: str,
    reason: str,
    end_on: date,
    attachments: list[tuple[AttachmentKind, Path]],
    on: date,
) -> Outcome:
    from yakkan_cli.actions import termination as actions

    return actions.terminate(
        ws,
        service_id,
        section={"reason": reason, "end_on": end_on.isoformat()},
        text="",
        source=t("cli.flags_source"),
        attachments=attachments,
        on=on,
    )


def dispose(
    ctx: typer.Context,
    service_id: IdArg,
    date_: Annotated[
        str | None, typer.Option("--date", help=t("help.opt.dispose_date"), metavar="YYYY-MM-DD")
    ] = None,
    yes: YesOpt = False,
) -> None:
    from yakkan_cli.actions.termination import dispose as dispose_action
    from yakkan_cli.actions.termination import may_dispose
    from yakkan_cli.cli.prompts import confirm

    on = parse_day(date_, "--date")
    ws = workspace(ctx)
    if not yes and interactive():
        # Nothing is asked about a disposal the retention period (S5.4) would refuse.
        may_dispose(ws, service_id, on=on)
        confirm(yes, t("prompt.confirm_dispose", record=described(ws, service_id)))
    report(dispose_action(ws, service_id, on=on))


def register(app: typer.Typer) -> None:
    for command in (terminate, dispose):
        app.command(help=t(f"help.{command.__name__}"))(command)
