"""Commands that fix the pending form before it is decided: attach, edit."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yakkan_cli.cli.common import interactive, parse_day, report, workspace
from yakkan_cli.errors import UsageProblem, YakkanError
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from datetime import date as date_type

    from yakkan_cli.actions.workspace.transaction import Outcome
    from yakkan_cli.actions.workspace.workspace import Workspace

IdArg = Annotated[str, typer.Argument(metavar="ID", help=t("help.arg.id"))]
DateOpt = Annotated[
    str | None, typer.Option("--date", help=t("help.opt.date"), metavar="YYYY-MM-DD")
]


def attach(
    ctx: typer.Context,
    service_id: IdArg,
    files: Annotated[
        list[str] | None,
        typer.Argument(metavar="KIND=FILE...", help=t("help.arg.attach_files")),
    ] = None,
    date: DateOpt = None,
) -> None:
    from yakkan_cli.actions.amend import attach as action
    from yakkan_cli.cli.application import parse_attachments

    on = parse_day(date, "--date")
    if not files:
        raise UsageProblem(t("cli.attach_needs_files"))
    report(action(workspace(ctx), service_id, parse_attachments(files), on=on))


def _assignments(values: list[str]) -> list[tuple[str, str]]:
    parsed: list[tuple[str, str]] = []
    for value in values:
        field, sep, raw = value.partition("=")
        if not sep or not field.strip():
            raise UsageProblem(t("cli.bad_set", value=value))
        parsed.append((field.strip(), raw.strip()))
    return parsed


def edit(
    ctx: typer.Context,
    service_id: IdArg,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help=t("help.opt.set"), metavar="FIELD=VALUE"),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", help=t("help.opt.edit_from"), dir_okay=False, metavar="FILE"),
    ] = None,
    date: DateOpt = None,
    yaml: Annotated[bool, typer.Option("--yaml", help=t("help.opt.edit_yaml"))] = False,
) -> None:
    from yakkan_cli.actions import amend
    from yakkan_cli.store.files import os_reason

    on = parse_day(date, "--date")
    if set_ and from_file is not None:
        raise UsageProblem(t("cli.set_and_from"))
    if yaml and (set_ or from_file is not None):
        raise UsageProblem(t("cli.yaml_and_flags"))
    ws = workspace(ctx)
    if set_:
        report(amend.edit_set(ws, service_id, _assignments(set_), on=on))
        return
    if from_file is not None:
        try:
            text = from_file.read_bytes()
        except OSError as exc:
            raise UsageProblem(
                t("cli.cannot_read", path=from_file, reason=os_reason(exc))
            ) from None
        report(amend.edit_from_text(ws, service_id, text, str(from_file), on=on))
        return
    if not interactive():
        raise UsageProblem(t("cli.needs_flag_no_tty", flag="--set / --from"))
    if yaml:
        report(_edit_in_editor(ws, service_id, on))
        return
    from yakkan_cli.cli.prompts.edit import edit_pending_form

    report(edit_pending_form(ws, service_id, on))


def _edit_in_editor(ws: Workspace, service_id: str, on: date_type) -> Outcome:
    """$EDITOR on the editable sections. The text is kept in a draft inside .git/ (never
    committed) until the edit is committed, so a mistake loses nothing: the next `edit`
    starts from the draft, and the message says how to use it with --from."""
    from yakkan_cli.actions import amend
    from yakkan_cli.cli.output import say
    from yakkan_cli.store.files import os_reason

    draft = ws.git.git_dir / f"yakkan-edit-{service_id}.yaml"
    resumed = draft.is_file()
    if resumed:
        say(t("cli.edit_draft_resumed", path=draft))
    else:
        draft.write_text(amend.editable_text(ws, service_id), encoding="utf-8")
    before = draft.read_bytes()
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        code = subprocess.run([*shlex.split(editor), str(draft)], check=False).returncode
    except OSError as exc:
        raise YakkanError(t("cli.editor_failed", editor=editor, reason=os_reason(exc))) from None
    if code != 0:
        raise YakkanError(t("cli.editor_failed", editor=editor, reason=f"exit {code}"))
    text = draft.read_bytes()
    if text == before and not resumed:
        draft.unlink()
        raise YakkanError(t("cli.edit_no_change"))
    try:
        outcome = amend.edit_from_text(ws, service_id, text, draft.name, on=on)
    except YakkanError as err:
        raise YakkanError(
            err.message, details=[*err.details, t("cli.edit_draft_kept", path=draft, id=service_id)]
        ) from None
    draft.unlink()
    return outcome


def register(app: typer.Typer) -> None:
    app.command("attach", help=t("help.attach"))(attach)
    app.command("edit", help=t("help.edit"))(edit)
