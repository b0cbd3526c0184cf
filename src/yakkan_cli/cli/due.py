"""`yakkan due`: overdue and upcoming tasks, as a table, JSON or an iCalendar file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yakkan_cli.cli.common import parse_day, workspace
from yakkan_cli.errors import UsageProblem
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.due import DueReport


def _table(report: DueReport) -> None:
    from rich.table import Table

    from yakkan_cli.cli.output import stdout_console
    from yakkan_cli.forms.wareki import to_wareki

    console = stdout_console()
    if not report.items:
        console.print(t("due.none"))
        return
    table = Table(title=t("due.title", as_of=report.as_of.isoformat(), within=report.within))
    for key in ("service", "department", "task", "due", "overdue", "assignee"):
        table.add_column(t(f"due.col.{key}"), justify="right" if key == "overdue" else "left")
    for item in report.items:
        task = item.task
        table.add_row(
            f"{task.service}\n{item.service_name}",
            item.department_name,
            item.label + (f"\n{task.detail}" if task.task in ("warn",) else ""),
            f"{task.due.isoformat()}\n{to_wareki(task.due)}",
            str(item.days_overdue),
            "、".join(item.assignee_names),
            style="red" if item.overdue else None,
        )
    console.print(table)
    console.print(t("due.footer", overdue=report.overdue, upcoming=report.upcoming))


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
) -> None:
    from yakkan_cli.actions.due import due as due_action
    from yakkan_cli.actions.due import write_ics
    from yakkan_cli.cli.common import department_id
    from yakkan_cli.cli.output import print_error, print_json, say

    day = parse_day(as_of, "--as-of")
    if within is not None and within < 0:
        raise UsageProblem(t("due.bad_within", value=within))
    ws = workspace(ctx)
    report = due_action(
        ws, as_of=day, within=within, department=department_id(ws, department), mine=mine
    )
    for err in report.errors:
        print_error(err)
    if as_json:
        print_json([item.document() for item in report.items])
    else:
        _table(report)
    if ics is not None:
        write_ics(ics, report)
        say(t("due.ics_written", path=ics, count=len(report.items)))
    if exit_code and (report.overdue or report.errors):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("due", help=t("help.due"))(due)
