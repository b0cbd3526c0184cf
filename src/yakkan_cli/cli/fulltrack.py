"""`yakkan ismap check`: the full track's registrations against the imported lists (issue 22).

A subcommand of the `ismap` group (cli/ismap.py), added to it by `register`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from yakkan_cli.cli.common import parse_day, workspace
from yakkan_cli.cli.help import JapaneseCommand
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.fulltrack import Checked, IsmapCheck
    from yakkan_cli.model import Config
    from yakkan_cli.rules.guidance import Step


def _service_line(checked: Checked) -> str:
    record = checked.record
    name = f"{record.service.provider} {record.service.name}"
    if checked.problem is not None:
        problem = checked.problem
        said = t(f"ismap_check.{problem.kind}", **problem.facts)
        return t("ismap_check.bad", id=record.id, name=name, problem=said)
    if checked.excepted and record.ismap_exception is not None:
        given = record.ismap_exception
        return t(
            "ismap_check.excepted",
            id=record.id,
            name=name,
            on=given.approved_on,
            reason=given.reason.splitlines()[0],
        )
    ismap = record.service.ismap
    assert ismap is not None and ismap.list_ is not None  # no problem: a listed registration
    return t(
        "ismap_check.good",
        id=record.id,
        name=name,
        registration=ismap.registration,
        label=t(f"register.ismap_list.{ismap.list_.value}"),
    )


def _lists_used(result: IsmapCheck) -> list[str]:
    """The lists the checked services name (ismap, ismap-liu), each once."""
    found = {
        c.record.service.ismap.list_.value
        for c in result.services
        if c.record.service.ismap is not None and c.record.service.ismap.list_ is not None
    }
    return sorted(found - {"none"})


def _steps(result: IsmapCheck, config: Config) -> list[Step]:
    """次の手順: who acts on each problem, and the command they run."""
    from yakkan_cli.rules import fulltrack
    from yakkan_cli.rules.guidance import Step

    admins = tuple(config.security_administrators)
    command = "yakkan ismap import {file} --list {list} --retrieved 取得日"
    steps: list[Step] = []
    imports: dict[str, str] = {}  # list → what to say
    for checked in result.problems:
        problem = checked.problem
        assert problem is not None
        if problem.kind in (fulltrack.NOT_IMPORTED, fulltrack.STALE):
            which = str(problem.facts["list"])
            imports.setdefault(
                which,
                t(f"ismap_check.step_{problem.kind}", label=t(f"register.ismap_list.{which}")),
            )
        else:
            record = checked.record
            steps.append(
                Step(
                    config.responsible_of(record.department),
                    t("ismap_check.step_registration", id=record.id),
                    f"yakkan suspend {record.id}",
                )
            )
    for which, what in sorted(imports.items()):
        steps.append(Step(admins, what, command.format(file=t("guide.file"), list=which)))
    if not steps:
        # All is well: the next thing due is the lists' next import.
        limit = timedelta(days=config.policy.ismap_snapshot_max_age_days)
        used = _lists_used(result)
        for which, snapshot in sorted(result.lists.items()):
            if which.value in used:
                due = snapshot.retrieved_on + limit
                what = t(
                    "ismap_check.step_next_import",
                    label=t(f"register.ismap_list.{which.value}"),
                    due=due,
                )
                steps.append(
                    Step(admins, what, command.format(file=t("guide.file"), list=which.value))
                )
    if not steps:
        # Nothing relies on a list yet: the security administrators check again later.
        steps.append(Step(admins, t("ismap_check.step_later"), "yakkan ismap check"))
    return steps


def _document(result: IsmapCheck, config: Config) -> dict[str, object]:
    """`ismap check --json`: one object whose keys are the same whatever was found."""
    from yakkan_cli.model.ismap import IsmapList

    limit = config.policy.ismap_snapshot_max_age_days
    used = _lists_used(result)
    lists = []
    for which in IsmapList:
        snapshot = result.lists.get(which)
        lists.append(
            {
                "list": which.value,
                "used": which.value in used,
                "imported": snapshot is not None,
                "retrieved_on": snapshot.retrieved_on.isoformat() if snapshot else None,
                "age_days": (result.as_of - snapshot.retrieved_on).days if snapshot else None,
                "max_age_days": limit,
            }
        )
    services = []
    for checked in result.services:
        record = checked.record
        ismap = record.service.ismap
        problem = checked.problem
        status = "excepted" if checked.excepted else "valid"
        if problem is not None:
            status = "problem"
        services.append(
            {
                "service": record.id,
                "service_name": f"{record.service.provider} {record.service.name}",
                "department": record.department,
                "list": ismap.list_.value if ismap is not None and ismap.list_ else None,
                "registration": ismap.registration if ismap is not None else None,
                "status": status,
                "problem": problem.kind if problem is not None else None,
                "message": (t(f"ismap_check.{problem.kind}", **problem.facts) if problem else None),
            }
        )
    return {
        "as_of": result.as_of.isoformat(),
        "ok": not result.problems and not result.errors,
        "lists": lists,
        "services": services,
        "others": list(result.others),
        "problems": len(result.problems),
        "errors": [str(err) for err in result.errors],
        "next": [
            {"who": list(step.who), "what": step.what, "command": step.command}
            for step in _steps(result, config)
        ],
    }


def check(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None, typer.Argument(metavar="[ID]...", help=t("help.arg.ismap_check_ids"))
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help=t("help.opt.ismap_check_as_of"), metavar="YYYY-MM-DD"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.opt.json"))] = False,
) -> None:
    from yakkan_cli.actions.fulltrack import ismap_check
    from yakkan_cli.cli.output import print_error, print_json, print_line, say
    from yakkan_cli.rules.guidance import describe

    day = parse_day(as_of, "--as-of")
    ws = workspace(ctx)
    result = ismap_check(ws, ids or [], as_of=day)
    for err in result.errors:
        print_error(err)
    config = ws.config
    if as_json:
        print_json(_document(result, config))
        if result.problems or result.errors:
            raise typer.Exit(1)
        return
    limit = config.policy.ismap_snapshot_max_age_days
    print_line(t("ismap_check.title", as_of=day, count=len(result.services)))
    from yakkan_cli.model.ismap import IsmapList

    for which in _lists_used(result):
        snapshot = result.lists.get(IsmapList(which))
        if snapshot is None:
            print_line(t("ismap_check.list_missing", label=t(f"register.ismap_list.{which}")))
        else:
            days = (day - snapshot.retrieved_on).days
            print_line(
                t(
                    "ismap_check.list",
                    label=t(f"register.ismap_list.{which}"),
                    retrieved=snapshot.retrieved_on,
                    days=days,
                    limit=limit,
                )
            )
    for checked in result.services:
        print_line(_service_line(checked))
    if result.others:
        print_line(t("ismap_check.others", ids="、".join(result.others)))
    if result.problems:
        print_line(t("ismap_check.found", count=len(result.problems)))
    elif result.services:
        print_line(t("ismap_check.all_well"))
    else:
        print_line(t("ismap_check.none_in_use"))
    say(t("guide.title"))
    for step in _steps(result, config):
        say(describe(step, config))
    if result.problems or result.errors:
        raise typer.Exit(1)


def register(group: typer.Typer) -> None:
    """Add `check` to the `ismap` group (before the group joins the application)."""
    group.command("check", help=t("help.ismap_check"), cls=JapaneseCommand)(check)
