"""ISMAP lists, pure: looking a registration up in a snapshot, its validity on a day, the
snapshot's age (issue 22.3). Reading a list file into a snapshot is `normalise.py`.

The schedule and the register read a snapshot through the protocols below: the schema's
`model.ismap.Snapshot` is one thing that has them, the record cache's plain copy
(store/cache/codec.py, `PlainSnapshot`) the other, so that a read answered from the cache
(cli/fast.py) runs the same rules without importing pydantic."""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from yakkan_cli.model.ismap import Entry, Snapshot


class ListedEntry(Protocol):
    """What the schedule and the register read of one entry of a list."""

    @property
    def registration(self) -> str: ...
    @property
    def valid_until(self) -> date: ...


class ListSnapshot(Protocol):
    """What the schedule and the register read of a list's newest snapshot."""

    @property
    def retrieved_on(self) -> date: ...
    @property
    def entries(self) -> Sequence[ListedEntry]: ...


E = TypeVar("E", bound=ListedEntry)

# A registration is valid 「監査対象期間末日の翌日から1年4か月」.
VALIDITY_MONTHS = 16


def registration_key(text: str) -> str:
    """A registration number as compared: NFKC (full-width Ｃ２１－００１２ is C21-0012),
    blanks trimmed, the dashes a word processor substitutes read as "-", upper case."""
    plain = unicodedata.normalize("NFKC", text).strip()
    for dash in ("\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\u30fc", "\uff70"):
        plain = plain.replace(dash, "-")
    return plain.upper()


def find_registration(snapshot: Snapshot, registration: str) -> Entry | None:
    """The snapshot's entry with this registration number, or None."""
    return first_registered(snapshot.entries, registration)


def first_registered(entries: Iterable[E], registration: str) -> E | None:
    """The first of `entries` with this registration number, or None."""
    key = registration_key(registration)
    if not key:
        return None
    return next((e for e in entries if registration_key(e.registration) == key), None)


def is_valid_on(entry: Entry, day: date) -> bool:
    """Whether the registration is valid on `day` (its last valid day included)."""
    if entry.registered_on is not None and day < entry.registered_on:
        return False
    return day <= entry.valid_until


def snapshot_age(snapshot: Snapshot, day: date) -> int:
    """Days from the list's retrieval to `day`: the snapshot is as old as the file saved
    from the portal, not as the commit that imported it."""
    return (day - snapshot.manifest.retrieved_on).days


def is_stale(snapshot: Snapshot, day: date, max_age_days: int) -> bool:
    return snapshot_age(snapshot, day) > max_age_days


def valid_until_from_audit_end(audit_period_end: date) -> date:
    """The last valid day of a registration whose audited period ended on `audit_period_end`.

    「監査対象期間末日の翌日から1年4か月」 counted as 民法第143条 counts a period in months:
    from the day after the audited period (the first day counts, 第140条 does not apply
    to a period that starts at 0:00), it ends on the day before the day of the same number
    sixteen months later, or on the last day of that month when it has no such day.
    2025-03-31 → 2026-07-31; 2025-10-30 → 2027-02-28 (10-31 + 16 months has no 02-31).
    """
    start = audit_period_end + timedelta(days=1)
    months = start.month - 1 + VALIDITY_MONTHS
    year, month = start.year + months // 12, months % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return date(year, month, last)
    return date(year, month, start.day) - timedelta(days=1)
