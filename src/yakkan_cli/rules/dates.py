"""A6: the date an action states (`--date`) against the clock and the record's own history.

Time is the mainline's clock (issue 8.6): an action may not be dated after the day its
commit is made, nor before the record's previous action, nor further back than
`policy.max_backdate_days`. Pure functions of (date, record, numbers); the clock and the
days git will stamp on the commit are read by the caller (actions/workspace/workspace.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from yakkan_cli.messages import t
from yakkan_cli.model import Record


@dataclass(frozen=True)
class CommitDay:
    """A day git will stamp on the commit, and the variable it comes from."""

    variable: str  # GIT_AUTHOR_DATE or GIT_COMMITTER_DATE
    day: date


def action_dates(record: Record) -> Iterable[date]:
    """Every day the record says something was done (checks carry no date of their own)."""
    app = record.application
    yield app.applied_on
    for given in (record.exception, record.ismap_exception, record.storage_exception):
        if given is not None:
            yield given.approved_on
    if record.approval:
        yield record.approval.approved_on
        if record.approval.risk_acknowledged_on:
            yield record.approval.risk_acknowledged_on
    for review in record.reviews:
        yield review.on
        if review.decided_on:
            yield review.decided_on
    yield from (p.on for p in record.purpose_checks)
    yield from (b.on for b in record.backups)
    for suspension in record.suspensions:
        yield suspension.on
        if suspension.resumed_on:
            yield suspension.resumed_on
    for alert in record.alerts:
        yield alert.on
        if alert.warned_on:
            yield alert.warned_on
    yield from (r.on for r in record.reassignments)
    if record.termination:
        yield record.termination.filed_on
        if record.termination.approved_on:
            yield record.termination.approved_on
    if record.closure:
        yield record.closure.on
    yield from (n.on for n in record.notes)


def last_action_date(record: Record | None) -> date | None:
    """The day of the record's latest action, or None for a record not yet filed."""
    if record is None:
        return None
    return max(action_dates(record))


def action_date_problem(
    on: date,
    *,
    today: date,
    commit_days: Iterable[CommitDay] = (),
    previous: date | None = None,
    max_backdate_days: int,
) -> str | None:
    """Why an action may not be dated `on`, or None when it may.

    `today` is the clock's day, `commit_days` the days git will stamp on the commit (they
    must be that same day: the audit judges an action by its commit), `previous` the
    record's last action.
    """
    for stamp in commit_days:
        if stamp.day != today:
            return t("rules.date_git_env", variable=stamp.variable, day=stamp.day, today=today)
    if on > today:
        return t("rules.date_future", date=on, today=today)
    if previous is not None and on < previous:
        return t("rules.date_before_previous", date=on, previous=previous)
    earliest = today - timedelta(days=max_backdate_days)
    if on < earliest:
        return t(
            "rules.date_too_old", date=on, days=max_backdate_days, earliest=earliest, today=today
        )
    return None
