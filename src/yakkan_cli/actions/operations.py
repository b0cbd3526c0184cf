"""Operations while a service is in use (S5.3, S6): acknowledge, backup-log, purpose-check,
review (and the decision on it), suspend, resume, alert, warn.

Each is one commit, refused (nothing changed) for a person without the role or a record in a
state where the operation makes no sense. The date given is the day the work was done; it
may not precede the approval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from yakkan_cli.actions.workspace.transaction import Outcome, Transaction
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import (
    Alert,
    Backup,
    Decision,
    PurposeCheck,
    Record,
    Review,
    State,
    Suspension,
)
from yakkan_cli.rules import gates, lifecycle, roles
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.schedule import pending_review
from yakkan_cli.rules.violation import RuleViolation


def _begin(tx: Transaction, action: Action, on: date) -> Record:
    """The record, once the state, the actor's role and the date allow `action`."""
    record = tx.record
    gates.operate(action, record, tx.ws.config, tx.actor.id, on)
    return record


def may(ws: Workspace, service_id: str, action: Action, *, on: date) -> Record:
    """The record, when `action` (an operation on a service in use) may be done on it now:
    asked before the command's first question."""
    return ws.may(
        service_id, lambda record, actor: gates.operate(action, record, ws.config, actor, on), on=on
    )


def _with_hint(outcome: Outcome, *hints: str) -> Outcome:
    return replace(outcome, warnings=outcome.warnings + hints)


# --- S5.3 ------------------------------------------------------------------------------------


def may_acknowledge(ws: Workspace, service_id: str, *, on: date) -> Record:
    return ws.may(service_id, lambda r, actor: gates.acknowledge(r, ws.config, actor, on), on=on)


def acknowledge(ws: Workspace, service_id: str, *, on: date) -> Outcome:
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = tx.record
        gates.acknowledge(record, ws.config, actor.id, on)
        approval = record.approval
        assert approval is not None
        approval.risk_acknowledged_by = actor.id
        approval.risk_acknowledged_on = on
        record.state = lifecycle.next_state(Action.ACKNOWLEDGE, record)
        tx.save(record)
        return tx.commit(
            Action.ACKNOWLEDGE,
            t("actions.acknowledged", name=record.service.name),
            state=record.state.value,
        )


# --- S6.5, S6.6 ------------------------------------------------------------------------------


def backup_log(
    ws: Workspace, service_id: str, *, method: str, location: str, note: str | None, on: date
) -> Outcome:
    for value, what, flag in ((method, "method", "--method"), (location, "location", "--location")):
        if not value.strip():
            raise YakkanError(
                t("actions.backup_needs", what=t(f"actions.backup_what_{what}"), flag=flag)
            )
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = _begin(tx, Action.BACKUP, on)
        record.backups.append(
            Backup(on=on, by=actor.id, method=method.strip(), location=location.strip(), note=note)
        )
        record.backups.sort(key=lambda b: b.on)
        tx.save(record)
        return tx.commit(
            Action.BACKUP,
            t("actions.backed_up", name=record.service.name),
            state=record.state.value,
        )


def purpose_check(
    ws: Workspace, service_id: str, *, matches: bool, note: str | None, on: date
) -> Outcome:
    if not matches and not (note and note.strip()):
        raise YakkanError(t("actions.mismatch_needs_note"))
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = _begin(tx, Action.PURPOSE_CHECK, on)
        record.purpose_checks.append(PurposeCheck(on=on, by=actor.id, matches=matches, note=note))
        record.purpose_checks.sort(key=lambda p: p.on)
        tx.save(record)
        key = "actions.purpose_matches" if matches else "actions.purpose_mismatch"
        outcome = tx.commit(
            Action.PURPOSE_CHECK, t(key, name=record.service.name), state=record.state.value
        )
        if matches:
            return outcome
        return _with_hint(outcome, t("actions.purpose_mismatch_next", id=service_id))


# --- S6.1, S6.2 ------------------------------------------------------------------------------


def _suspend(record: Record, actor: str, on: date, reason: str) -> None:
    record.suspensions.append(Suspension(on=on, by=actor, reason=reason))
    record.state = lifecycle.next_state(Action.SUSPEND, record)


def may_review(ws: Workspace, service_id: str, *, decision: Decision | None, on: date) -> Record:
    """The record, when a new review (with `decision`, if given) may be recorded now."""
    return ws.may(
        service_id,
        lambda r, actor: gates.review(r, ws.config, actor, on, decision=decision),
        on=on,
    )


def may_decide(ws: Workspace, service_id: str, *, on: date) -> Record:
    """The record, when the actor may decide on its pending review now."""
    return ws.may(service_id, lambda r, actor: gates.decide(r, ws.config, actor, on), on=on)


def decision_pending(
    ws: Workspace,
    service_id: str,
    *,
    findings: bool,
    decision: Decision | None,
    asking: bool,
) -> Review | None:
    """The review waiting for a decision, when `review` on `service_id` is to be that
    decision rather than a new review: no finding given, and either a decision given or
    (`asking`: on a terminal, nothing given) the person acting is a responsible manager of
    the department, the one who decides (S6.1)."""
    record = ws.load(service_id).record
    if asking and decision is None and not findings:
        asking = roles.is_responsible(ws.config, record.department, ws.actor().id)
    if not gates.is_decision(record, findings=findings, decision=decision, asking=asking):
        return None
    return pending_review(record)


def review(
    ws: Workspace,
    service_id: str,
    *,
    content_changed: bool,
    terms_changed: bool,
    overseas: bool,
    decision: Decision | None,
    note: str | None,
    on: date,
) -> Outcome:
    """A quarterly review; with only `decision`, the decision on the pending one instead."""
    actor = ws.actor()
    findings = content_changed or terms_changed or overseas
    with ws.transaction(service_id, actor, on=on) as tx:
        if gates.is_decision(tx.record, findings=findings, decision=decision, asking=False):
            assert decision is not None
            return _decide(tx, decision, note, on)
        record = tx.record
        gates.review(record, ws.config, actor.id, on, decision=decision)
        entry = Review(
            on=on,
            by=actor.id,
            content_changed=content_changed,
            terms_changed=terms_changed,
            overseas=overseas,
            decision=decision,
            decided_by=actor.id if decision else None,
            decided_on=on if decision else None,
            note=note,
        )
        record.reviews.append(entry)
        record.reviews.sort(key=lambda r: r.on)
        hints: list[str] = []
        summary = t("actions.reviewed", name=record.service.name)
        if overseas and record.state is not State.SUSPENDED:
            # S6.2: stop at once, in the very commit that records the finding.
            _suspend(record, actor.id, on, t("actions.overseas_reason"))
            summary = t("actions.reviewed_overseas", name=record.service.name)
        elif decision is Decision.SUSPEND and record.state is not State.SUSPENDED:
            _suspend(record, actor.id, on, t("actions.decision_suspend_reason", on=on))
        if decision is Decision.TERMINATE:
            hints.append(t("actions.decide_terminate_next", id=service_id))
        elif decision is None and overseas:
            hints.append(t("actions.overseas_next", id=service_id))
        elif decision is None and findings:
            hints.append(t("actions.review_pending", id=service_id))
        tx.save(record)
        outcome = tx.commit(Action.REVIEW, summary, state=record.state.value)
        return _with_hint(outcome, *hints)


def decide(
    ws: Workspace, service_id: str, *, decision: Decision, note: str | None, on: date
) -> Outcome:
    """The responsible manager's decision on the review waiting for one (S6.1)."""
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        return _decide(tx, decision, note, on)


def _decide(tx: Transaction, decision: Decision, note: str | None, on: date) -> Outcome:
    """The responsible manager decides on the pending review (S6.1: 継続の可否)."""
    record = tx.record
    gates.decide(record, tx.ws.config, tx.actor.id, on)
    pending = pending_review(record)
    assert pending is not None  # the gate refuses a record without one
    pending.decision = decision
    pending.decided_by = tx.actor.id
    pending.decided_on = on
    if note:
        pending.note = f"{pending.note}\n{note}" if pending.note else note
    hints: list[str] = []
    if decision is Decision.SUSPEND and record.state is not State.SUSPENDED:
        _suspend(record, tx.actor.id, on, t("actions.decision_suspend_reason", on=pending.on))
    elif decision is Decision.TERMINATE:
        hints.append(t("actions.decide_terminate_next", id=tx.service_id))
    elif decision is Decision.CONTINUE and record.state is State.SUSPENDED:
        hints.append(t("actions.decide_resume_next", id=tx.service_id))
    tx.save(record)
    outcome = tx.commit(
        Action.DECIDE,
        t(
            "actions.decided",
            name=record.service.name,
            on=pending.on,
            decision=t(f"decision.{decision.value}"),
        ),
        state=record.state.value,
    )
    return _with_hint(outcome, *hints)


# --- suspend / resume ------------------------------------------------------------------------


def suspend(ws: Workspace, service_id: str, *, reason: str, on: date) -> Outcome:
    if not reason.strip():
        raise YakkanError(t("actions.reason_needed", flag="--reason"))
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = _begin(tx, Action.SUSPEND, on)
        _suspend(record, actor.id, on, reason.strip())
        tx.save(record)
        return tx.commit(
            Action.SUSPEND,
            t("actions.suspended", name=record.service.name),
            state=record.state.value,
        )


def may_resume(ws: Workspace, service_id: str, *, on: date) -> Record:
    return ws.may(service_id, lambda r, actor: gates.resume(r, ws.config, actor, on), on=on)


def resume(ws: Workspace, service_id: str, *, note: str, on: date) -> Outcome:
    # Always a note: a service stopped because its data went abroad (S6.2) must say why
    # it may run again, and the others are no different in the audit trail.
    if not note.strip():
        raise YakkanError(t("actions.resume_needs_note"))
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = tx.record
        gates.resume(record, ws.config, actor.id, on)
        open_ = [s for s in record.suspensions if s.resumed_on is None]
        for suspension in open_:
            suspension.resumed_on = on
            suspension.resumed_by = actor.id
            suspension.resume_note = note.strip()
        # Resuming is the responsible manager's decision to go on: it settles a review
        # still waiting for one (such as the review that found data going abroad).
        pending = pending_review(record)
        if pending is not None:
            pending.decision = Decision.CONTINUE
            pending.decided_by = actor.id
            pending.decided_on = on
        record.state = lifecycle.next_state(Action.RESUME, record)
        tx.save(record)
        return tx.commit(
            Action.RESUME, t("actions.resumed", name=record.service.name), state=record.state.value
        )


# --- S6.7 ------------------------------------------------------------------------------------


def _alert_number(records: Sequence[Record], on: date) -> int:
    prefix = f"alert-{on:%Y%m%d}-"
    taken = [
        int(a.id[len(prefix) :])
        for r in records
        for a in r.alerts
        if a.id.startswith(prefix) and a.id[len(prefix) :].isdigit()
    ]
    return max(taken, default=0) + 1


def alert(
    ws: Workspace,
    service_ids: Sequence[str],
    *,
    title: str,
    users: Sequence[str],
    on: date,
) -> Outcome:
    """Record one incident alert in every named record, in one commit."""
    if not title.strip():
        raise YakkanError(t("actions.alert_needs_title"))
    if not service_ids:
        raise YakkanError(t("actions.alert_needs_services"))
    actor = ws.actor()
    with ws.transaction_many(service_ids, actor, on=on) as tx:
        records = [tx.record(sid) for sid in service_ids]
        for record in records:
            gates.operate(Action.ALERT, record, ws.config, actor.id, on)
        alert_id = f"alert-{on:%Y%m%d}-{_alert_number(records, on)}"
        for record in records:
            record.alerts.append(
                Alert(
                    id=alert_id,
                    on=on,
                    by=actor.id,
                    title=title.strip(),
                    users=list(users) or list(record.application.users),
                )
            )
            tx.save(record)
        outcome = tx.commit(Action.ALERT, t("actions.alerted", title=title.strip()))
        return replace(outcome, message=f"{outcome.message} [{alert_id}]")


def warn(
    ws: Workspace, alert_id: str, service_ids: Sequence[str], *, note: str | None, on: date
) -> Outcome:
    """The users of each named service were told about the alert (S6.7)."""
    if not service_ids:
        raise YakkanError(t("actions.alert_needs_services"))
    actor = ws.actor()
    with ws.transaction_many(service_ids, actor, on=on) as tx:
        for sid in service_ids:
            record = tx.record(sid)
            lifecycle.require_state(Action.WARN, record.state, sid)
            roles.require_role(Action.WARN, ws.config, record, actor.id)
            found = next((a for a in record.alerts if a.id == alert_id), None)
            if found is None:
                raise RuleViolation(t("actions.unknown_alert", id=sid, alert=alert_id))
            if found.warned_on is not None:
                raise RuleViolation(
                    t("actions.already_warned", id=sid, alert=alert_id, on=found.warned_on)
                )
            gates.not_before(on, found.on, t("actions.ops_field_alert_on"))
            found.warned_on = on
            found.warned_by = actor.id
            if note:
                found.note = note
            tx.save(record)
        return tx.commit(Action.WARN, t("actions.warned", alert=alert_id))
