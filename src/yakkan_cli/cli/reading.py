"""Read commands: show, list, validate, fmt, schema, render."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from yakkan_cli.cli.common import parse_day, workspace
from yakkan_cli.errors import UsageProblem, YakkanError
from yakkan_cli.messages import t

JsonOpt = Annotated[bool, typer.Option("--json", help=t("help.opt.json"))]
IdArg = Annotated[str, typer.Argument(metavar="ID", help=t("help.arg.id"))]


def show(
    ctx: typer.Context,
    service_id: IdArg,
    as_json: JsonOpt = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=t("help.opt.show_as_of"), metavar="YYYY-MM-DD")
    ] = None,
) -> None:
    from yakkan_cli.actions.reading import show as show_action
    from yakkan_cli.actions.reading import story_of
    from yakkan_cli.cli.output import print_json
    from yakkan_cli.cli.story.cache import keep_page, page_cache
    from yakkan_cli.cli.story.page import record_view
    from yakkan_cli.store.repo import record_document

    ws = workspace(ctx)
    if as_json:
        print_json(record_document(show_action(ws, service_id).record))
    else:
        today = parse_day(as_of, "--as-of")
        # Opened before the record is read: its clock vouches for the read (keys.trusted).
        pages = page_cache(ws)
        loaded, stamp, digest = ws.repo.load_stamped(service_id, ws.config)
        record_view(story_of(ws, loaded, today=today), ws.config, today)
        if pages is not None and stamp is not None:
            # The next `show` of this record may be answered from it (cli/fast.py).
            keep_page(ws, loaded, pages, stamp, digest)


def list_(
    ctx: typer.Context,
    state: Annotated[list[str] | None, typer.Option("--state", help=t("help.opt.state"))] = None,
    department: Annotated[
        str | None, typer.Option("--department", help=t("help.opt.department"))
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    from yakkan_cli.actions.reading import list_records
    from yakkan_cli.cli.common import department_id, states_of
    from yakkan_cli.cli.output import print_error, print_json_list
    from yakkan_cli.cli.views import list_item, records_table

    states = states_of(state)
    ws = workspace(ctx)
    listing = list_records(ws, states=states, department=department_id(ws, department))
    for err in listing.errors:
        print_error(err)
    if as_json:
        print_json_list(map(list_item, listing.records))
    else:
        records_table(listing.records, ws.config)
    if listing.errors:
        raise typer.Exit(1)


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(metavar="[PATH]...", help=t("help.arg.paths"))
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    from yakkan_cli.actions.reading import validate as validate_action
    from yakkan_cli.cli.output import print_json
    from yakkan_cli.cli.views import print_validation

    try:
        ws = workspace(ctx)
    except YakkanError as err:
        if not as_json:
            raise
        print_json({"ok": False, "checked": 0, "problems": [err.message, *err.details]})
        raise typer.Exit(1) from None
    if print_validation(validate_action(ws, paths or []), as_json=as_json):
        raise typer.Exit(1)


def fmt(
    ctx: typer.Context,
    check: Annotated[bool, typer.Option("--check", help=t("help.opt.fmt_check"))] = False,
) -> None:
    from yakkan_cli.actions.reading import fmt as fmt_action
    from yakkan_cli.cli.output import say

    result = fmt_action(workspace(ctx), check_only=check)
    for problem in result.problems:
        say(problem)
    for rel in result.changed:
        say(t("cli.fmt_would" if check else "cli.fmt_done", path=rel))
    if not result.changed and not result.problems:
        say(t("cli.fmt_clean"))
    if result.problems or (check and result.changed):
        raise typer.Exit(1)


def schema(
    which: Annotated[
        str, typer.Argument(metavar="[record|config]", help=t("help.arg.schema"))
    ] = "record",
) -> None:
    from yakkan_cli.actions.reading import json_schema
    from yakkan_cli.cli.output import print_json

    if which not in ("record", "config"):
        raise UsageProblem(t("cli.bad_schema", value=which))
    print_json(json_schema(which))


def render(
    ctx: typer.Context,
    service_id: IdArg,
    form: Annotated[
        str, typer.Option("--form", help=t("help.opt.form"), metavar="application|termination")
    ] = "application",
    format_: Annotated[
        str, typer.Option("--format", help=t("help.opt.format"), metavar="html|md|pdf")
    ] = "html",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=t("help.opt.output"), dir_okay=False)
    ] = None,
    bundle: Annotated[bool, typer.Option("--bundle", help=t("help.opt.bundle"))] = False,
    blank: Annotated[bool, typer.Option("--blank", help=t("help.opt.blank"))] = False,
) -> None:
    from yakkan_cli.actions.reading import render as render_action
    from yakkan_cli.cli.output import say, visible, write_document

    if form not in ("application", "termination"):
        raise UsageProblem(t("cli.bad_form", value=form))
    if format_ not in ("html", "md", "pdf"):
        raise UsageProblem(t("cli.bad_format", value=format_))
    if bundle and format_ != "pdf":
        raise UsageProblem(t("cli.bundle_needs_pdf"))
    ws = workspace(ctx)
    if format_ == "pdf":
        from yakkan_cli.actions.documents import form_pdf

        data = form_pdf(ws, service_id, form=form, bundle=bundle, blank=blank)
    else:
        text = render_action(ws, service_id, form=form, fmt_name=format_, blank=blank)
        if output is None and sys.stdout.isatty():
            # On a screen the form is read, so what a record holds is shown, not obeyed; into
            # a pipe or a file it is the document itself, byte for byte.
            text = visible(text)
        data = text.encode("utf-8")
    write_document(data, output, binary=format_ == "pdf")
    if output is not None:
        say(t("cli.rendered", path=output))


def register(app: typer.Typer) -> None:
    app.command("show", help=t("help.show"))(show)
    app.command("list", help=t("help.list"))(list_)
    app.command("validate", help=t("help.validate"))(validate)
    app.command("fmt", help=t("help.fmt"))(fmt)
    app.command("schema", help=t("help.schema"))(schema)
    app.command("render", help=t("help.render"))(render)
