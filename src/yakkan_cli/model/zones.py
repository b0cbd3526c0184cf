"""The village's time zone by name: standard library only, so that the clock
(actions/clock.py) and a read answered from the record cache need no schema to know the
village's day."""

from __future__ import annotations

import functools
import zoneinfo
from datetime import tzinfo

DEFAULT_TIMEZONE = "Asia/Tokyo"


@functools.cache
def zone_named(name: str) -> tzinfo:
    """The IANA zone `name` (Asia/Tokyo), from the system's zone data or the tzdata package
    (Windows has none of its own). Raises ValueError for a name neither knows."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(name) from None
