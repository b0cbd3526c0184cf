"""`yakkan reclassify`: move a record onto the village's scale of classes (issue 22)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

import typer

from yakkan_cli.cli.common import YesOpt, described, interactive, parse_day, report, workspace
from yakkan_cli.errors import UsageProblem
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.model import Record
    from yakkan_cli.model.record import InfoClass

IdArg = Annotated[str, typer.Argument(metavar="ID", help=t("help.arg.id"))]
DateOpt = Annotated[
    str | None, typer.Option("--date", help=t("help.opt.date"), metavar="YYYY-MM-DD")
]


def _given(ws: Workspace, values: list[str]) -> dict[int, InfoClass]:
    """`--class 1=3B --class 2=1`: item number → the class on the village's scale."""
    from yakkan_cli.forms.words import class_on

    scheme = ws.config.classification.scheme
    given: dict[int, InfoClass] = {}
    for value in values:
        item, sep, rest = value.partition("=")
        # ASCII digits, and few: a 5,000-digit number must not reach int().
        if not sep or not re.fullmatch(r"[0-9]{1,3}", item.strip()):
            raise UsageProblem(t("cli.bad_item_value", flag="--class", value=value))
        number = int(item)
        if number in given:
            raise UsageProblem(t("cli.reclassify_twice", item=number))
        try:
            given[number] = class_on(scheme, rest)
        except ValueError as problem:
            raise UsageProblem(f"--class {value}: {problem}") from None
    return given


def _asked(ws: Workspace, record: Record) -> dict[int, InfoClass]:
    """Each item's new class, asked one by one with its old class beside it."""
    from yakkan_cli.cli.output import say
    from yakkan_cli.cli.prompts import ask
    from yakkan_cli.forms.words import class_choices, class_on
    from yakkan_cli.rules.tracks import class_label, scheme_label

    scheme = ws.config.classification.scheme
    items = record.application.information
    say(
        t(
            "prompt.reclassify_intro",
            id=record.id,
            old=scheme_label(record.classified_on),
            new=scheme_label(scheme),
            count=len(items),
        )
    )
    choices = "・".join(c.label for c in class_choices(scheme))
    given: dict[int, InfoClass] = {}
    for number, info in enumerate(items, start=1):
        say(
            t(
                "prompt.reclassify_item",
                item=number,
                name=info.name,
                old=class_label(record.classified_on, info.class_),
                personal=t("forms.personal_yes" if info.personal else "forms.personal_no"),
            )
        )
        given[number] = ask(
            t("prompt.reclassify_class", choices=choices),
            lambda text: class_on(scheme, text),
        )
    return given


def reclassify(
    ctx: typer.Context,
    service_id: IdArg,
    classes: Annotated[
        list[str] | None,
        typer.Option("--class", help=t("help.opt.reclassify_class"), metavar="N=3A|3B|3C|2|1"),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help=t("help.opt.reclassify_reason"))
    ] = None,
    yes: YesOpt = False,
    date: DateOpt = None,
) -> None:
    from yakkan_cli.actions.reclassify import may_reclassify
    from yakkan_cli.actions.reclassify import reclassify as action
    from yakkan_cli.cli.prompts import confirm

    on = parse_day(date, "--date")
    ws = workspace(ctx)
    if classes:
        given = _given(ws, classes)
    elif interactive():
        # The rules first: nobody is asked about a move that would then be refused.
        record = may_reclassify(ws, service_id, on=on)
        given = _asked(ws, record)
        confirm(yes, t("prompt.confirm_reclassify", record=described(ws, service_id)))
    else:
        raise UsageProblem(t("cli.needs_flag_no_tty", flag="--class"))
    report(action(ws, service_id, classes=given, reason=reason, on=on))


def register(app: typer.Typer) -> None:
    app.command("reclassify", help=t("help.reclassify"))(reclassify)
