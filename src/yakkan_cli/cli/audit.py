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
    from yakkan_cli.actions.history import timeline
    from yakkan_cli.cli.output import print_json
    from yakkan_cli.cli.views import history_table

    found = timeline(workspace(ctx), service_id)
    if as_json:
        print_json([e.as_dict() for e in found.entries])
        return
    history_table(service_id, found.entries, found.names)


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
    from yakkan_cli.cli.output import print_json, say

    if as_json:
        counts = {}
        if result.judged is not None:
            counts = {"judged": result.judged, "remembered": result.remembered}
        print_json(
            {
                "ok": not result.findings,
                "range": result.revisions,
                "commits": result.commits,
                "versions": result.versions,
                **counts,
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
        from yakkan_cli.cli.views import accepted_table, findings_table

        if result.findings:
            findings_table([(f.commit, f.path, f.rule, f.message) for f in result.findings])
        if result.accepted:
            accepted_table(
                [
                    (a.finding.commit, a.finding.path, a.finding.rule, a.entry.reason, a.entry.by)
                    for a in result.accepted
                ]
            )
    if result.accepted:
        say(t("cli.audit_accepted", count=len(result.accepted)))
    if result.remembered:
        say(t("cli.audit_remembered", remembered=result.remembered, judged=result.judged))
    if not result.findings:
        say(t("cli.audit_clean", commits=result.commits, versions=result.versions))
    else:
        say(t("cli.audit_found", count=len(result.findings)))
        raise typer.Exit(1)


def audit(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    full: Annotated[bool, typer.Option("--full", help=t("help.opt.full"))] = False,
) -> None:
    from yakkan_cli.actions.audit import run_audit

    ws = workspace(ctx)
    with _progress() as progress:
        result = run_audit(ws, None, progress, full=full)
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
