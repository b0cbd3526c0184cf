"""Shared building blocks of the schemas."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
)

from yakkan_cli.messages import t

# Re-exported: the ids' own module needs no pydantic (validate from the record cache).
from yakkan_cli.model.ids import SERVICE_ID_MAX as SERVICE_ID_MAX
from yakkan_cli.model.ids import SERVICE_ID_PATTERN as SERVICE_ID_PATTERN
from yakkan_cli.model.ids import is_service_id as is_service_id

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_DAYS: dict[str, date] = {}
"""Dates already read, by their text: a repository's records hold the same few hundred
days over and over (about ninety dates a record), and a hit skips the regex and parse."""
_DAYS_KEPT = 4096


def _iso_date(value: Any) -> Any:
    # pydantic's lax mode would take Unix timestamps and datetimes for a date; a record
    # holds calendar days written as YYYY-MM-DD and nothing else.
    if value.__class__ is str:
        known = _DAYS.get(value)
        if known is not None:
            return known
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValueError(t("model.date_invalid", value=value)) from None
        if len(_DAYS) >= _DAYS_KEPT:
            _DAYS.clear()
        _DAYS[value] = day
        return day
    raise ValueError(t("model.date_format", value=value))


# Characters a text of a record may not hold: C0 controls (ESC starts terminal escape
# sequences, BEL/BS/CR rewrite what a reader sees), DEL, C1 controls (CSI, OSC), the bidi
# embeddings and overrides that reorder what is displayed (U+202A-U+202E, U+2066-U+2069),
# and the Unicode line and paragraph separators, which some readers take for line breaks.
# A text of several lines may hold "\n" and nothing else of these.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_CONTROL_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def _refuse(value: str, pattern: re.Pattern[str], key: str) -> str:
    found = pattern.search(value)
    if found is None:
        return value
    char = found.group(0)
    if char == "\n":
        raise ValueError(t("model.line_break", position=found.start() + 1))
    raise ValueError(t(key, code=f"U+{ord(char):04X}", position=found.start() + 1))


# The clean case returns at once: these run for every text of every record read.
_HAS_CONTROL = _CONTROL.search
_HAS_CONTROL_BUT_NEWLINE = _CONTROL_BUT_NEWLINE.search


def _single_line(value: str) -> str:
    if _HAS_CONTROL(value) is None:
        return value
    return _refuse(value, _CONTROL, "model.control_character")


def _multi_line(value: str) -> str:
    if _HAS_CONTROL_BUT_NEWLINE(value) is None:
        return value
    return _refuse(value, _CONTROL_BUT_NEWLINE, "model.control_character_multiline")


Loc = tuple[str | int, ...]
"""A path into a YAML document, as pydantic writes error locations."""

IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Text = Annotated[str, Field(min_length=1, max_length=1_000), AfterValidator(_single_line)]
"""A one-line text: a name, a title, a place. No control character, no line break."""
LongText = Annotated[str, Field(min_length=1, max_length=20_000), AfterValidator(_multi_line)]
"""Free text that may run over several lines (a description, a purpose, a reason, a note):
line breaks are allowed, other control characters are not. Tabs neither: they are
control characters too, and a table cell or form shows them differently everywhere."""
PersonId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.-]*$", max_length=64)]
ServiceId = Annotated[str, Field(pattern=SERVICE_ID_PATTERN, max_length=SERVICE_ID_MAX)]


DepartmentId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
Bool = StrictBool
Int = StrictInt
Count = Annotated[StrictInt, Field(ge=1, le=100_000)]
"""A number of people (users_count): a village has far fewer than 100,000."""


class Schema(BaseModel):
    """Unknown keys are errors: a typo in a record must not be silently ignored.

    Fields with an alias (`class`) are read by the alias only: the Python name (`class_`)
    is not a key of the file format, so `class_:` in a record is an unknown key too.
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=False,
        validate_assignment=True,
        use_enum_values=False,
        # A schema is built when a model first validates, not when its class is made: a
        # command answered from the record cache never builds the records' schemas.
        defer_build=True,
    )
