"""The village's clock: what "now" and "today" are, in the village's time zone.

A village's day is the day on its own calendar (yakkan.yaml `timezone:`, Asia/Tokyo by
default), whatever zone the machine runs in: a hosted CI runner is in UTC, and at 00:30 in
Tokyo its own calendar still shows yesterday. So nothing in yakkan asks the machine for its
local date (`date.today()`, `datetime.now()`, `.astimezone()` without a zone): it asks here.

The clock a demo or a test runs on is set the way libfaketime would set it for the process,
with YAKKAN_TODAY: a day (2026-12-01), which every check then calls today, or an instant
with its offset (2026-11-30T15:30:00+00:00), from which today is the village's day at that
instant. It moves no stamp git writes, so GIT_AUTHOR_DATE and GIT_COMMITTER_DATE must then
name the same day; the replay judges by those stamps anyway.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, tzinfo

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model.zones import DEFAULT_TIMEZONE, zone_named

CLOCK_VARIABLE = "YAKKAN_TODAY"
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# An instant must carry its offset: a bare local time would mean the machine's zone again.
_ISO_INSTANT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})", re.ASCII
)

VILLAGE_ZONE: tzinfo = zone_named(DEFAULT_TIMEZONE)


def _set() -> date | datetime | None:
    """What YAKKAN_TODAY sets: a day, an instant, or nothing (the real clock)."""
    value = os.environ.get(CLOCK_VARIABLE)
    if not value:
        return None
    try:
        if _ISO_DAY.fullmatch(value):
            return date.fromisoformat(value)
        if _ISO_INSTANT.fullmatch(value):
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    raise YakkanError(t("actions.bad_clock", variable=CLOCK_VARIABLE, value=value))


def now(zone: tzinfo = VILLAGE_ZONE) -> datetime:
    """This instant, as the village's clocks show it."""
    fixed = _set()
    if isinstance(fixed, datetime):
        return fixed.astimezone(zone)
    if isinstance(fixed, date):
        # A day alone: its noon, which is that day in any zone a village can be in.
        return datetime.combine(fixed, time(12), tzinfo=zone)
    return datetime.now(UTC).astimezone(zone)


def today(zone: tzinfo = VILLAGE_ZONE) -> date:
    """The village's day now: the real one, or the one YAKKAN_TODAY sets for a test or a demo."""
    fixed = _set()
    if isinstance(fixed, datetime):
        return fixed.astimezone(zone).date()
    if isinstance(fixed, date):
        return fixed
    return datetime.now(UTC).astimezone(zone).date()
