"""`yakkan ismap …`: the ISMAP cloud service lists (issue 22.3): import, find.

The group is registered as `ismap`; each subcommand is a function here, added by
`register` (another module may add its own subcommand to `ismap_app`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yakkan_cli.cli.common import parse_date_value, parse_day, workspace
from yakkan_cli.cli.help import JapaneseCommand, JapaneseGroup
from yakkan_cli.errors import UsageProblem
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.model.ismap import Column, IsmapList

ismap_app = typer.Typer(
    cls=JapaneseGroup,
    name="ismap",
    help=t("help.ismap"),
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ListOpt = Annotated[
    str, typer.Option("--list", help=t("help.opt.ismap_list"), metavar="ismap|ismap-liu")
]


def _columns(values: list[str] | None) -> dict[Column, str]:
    from yakkan_cli.rules.ismap.headings import column_of

    found: dict[Column, str] = {}
    for value in values or []:
        field, sep, heading = value.partition("=")
        if not sep or not field.strip() or not heading.strip():
            raise UsageProblem(t("ismap.bad_column_flag", value=value))
        try:
            found[column_of(field)] = heading.strip()
        except ValueError as err:
            raise UsageProblem(str(err)) from None
    return found


def _list_name(value: str) -> IsmapList:
    from yakkan_cli.model.ismap import IsmapList

    try:
        return IsmapList(value.strip())
    except ValueError:
        raise UsageProblem(t("help.bad_ismap_list", value=value)) from None


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help=t("help.arg.ismap_file"))],
    list_name: ListOpt,
    retrieved: Annotated[
        str, typer.Option("--retrieved", help=t("help.opt.retrieved"), metavar="YYYY-MM-DD")
    ],
    source: Annotated[
        str | None, typer.Option("--source", help=t("help.opt.ismap_source"), metavar="URL")
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option("--column", help=t("help.opt.ismap_column"), metavar="FIELD=見出し"),
    ] = None,
) -> None:
    from yakkan_cli.actions.ismap import import_list, may_import
    from yakkan_cli.cli.output import say

    chosen = _list_name(list_name)
    columns = _columns(column)
    day = parse_date_value(retrieved, "--retrieved")
    ws = workspace(ctx)
    may_import(ws)  # before the file is read: a clerk learns at once who may
    done = import_list(
        ws, file, list_name=chosen, retrieved=day, source_url=source, columns=columns
    )
    if done.commit is None:
        say(done.message)
    else:
        say(t("cli.done", message=done.message, commit=done.commit[:10]))
    who = "、".join(ws.config.name_of(p) for p in done.next_who)
    say(t("guide.title"))
    say(t("guide.step", who=who, what=t("ismap.next_check"), command="yakkan ismap check"))


def find(
    ctx: typer.Context,
    name: Annotated[list[str], typer.Argument(metavar="NAME", help=t("help.arg.ismap_name"))],
    list_name: Annotated[
        str | None,
        typer.Option("--list", help=t("help.opt.ismap_find_list"), metavar="ismap|ismap-liu"),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=t("help.opt.as_of"), metavar="YYYY-MM-DD")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.opt.json"))] = False,
) -> None:
    from yakkan_cli.actions.ismap import administrators, find_entries, list_title
    from yakkan_cli.cli.output import print_json, print_line, say
    from yakkan_cli.errors import YakkanError
    from yakkan_cli.model.ismap import IsmapList

    lists = list(IsmapList) if list_name is None else [_list_name(list_name)]
    ws = workspace(ctx)
    day = parse_day(as_of, "--as-of")
    query = " ".join(name)
    found, present = find_entries(ws, query, lists=lists, on=day)
    if not present:
        if len(lists) == 1:
            title = list_title(lists[0])
            raise YakkanError(t("ismap.no_snapshot", list=title, names=administrators(ws)))
        raise YakkanError(t("ismap.no_snapshot_at_all", names=administrators(ws)))
    if as_json:
        print_json(
            [
                {
                    "list": c.list_name.value,
                    "retrieved_on": c.retrieved_on.isoformat(),
                    "valid_on_as_of": c.valid,
                    **c.entry.model_dump(mode="json", exclude_none=True),
                }
                for c in found
            ]
        )
        return
    if not found:
        titles = "・".join(list_title(p) for p in present)
        print_line(t("ismap.not_found", name=query, lists=titles))
        return
    say(t("ismap.found_header", name=query, count=len(found)))
    for c in found:
        print_line(
            t(
                "ismap.found_line",
                registration=c.entry.registration,
                service=c.entry.service,
                provider=c.entry.provider,
                until=c.entry.valid_until.isoformat(),
                state=t("ismap.found_valid") if c.valid else t("ismap.found_expired"),
                list=c.list_name.value,
                day=c.retrieved_on.isoformat(),
            )
        )


def register(app: typer.Typer) -> None:
    for name, command in (("import", import_), ("find", find)):
        ismap_app.command(name, help=t(f"help.ismap_{name}"), cls=JapaneseCommand)(command)
    app.add_typer(ismap_app, name="ismap", help=t("help.ismap"))
