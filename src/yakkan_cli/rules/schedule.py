"""What is due, and when (S5.3, S6.1, S6.2, S6.5–S6.7): pure functions of (record, config, date).

Every recurring operation is due a number of calendar months after the last time it was done
(or after the approval when it never was), with the day clamped to the month's end
(DESIGN §3). Only the next occurrence of each task is listed: doing it moves the date on.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from yakkan_cli.model import State
from yakkan_cli.rules.lifecycle import CLOSED, IN_USE
from yakkan_cli.rules.retention import retain_from, retention_start
from yakkan_cli.rules.tracks import Track, raised_on, track_of

if TYPE_CHECKING:
    # The schemas only as types: `tasks_of` runs on the record cache's facts and plain
    # settings without importing pydantic (cli/fast.py).
    from yakkan_cli.model import Check, Record
    from yakkan_cli.model.places import IsmapList
    from yakkan_cli.model.record.operations import Review
    from yakkan_cli.rules.ismap import ListSnapshot
    from yakkan_cli.rules.settings import ReadSettings

    # The newest imported snapshot of each ISMAP list: the schema's (model.ismap.Snapshot),
    # or the record cache's plain copy of what these rules read (rules.ismap.ListSnapshot).
    Lists = Mapping[IsmapList, ListSnapshot]

# Task names: the stable identifiers of `due --json`; labels live in the catalog (task.<name>).
REVIEW = "review"
BACKUP = "backup"
PURPOSE_CHECK = "purpose_check"
ACKNOWLEDGE = "acknowledge"
CHECK = "check"
APPROVE = "approve"
# S6.2: the application's data location (overseas, unknown) stops its approval: the applicant
# settles it (or withdraws), instead of an approval the manager could not give.
LOCATION = "location"
DECIDE = "decide"
PERIOD_END = "period_end"
WARN = "warn"
ISMAP = "ismap"
ISMAP_SNAPSHOT = "ismap_snapshot"  # an imported ISMAP list growing old (issue 22)
DISPOSAL = "disposal"  # S5.4: from rules.retention.retain_until on
# Issue 22: a service in use came onto the full track (自治体機密性2 or higher) after an
# approval that was not given on it; its responsible managers must make the full track's
# checks (rules.tracks.raised_on).
FULL_TRACK = "full_track"
# Issue 22: a pending application on the full track that `approve` would refuse for what the
# full track asks (rules/fulltrack.py): the one who can settle it does, instead of an
# approval the manager could not give (as LOCATION on the light track). Its detail says what.
FULL_TRACK_FORM = "full_track_form"
# A full-track service in use whose registration is not in the newest import of its list
# (the number left the list, or the portal's list was saved short): as when a registration
# ends, the department's managers find out why and decide whether the service goes on.
ISMAP_MISSING = "ismap_missing"

TASKS = (
    REVIEW,
    BACKUP,
    PURPOSE_CHECK,
    ACKNOWLEDGE,
    CHECK,
    APPROVE,
    LOCATION,
    DECIDE,
    PERIOD_END,
    WARN,
    ISMAP,
    ISMAP_SNAPSHOT,
    DISPOSAL,
    FULL_TRACK,
    FULL_TRACK_FORM,
    ISMAP_MISSING,
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
    day = d.day
    if day > 28:  # every month has 28 days: only later days may need clamping
        import calendar  # here: a read that clamps no day needs neither it nor locale

        day = min(day, calendar.monthrange(year, month)[1])
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


@dataclass(frozen=True, slots=True)
class ScheduleFacts:
    """What `tasks_of` needs of a record, as plain data: no config, no date.

    `schedule_facts` reduces a record to these once; the record cache keeps them, so that
    `due` over thousands of records computes from them without rebuilding each record. The
    tasks always come from `tasks_of`, whether the facts were just taken or kept.
    """

    service: str
    department: str
    state: State
    administrator: str  # the current one
    form_filer: str  # the pending form's applicant (application or termination)
    form_on: date  # … and its date
    form_missing_applicant: bool  # a check item of the pending form lacks the applicant mark
    form_missing_responsible: bool  # … lacks the responsible manager's mark
    retention_start: date | None  # rules.retention.retention_start
    suspended_since: date | None  # when a suspended service stopped (see tasks_of)
    approved_on: date | None  # None: never approved
    acknowledged: bool
    last_review: date | None
    mismatch_on: date | None  # the first purpose check since the last review that mismatched
    pending_review_on: date | None  # rules.schedule.pending_review
    last_backup: date | None
    last_purpose_check: date | None
    period_end: date | None
    open_alerts: tuple[tuple[date, str], ...]  # (on, id) of alerts nobody has warned about
    ismap_valid_until: date | None  # the old shape's own date
    ismap_list: str | None  # the new shape's list (ismap, ismap-liu, none), judged by its snapshot
    ismap_registration: str | None
    # The data location (overseas, unknown) that stops a pending application's approval
    # (rules.readiness.location_blockers); None when it does not.
    blocked_location: str | None
    raised_on: date | None = None  # rules.tracks.raised_on
    # A pending full-track application's gaps the record alone shows (see _full_track_gaps).
    full_track_gaps: tuple[str, ...] = ()
    # On the full track with no recorded ISMAP exception: its registration must stay in
    # its list (`registration_missing`).
    ismap_required: bool = False


def _latest_or_none(dates: list[date]) -> date | None:
    return max(dates) if dates else None


def schedule_facts(record: Record) -> ScheduleFacts:
    """The record reduced to what the schedule depends on (see `tasks_of`)."""
    # Here, not at the top: the cached read path (cli/fast.py) imports this module without
    # the schemas, and only summarising a Record needs them.
    from yakkan_cli.model.record.forms import APPLICATION_ITEMS, TERMINATION_ITEMS
    from yakkan_cli.rules.readiness import location_blockers

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
    since = open_suspension_on(record)
    pending = pending_review(record)
    suspended_since = since or (pending.on if pending else None)
    if suspended_since is None and record.suspensions:
        suspended_since = max(s.on for s in record.suspensions)
    approval = record.approval
    approved_on = approval.approved_on if approval is not None else None
    mismatch_on: date | None = None
    if approved_on is not None:
        # A review on the day of the mismatch (or later) has dealt with it.
        last_review = _latest([r.on for r in record.reviews], approved_on)
        mismatches = [
            p.on
            for p in record.purpose_checks
            if not p.matches and (not record.reviews or p.on > last_review)
        ]
        mismatch_on = min(mismatches) if mismatches else None
    ismap = record.service.ismap
    return ScheduleFacts(
        service=record.id,
        department=record.department,
        state=record.state,
        administrator=record.current_administrator(),
        form_filer=filer,
        form_on=on,
        form_missing_applicant=missing_applicant,
        form_missing_responsible=missing_responsible,
        retention_start=retention_start(record),
        suspended_since=suspended_since,
        approved_on=approved_on,
        acknowledged=bool(approval is not None and approval.risk_acknowledged_by),
        last_review=_latest_or_none([r.on for r in record.reviews]),
        mismatch_on=mismatch_on,
        pending_review_on=pending.on if pending is not None else None,
        last_backup=_latest_or_none([b.on for b in record.backups]),
        last_purpose_check=_latest_or_none([p.on for p in record.purpose_checks]),
        period_end=record.application.period.end,
        open_alerts=tuple((a.on, a.id) for a in record.alerts if a.warned_on is None),
        ismap_valid_until=ismap.valid_until if ismap is not None else None,
        ismap_list=ismap.list_.value if ismap is not None and ismap.list_ is not None else None,
        ismap_registration=ismap.registration if ismap is not None else None,
        blocked_location=(
            record.service.data_location.value
            if record.state is State.APPLIED
            and location_blockers(record)
            # On the full track with the jurisdiction recorded, its storage countries are
            # what the location rule reads (rules/fulltrack.py): see full_track_gaps.
            and not (_on_full_track(record) and record.service.jurisdiction is not None)
            else None
        ),
        raised_on=raised_on(record),
        full_track_gaps=_full_track_gaps(record),
        ismap_required=track_of(record) is Track.FULL and record.ismap_exception is None,
    )


# The codes of ScheduleFacts.full_track_gaps, rules/fulltrack.py's refusals as the record
# alone shows them; whether a named registration stands is judged against the imported lists
# when the tasks are listed (LISTED_REGISTRATION).
UNNAMED_REGISTRATION = "ismap_unnamed"
LISTED_REGISTRATION = "ismap_listed"
NO_JURISDICTION = "jurisdiction"
LOCATION_DISAGREES = "location_disagrees"
STORAGE_ABROAD = "storage_abroad"


def _on_full_track(record: Record) -> bool:
    from yakkan_cli.rules.tracks import Track, track_of

    return track_of(record) is Track.FULL


def _full_track_gaps(record: Record) -> tuple[str, ...]:
    from yakkan_cli.model import DataLocation

    if record.state is not State.APPLIED or not _on_full_track(record):
        return ()
    gaps: list[str] = []
    ismap = record.service.ismap
    if record.ismap_exception is None:
        if ismap is None or ismap.list_ is None:
            gaps.append(UNNAMED_REGISTRATION)
        elif ismap.list_.value in LISTED:
            gaps.append(LISTED_REGISTRATION)
    jurisdiction = record.service.jurisdiction
    if jurisdiction is None:
        gaps.append(NO_JURISDICTION)
        return tuple(gaps)
    agreeing = DataLocation.OVERSEAS if jurisdiction.abroad else DataLocation.DOMESTIC
    if record.service.data_location is not agreeing:
        gaps.append(LOCATION_DISAGREES)
    if jurisdiction.abroad and record.storage_exception is None:
        gaps.append(STORAGE_ABROAD)
    return tuple(gaps)


def _pending_form_tasks(
    facts: ScheduleFacts,
    responsible: tuple[str, ...],
    config: ReadSettings,
    as_of: date,
    lists: Lists | None,
) -> list[Task]:
    """A form awaiting its checks (the application while applied, the termination while
    terminating): columns still to mark (check); the data location to settle, the
    applicant's, when it stops the approval (S6.2); or else, when both columns are
    complete, the approval."""
    sid, dep, on = facts.service, facts.department, facts.form_on
    tasks: list[Task] = []
    if facts.form_missing_applicant:
        tasks.append(Task(sid, dep, CHECK, on, (facts.form_filer,), "applicant"))
    # The double-check waits for every applicant's mark (S5.2): not the manager's task yet.
    elif facts.form_missing_responsible:
        tasks.append(Task(sid, dep, CHECK, on, responsible, "responsible"))
    if facts.blocked_location is not None:
        tasks.append(Task(sid, dep, LOCATION, on, (facts.form_filer,), facts.blocked_location))
    elif not tasks:
        waiting = _full_track_tasks(facts, config, as_of, lists)
        tasks += waiting or [Task(sid, dep, APPROVE, on, responsible)]
    return tasks


def _full_track_tasks(
    facts: ScheduleFacts, config: ReadSettings, as_of: date, lists: Lists | None
) -> list[Task]:
    """What stops a full-track approval, each the task of the one who settles it: the
    applicant records or corrects the registration, the jurisdiction and the location; the
    security administrators import (again) the list. A registration on no list or not valid,
    or storage abroad where the policy allows an exception, is the approver's to except: no
    task here. Without `lists` (not given) the registration is not judged; an empty mapping
    is "none imported" (the record cache's `due` runs only then)."""
    sid, dep, on = facts.service, facts.department, facts.form_on
    applicant = (facts.form_filer,)
    tasks: list[Task] = []
    for gap in facts.full_track_gaps:
        if gap == LISTED_REGISTRATION:
            found = _registration_gap(facts, config, as_of, lists)
            if found == UNLISTED:
                tasks.append(Task(sid, dep, FULL_TRACK_FORM, on, applicant, found))
            elif found is not None:
                admins = tuple(config.security_administrators)
                tasks.append(Task(sid, dep, FULL_TRACK_FORM, on, admins, found))
        elif gap != STORAGE_ABROAD or not config.policy.storage_abroad_by_exception:
            tasks.append(Task(sid, dep, FULL_TRACK_FORM, on, applicant, gap))
    return tasks


UNLISTED = "ismap_not_found"


def _registration_gap(
    facts: ScheduleFacts, config: ReadSettings, as_of: date, lists: Lists | None
) -> str | None:
    """`ismap_not_imported:<list>`, `ismap_stale:<list>`, UNLISTED, or None (found, or not
    valid: the approver's exception; or the lists not given)."""
    which = facts.ismap_list or ""
    if lists is None:
        return None
    if not lists:
        return f"ismap_not_imported:{which}"
    from yakkan_cli.model.places import IsmapList
    from yakkan_cli.rules.ismap import first_registered

    snapshot = lists.get(IsmapList(which))
    if snapshot is None:
        return f"ismap_not_imported:{which}"
    if (as_of - snapshot.retrieved_on).days > config.policy.ismap_snapshot_max_age_days:
        return f"ismap_stale:{which}"
    if first_registered(snapshot.entries, facts.ismap_registration or "") is None:
        return UNLISTED
    return None


def soonest_first(tasks: list[Task]) -> list[Task]:
    """A record's tasks in the order `show` lists what comes next."""
    return sorted(tasks, key=lambda task: (task.due, task.task))


def due_tasks(
    record: Record, config: ReadSettings, as_of: date, lists: Lists | None = None
) -> list[Task]:
    """The next occurrence of every task the record calls for, whatever its date.

    `as_of` only decides whether an ISMAP registration is close enough to expiry to list;
    showing or hiding by date is the caller's business. `lists`: the imported ISMAP
    snapshots, where a registration of the new shape finds its end (none given: not said).
    """
    return tasks_of(schedule_facts(record), config, as_of, lists)


def tasks_of(
    facts: ScheduleFacts, config: ReadSettings, as_of: date, lists: Lists | None = None
) -> list[Task]:
    """`due_tasks` of the record `facts` were taken of (`schedule_facts`)."""
    policy = config.policy
    responsible = config.responsible_of(facts.department)
    admin = (facts.administrator,)
    sid, dep = facts.service, facts.department
    state = facts.state

    if state in (State.APPLIED, State.TERMINATING):
        return _pending_form_tasks(facts, responsible, config, as_of, lists)
    if state in CLOSED:
        # S5.4: a closed record's forms are kept; from retain_until on they may be disposed of.
        until = retain_from(facts.retention_start, policy)
        return [Task(sid, dep, DISPOSAL, until, responsible)] if until else []
    if state is State.SUSPENDED:
        # A stopped service waits for the responsible manager: resume it or end it.
        return [Task(sid, dep, DECIDE, facts.suspended_since or as_of, responsible, "suspended")]
    approved_on = facts.approved_on
    if state not in IN_USE or approved_on is None:
        return []

    tasks: list[Task] = []
    if not facts.acknowledged:
        tasks.append(Task(sid, dep, ACKNOWLEDGE, approved_on, admin))

    # S6.1: every review_months after the approval or the last review; S6.6: a purpose check
    # that no longer matches the application makes a review due at once.
    review_due = add_months(facts.last_review or approved_on, policy.review_months)
    detail = ""
    if facts.mismatch_on is not None:
        review_due = min(review_due, facts.mismatch_on)
        detail = "mismatch"
    tasks.append(Task(sid, dep, REVIEW, review_due, admin, detail))

    if facts.pending_review_on is not None:
        on = facts.pending_review_on
        tasks.append(Task(sid, dep, DECIDE, on, responsible, on.isoformat()))

    last_backup = facts.last_backup or approved_on
    tasks.append(Task(sid, dep, BACKUP, add_months(last_backup, policy.backup_months), admin))

    last_check = facts.last_purpose_check or approved_on
    tasks.append(
        Task(sid, dep, PURPOSE_CHECK, add_months(last_check, policy.purpose_check_months), admin)
    )

    if facts.period_end is not None:
        tasks.append(Task(sid, dep, PERIOD_END, facts.period_end, admin))

    for on, alert_id in facts.open_alerts:
        tasks.append(Task(sid, dep, WARN, on, responsible, alert_id))

    until = facts.ismap_valid_until
    if until is not None and as_of >= until - timedelta(days=policy.warn_days):
        tasks.append(Task(sid, dep, ISMAP, until, admin))
    listed = registration_end(facts, lists)
    if listed is not None and as_of >= listed - timedelta(days=policy.warn_days):
        # The department's managers decide what happens when the registration ends (the
        # full track's approval stood on it): renew, take an exception, or stop.
        tasks.append(Task(sid, dep, ISMAP, listed, responsible, facts.ismap_registration or ""))
    missing = registration_missing(facts, lists)
    if missing is not None:
        number = facts.ismap_registration or ""
        tasks.append(Task(sid, dep, ISMAP_MISSING, missing, responsible, number))
    if facts.raised_on is not None:
        tasks.append(Task(sid, dep, FULL_TRACK, facts.raised_on, responsible, "raised"))
    return tasks


def registration_end(facts: ScheduleFacts, lists: Lists | None) -> date | None:
    """The last valid day of a new-shape registration, as its list's snapshot says (None:
    no list named, the list not imported or not given, the number not in it)."""
    if not lists or facts.ismap_list not in LISTED or not facts.ismap_registration:
        return None
    # Standard library only: the record cache's reads (cli/fast.py) run this without the
    # snapshots' schema, on the plain copy of the lists the cache keeps.
    from yakkan_cli.model.places import IsmapList
    from yakkan_cli.rules.ismap import first_registered

    snapshot = lists.get(IsmapList(facts.ismap_list))
    entry = first_registered(snapshot.entries, facts.ismap_registration) if snapshot else None
    return entry.valid_until if entry is not None else None


def registration_missing(facts: ScheduleFacts, lists: Lists | None) -> date | None:
    """When the registration a full-track service in use relies on is missing from the
    newest import of its list: the day that list was retrieved (or the approval, if later),
    else None. Not when no list is named or none was imported (`ismap check` and the
    full track's own task say those), nor with a recorded ISMAP exception."""
    approved_on = facts.approved_on
    if (
        lists is None
        or not facts.ismap_required
        or facts.state not in IN_USE
        or approved_on is None
        or facts.ismap_list not in LISTED
        or not facts.ismap_registration
    ):
        return None
    # Standard library only, as `registration_end`: the cache's plain copy of the lists too.
    from yakkan_cli.model.places import IsmapList
    from yakkan_cli.rules.ismap import first_registered

    snapshot = lists.get(IsmapList(facts.ismap_list))
    if snapshot is None or first_registered(snapshot.entries, facts.ismap_registration):
        return None
    return max(snapshot.retrieved_on, approved_on)


# model.ismap.IsmapList's values, written out so that this module loads without the schemas
# (tests/test_rules_fulltrack.py holds the two equal).
LISTED = frozenset({"ismap", "ismap-liu"})


def snapshot_tasks(
    lists: Lists, used: Collection[str], config: ReadSettings, as_of: date
) -> list[Task]:
    """An imported list that some service in use relies on (`used`: list names), once it
    comes within warn_days of policy.ismap_snapshot_max_age_days: the security
    administrators import it again. Not a service's task: its `service` is the list."""
    policy = config.policy
    tasks: list[Task] = []
    for which, snapshot in sorted(lists.items()):
        if which.value not in used:
            continue
        due = snapshot.retrieved_on + timedelta(days=policy.ismap_snapshot_max_age_days)
        if as_of >= due - timedelta(days=policy.warn_days):
            admins = tuple(config.security_administrators)
            detail = snapshot.retrieved_on.isoformat()
            tasks.append(Task(which.value, "", ISMAP_SNAPSHOT, due, admins, detail))
    return tasks
