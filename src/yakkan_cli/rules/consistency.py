"""What a record must agree with beyond its schema: yakkan.yaml, its file name, its state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record, State
from yakkan_cli.model.base import Loc

# Sections a state cannot be without (a record edited by hand into an inconsistent shape).
_NEEDS_APPROVAL = frozenset(
    {State.APPROVED, State.ACTIVE, State.SUSPENDED, State.TERMINATING, State.TERMINATED}
)


class _Done(Protocol):
    by: str


def _by(section: tuple[str, Sequence[_Done]]) -> list[tuple[Loc, str | None]]:
    name, entries = section
    return [((name, i, "by"), entry.by) for i, entry in enumerate(entries)]


def _person_refs(record: Record) -> list[tuple[Loc, str | None]]:
    app = record.application
    refs: list[tuple[Loc, str | None]] = [
        (("application", "applicant"), app.applicant),
        (("application", "administrator"), app.administrator),
        (("application", "department_head"), app.department_head),
    ]
    if record.exception:
        refs.append((("exception", "approved_by"), record.exception.approved_by))
    if record.approval:
        refs.append((("approval", "approved_by"), record.approval.approved_by))
        refs.append((("approval", "risk_acknowledged_by"), record.approval.risk_acknowledged_by))
    refs += _by(("reviews", record.reviews))
    refs += _by(("purpose_checks", record.purpose_checks))
    refs += _by(("backups", record.backups))
    refs += _by(("suspensions", record.suspensions))
    refs += _by(("alerts", record.alerts))
    refs += _by(("notes", record.notes))
    refs += _by(("reassignments", record.reassignments))
    for i, change in enumerate(record.reassignments):
        refs.append((("reassignments", i, "administrator"), change.administrator))
        refs.append((("reassignments", i, "previous"), change.previous))
    for i, review in enumerate(record.reviews):
        refs.append((("reviews", i, "decided_by"), review.decided_by))
    for i, suspension in enumerate(record.suspensions):
        refs.append((("suspensions", i, "resumed_by"), suspension.resumed_by))
    for i, alert in enumerate(record.alerts):
        refs.append((("alerts", i, "warned_by"), alert.warned_by))
    if record.termination:
        refs.append((("termination", "applicant"), record.termination.applicant))
        refs.append((("termination", "approved_by"), record.termination.approved_by))
    if record.closure:
        refs.append((("closure", "by"), record.closure.by))
    return refs


def _people_named(record: Record) -> set[str]:
    """Every person `_person_refs` names, without where: the audit asks this of every
    version of every record, and a record names a few people many times over. (The same
    fields as `_person_refs`, read in plain loops: `tests/test_consistency_people.py`.)"""
    app = record.application
    named: set[str | None] = {app.applicant, app.administrator, app.department_head}
    if record.exception:
        named.add(record.exception.approved_by)
    if record.approval:
        named.add(record.approval.approved_by)
        named.add(record.approval.risk_acknowledged_by)
    for entries in (
        record.reviews,
        record.purpose_checks,
        record.backups,
        record.suspensions,
        record.alerts,
        record.notes,
        record.reassignments,
    ):
        named.update([entry.by for entry in entries])
    for change in record.reassignments:
        named.add(change.administrator)
        named.add(change.previous)
    named.update([review.decided_by for review in record.reviews])
    named.update([suspension.resumed_by for suspension in record.suspensions])
    named.update([alert.warned_by for alert in record.alerts])
    if record.termination:
        named.add(record.termination.applicant)
        named.add(record.termination.approved_by)
    if record.closure:
        named.add(record.closure.by)
    named.discard(None)
    return named  # type: ignore[return-value]


def record_problems(
    record: Record, config: Config, *, stem: str, folder: str
) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    if record.id != stem:
        found.append((("id",), t("rules.id_vs_file", id=record.id, stem=stem)))
    if config.department(record.department) is None:
        found.append((("department",), t("rules.unknown_department", id=record.department)))
    elif record.department != folder:
        found.append(
            (("department",), t("rules.department_vs_folder", id=record.department, folder=folder))
        )
    if any(config.person(person) is None for person in _people_named(record)):
        for loc, person in _person_refs(record):
            if person is not None and config.person(person) is None:
                found.append((loc, t("config.unknown_person", id=person)))
    state = record.state
    if state in _NEEDS_APPROVAL and record.approval is None:
        found.append((("state",), t("rules.state_needs", state=state.value, section="approval")))
    if state in (State.TERMINATING, State.TERMINATED) and record.termination is None:
        found.append((("state",), t("rules.state_needs", state=state.value, section="termination")))
    if state is State.TERMINATED and record.termination and not record.termination.approved_on:
        found.append(
            (
                ("termination",),
                t("rules.state_needs", state=state.value, section="termination.approved_on"),
            )
        )
    if state in (State.REJECTED, State.WITHDRAWN) and record.closure is None:
        found.append((("state",), t("rules.state_needs", state=state.value, section="closure")))
    if state is State.APPLIED and record.approval is not None:
        found.append(
            (("approval",), t("rules.state_forbids", state=state.value, section="approval"))
        )
    return found
