"""An imported ISMAP list: the normalised snapshot `yakkan ismap import` commits (issue 22.3).

The official list is a web portal with no download format, so a village imports what a
clerk can save (CSV, xlsx, the page as HTML). yakkan commits that very file and, beside
it, this snapshot: the entries in one canonical form and a manifest saying where the file
came from. The snapshot is what `ismap check` and the full-track approval read; the file
is the evidence `verify` and `audit` recompute the snapshot from.

    .yakkan/ismap/<list>/source.<format>    the file as imported (bytes untouched)
    .yakkan/ismap/<list>/snapshot.yaml      this model
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from yakkan_cli.model.base import Int, IsoDate, LongText, PersonId, Schema, Text
from yakkan_cli.model.places import ISMAP_DIR as ISMAP_DIR
from yakkan_cli.model.places import SNAPSHOT_FILE as SNAPSHOT_FILE
from yakkan_cli.model.places import SOURCE_STEM as SOURCE_STEM
from yakkan_cli.model.places import IsmapList as IsmapList
from yakkan_cli.model.places import list_folder, list_snapshot, list_source

# The commit of an import: `ismap-import(<list>): …` with these trailers and Yakkan-Actor.
ACTION_IMPORT = "ismap-import"
TRAILER_LIST = "Yakkan-List"

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
# What the normaliser accepts as a registration number once NFKC'd and trimmed: the
# portal's numbers look like C21-0012-2 (ISMAP) or L22-0003-1 (ISMAP-LIU); the pattern is
# loose on purpose (a new prefix must not make a list unreadable) but admits no blanks.
Registration = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")]


class SourceFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"


class Column(StrEnum):
    """A column of the list, as the normaliser knows it (`--column FIELD=見出し`)."""

    REGISTRATION = "registration"
    SERVICE = "service"
    PROVIDER = "provider"
    REGISTERED_ON = "registered_on"
    VALID_UNTIL = "valid_until"
    AUDIT_PERIOD_END = "audit_period_end"
    NOTE = "note"


class Manifest(Schema):
    list_: IsmapList = Field(alias="list")
    source_url: Text | None = None
    retrieved_on: IsoDate  # the day the clerk saved the file from the portal
    file: Text  # the file's name as imported (its base name, for people)
    format: SourceFormat  # the stored copy is `source.<format>` beside the snapshot
    sha256: Sha256  # of the stored copy: the bytes the entries were read from
    # `--column FIELD=見出し` as given: the normaliser needs them again to recompute.
    columns: dict[Column, Text] = Field(default_factory=dict)
    imported_by: PersonId
    imported_on: IsoDate
    # The version of the normaliser (rules/ismap) that wrote the entries: a later yakkan
    # that reads lists differently recomputes an old snapshot with the old rules, so an
    # honest import made today is not a finding tomorrow.
    normaliser: Int = Field(ge=1)


class Entry(Schema):
    """One registered cloud service of the list."""

    registration: Registration
    service: Text
    provider: Text
    registered_on: IsoDate | None = None
    # The last day the registration is valid. When the list gives the end of the audited
    # period (監査対象期間末日) instead, the normaliser computes it: a registration is valid
    # 「監査対象期間末日の翌日から1年4か月」, a period counted as the Civil Code counts one
    # (民法第143条): it starts on the day after the audited period ends and ends on the day
    # before the day of the same number sixteen months later, or on the last day of that
    # month when it has no such day (rules/ismap.valid_until_from_audit_end).
    valid_until: IsoDate
    audit_period_end: IsoDate | None = None  # as the list gave it, when it did
    note: LongText | None = None


class Snapshot(Schema):
    schema_version: Literal[1] = 1
    manifest: Manifest
    entries: list[Entry] = Field(default_factory=list)

    @property
    def list_name(self) -> IsmapList:
        return self.manifest.list_

    @property
    def retrieved_on(self) -> date:
        return self.manifest.retrieved_on


def ismap_folder(list_name: IsmapList | str) -> str:
    """The folder of a list's snapshot and source, relative to the repository root."""
    return list_folder(list_name)


def snapshot_path(list_name: IsmapList | str) -> str:
    return list_snapshot(list_name)


def source_path(list_name: IsmapList | str, fmt: SourceFormat | str) -> str:
    return list_source(list_name, SourceFormat(fmt).value)
