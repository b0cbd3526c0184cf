"""Reading git history: history, audit, verify."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from yakkan_cli.cli.common import workspace
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.audit import AuditResult

JsonOpt = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]
IdArg = Annotated[str, typer.Argument(metavar="ID", help=t("help.arg.id"))]


def history(ctx: typer.Context, service_id: IdArg, as_json: JsonOpt = False) -> None:
    from yakkan_cli.actions.history import history as history_action
    from yakkan_cli.cli.output import print_json, stdout_console

    entries = history_action(workspace(ctx), service_id)
    if as_json:
        print_json([e.as_dict() for e in entries])
        return
    from rich.table import Table

    table = Table(title=t("view.history_title", id=service_id))
    for key in ("date", "action", "actor", "commit", "state", "changes"):
        table.add_column(t(f"view.col.{key}"))
    for e in entries:
        before = e.state_before.value if e.state_before else "—"
        after = e.state_after.value if e.state_after else "—"
        table.add_row(
            e.date.strftime("%Y-%m-%d %H:%M"),
            e.action,
            e.actor,
            e.commit[:10],
            before if before == after else f"{before} → {after}",
            "\n".join(e.changes) or "—",
        )
    stdout_console().print(table)


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, only for a person watching a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    from yakkan_cli.cli.output import stderr_console

    with Progress(console=stderr_console(), transient=True) as bar:
        task = bar.add_task(t("cli.audit_progress"), total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update


def _report(result: AuditResult, as_json: bool) -> None:
    from yakkan_cli.cli.output import print_json, say, stdout_console

    if as_json:
        print_json(
            {
                "ok": not result.findings,
                "range": result.revisions,
                "commits": result.commits,
                "versions": result.versions,
                "findings": [f.as_dict() for f in result.findings],
                "accepted": [
                    {
                        **a.finding.as_dict(),
                        "reason": a.entry.reason,
                        "by": a.entry.by,
                        "on": a.entry.on.isoformat(),
                    }
                    for a in result.accepted
                ],
            }
        )
    else:
        from rich.table import Table
        from rich.text import Text

        # Commit subjects, paths and messages quote what commits say: never rich markup.
        if result.findings:
            table = Table(title=t("view.findings_title", count=len(result.findings)))
            for key in ("commit", "path", "rule", "message"):
                table.add_column(t(f"view.col.{key}"))
            for f in result.findings:
                table.add_row(Text(f.commit[:10]), Text(f.path), Text(f.rule), Text(f.message))
            stdout_console().print(table)
        if result.accepted:
            table = Table(title=t("view.accepted_title", count=len(result.accepted)))
            for key in ("commit", "path", "rule", "reason", "by"):
                table.add_column(t(f"view.col.{key}"))
            for a in result.accepted:
                f = a.finding
                table.add_row(
                    Text(f.commit[:10]),
                    Text(f.path),
                    Text(f.rule),
                    Text(a.entry.reason),
                    Text(a.entry.by),
                )
            stdout_console().print(table)
    if result.accepted:
        say(t("cli.audit_accepted", count=len(result.accepted)))
    if not result.findings:
        say(t("cli.audit_clean", commits=result.commits, versions=result.versions))
    else:
        say(t("cli.audit_found", count=len(result.findings)))
        raise typer.Exit(1)


def audit(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    from yakkan_cli.actions.audit import run_audit

    ws = workspace(ctx)
    with _progress() as progress:
        result = run_audit(ws, None, progress)
    _report(result, as_json)


def verify(
    ctx: typer.Context,
    revision_range: Annotated[str, typer.Argument(metavar="BASE..HEAD", help=t("help.arg.range"))],
    as_json: JsonOpt = False,
) -> None:
    from yakkan_cli.actions.audit import run_audit

    ws = workspace(ctx)
    with _progress() as progress:
        result = run_audit(ws, revision_range, progress)
    _report(result, as_json)


def register(app: typer.Typer) -> None:
    app.command("history", help=t("help.history"))(history)
    app.command("audit", help=t("help.audit"))(audit)
    app.command("verify", help=t("help.verify"))(verify)
