"""Shared building blocks of the schemas."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt

from yakkan_cli.messages import t

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    # pydantic's lax mode would take Unix timestamps and datetimes for a date; a record
    # holds calendar days written as YYYY-MM-DD and nothing else.
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(t("model.date_invalid", value=value)) from None
    raise ValueError(t("model.date_format", value=value))


Loc = tuple[str | int, ...]
"""A path into a YAML document, as pydantic writes error locations."""

IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Text = Annotated[str, Field(min_length=1)]
PersonId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.-]*$", max_length=64)]
ServiceId = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
DepartmentId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
Bool = StrictBool
Int = StrictInt


class Schema(BaseModel):
    """Unknown keys are errors: a typo in a record must not be silently ignored."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        validate_assignment=True,
        use_enum_values=False,
    )
