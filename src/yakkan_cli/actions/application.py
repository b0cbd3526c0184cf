"""The application lifecycle (S5): apply → check → approve, or reject / withdraw."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from yakkan_cli.actions.fulltrack import lists_for
from yakkan_cli.actions.workspace.transaction import Outcome, Transaction
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.forms.words import counts_read
from yakkan_cli.messages import t
from yakkan_cli.model import (
    AttachmentKind,
    Check,
    Closure,
    Exception_,
    Mark,
    Person,
    Record,
    Scheme,
    State,
)
from yakkan_cli.model.record.decisions import Approval
from yakkan_cli.model.record.forms import (
    APPLICATION_ITEMS,
    TERMINATION_ITEMS,
    CheckColumn,
    TerminationCheck,
)
from yakkan_cli.rules import gates, lifecycle, readiness, roles
from yakkan_cli.rules.consistency import record_problems
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.tracks import track_of
from yakkan_cli.rules.violation import RuleViolation
from yakkan_cli.store.yaml import load_yaml, problem_messages, validation_messages

APPLY_KEYS = ("id", "department", "service", "application")
FILLED_BY_APPLY = ("applicant", "applied_on")


@dataclass(frozen=True)
class MarkInput:
    mark: Mark
    note: str | None = None


# --- apply ---------------------------------------------------------------------------------


def build_application(
    data: Any, text: str, source: str, ws: Workspace, applicant: str, on: date
) -> Record:
    """Turn the filled-in application (DESIGN §3, input of `apply --from`) into a record."""
    if not isinstance(data, dict):
        raise YakkanError(t("actions.apply_not_mapping", source=source))
    problems: list[tuple[tuple[str | int, ...], str]] = [
        ((key,), t("actions.apply_unknown_key", key=key, allowed=", ".join(APPLY_KEYS)))
        for key in data
        if key not in APPLY_KEYS
    ]
    # An unknown department would otherwise surface as a puzzling "department_head is
    # missing" (the head is taken from the department), hiding the real mistake.
    if isinstance(data.get("department"), str) and ws.config.department(data["department"]) is None:
        problems.append((("department",), t("rules.unknown_department", id=data["department"])))
    application = data.get("application")
    if isinstance(application, dict):
        problems += [
            (("application", key), t("actions.apply_filled_by_tool", key=key))
            for key in FILLED_BY_APPLY
            if key in application
        ]
    if problems:
        raise YakkanError(
            t("store.invalid", source=source), details=problem_messages(problems, text, source)
        )
    document = dict(data)
    if isinstance(application, dict):
        application = dict(application)
        application["applicant"] = applicant
        application["applied_on"] = on.isoformat()
        dept = ws.config.department(str(data.get("department")))
        if "department_head" not in application and dept is not None:
            application["department_head"] = dept.head
        document["application"] = application
    document["schema_version"] = 1
    document["state"] = State.APPLIED.value
    # A new application is classified on the village's scale; 重要性分類 is left unsaid,
    # as on every record written before the village could choose (issue 22).
    if ws.config.classification.scheme is not Scheme.JUYOSEI:
        document["scheme"] = ws.config.classification.scheme.value
    document["checks"] = [{"item": i} for i in range(1, APPLICATION_ITEMS + 1)]
    return validated_record(document, ws, text, source)


def validated_record(document: dict[str, Any], ws: Workspace, text: str, source: str) -> Record:
    """`document` as a record, checked by the schema and against yakkan.yaml; every problem
    named by `source`'s line and column (`text` is what the person wrote there)."""
    document = {
        **document,
        **{k: counts_read(document[k]) for k in ("application", "termination") if k in document},
    }
    try:
        record = Record.model_validate(document)
    except ValidationError as exc:
        raise YakkanError(
            t("store.invalid", source=source), details=validation_messages(exc, text, source)
        ) from None
    found = record_problems(record, ws.config, stem=record.id, folder=record.department)
    if found:
        raise YakkanError(
            t("store.invalid", source=source), details=problem_messages(found, text, source)
        )
    return record


def apply_from_text(
    ws: Workspace,
    text: str | bytes,
    source: str,
    *,
    attachments: Sequence[tuple[AttachmentKind, Path]],
    on: date,
) -> Outcome:
    actor = ws.actor()
    data = load_yaml(text, source)
    plain = text.decode("utf-8") if isinstance(text, bytes) else text
    record = build_application(data, plain, source, ws, actor.id, on)
    return _file_application(ws, actor, record, attachments, on)


def may_apply_like(ws: Workspace, old_id: str) -> Record:
    """The old application, when `apply --like` may take it over (asked before the new id)."""
    ws.actor()
    old = ws.load(old_id).record
    if old.state not in (State.WITHDRAWN, State.REJECTED):
        raise RuleViolation(
            t("actions.like_not_closed", id=old_id, state=t(f"state.{old.state.value}"))
        )
    # Its classes would be read on the other scale (Ⅱ is not 自治体機密性2): refused
    # rather than carried over, since no mapping between the scales is right.
    if old.classified_on is not ws.config.classification.scheme:
        raise RuleViolation(t("actions.like_other_scheme", id=old_id))
    return old


def apply_like(
    ws: Workspace,
    old_id: str,
    new_id: str,
    *,
    attachments: Sequence[tuple[AttachmentKind, Path]],
    on: date,
) -> Outcome:
    """`apply --like OLD-ID`: a new application pre-filled from a withdrawn or rejected one.

    Its service and application sections are taken over as they were (the department head
    is the department's head now); its sign-up, terms and other files are copied, unless a
    file of the same kind is given; the checks start empty, as on any new application.
    """
    actor = ws.actor()
    old = may_apply_like(ws, old_id)
    if new_id == old_id:
        raise YakkanError(t("actions.like_same_id", id=old_id))
    document = old.model_dump(mode="json", by_alias=True)
    application = {
        k: v
        for k, v in document["application"].items()
        if k not in (*FILLED_BY_APPLY, "department_head", "attachments")
    }
    data = {
        "id": new_id,
        "department": old.department,
        "service": document["service"],
        "application": application,
    }
    record = build_application(data, "", t("actions.like_source", id=old_id), ws, actor.id, on)
    given = {kind for kind, _ in attachments}
    copied = [
        (a.kind, ws.repo.root / a.path)
        for a in old.application.attachments
        if a.kind is not AttachmentKind.EVIDENCE and a.kind not in given
    ]
    return _file_application(ws, actor, record, [*copied, *attachments], on)


def _file_application(
    ws: Workspace,
    actor: Person,
    record: Record,
    attachments: Sequence[tuple[AttachmentKind, Path]],
    on: date,
) -> Outcome:
    roles.require_role(Action.APPLY, ws.config, record, actor.id)
    with ws.transaction(record.id, actor, on=on, new=True) as tx:
        for kind, source in attachments:
            record.application.attachments.append(tx.attach(kind, source))
        tx.save(record)
        return tx.commit(
            Action.APPLY,
            t("actions.applied", provider=record.service.provider, name=record.service.name),
            state=record.state.value,
        )


# --- check ---------------------------------------------------------------------------------


def check(
    ws: Workspace,
    service_id: str,
    *,
    role: roles.Role,
    marks: Mapping[int, MarkInput],
    evidence: Mapping[int, Sequence[Path]],
    on: date,
) -> Outcome:
    if not marks and not evidence:
        raise YakkanError(t("actions.check_nothing"))
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = tx.record
        lifecycle.require_state(Action.CHECK, record.state, service_id)
        roles.require_check_role(role, ws.config, record, actor.id)
        before = record.model_copy(deep=True)
        terminating = record.state is State.TERMINATING
        count = TERMINATION_ITEMS if terminating else APPLICATION_ITEMS
        for item in [*marks, *evidence]:
            if not 1 <= item <= count:
                raise RuleViolation(t("actions.check_item_range", item=item, count=count))
        checks: list[Check]
        if terminating:
            assert record.termination is not None
            checks = cast(list[Check], record.termination.checks)
        else:
            checks = record.checks
        by_item = {c.item: c for c in checks}

        def entry_for(item: int) -> Check:
            if item not in by_item:
                by_item[item] = TerminationCheck(item=item) if terminating else Check(item=item)
                checks.append(by_item[item])
            return by_item[item]

        if marks and (early := readiness.double_check_problem(record, role)):
            raise RuleViolation(early)
        personal = readiness.handles_personal(record)
        column = cast(CheckColumn, role.value)
        for item, given in sorted(marks.items()):
            entry = entry_for(item)
            own, shared = readiness.notes_after(entry, column, given.mark, given.note)
            reason = readiness.reason_after(entry, column, given.mark, given.note)
            problem = (
                readiness.termination_mark_problem(item, given.mark, reason)
                if terminating
                else readiness.mark_problem(item, given.mark, reason, personal=personal)
            )
            if problem:
                raise RuleViolation(problem)
            setattr(entry, column, given.mark)
            entry.set_note(column, own)
            entry.note = shared
        for item, files in sorted(evidence.items()):
            entry = entry_for(item)
            for source in files:
                attachment = tx.attach(AttachmentKind.EVIDENCE, source)
                target = (
                    record.termination.attachments
                    if terminating and record.termination
                    else record.application.attachments
                )
                if all(a.path != attachment.path for a in target):
                    target.append(attachment)
                if attachment.path not in entry.evidence:
                    entry.evidence.append(attachment.path)
        checks.sort(key=lambda c: c.item)
        if record == before:
            # The same marks and notes again: nothing to record (git would refuse an empty
            # commit with a message no clerk can read).
            raise RuleViolation(t("actions.check_unchanged", id=service_id))
        tx.save(record)
        summary = t(
            "actions.checked",
            column=t(f"column.{role.value}"),
            items="、".join(str(i) for i in sorted({*marks, *evidence})),
            form=t("form.termination" if terminating else "form.application"),
        )
        return tx.commit(Action.CHECK, summary, state=record.state.value)


# --- approve / reject / withdraw ------------------------------------------------------------


def may_approve(
    ws: Workspace,
    service_id: str,
    *,
    on: date,
    exception_reason: str | None = None,
    ismap_exception_reason: str | None = None,
    storage_exception_reason: str | None = None,
) -> Record:
    """The record, when `approve` would approve it now (asked before the question)."""
    return ws.may(
        service_id,
        lambda record, actor: gates.approve(
            record,
            ws.config,
            actor,
            on,
            exception_reason=exception_reason,
            ismap_exception_reason=ismap_exception_reason,
            storage_exception_reason=storage_exception_reason,
            lists=lists_for(ws, record),
        ),
        on=on,
    )


def approve(
    ws: Workspace,
    service_id: str,
    *,
    on: date,
    exception_reason: str | None = None,
    ismap_exception_reason: str | None = None,
    storage_exception_reason: str | None = None,
) -> Outcome:
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = tx.record
        gates.approve(
            record,
            ws.config,
            actor.id,
            on,
            exception_reason=exception_reason,
            ismap_exception_reason=ismap_exception_reason,
            storage_exception_reason=storage_exception_reason,
            lists=lists_for(ws, record),
        )
        sign = ws.config.policy.signed_approvals
        if record.state is State.TERMINATING:
            return _approve_termination(tx, record, on, sign=sign)
        # Each exception the approval gives is recorded with who gave it and when (S4.3;
        # the full track's own two, issue 22): the gate has refused any not due.
        given = (
            ("exception", exception_reason),
            ("ismap_exception", ismap_exception_reason),
            ("storage_exception", storage_exception_reason),
        )
        for section, reason in given:
            if reason:
                setattr(
                    record, section, Exception_(reason=reason, approved_by=actor.id, approved_on=on)
                )
        record.approval = Approval(
            approved_by=actor.id,
            approved_on=on,
            procedure_version=ws.config.procedure_version,
            # The track approved on: a later rise to the full track shows (rules/tracks.py).
            track=track_of(record),
        )
        record.state = lifecycle.next_state(Action.APPROVE, record)
        tx.save(record)
        outcome = tx.commit(
            Action.APPROVE,
            t("actions.approved", name=record.service.name),
            state=record.state.value,
            sign=sign,
        )
        admin = ws.config.name_of(record.current_administrator())
        return Outcome(
            outcome.action,
            outcome.service_id,
            outcome.state,
            outcome.commit,
            outcome.message,
            (t("actions.brief_risks", administrator=admin, id=service_id),),
        )


def _approve_termination(tx: Transaction, record: Record, on: date, *, sign: bool) -> Outcome:
    termination = record.termination
    assert termination is not None
    termination.approved_by = tx.actor.id
    termination.approved_on = on
    record.state = lifecycle.next_state(Action.APPROVE, record)
    tx.save(record)
    return tx.commit(
        Action.APPROVE,
        t("actions.termination_approved", name=record.service.name),
        state=record.state.value,
        sign=sign,
    )


def may_reject(ws: Workspace, service_id: str, *, on: date) -> Record:
    return ws.may(service_id, lambda r, actor: gates.reject(r, ws.config, actor, on), on=on)


def reject(ws: Workspace, service_id: str, *, on: date, reason: str) -> Outcome:
    if not reason.strip():
        raise YakkanError(t("actions.reason_needed", flag="--reason"))
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = tx.record
        gates.reject(record, ws.config, actor.id, on)
        record.closure = Closure(by=actor.id, on=on, reason=reason)
        record.state = lifecycle.next_state(Action.REJECT, record)
        tx.save(record)
        return tx.commit(
            Action.REJECT, t("actions.rejected", name=record.service.name), state=record.state.value
        )


def may_withdraw(ws: Workspace, service_id: str, *, on: date) -> Record:
    return ws.may(service_id, lambda r, actor: gates.withdraw(r, ws.config, actor, on), on=on)


def withdraw(ws: Workspace, service_id: str, *, on: date, reason: str | None) -> Outcome:
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = tx.record
        gates.withdraw(record, ws.config, actor.id, on)
        target = lifecycle.next_state(Action.WITHDRAW, record)
        if record.state is State.TERMINATING:
            # The withdrawn termination stays in git history; the record returns to use.
            record.termination = None
            summary = t("actions.termination_withdrawn", name=record.service.name)
        else:
            record.closure = Closure(by=actor.id, on=on, reason=reason or None)
            summary = t("actions.withdrawn", name=record.service.name)
        record.state = target
        tx.save(record)
        return tx.commit(Action.WITHDRAW, summary, state=record.state.value)
