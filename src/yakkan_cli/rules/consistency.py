"""What a record must agree with beyond its schema: yakkan.yaml, its file name, its state."""

from __future__ import annotations

import operator
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
    for section in ("exception", "ismap_exception", "storage_exception"):
        given = getattr(record, section)
        if given is not None:
            refs.append(((section, "approved_by"), given.approved_by))
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


# Who each list of operations names, entry by entry (the lists' part of `_person_refs`).
_ENTRY_PEOPLE = {
    "reviews": ("by", "decided_by"),
    "purpose_checks": ("by",),
    "backups": ("by",),
    "suspensions": ("by", "resumed_by"),
    "alerts": ("by", "warned_by"),
    "notes": ("by",),
    "reassignments": ("by", "administrator", "previous"),
}
_ENTRY_GETTERS = tuple(
    (name, tuple(operator.attrgetter(f) for f in fields)) for name, fields in _ENTRY_PEOPLE.items()
)
# The sections that name people (the rest of `_person_refs`).
_SECTIONS = (
    "application",
    "exception",
    "ismap_exception",
    "storage_exception",
    "approval",
    "termination",
    "closure",
)


def people_named(record: Record) -> set[str]:
    """Every person `_person_refs` names, without where: the audit asks this of every
    version of every record, and a record names a few people many times over. (The same
    fields as `_person_refs`, read in plain loops: `tests/test_consistency_people.py`.)"""
    app = record.application
    named: set[str | None] = {app.applicant, app.administrator, app.department_head}
    for given in (record.exception, record.ismap_exception, record.storage_exception):
        if given is not None:
            named.add(given.approved_by)
    if record.approval:
        named.add(record.approval.approved_by)
        named.add(record.approval.risk_acknowledged_by)
    for name, getters in _ENTRY_GETTERS:
        entries = getattr(record, name)
        if entries:
            for getter in getters:
                named.update(map(getter, entries))
    if record.termination:
        named.add(record.termination.applicant)
        named.add(record.termination.approved_by)
    if record.closure:
        named.add(record.closure.by)
    named.discard(None)
    return named  # type: ignore[return-value]


def people_named_since(record: Record, before: Record, named_before: set[str]) -> set[str]:
    """`people_named(record)`, given `named_before`, that of `before` (the version before):
    where `record` holds `before`'s very sections and entries (a replay's reader hands back
    the sub-models of unchanged text) and only adds entries at the ends of its lists, only
    the added entries are read. Anything else is read in full."""
    for section in _SECTIONS:
        if getattr(record, section) is not getattr(before, section):
            return people_named(record)
    named: set[str | None] | None = None
    for name, getters in _ENTRY_GETTERS:
        new, old = getattr(record, name), getattr(before, name)
        if new is old:
            continue
        if len(new) < len(old) or not all(map(operator.is_, new, old)):
            return people_named(record)
        added = new[len(old) :]
        if added:
            if named is None:
                named = set(named_before)
            for getter in getters:
                named.update(map(getter, added))
    if named is None:
        return named_before
    named.discard(None)
    return named  # type: ignore[return-value]


def record_problems(
    record: Record,
    config: Config,
    *,
    stem: str,
    folder: str,
    people: set[str] | None = None,
) -> list[tuple[Loc, str]]:
    """What `record` must agree with beyond its schema. `people`: `people_named(record)`
    when the caller has it (a replay carries it from version to version)."""
    found: list[tuple[Loc, str]] = []
    if record.id != stem:
        found.append((("id",), t("rules.id_vs_file", id=record.id, stem=stem)))
    if config.department(record.department) is None:
        found.append((("department",), t("rules.unknown_department", id=record.department)))
    elif record.department != folder:
        found.append(
            (("department",), t("rules.department_vs_folder", id=record.department, folder=folder))
        )
    if people is None:
        people = people_named(record)
    if any(config.person(person) is None for person in people):
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
