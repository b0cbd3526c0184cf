"""The service a record is about: its provider and name, what it is, its ISMAP
registration and where it stands in law and keeps the data."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from yakkan_cli.messages import t
from yakkan_cli.model.base import IsoDate, LongText, Schema, Text
from yakkan_cli.model.countries import ISO_3166_ALPHA_2, JAPAN
from yakkan_cli.model.enums import Category, DataLocation, IsmapChoice

# A registration number as the ISMAP portal writes one (C21-0012-2, L22-0003-1), the
# pattern the imported lists hold them in (model/ismap.py): loose on the prefix, no blanks.
ISMAP_REGISTRATION = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")


# ISMAP (政府情報システムのためのセキュリティ評価制度) registration of the service.
#
# Two shapes share this section (issue 22). The old one, {registration, valid_until}, was
# written by hand before the lists could be imported: its date is the applicant's word,
# kept and shown as written, and the records written so keep validating as they are. The
# new one, {list, registration}, names the list the registration is looked up in: its
# validity comes from the newest imported snapshot of that list, never from the record, so
# `valid_until` is refused beside `list` (two dates could disagree, and the record's would
# be the one nobody checks). `list: none` says the service is on neither list (the full
# track then needs a recorded exception) and takes no registration. Which shape a record
# has is told by `list` alone (`Ismap.listed`). (A comment, not a docstring: a docstring
# would become the English description `yakkan schema` prints.)
class Ismap(Schema):
    list_: IsmapChoice | None = Field(default=None, alias="list")
    registration: Text | None = Field(default=None, validate_default=True)
    valid_until: IsoDate | None = Field(default=None, validate_default=True)

    @field_validator("registration")
    @classmethod
    def _registration(cls, value: str | None, info: ValidationInfo) -> str | None:
        chosen = info.data.get("list_")
        if chosen is None:
            return value  # the old shape: kept as written
        if chosen is IsmapChoice.NONE:
            if value is not None:
                raise ValueError(t("model.ismap_none_registration"))
            return value
        if value is None:
            raise ValueError(t("model.ismap_registration_needed", list=chosen.value))
        if not ISMAP_REGISTRATION.fullmatch(value):
            raise ValueError(t("model.ismap_registration_format", value=value))
        return value

    @field_validator("valid_until")
    @classmethod
    def _no_date_beside_list(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is not None and info.data.get("list_") is not None:
            raise ValueError(t("model.ismap_valid_until_with_list"))
        return value

    @property
    def listed(self) -> bool:
        """The new shape: the registration is judged by an imported list."""
        return self.list_ is not None


def _country(value: str) -> str:
    if value not in ISO_3166_ALPHA_2:
        raise ValueError(t("model.country_code", value=value))
    return value


CountryCode = Annotated[str, AfterValidator(_country)]
"""An ISO 3166-1 alpha-2 code, as written (JP, US): upper case, officially assigned."""


# Where the service stands in law (準拠法・裁判管轄) and where it keeps the data, as the
# full track asks them to be checked (issue 22): recorded with the day they were checked,
# for some providers an account setting that may change. Every field is needed once the
# section is there: half a jurisdiction is not one.
class Jurisdiction(Schema):
    governing_law: Text
    court: Text
    provider_country: CountryCode
    storage_countries: list[CountryCode] = Field(min_length=1)
    checked_on: IsoDate

    @field_validator("storage_countries")
    @classmethod
    def _each_once(cls, value: list[str]) -> list[str]:
        twice = sorted({c for c in value if value.count(c) > 1})
        if twice:
            raise ValueError(t("model.country_twice", codes="、".join(twice)))
        return value

    @property
    def abroad(self) -> tuple[str, ...]:
        """The storage countries other than Japan, in the record's order."""
        return tuple(c for c in self.storage_countries if c != JAPAN)


class Service(Schema):
    provider: Text
    name: Text
    description: LongText
    category: Category
    terms_url: Text | None = None
    data_location: DataLocation = DataLocation.UNKNOWN
    ismap: Ismap | None = None
    jurisdiction: Jurisdiction | None = None
