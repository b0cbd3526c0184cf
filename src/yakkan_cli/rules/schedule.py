"""What is due, and when (S5.3, S6.1, S6.2, S6.5–S6.7): pure functions of (record, config, date).

Every recurring operation is due a number of calendar months after the last time it was done
(or after the approval when it never was), with the day clamped to the month's end
(DESIGN §3). Only the next occurrence of each task is listed: doing it moves the date on.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from yakkan_cli.model import Check, Config, Record, State
from yakkan_cli.model.record import APPLICATION_ITEMS, TERMINATION_ITEMS, Review
from yakkan_cli.rules.lifecycle import CLOSED, IN_USE
from yakkan_cli.rules.retention import retain_until

# Task names: the stable identifiers of `due --json`; labels live in the catalog (task.<name>).
REVIEW = "review"
BACKUP = "backup"
PURPOSE_CHECK = "purpose_check"
ACKNOWLEDGE = "acknowledge"
CHECK = "check"
APPROVE = "approve"
DECIDE = "decide"
PERIOD_END = "period_end"
WARN = "warn"
ISMAP = "ismap"
DISPOSAL = "disposal"  # S5.4: from rules.retention.retain_until on

TASKS = (
    REVIEW,
    BACKUP,
    PURPOSE_CHECK,
    ACKNOWLEDGE,
    CHECK,
    APPROVE,
    DECIDE,
    PERIOD_END,
    WARN,
    ISMAP,
    DISPOSAL,
)


@dataclass(frozen=True)
class Task:
    service: str
    department: str
    task: str
    due: date
    assignees: tuple[str, ...]
    detail: str = ""  # what the task is about (an alert's title, a review's date …), not a label

    @property
    def key(self) -> str:
        """The task's identity across dates: one per service and kind, and per check column or
        alert where a service can have several at once. A calendar event's UID and a
        reminder's memory are keyed by it, so doing a task moves its event instead of
        leaving the old one beside the new."""
        parts = [self.service, self.task]
        if self.task in (CHECK, WARN):
            parts.append(self.detail)
        return "/".join(parts)

    def days_overdue(self, as_of: date) -> int:
        """Positive: days late; zero: due today; negative: days left."""
        return (as_of - self.due).days


def add_months(d: date, n: int) -> date:
    """`d` moved by `n` calendar months, the day clamped to the end of the target month."""
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def pending_review(record: Record) -> Review | None:
    """The last review, when it found a change (or data abroad) that nobody has decided on."""
    if not record.reviews:
        return None
    last = max(record.reviews, key=lambda r: r.on)
    changed = last.content_changed or last.terms_changed or last.overseas
    return last if changed and last.decision is None else None


def open_suspension_on(record: Record) -> date | None:
    open_ = [s.on for s in record.suspensions if s.resumed_on is None]
    return max(open_) if open_ else None


def _latest(dates: list[date], fallback: date) -> date:
    return max(dates) if dates else fallback


def _pending_form_tasks(record: Record, config: Config) -> list[Task]:
    """A form awaiting its checks (the application while applied, the termination while
    terminating): columns still to mark (check) or, when both are complete, the approval."""
    dept = config.department(record.department)
    responsible = tuple(dept.responsible) if dept else ()
    if record.state is State.TERMINATING and record.termination is not None:
        filer, on, count = (
            record.termination.applicant,
            record.termination.filed_on,
            TERMINATION_ITEMS,
        )
        checks: dict[int, Check] = {c.item: c for c in record.termination.checks}
    else:
        filer, on, count = (
            record.application.applicant,
            record.application.applied_on,
            APPLICATION_ITEMS,
        )
        checks = {c.item: c for c in record.checks}
    missing_applicant = any(
        (c := checks.get(i)) is None or c.applicant is None for i in range(1, count + 1)
    )
    missing_responsible = any(
        (c := checks.get(i)) is None or c.responsible is None for i in range(1, count + 1)
    )
    tasks: list[Task] = []
    if missing_applicant:
        tasks.append(Task(record.id, record.department, CHECK, on, (filer,), "applicant"))
    if missing_responsible:
        tasks.append(Task(record.id, record.department, CHECK, on, responsible, "responsible"))
    if not tasks:
        tasks.append(Task(record.id, record.department, APPROVE, on, responsible))
    return tasks


def due_tasks(record: Record, config: Config, as_of: date) -> list[Task]:
    """The next occurrence of every task the record calls for, whatever its date.

    `as_of` only decides whether an ISMAP registration is close enough to expiry to list;
    showing or hiding by date is the caller's business.
    """
    policy = config.policy
    dept = config.department(record.department)
    responsible = tuple(dept.responsible) if dept else ()
    admin = (record.current_administrator(),)
    sid, dep = record.id, record.department

    if record.state in (State.APPLIED, State.TERMINATING):
        return _pending_form_tasks(record, config)
    if record.state in CLOSED:
        # S5.4: a closed record's forms are kept; from retain_until on they may be disposed of.
        until = retain_until(record, policy)
        return [Task(sid, dep, DISPOSAL, until, responsible)] if until else []
    if record.state is State.SUSPENDED:
        # A stopped service waits for the responsible manager: resume it or end it.
        since = open_suspension_on(record)
        pending = pending_review(record)
        start = since or (pending.on if pending else None)
        if start is None and record.suspensions:
            start = max(s.on for s in record.suspensions)
        return [Task(sid, dep, DECIDE, start or as_of, responsible, "suspended")]
    if record.state not in IN_USE or record.approval is None:
        return []

    approved_on = record.approval.approved_on
    tasks: list[Task] = []
    if not record.approval.risk_acknowledged_by:
        tasks.append(Task(sid, dep, ACKNOWLEDGE, approved_on, admin))

    # S6.1: every review_months after the approval or the last review; S6.6: a purpose check
    # that no longer matches the application makes a review due at once.
    last_review = _latest([r.on for r in record.reviews], approved_on)
    review_due = add_months(last_review, policy.review_months)
    # A review on the day of the mismatch (or later) has dealt with it.
    mismatches = [
        p.on
        for p in record.purpose_checks
        if not p.matches and (not record.reviews or p.on > last_review)
    ]
    detail = ""
    if mismatches:
        review_due = min(review_due, min(mismatches))
        detail = "mismatch"
    tasks.append(Task(sid, dep, REVIEW, review_due, admin, detail))

    pending = pending_review(record)
    if pending is not None:
        tasks.append(Task(sid, dep, DECIDE, pending.on, responsible, pending.on.isoformat()))

    last_backup = _latest([b.on for b in record.backups], approved_on)
    tasks.append(Task(sid, dep, BACKUP, add_months(last_backup, policy.backup_months), admin))

    last_check = _latest([p.on for p in record.purpose_checks], approved_on)
    tasks.append(
        Task(sid, dep, PURPOSE_CHECK, add_months(last_check, policy.purpose_check_months), admin)
    )

    if record.application.period.end is not None:
        tasks.append(Task(sid, dep, PERIOD_END, record.application.period.end, admin))

    for alert in record.alerts:
        if alert.warned_on is None:
            tasks.append(Task(sid, dep, WARN, alert.on, responsible, alert.id))

    ismap = record.service.ismap
    if (
        ismap is not None
        and ismap.valid_until is not None
        and as_of >= ismap.valid_until - timedelta(days=policy.warn_days)
    ):
        tasks.append(Task(sid, dep, ISMAP, ismap.valid_until, admin))
    return tasks
