"""Documents for people without a terminal: the register (台帳) and the site for managers."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from yakkan_cli.cli.common import department_id, parse_day, states_of, workspace
from yakkan_cli.errors import UsageProblem
from yakkan_cli.messages import t


def register_(
    ctx: typer.Context,
    format_: Annotated[
        str,
        typer.Option("--format", help=t("help.opt.register_format"), metavar="xlsx|csv|html|pdf"),
    ] = "xlsx",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=t("help.opt.output"), dir_okay=False)
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=t("help.opt.as_of"), metavar="YYYY-MM-DD")
    ] = None,
    state: Annotated[
        list[str] | None, typer.Option("--state", help=t("help.opt.state"), metavar="STATE")
    ] = None,
    department: Annotated[
        str | None, typer.Option("--department", help=t("help.opt.due_department"))
    ] = None,
    fiscal_year: Annotated[
        int | None, typer.Option("--fiscal-year", help=t("help.opt.fiscal_year"), metavar="YEAR")
    ] = None,
) -> None:
    from yakkan_cli.actions.due import due
    from yakkan_cli.actions.register import build_register
    from yakkan_cli.cli.output import print_error, say, write_document
    from yakkan_cli.forms import register as writers

    if format_ not in writers.FORMATS:
        raise UsageProblem(t("cli.bad_register_format", value=format_))
    if fiscal_year is not None and not 2000 <= fiscal_year <= 2200:
        raise UsageProblem(t("cli.bad_fiscal_year", value=fiscal_year))
    states = states_of(state)
    day = parse_day(as_of, "--as-of")
    ws = workspace(ctx)
    department = department_id(ws, department)
    register = build_register(
        ws, as_of=day, states=states, department=department, fiscal_year=fiscal_year
    )
    for err in register.errors:
        print_error(err)
    if format_ == "csv":
        data = writers.to_csv(register)
    elif format_ == "xlsx":
        report = due(ws, as_of=day, department=department)
        due_headers = [t(f"due.col.{k}") for k in ("service", "department", "task", "due")]
        due_headers += [t("due.col.overdue"), t("due.col.assignee")]
        due_rows: list[list[object]] = [
            [i.task.service, i.department_name, i.label, i.task.due, i.lateness,
             "、".join(i.assignee_names)]
            for i in report.items
        ]  # fmt: skip
        data = writers.to_xlsx(register, due_rows, due_headers)
    else:
        html = writers.to_html(register)
        if format_ == "html":
            data = html.encode("utf-8")
        else:
            from yakkan_cli.forms.pdf import PageFrame, render_pdf

            frame = PageFrame(
                t("register.title", org=register.organization),
                t("register.as_of", day=day.isoformat()),
                landscape=True,
            )
            data = render_pdf(html, frame, author=register.organization, created=day)
    write_document(data, output, binary=format_ in ("xlsx", "pdf"))
    if output is not None:
        say(t("register.written", path=output, count=len(register.rows)))
    if register.errors:
        raise typer.Exit(1)


@contextmanager
def progress_bar(title: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, only for a person watching a terminal: a site with PDFs
    takes about 1.5 s per form."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    from yakkan_cli.cli.output import stderr_console

    with Progress(console=stderr_console(), transient=True) as bar:
        task = bar.add_task(title, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update


def site(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help=t("help.opt.site_output"), metavar="DIR"),
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=t("help.opt.as_of"), metavar="YYYY-MM-DD")
    ] = None,
    department: Annotated[
        str | None, typer.Option("--department", help=t("help.opt.due_department"))
    ] = None,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help=t("help.opt.no_pdf"))] = False,
) -> None:
    from yakkan_cli.actions.site import build_site
    from yakkan_cli.cli.output import print_error, say

    day = parse_day(as_of, "--as-of")
    ws = workspace(ctx)
    department = department_id(ws, department)
    with progress_bar(t("site.progress")) as progress:
        result = build_site(
            ws, output, as_of=day, department=department, pdf=not no_pdf, progress=progress
        )
    for err in result.errors:
        print_error(err)
    say(t("site.written", path=result.path / "index.html", count=result.services,
          pdfs=result.pdfs))  # fmt: skip
    if result.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("register", help=t("help.register"))(register_)
    app.command("site", help=t("help.site"))(site)
