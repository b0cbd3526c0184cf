"""A6: time is the mainline's clock.

A date an action states (a backup's `on`, `approved_on`, a closure's `on`, a termination's
`filed_on`…) may not be later than the day of its commit — by the committer date, which a
rebase or a merge renews, not the author date anyone sets — nor later than the day the
commit reached the mainline, nor earlier than the record's previous action, nor more than
`policy.max_backdate_days` before the commit — and, for a commit arriving from 2026-12-07
on, before its arrival (issue 19.5: a commit's own dates are the committer's to set, the
day it reached the mainline is not). A commit dated after the audit's own day is itself a
finding. A commit's days are on the calendar (yakkan.yaml `timezone`) of the config in
force for it (actions/audit/replay.py, `CommitInfo.on_calendar`).
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from yakkan_cli.messages import t
from yakkan_cli.model import Policy
from yakkan_cli.rules.audit.facts import Add, CommitInfo, Finding
from yakkan_cli.rules.audit.fields import OPERATION_LISTS, FieldChange

RULE_DATES = "A6"  # an action dated after its commit, before the last one, or too far back

# The fields in which a record states when an action was done. Other dates (a period's
# start and end, a termination's `end_on`, an ISMAP expiry) are plans, not actions.
ACTION_DATES = frozenset(
    {
        "on",
        "applied_on",
        "approved_on",
        "risk_acknowledged_on",
        "decided_on",
        "resumed_on",
        "warned_on",
        "filed_on",
    }
)


def commit_time(commit: CommitInfo) -> datetime:
    """When the commit was made: its committer date (older callers: the author date)."""
    return commit.committer_date or commit.author_date


# Issue 19.5: from this day the back-dating cap, the retention clock and the rules tied to a
# day count from the commit's arrival, and `verify` counts its own day as the arrival of
# the pull request it judges. Commits that arrived before keep the meaning of their day.
ARRIVAL_FROM = date(2026, 12, 7)


def arrival_day(commit: CommitInfo, today: date | None = None) -> date | None:
    """The day the commit reached the mainline (`audit`: `CommitInfo.arrived`); for a
    commit not on it yet (`verify`, before the merge) `today`, from `ARRIVAL_FROM` on, since
    it cannot arrive earlier; None when neither is known."""
    if commit.arrived is not None:
        return commit.arrived.date()
    if today is not None and today >= ARRIVAL_FROM:
        return today
    return None


def counted_day(commit: CommitInfo, today: date | None = None) -> date:
    """The day the rules count a commit's act on: its arrival, else its own day."""
    return arrival_day(commit, today) or commit_time(commit).date()


def _dates(value: Any, path: str) -> Iterator[tuple[str, date]]:
    """Every action date in `value` (a field, an entry, a section), with its path."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            sub = f"{path}.{key}" if path else str(key)
            if key in ACTION_DATES and isinstance(item, str):
                day = _day(item)
                if day is not None:
                    yield sub, day
            elif isinstance(item, Mapping | list):
                yield from _dates(item, sub)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _dates(item, f"{path}[{i}]")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def stated_dates(
    changes: Sequence[FieldChange], created: Mapping[str, Any] | None = None
) -> list[tuple[str, date]]:
    """The action dates this step wrote: in new fields, entries and sections (or, for a
    record it created, anywhere in `created`)."""
    if created is not None:
        return list(_dates(created, ""))
    found: list[tuple[str, date]] = []
    for change in changes:
        leaf = change.path.rsplit(".", 1)[-1]
        if leaf in ACTION_DATES and isinstance(change.new, str):
            day = _day(change.new)
            if day is not None:
                found.append((change.path, day))
        elif isinstance(change.new, Mapping):
            found += _dates(change.new, change.path)
    return found


# Where a record keeps action dates: sections, and the fields of each list's entries.
_SECTION_DATES = (
    ("application", ("applied_on",)),
    ("exception", ("approved_on",)),
    ("ismap_exception", ("approved_on",)),
    ("storage_exception", ("approved_on",)),
    ("approval", ("approved_on", "risk_acknowledged_on")),
    ("termination", ("filed_on", "approved_on")),
    ("closure", ("on",)),
)
_ENTRY_DATES = ("on", "decided_on", "resumed_on", "warned_on")


def last_action_date(data: Mapping[str, Any] | None) -> date | None:
    """The latest action date the record held before the step.

    Read from the places the record keeps them rather than by walking it: a replay asks
    this for every version, and the lists of operations only grow. ISO dates compare as
    text, so only the latest is parsed.
    """
    return text_day(latest_action_text(data))


def text_day(text: str | None) -> date | None:
    """The day a text names (None for none, or for a text that names no day)."""
    return _day(text) if text is not None else None


def latest_action_text(data: Mapping[str, Any] | None) -> str | None:
    """The greatest action date of `data` as text (what `last_action_date` parses), None
    when it holds none. Written for speed: plain loops, the dicts a dump gives tested
    before the slower abstract `Mapping`."""
    if data is None:
        return None
    latest: str | None = None
    for section, keys in _SECTION_DATES:
        value = data.get(section)
        if value.__class__ is dict or isinstance(value, Mapping):
            for key in keys:
                v = value.get(key)
                if (v.__class__ is str or isinstance(v, str)) and (latest is None or v > latest):
                    latest = v
    for name in OPERATION_LISTS:
        latest = _latest_of(data.get(name) or (), latest)
    return latest


def _latest_of(entries: Any, latest: str | None) -> str | None:
    for entry in entries:
        if entry.__class__ is not dict and not isinstance(entry, Mapping):
            continue
        for key in _ENTRY_DATES:
            v = entry.get(key)
            if (
                v is not None
                and (v.__class__ is str or isinstance(v, str))
                and (latest is None or v > latest)
            ):
                latest = v
    return latest


def latest_action_text_since(
    new: Mapping[str, Any], old: Mapping[str, Any], old_latest: str | None
) -> str | None:
    """`latest_action_text(new)`, given `old_latest`, that of `old` (the version before):
    where `new` holds the very sections and list entries of `old` (a replay's dumps share
    them, actions/audit/state.py `dump_since`) and only adds entries at the ends of its
    lists, only the added entries are read. Anything else is read in full."""
    for section, _ in _SECTION_DATES:
        a, b = new.get(section), old.get(section)
        if a is not b and a != b:
            return latest_action_text(new)
    latest = old_latest
    for name in OPERATION_LISTS:
        a, b = new.get(name) or (), old.get(name) or ()
        if a is b:
            continue
        if (
            a.__class__ is not list
            or (b.__class__ is not list and b != ())
            or len(a) < len(b)
            or not all(map(operator.is_, a, b))
        ):
            return latest_action_text(new)
        latest = _latest_of(a[len(b) :], latest)
    return latest


def date_findings(
    commit: CommitInfo,
    stated: Sequence[tuple[str, date]],
    previous: date | None,
    policy: Policy,
    add: Add,
    *,
    today: date | None = None,
) -> None:
    made = commit_time(commit).date()
    if today is not None and made > today:
        add(RULE_DATES, t("audit.commit_in_future", day=made, today=today))
    arrived = commit.arrived.date() if commit.arrived is not None else None
    # The cap counts from the arrival (verify: today) when that is later than the commit's
    # own day: a faked clock, or a back-dated chain fast-forwarded, sets only the latter.
    arrival = arrival_day(commit, today)
    counted = None
    if arrival is not None and arrival >= ARRIVAL_FROM and arrival > made:
        counted = arrival
    earliest = (counted or made) - timedelta(days=policy.max_backdate_days)
    for path, day in stated:
        if day > made:
            add(RULE_DATES, t("audit.date_after_commit", path=path, date=day, day=made))
        elif arrived is not None and day > arrived:
            add(RULE_DATES, t("audit.date_after_arrival", path=path, date=day, day=arrived))
        if previous is not None and day < previous:
            add(RULE_DATES, t("audit.date_before_previous", path=path, date=day, previous=previous))
        elif day < earliest and counted is not None:
            add(
                RULE_DATES,
                t(
                    "audit.date_backdated_arrival",
                    path=path,
                    date=day,
                    day=counted,
                    made=made,
                    days=policy.max_backdate_days,
                ),
            )
        elif day < earliest:
            add(
                RULE_DATES,
                t(
                    "audit.date_backdated",
                    path=path,
                    date=day,
                    day=made,
                    days=policy.max_backdate_days,
                ),
            )


# Issue 19.5: the mainline's dates never run backwards. Judged from the day the rule took
# effect (a predecessor committed on or after it), so that histories written before, whose
# commits were dated by `--date` in any order, keep their meaning.
MAINLINE_CLOCK_FROM = date(2026, 12, 1)
# Clocks of two machines differ: a step back of less than a day is not a date anyone set.
CLOCK_SKEW = timedelta(hours=24)


def mainline_arrivals(
    line: Sequence[str], dates: Mapping[str, datetime], start: datetime | None = None
) -> dict[str, datetime]:
    """The arrival of each commit of a mainline (oldest first; `start`: the arrival of the
    commit before the first): a merge's or a direct commit's own committer date, never
    earlier than its first parent's arrival — one pass, a running latest. Carried from a
    predecessor that arrived on or after `MAINLINE_CLOCK_FROM`, as the backwards rule is
    judged, so that older histories dated in any order keep their meaning."""
    found: dict[str, datetime] = {}
    previous = start
    for commit in line:
        made = dates.get(commit)
        if made is None:
            continue
        if previous is not None and previous > made and previous.date() >= MAINLINE_CLOCK_FROM:
            made = previous
        found[commit] = made
        previous = made
    return found


def backwards_finding(commit: str, made: datetime, previous: datetime) -> Finding | None:
    """A mainline commit (or, in `verify`, one of the range's first-parent line) dated
    before its first parent: a back-dated chain fast-forwarded onto main, or a faked clock."""
    if previous.date() < MAINLINE_CLOCK_FROM or made >= previous - CLOCK_SKEW:
        return None
    return Finding(
        commit,
        "",
        None,
        RULE_DATES,
        t("audit.mainline_backwards", day=made.date(), previous=previous.date()),
    )
