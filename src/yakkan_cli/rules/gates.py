"""Whether an act can happen: the rules each action applies before it changes anything.

Each gate is a pure function of the record as it stands, yakkan.yaml, the person acting,
the day given and what was asked for; it returns nothing or raises RuleViolation saying
why not. The action runs its gate inside its transaction, on the record it is about to
change; the command runs the very same gate before its first question (through
`Workspace.may`), so that nobody is asked 「よろしいですか」 about an act that would then be
refused, and the two cannot drift apart.
"""

from __future__ import annotations

from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Decision, Record, RetentionBasis, State
from yakkan_cli.rules import fulltrack, lifecycle, readiness, retention, roles
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.schedule import pending_review
from yakkan_cli.rules.violation import RuleViolation


def not_before(on: date, earliest: date, what: str) -> None:
    if on < earliest:
        raise RuleViolation(t("actions.date_before", date=on, what=what, earliest=earliest))


def _state_and_role(action: Action, record: Record, config: Config, actor: str) -> None:
    lifecycle.require_state(action, record.state, record.id)
    roles.require_role(action, config, record, actor)


# --- the forms: approve, reject, withdraw ------------------------------------------------------


def approve(
    record: Record,
    config: Config,
    actor: str,
    on: date,
    *,
    exception_reason: str | None,
    ismap_exception_reason: str | None = None,
    storage_exception_reason: str | None = None,
    lists: fulltrack.Lists = fulltrack.NO_LISTS,
) -> None:
    """`approve`: the application or the termination form, when every rule is met.

    `lists`: the newest imported snapshot of each ISMAP list, which the full track's
    registration rule reads (the action loads them; this stays pure)."""
    _state_and_role(Action.APPROVE, record, config, actor)
    waivers = fulltrack.Waivers(exception_reason, ismap_exception_reason, storage_exception_reason)
    if record.state is State.TERMINATING:
        assert record.termination is not None  # the model requires it while terminating
        if waivers.ismap or waivers.storage:
            raise RuleViolation(t("fulltrack.exception_on_termination"))
        not_before(on, record.termination.filed_on, t("field.filed_on"))
        blockers = readiness.termination_blockers(record)
    else:
        not_before(on, record.application.applied_on, t("field.applied_on"))
        problems = fulltrack.waiver_problems(record, config, lists, on, waivers)
        if problems:
            raise RuleViolation(problems[0], details=problems[1:])
        blockers = fulltrack.approval_blockers(record, config, lists=lists, on=on, waivers=waivers)
    if blockers:
        raise RuleViolation(t("actions.not_ready", id=record.id), details=blockers)


def reject(record: Record, config: Config, actor: str, on: date) -> None:
    _state_and_role(Action.REJECT, record, config, actor)
    not_before(on, record.application.applied_on, t("field.applied_on"))


def withdraw(record: Record, config: Config, actor: str, on: date) -> None:
    _state_and_role(Action.WITHDRAW, record, config, actor)
    if record.state is State.TERMINATING and record.termination is not None:
        not_before(on, record.termination.filed_on, t("field.filed_on"))
    else:
        not_before(on, record.application.applied_on, t("field.applied_on"))


# --- in use (S5.3, S6) ----------------------------------------------------------------------


def operate(action: Action, record: Record, config: Config, actor: str, on: date) -> None:
    """An operation on a service in use: its state, the actor's role, a day after approval."""
    _state_and_role(action, record, config, actor)
    if record.approval is None:
        raise RuleViolation(t("actions.ops_not_approved", id=record.id))
    not_before(on, record.approval.approved_on, t("actions.ops_field_approved_on"))


def acknowledge(record: Record, config: Config, actor: str, on: date) -> None:
    operate(Action.ACKNOWLEDGE, record, config, actor, on)
    approval = record.approval
    assert approval is not None
    if approval.risk_acknowledged_by:
        raise RuleViolation(
            t(
                "actions.already_acknowledged",
                id=record.id,
                on=approval.risk_acknowledged_on,
                name=config.name_of(approval.risk_acknowledged_by),
            )
        )


def review(
    record: Record, config: Config, actor: str, on: date, *, decision: Decision | None
) -> None:
    """A new quarterly review; with a decision, only a responsible manager may give it.

    While a review waits for its decision, no new one: the newer review would become the
    last, and the change the earlier one found would never be decided on."""
    operate(Action.REVIEW, record, config, actor, on)
    if decision is not None:
        roles.require_role(Action.DECIDE, config, record, actor)
    pending = pending_review(record)
    if decision is None and pending is not None:
        names = "、".join(config.name_of(p) for p in config.responsible_of(record.department))
        raise RuleViolation(
            t("actions.review_waits_for_decision", id=record.id, day=pending.on, names=names)
        )


def decide(record: Record, config: Config, actor: str, on: date) -> None:
    """The decision (継続・停止・終了) on the review waiting for one."""
    operate(Action.DECIDE, record, config, actor, on)
    pending = pending_review(record)
    if pending is None:
        raise RuleViolation(t("actions.nothing_to_decide", id=record.id))
    not_before(on, pending.on, t("actions.ops_field_review_on"))


def is_decision(record: Record, *, findings: bool, decision: Decision | None, asking: bool) -> bool:
    """Whether `review` on `record` is the decision on its pending review rather than a
    new review: no finding was given, a review waits for a decision, and either a decision
    was given or (`asking`: on a terminal, nothing given) the decision is to be asked."""
    if findings or pending_review(record) is None:
        return False
    return decision is not None or asking


def resume(record: Record, config: Config, actor: str, on: date) -> None:
    operate(Action.RESUME, record, config, actor, on)
    for suspension in record.suspensions:
        if suspension.resumed_on is None:
            not_before(on, suspension.on, t("actions.ops_field_suspended_on"))


def reassign(record: Record, config: Config, actor: str, on: date) -> None:
    """人事異動 (S3.2): who may name a new administrator, and when. `on` is checked by the
    date rule of every action; the person named is checked once named."""
    del on
    _state_and_role(Action.REASSIGN, record, config, actor)


def reclassify(record: Record, config: Config, actor: str, on: date) -> None:
    """`reclassify` (issue 22): a record on another scale than the village's, moved by a
    responsible manager of its department. `on` is checked by the date rule of every action."""
    del on
    if record.state is State.TERMINATING and record.termination is not None:
        # Kept refused (S7): the termination form was filed, and is approved, on the
        # classes as they stand, and a closed record keeps the scale it was classified
        # on; a service that goes on is reclassified once the termination is withdrawn.
        names = "、".join(config.name_of(p) for p in config.responsible_of(record.department))
        raise RuleViolation(
            t(
                "actions.reclassify_terminating",
                id=record.id,
                responsible=names,
                applicant=config.name_of(record.termination.applicant),
            )
        )
    _state_and_role(Action.RECLASSIFY, record, config, actor)
    scheme = config.classification.scheme
    if record.classified_on is scheme:
        raise RuleViolation(
            t("actions.reclassify_same", id=record.id, scheme=t(f"classes.scheme.{scheme.value}"))
        )


# --- the end (S7, S5.4) ---------------------------------------------------------------------


def terminate(record: Record, config: Config, actor: str, on: date) -> None:
    _state_and_role(Action.TERMINATE, record, config, actor)
    if record.approval is not None:
        not_before(on, record.approval.approved_on, t("termination.approved_on"))


def _retention_words(record: Record, basis: RetentionBasis) -> str:
    """In words, the day the retention counts from (and the fiscal year rule when it applies)."""
    start = retention.retention_start(record)
    assert start is not None
    termination = record.termination
    if record.state is State.TERMINATED and termination is not None:
        what = t(
            "termination.end_on"
            if start == termination.end_on
            else "termination.approved_on_of_termination"
        )
    else:
        what = t("termination.closed_on")
    if basis is RetentionBasis.FISCAL_YEAR:
        return t(
            "retention.from_fiscal",
            what=what,
            start=start,
            fiscal=retention.next_fiscal_year_start(start),
        )
    return t("retention.from_end", what=what, start=start)


def dispose(record: Record, config: Config, actor: str, on: date) -> None:
    """Disposal of a closed record, once its retention period (S5.4) has passed."""
    _state_and_role(Action.DISPOSE, record, config, actor)
    policy = config.policy
    until = retention.retain_until(record, policy)
    assert until is not None  # every state DISPOSE starts from has a retention end
    if on < until:
        raise RuleViolation(
            t(
                "actions.dispose_too_early",
                id=record.id,
                start=_retention_words(record, policy.retention_basis),
                years=policy.retention_years,
                until=until,
            )
        )
