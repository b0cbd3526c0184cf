"""`recover`: finish or undo what an interrupted yakkan left (DESIGN §4)."""

from __future__ import annotations

import typer

from yakkan_cli.cli.common import workspace
from yakkan_cli.messages import t


def recover(ctx: typer.Context) -> None:
    from yakkan_cli.actions.workspace.recovery import Outcome
    from yakkan_cli.actions.workspace.recovery import recover as recover_action
    from yakkan_cli.cli.output import say

    result = recover_action(workspace(ctx))
    if result.locks_removed:
        say(t("recover.locks", paths=", ".join(result.locks_removed)))
    what = {"command": result.command, "started": result.started}
    if result.outcome is Outcome.LANDED:
        say(t("recover.landed", commit=(result.commit or "")[:10], **what))
    elif result.outcome is Outcome.FINISHED:
        say(t("recover.finished", commit=(result.commit or "")[:10], **what))
    elif result.outcome is Outcome.UNDONE:
        say(t("recover.undone", **what))
    elif result.outcome is Outcome.UNDONE_SIGNED:
        say(t("recover.undone_signed", **what))
    elif result.outcome is Outcome.MOVED:
        say(t("recover.moved", **what))
    elif result.command is not None:
        say(t("recover.untouched", **what))
    if result.temps_removed:
        say(t("recover.temps", count=result.temps_removed))
    if result.unexplained and result.outcome is not Outcome.MOVED:
        say(t("recover.unexplained"))
    for line in result.unexplained:
        say(f"  {line}")
    if result.locks_left:
        say(t("recover.locks_left", paths=", ".join(result.locks_left)))
    nothing_done = result.command is None and not result.temps_removed and not result.unexplained
    if nothing_done and not result.locks_left:
        say(t("recover.nothing"))
    if result.unexplained or result.locks_left:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("recover", help=t("help.recover"))(recover)
