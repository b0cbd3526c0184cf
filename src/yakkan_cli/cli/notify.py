"""`yakkan notify`: reminders by e-mail."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from yakkan_cli.cli.common import parse_day, workspace
from yakkan_cli.messages import t


def notify(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help.opt.dry_run"))] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=t("help.opt.as_of"), metavar="YYYY-MM-DD")
    ] = None,
    state: Annotated[
        Path | None,
        typer.Option("--state", help=t("help.opt.notify_state"), dir_okay=False, metavar="FILE"),
    ] = None,
    if_configured: Annotated[
        bool, typer.Option("--if-configured", help=t("help.opt.if_configured"))
    ] = False,
) -> None:
    from yakkan_cli.actions.notify import as_text
    from yakkan_cli.actions.notify import notify as notify_action
    from yakkan_cli.cli.output import print_error, say, write_message

    day = parse_day(as_of, "--as-of")
    ws = workspace(ctx)
    if if_configured and ws.config.notify is None and not dry_run:
        # A scheduled pipeline set up before SMTP is: green, so that a red means a late task.
        say(t("notify.skipped_unconfigured"))
        return
    result = notify_action(ws, as_of=day, dry_run=dry_run, state_path=state)
    for warning in result.warnings:
        say(warning)
    for err in result.errors:
        print_error(err)
    if dry_run:
        for message in result.messages:
            # The mail as it would be sent, folded only for a person reading it on screen.
            write_message(as_text(message, ws.config.notify), sys.stdout)
            write_message("-" * 40, sys.stdout)
        say(t("notify.dry_run", count=len(result.messages)))
    elif result.sent:
        say(t("notify.sent", count=len(result.sent)))
    elif not result.messages:
        say(t("notify.nothing", days=ws.config.policy.remind_every_days))
    for _message, reason in result.failed:
        say(t("cli.error_prefix") + reason)
    if result.no_address:
        say(t("notify.no_address", names="、".join(result.no_address)))
    if result.failed:
        say(t("notify.failed_count", count=len(result.failed)))
    if result.failed or result.errors or result.no_address:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("notify", help=t("help.notify"))(notify)
