"""Commands of the application lifecycle: apply, check, approve, reject, withdraw."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yakkan_cli.cli.common import YesOpt, described, interactive, parse_day, report, workspace
from yakkan_cli.cli.prompts import confirm, flag_or_ask
from yakkan_cli.errors import UsageProblem
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.application import MarkInput
    from yakkan_cli.actions.workspace.transaction import Outcome
    from yakkan_cli.model import AttachmentKind
    from yakkan_cli.rules.roles import Role

DateOpt = Annotated[
    str | None, typer.Option("--date", help=t("help.opt.date"), metavar="YYYY-MM-DD")
]


def parse_attachments(values: list[str]) -> list[tuple[AttachmentKind, Path]]:
    from yakkan_cli.forms.words import kind_of, kinds_offered

    parsed: list[tuple[AttachmentKind, Path]] = []
    kinds = kinds_offered()
    for value in values:
        kind, sep, file = value.partition("=")
        if not sep or not file:
            raise UsageProblem(t("cli.bad_attach", value=value, kinds=kinds))
        try:
            parsed.append((kind_of(kind), Path(file).expanduser()))
        except ValueError:
            raise UsageProblem(t("cli.bad_attach_kind", kind=kind, kinds=kinds)) from None
    return parsed


def parse_mark(text: str, flag: str) -> MarkInput:
    from yakkan_cli.actions.application import MarkInput
    from yakkan_cli.cli.prompts.marks import split_mark

    try:
        mark, note = split_mark(text)
    except ValueError:
        raise UsageProblem(t("cli.bad_mark", flag=flag, value=text)) from None
    return MarkInput(mark, note)


def _role_of(text: str) -> Role:
    from yakkan_cli.forms.words import Choice, choose
    from yakkan_cli.rules.roles import Role

    columns = [Choice(r.value, t(f"column.{r.value}")) for r in (Role.APPLICANT, Role.RESPONSIBLE)]
    try:
        return Role(choose(text, columns, what="--role"))
    except ValueError:
        raise UsageProblem(t("cli.bad_role", value=text)) from None


def _item_of(value: str, flag: str) -> tuple[int, str]:
    item, sep, rest = value.partition("=")
    # ASCII digits, and few: items are 1-8; a 5,000-digit number must not reach int().
    if not sep or not re.fullmatch(r"[0-9]{1,3}", item.strip()):
        raise UsageProblem(t("cli.bad_item_value", flag=flag, value=value))
    return int(item), rest


def apply(
    ctx: typer.Context,
    from_file: Annotated[
        Path | None, typer.Option("--from", help=t("help.opt.from"), dir_okay=False, metavar="FILE")
    ] = None,
    attach: Annotated[
        list[str] | None, typer.Option("--attach", help=t("help.opt.attach"), metavar="KIND=FILE")
    ] = None,
    like: Annotated[
        str | None, typer.Option("--like", help=t("help.opt.like"), metavar="OLD-ID")
    ] = None,
    new_id: Annotated[
        str | None, typer.Option("--id", help=t("help.opt.new_id"), metavar="NEW-ID")
    ] = None,
    date: DateOpt = None,
) -> None:
    from yakkan_cli.actions.application import apply_from_text, apply_like

    on = parse_day(date, "--date")
    attachments = parse_attachments(attach or [])
    if like is not None and from_file is not None:
        raise UsageProblem(t("cli.like_and_from"))
    if new_id is not None and like is None:
        raise UsageProblem(t("cli.id_needs_like"))
    ws = workspace(ctx)
    if like is not None:
        from yakkan_cli.actions.application import may_apply_like

        if new_id is None and interactive():
            may_apply_like(ws, like)
        new_id = flag_or_ask(new_id, "--id", t("prompt.id")).strip()
        report(apply_like(ws, like, new_id, attachments=attachments, on=on))
        return
    if from_file is None:
        if not interactive():
            raise UsageProblem(t("cli.needs_flag_no_tty", flag="--from"))
        from yakkan_cli.cli.output import say
        from yakkan_cli.cli.prompts.application import ask_application
        from yakkan_cli.cli.prompts.interview import run_form

        # Who is acting is settled before the first question, not after the last.
        actor = ws.actor()
        say(t("prompt.apply_intro"))

        def commit(answers: tuple[str, list[tuple[AttachmentKind, Path]]]) -> Outcome:
            text, extra = answers
            return apply_from_text(
                ws, text, t("cli.interactive_source"), attachments=[*attachments, *extra], on=on
            )

        outcome = run_form(
            ws,
            f"apply-{actor.id}",
            "yakkan apply",
            lambda form: ask_application(ws, form, frozenset(k for k, _ in attachments)),
            t("prompt.decide_apply"),
            commit,
        )
    else:
        from yakkan_cli.store.files import os_reason

        try:
            text_bytes = from_file.read_bytes()
        except OSError as exc:
            raise UsageProblem(
                t("cli.cannot_read", path=from_file, reason=os_reason(exc))
            ) from None
        outcome = apply_from_text(ws, text_bytes, str(from_file), attachments=attachments, on=on)
    report(outcome)


def check(
    ctx: typer.Context,
    service_id: Annotated[str, typer.Argument(metavar="ID", help=t("help.arg.id"))],
    role: Annotated[
        str | None, typer.Option("--role", help=t("help.opt.role"), metavar="applicant|responsible")
    ] = None,
    mark: Annotated[
        list[str] | None,
        typer.Option("--mark", help=t("help.opt.mark"), metavar="N=ok|ng|na[:NOTE]"),
    ] = None,
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help=t("help.opt.evidence"), metavar="N=FILE")
    ] = None,
    date: DateOpt = None,
) -> None:
    from yakkan_cli.actions import application as actions
    from yakkan_cli.rules.roles import Role, pending_applicant

    on = parse_day(date, "--date")
    marks: dict[int, MarkInput] = {}
    given: dict[int, str] = {}
    for value in mark or []:
        item, rest = _item_of(value, "--mark")
        if item in given:
            # Two marks for one item is a slip of the hand; keeping either would record
            # something the person may not have meant.
            raise UsageProblem(t("cli.mark_repeated", item=item, first=given[item], second=value))
        given[item] = value
        marks[item] = parse_mark(rest, "--mark")
    files: dict[int, list[Path]] = {}
    for value in evidence or []:
        item, rest = _item_of(value, "--evidence")
        files.setdefault(item, []).append(Path(rest))
    ws = workspace(ctx)
    if role is None:
        loaded = ws.load(service_id)
        chosen = (
            Role.APPLICANT
            if ws.actor().id == pending_applicant(loaded.record)
            else Role.RESPONSIBLE
        )
    else:
        chosen = _role_of(role)
    if not marks and not files:
        if not interactive():
            raise UsageProblem(t("cli.needs_flag_no_tty", flag="--mark"))
        from yakkan_cli.cli.prompts.interview import run_form
        from yakkan_cli.cli.prompts.marks import ask_marks
        from yakkan_cli.rules import lifecycle, readiness, roles
        from yakkan_cli.rules.lifecycle import Action
        from yakkan_cli.rules.violation import RuleViolation

        # State and column are checked before the first question, not after the last.
        record = ws.load(service_id).record
        actor = ws.actor()
        lifecycle.require_state(Action.CHECK, record.state, service_id)
        roles.require_check_role(chosen, ws.config, record, actor.id)
        if early := readiness.double_check_problem(record, chosen):
            raise RuleViolation(early)
        report(
            run_form(
                ws,
                f"check-{service_id}-{chosen.value}-{actor.id}",
                f"yakkan check {service_id}",
                lambda form: ask_marks(ws, service_id, chosen, form),
                t("prompt.decide_check"),
                lambda given: actions.check(
                    ws, service_id, role=chosen, marks=given, evidence=files, on=on
                ),
            )
        )
        return
    report(actions.check(ws, service_id, role=chosen, marks=marks, evidence=files, on=on))


def approve(
    ctx: typer.Context,
    service_id: Annotated[str, typer.Argument(metavar="ID", help=t("help.arg.id"))],
    exception_reason: Annotated[
        str | None, typer.Option("--exception-reason", help=t("help.opt.exception_reason"))
    ] = None,
    ismap_exception_reason: Annotated[
        str | None,
        typer.Option("--ismap-exception-reason", help=t("help.opt.ismap_exception_reason")),
    ] = None,
    storage_exception_reason: Annotated[
        str | None,
        typer.Option("--storage-exception-reason", help=t("help.opt.storage_exception_reason")),
    ] = None,
    date: DateOpt = None,
    yes: YesOpt = False,
) -> None:
    from yakkan_cli.actions.application import approve as approve_action
    from yakkan_cli.actions.application import may_approve
    from yakkan_cli.model import State

    on = parse_day(date, "--date")
    ws = workspace(ctx)
    reasons = {
        "exception_reason": exception_reason,
        "ismap_exception_reason": ismap_exception_reason,
        "storage_exception_reason": storage_exception_reason,
    }
    if not yes and interactive():
        # The rules `approve` applies, before the question: a form that cannot be
        # approved is refused now, not after 「はい」.
        record = may_approve(ws, service_id, on=on, **reasons)
        terminating = record.state is State.TERMINATING
        key = "prompt.confirm_approve_termination" if terminating else "prompt.confirm_approve"
        from yakkan_cli.actions.amend import changed_since_double_check
        from yakkan_cli.cli.output import say

        # Told with the question: what the double-check did not see (issue 18.6).
        if changed := changed_since_double_check(ws, ws.load(service_id)):
            say(t("prompt.confirm_changed", fields="、".join(changed)))
        from yakkan_cli.rules.fulltrack import is_full_track

        if not terminating and is_full_track(record):
            from yakkan_cli.cli.prompts.fulltrack import approval_facts

            for line in approval_facts(ws, record, ismap_exception=bool(ismap_exception_reason)):
                say(line)
        confirm(yes, t(key, record=described(ws, service_id)))
    report(approve_action(ws, service_id, on=on, **reasons))


def reject(
    ctx: typer.Context,
    service_id: Annotated[str, typer.Argument(metavar="ID", help=t("help.arg.id"))],
    reason: Annotated[str | None, typer.Option("--reason", help=t("help.opt.reason"))] = None,
    date: DateOpt = None,
    yes: YesOpt = False,
) -> None:
    from yakkan_cli.actions.application import may_reject
    from yakkan_cli.actions.application import reject as reject_action

    on = parse_day(date, "--date")
    ws = workspace(ctx)
    if interactive() and not (yes and reason is not None):
        may_reject(ws, service_id, on=on)
    reason = flag_or_ask(reason, "--reason", t("prompt.reason"))
    if not yes and interactive():
        confirm(yes, t("prompt.confirm_reject", record=described(ws, service_id), reason=reason))
    report(reject_action(ws, service_id, on=on, reason=reason))


def withdraw(
    ctx: typer.Context,
    service_id: Annotated[str, typer.Argument(metavar="ID", help=t("help.arg.id"))],
    reason: Annotated[str | None, typer.Option("--reason", help=t("help.opt.reason"))] = None,
    date: DateOpt = None,
    yes: YesOpt = False,
) -> None:
    from yakkan_cli.actions.application import may_withdraw
    from yakkan_cli.actions.application import withdraw as withdraw_action

    on = parse_day(date, "--date")
    ws = workspace(ctx)
    if not yes and interactive():
        from yakkan_cli.model import State

        terminating = may_withdraw(ws, service_id, on=on).state is State.TERMINATING
        key = "prompt.confirm_withdraw_termination" if terminating else "prompt.confirm_withdraw"
        confirm(yes, t(key, record=described(ws, service_id)))
    report(withdraw_action(ws, service_id, on=on, reason=reason))


def register(app: typer.Typer) -> None:
    for command in (apply, check, approve, reject, withdraw):
        app.command(help=t(f"help.{command.__name__}"))(command)
