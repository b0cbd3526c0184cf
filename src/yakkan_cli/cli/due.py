"""`yakkan due`: overdue and upcoming tasks, as a table, JSON or an iCalendar file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yakkan_cli.cli.common import parse_day, workspace
from yakkan_cli.errors import UsageProblem
from yakkan_cli.messages import t

MAX_WITHIN_DAYS = 3660


def due(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=t("help.opt.as_of"), metavar="YYYY-MM-DD")
    ] = None,
    within: Annotated[
        int | None, typer.Option("--within", help=t("help.opt.within"), metavar="DAYS")
    ] = None,
    department: Annotated[
        str | None, typer.Option("--department", help=t("help.opt.due_department"))
    ] = None,
    mine: Annotated[bool, typer.Option("--mine", help=t("help.opt.mine"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.opt.json"))] = False,
    exit_code: Annotated[bool, typer.Option("--exit-code", help=t("help.opt.exit_code"))] = False,
    ics: Annotated[
        Path | None, typer.Option("--ics", help=t("help.opt.ics"), dir_okay=False, metavar="FILE")
    ] = None,
    ics_dir: Annotated[
        Path | None,
        typer.Option("--ics-dir", help=t("help.opt.ics_dir"), file_okay=False, metavar="DIR"),
    ] = None,
) -> None:
    from yakkan_cli.actions.due import due as due_action
    from yakkan_cli.actions.due import write_ics, write_ics_dir
    from yakkan_cli.cli.common import department_id
    from yakkan_cli.cli.output import print_error, print_json_list, say
    from yakkan_cli.cli.views import due_table

    day = parse_day(as_of, "--as-of")
    # Ten years ahead is more than any task of the procedure; a bigger number would only
    # overflow the date arithmetic.
    if within is not None and not 0 <= within <= MAX_WITHIN_DAYS:
        raise UsageProblem(t("due.bad_within", value=within, limit=MAX_WITHIN_DAYS))
    ws = workspace(ctx)
    report = due_action(
        ws, as_of=day, within=within, department=department_id(ws, department), mine=mine
    )
    for err in report.errors:
        print_error(err)
    if as_json:
        print_json_list(item.document() for item in report.items)
    else:
        due_table(report)
    if ics is not None:
        write_ics(ics, report)
        say(t("due.ics_written", path=ics, count=len(report.items)))
    if ics_dir is not None:
        people = [p.id for p in ws.config.people]
        written = write_ics_dir(ics_dir, report, people)
        say(t("due.ics_dir_written", path=ics_dir, count=len(written)))
    if exit_code and (report.overdue or report.errors):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("due", help=t("help.due"))(due)
