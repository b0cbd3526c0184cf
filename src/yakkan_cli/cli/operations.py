"""Commands while a service is in use (S5.3, S6): acknowledge, backup-log, purpose-check,
review, suspend, resume, alert, warn, and reassign (S3.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from yakkan_cli.cli.common import (
    YesOpt,
    interactive,
    parse_day,
    person_id,
    report,
    workspace,
)
from yakkan_cli.cli.prompts import ask, flag_or_ask
from yakkan_cli.errors import UsageProblem
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from datetime import date

    from yakkan_cli.actions.workspace.transaction import Outcome
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.model import Decision, Review

IdArg = Annotated[str, typer.Argument(metavar="ID", help=t("help.arg.id"))]
DateOpt = Annotated[
    str | None, typer.Option("--date", help=t("help.opt.date"), metavar="YYYY-MM-DD")
]
NoteOpt = Annotated[str | None, typer.Option("--note", help=t("help.opt.note"))]
ServicesOpt = Annotated[
    list[str] | None,
    typer.Option("--services", help=t("help.opt.services"), metavar="ID[,ID...]"),
]


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def acknowledge(
    ctx: typer.Context, service_id: IdArg, date: DateOpt = None, yes: YesOpt = False
) -> None:
    from yakkan_cli.actions.operations import acknowledge as action
    from yakkan_cli.actions.operations import may_acknowledge
    from yakkan_cli.cli.prompts import typed_word
    from yakkan_cli.forms.items import RISK_HEADING, RISK_TEXTS

    on = parse_day(date, "--date")
    ws = workspace(ctx)
    if not yes and interactive():
        may_acknowledge(ws, service_id, on=on)
        # S5.3: what is recorded is that the administrator understood these four risks,
        # so they are shown here and acknowledged in words, not with a bare y.
        typed_word(RISK_HEADING, list(RISK_TEXTS), t("prompt.understood"))
    report(action(ws, service_id, on=on))


def backup_log(
    ctx: typer.Context,
    service_id: IdArg,
    method: Annotated[str | None, typer.Option("--method", help=t("help.opt.method"))] = None,
    location: Annotated[str | None, typer.Option("--location", help=t("help.opt.location"))] = None,
    note: NoteOpt = None,
    date: DateOpt = None,
) -> None:
    from yakkan_cli.actions.operations import backup_log as action
    from yakkan_cli.actions.operations import may
    from yakkan_cli.rules.lifecycle import Action

    on = parse_day(date, "--date")
    ws = workspace(ctx)
    if (method is None or location is None) and interactive():
        may(ws, service_id, Action.BACKUP, on=on)
    method = flag_or_ask(method, "--method", t("prompt.backup_method"))
    location = flag_or_ask(location, "--location", t("prompt.backup_location"))
    report(action(ws, service_id, method=method, location=location, note=note, on=on))


def purpose_check(
    ctx: typer.Context,
    service_id: IdArg,
    matches: Annotated[
        bool | None, typer.Option("--matches/--mismatch", help=t("help.opt.matches"))
    ] = None,
    note: NoteOpt = None,
    date: DateOpt = None,
) -> None:
    from yakkan_cli.actions.operations import may
    from yakkan_cli.actions.operations import purpose_check as action
    from yakkan_cli.cli.prompts import ask, yes_no
    from yakkan_cli.cli.prompts.checks import required
    from yakkan_cli.rules.lifecycle import Action

    on = parse_day(date, "--date")
    ws = workspace(ctx)
    if interactive():
        may(ws, service_id, Action.PURPOSE_CHECK, on=on)
    if matches is None:
        if not interactive():
            raise UsageProblem(t("cli.needs_flag_no_tty", flag="--matches / --mismatch"))
        matches = yes_no(t("prompt.purpose_matches"), default=True)
    if not matches and not (note and note.strip()) and interactive():
        # S6.6: a mismatch is recorded with what differs; ask rather than stop.
        note = ask(t("prompt.purpose_note"), required)
    report(action(ws, service_id, matches=matches, note=note, on=on))


def review(
    ctx: typer.Context,
    service_id: IdArg,
    content_changed: Annotated[
        bool, typer.Option("--content-changed", help=t("help.opt.content_changed"))
    ] = False,
    terms_changed: Annotated[
        bool, typer.Option("--terms-changed", help=t("help.opt.terms_changed"))
    ] = False,
    overseas: Annotated[bool, typer.Option("--overseas", help=t("help.opt.overseas"))] = False,
    decision: Annotated[
        str | None,
        typer.Option(
            "--decision", help=t("help.opt.decision"), metavar="continue|suspend|terminate"
        ),
    ] = None,
    note: NoteOpt = None,
    date: DateOpt = None,
    yes: YesOpt = False,
) -> None:
    from yakkan_cli.actions import operations as actions
    from yakkan_cli.forms.words import decision_of

    on = parse_day(date, "--date")
    chosen: Decision | None = None
    if decision is not None:
        try:
            chosen = decision_of(decision)
        except ValueError:
            raise UsageProblem(
                t(
                    "cli.ops_bad_choice",
                    flag="--decision",
                    value=decision,
                    choices="継続（continue）、停止（suspend）、終了（terminate）",
                )
            ) from None
    ws = workspace(ctx)
    findings = content_changed or terms_changed or overseas
    asking = interactive() and not yes
    pending = actions.decision_pending(
        ws, service_id, findings=findings, decision=chosen, asking=asking
    )
    if pending is not None:
        # The decision on the review that waits for one (S6.1), asked of the one who
        # decides; not a new review whose three answers nobody would keep.
        report(_decide(ws, service_id, pending, chosen, note, on, yes=yes))
        return
    if interactive():
        record = actions.may_review(ws, service_id, decision=chosen, on=on)
        if not (findings or yes):
            from yakkan_cli.cli.prompts.review import ask_findings

            # A review with no finding flag would record "nothing changed" without anyone
            # having said so; on a terminal the three questions of S6.1/S6.2 are asked.
            content_changed, terms_changed, overseas = ask_findings(ws.config, record)
    report(
        actions.review(
            ws,
            service_id,
            content_changed=content_changed,
            terms_changed=terms_changed,
            overseas=overseas,
            decision=chosen,
            note=note,
            on=on,
        )
    )


def _decide(
    ws: Workspace,
    service_id: str,
    pending: Review,
    chosen: Decision | None,
    note: str | None,
    on: date,
    *,
    yes: bool,
) -> Outcome:
    from yakkan_cli.actions import operations as actions
    from yakkan_cli.cli.prompts import confirm

    if interactive() and not yes:
        from yakkan_cli.cli.prompts.review import ask_decision, ask_decision_note, show_pending

        actions.may_decide(ws, service_id, on=on)
        show_pending(ws.config, pending)
        if chosen is None:
            chosen = ask_decision()
            if note is None:
                note = ask_decision_note()
        confirm(
            yes,
            t(
                "prompt.confirm_decide",
                on=pending.on,
                decision=t(f"decision.{chosen.value}"),
            ),
        )
    assert chosen is not None  # without a terminal, only a given --decision gets here
    return actions.decide(ws, service_id, decision=chosen, note=note, on=on)


def suspend(
    ctx: typer.Context,
    service_id: IdArg,
    reason: Annotated[
        str | None, typer.Option("--reason", help=t("help.opt.suspend_reason"))
    ] = None,
    date: DateOpt = None,
) -> None:
    from yakkan_cli.actions.operations import may
    from yakkan_cli.actions.operations import suspend as action
    from yakkan_cli.rules.lifecycle import Action

    on = parse_day(date, "--date")
    ws = workspace(ctx)
    if reason is None and interactive():
        may(ws, service_id, Action.SUSPEND, on=on)
    reason = flag_or_ask(reason, "--reason", t("prompt.reason"))
    report(action(ws, service_id, reason=reason, on=on))


def resume(
    ctx: typer.Context,
    service_id: IdArg,
    note: Annotated[str | None, typer.Option("--note", help=t("help.opt.resume_note"))] = None,
    date: DateOpt = None,
) -> None:
    from yakkan_cli.actions.operations import may_resume
    from yakkan_cli.actions.operations import resume as action

    on = parse_day(date, "--date")
    ws = workspace(ctx)
    if note is None and interactive():
        may_resume(ws, service_id, on=on)
    note = flag_or_ask(note, "--note", t("help.opt.resume_note"))
    report(action(ws, service_id, note=note, on=on))


def alert(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Option("--title", help=t("help.opt.title"))] = None,
    services: ServicesOpt = None,
    users: Annotated[
        list[str] | None,
        typer.Option("--users", help=t("help.opt.users"), metavar="NAME[,NAME...]"),
    ] = None,
    date: DateOpt = None,
) -> None:
    from yakkan_cli.actions.operations import alert as action
    from yakkan_cli.actions.operations import may
    from yakkan_cli.rules.lifecycle import Action

    on = parse_day(date, "--date")
    ids = _split(services)
    if not ids:
        raise UsageProblem(t("cli.ops_needs_flag", flag="--services"))
    ws = workspace(ctx)
    if title is None and interactive():
        for sid in ids:
            may(ws, sid, Action.ALERT, on=on)
    title = flag_or_ask(title, "--title", t("help.opt.title"))
    report(action(ws, ids, title=title, users=_split(users), on=on))


def warn(
    ctx: typer.Context,
    alert_id: Annotated[str, typer.Argument(metavar="ALERT_ID", help=t("help.arg.alert"))],
    services: ServicesOpt = None,
    note: NoteOpt = None,
    date: DateOpt = None,
) -> None:
    from yakkan_cli.actions.operations import warn as action

    on = parse_day(date, "--date")
    ids = _split(services)
    if not ids:
        raise UsageProblem(t("cli.ops_needs_flag", flag="--services"))
    report(action(workspace(ctx), alert_id, ids, note=note, on=on))


def reassign(
    ctx: typer.Context,
    service_id: IdArg,
    administrator: Annotated[
        str | None,
        typer.Option("--administrator", help=t("help.opt.administrator"), metavar="PERSON"),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help=t("help.opt.reassign_reason"))
    ] = None,
    date: DateOpt = None,
) -> None:
    from yakkan_cli.actions.reassign import may_reassign
    from yakkan_cli.actions.reassign import reassign as action

    on = parse_day(date, "--date")
    ws = workspace(ctx)
    if administrator is None and interactive():
        may_reassign(ws, service_id, on=on)
        from yakkan_cli.forms.words import person_of

        # Asked again until one person is meant (a surname two people share is not).
        chosen = ask(t("prompt.new_administrator"), lambda text: person_of(ws.config, text))
    else:
        named = flag_or_ask(administrator, "--administrator", t("prompt.new_administrator"))
        chosen = person_id(ws, named)
    report(action(ws, service_id, administrator=chosen, reason=reason, on=on))


def register(app: typer.Typer) -> None:
    for name, command in (
        ("acknowledge", acknowledge),
        ("backup-log", backup_log),
        ("purpose-check", purpose_check),
        ("review", review),
        ("suspend", suspend),
        ("resume", resume),
        ("alert", alert),
        ("warn", warn),
        ("reassign", reassign),
    ):
        app.command(name, help=t(f"help.{name}"))(command)
