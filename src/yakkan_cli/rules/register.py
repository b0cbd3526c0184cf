"""The register (台帳): one row per record with what the annual report asks of a service.

Pure (record, config, date): `actions/register.py` reads the records, `forms/register.py`
writes the rows as CSV, Excel, HTML and PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model.enums import Scheme
from yakkan_cli.rules.retention import retain_from
from yakkan_cli.rules.schedule import LISTED, registration_end, tasks_of
from yakkan_cli.rules.summary import RecordSummary, report_days, summarize
from yakkan_cli.rules.tracks import class_mark, track_shown

if TYPE_CHECKING:
    from yakkan_cli.model import Config, Record
    from yakkan_cli.rules.schedule import Lists, ScheduleFacts
    from yakkan_cli.rules.settings import ReadSettings


@dataclass(frozen=True)
class Row:
    id: str
    department: str  # the department's name
    state: str  # the state's label
    provider: str
    name: str
    category: str
    data_location: str
    classes: str  # e.g. 「Ⅲ・Ⅳ（個人情報あり）」
    administrator: str
    applied_on: date
    approved_on: date | None
    period_start: date
    period_end: date | None
    last_review: date | None
    last_backup: date | None
    last_purpose_check: date | None
    next_due: date | None
    next_task: str
    ended_on: date | None  # the termination's stated end
    terminated_on: date | None  # the termination's approval
    disposal_from: date | None  # the first day it may be disposed of (S5.4)
    track: str = ""  # issue 22: the track in words, "" on 重要性分類
    # Issue 22: the new-shape ISMAP registration (service.ismap.list) and its validity as
    # the newest imported snapshot of its list says, and the jurisdiction; blank when the
    # record has none of them.
    ismap_list: str = ""  # ISMAP / ISMAP-LIU / なし
    ismap_registration: str = ""
    ismap_valid_until: date | None = None  # None: the list not imported or the number not in it
    ismap_retrieved_on: date | None = None  # the day the snapshot was saved from the portal
    governing_law: str = ""
    court: str = ""
    provider_country: str = ""
    storage_countries: str = ""  # JP・US
    jurisdiction_checked_on: date | None = None

    # Column order of every format; labels in the catalog as register.col.<field>.
    FIELDS = (
        "id", "department", "state", "provider", "name", "category", "data_location",
        "classes", "administrator", "applied_on", "approved_on", "period_start", "period_end",
        "last_review", "last_backup", "last_purpose_check", "next_due", "next_task",
        "ended_on", "terminated_on", "disposal_from",
    )  # fmt: skip
    # The columns once some record has a track (自治体機密性): a register of 重要性分類 only
    # keeps its columns as they always were.
    TRACK_FIELDS = (
        *FIELDS[: FIELDS.index("classes") + 1],
        "track",
        *FIELDS[FIELDS.index("classes") + 1 :],
    )

    # Appended once some record names a list or a jurisdiction: a register without such
    # records keeps its columns as they were.
    FULL_TRACK_FIELDS = (
        "ismap_list", "ismap_registration", "ismap_valid_until", "ismap_retrieved_on",
        "governing_law", "court", "provider_country", "storage_countries",
        "jurisdiction_checked_on",
    )  # fmt: skip

    def values(self, fields: tuple[str, ...] = FIELDS) -> list[object]:
        return [getattr(self, name) for name in fields]


def fields_of(rows: Sequence[Row]) -> tuple[str, ...]:
    """The register's columns: with the track once any row has one, with the ISMAP list
    and the jurisdiction once any row has them."""
    fields = Row.TRACK_FIELDS if any(row.track for row in rows) else Row.FIELDS
    if any(row.ismap_list or row.governing_law for row in rows):
        fields = (*fields, *Row.FULL_TRACK_FIELDS)
    return fields


@dataclass(frozen=True)
class Register:
    as_of: date
    organization: str
    rows: list[Row]
    errors: list[YakkanError]
    fiscal_year: int | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        return fields_of(self.rows)

    def summary(self) -> list[tuple[str, str, int]]:
        """(department, state, count), for the summary sheet."""
        counts: dict[tuple[str, str], int] = {}
        for row in self.rows:
            counts[(row.department, row.state)] = counts.get((row.department, row.state), 0) + 1
        return [(d, s, n) for (d, s), n in sorted(counts.items())]


def _classes(summary: RecordSummary) -> str:
    text = "・".join(class_mark(summary.scheme, c) for c in summary.classes)
    if summary.scheme is Scheme.JICHITAI:
        text = t("classes.label.jichitai", mark=text)
    if summary.personal:
        text += t("register.personal")
    return text


def ismap_list_label(list_name: str | None) -> str:
    """ISMAP / ISMAP-LIU / なし for a new-shape registration's list; "" without one."""
    return t(f"register.ismap_list.{list_name}") if list_name else ""


def snapshot_day(list_name: str | None, lists: Lists | None) -> date | None:
    """The retrieval day of the newest imported snapshot of the list `list_name`."""
    if not lists or list_name not in LISTED:
        return None
    from yakkan_cli.model.places import IsmapList

    snapshot = lists.get(IsmapList(list_name))
    return snapshot.retrieved_on if snapshot is not None else None


def _full_track(
    facts: ScheduleFacts, summary: RecordSummary, lists: Lists | None
) -> dict[str, object]:
    j = summary.jurisdiction
    shown: dict[str, object] = {}
    if facts.ismap_list:
        shown.update(
            ismap_list=ismap_list_label(facts.ismap_list),
            ismap_registration=facts.ismap_registration or "",
            ismap_valid_until=registration_end(facts, lists),
            ismap_retrieved_on=snapshot_day(facts.ismap_list, lists),
        )
    if j is not None:
        shown.update(
            governing_law=j.governing_law,
            court=j.court,
            provider_country=j.provider_country,
            storage_countries="・".join(j.storage_countries),
            jurisdiction_checked_on=j.checked_on,
        )
    return shown


def row_of(record: Record, config: Config, as_of: date, lists: Lists | None = None) -> Row:
    return row_from(summarize(record), config, as_of, lists)


def row_from(
    summary: RecordSummary, config: ReadSettings, as_of: date, lists: Lists | None = None
) -> Row:
    """`row_of` the record `summary` was taken of (rules.summary); `lists`: the newest
    imported ISMAP snapshots (None: none read, as the record cache's reads)."""
    facts = summary.schedule
    dept = config.department(summary.department)
    tasks = sorted(tasks_of(facts, config, as_of), key=lambda task: task.due)
    return Row(
        id=summary.id,
        department=dept.name if dept else summary.department,
        state=t(f"state.{summary.state.value}"),
        provider=summary.provider,
        name=summary.name,
        category=t(f"forms.category.{summary.category}"),
        data_location=t(f"forms.location.{summary.data_location}"),
        classes=_classes(summary),
        administrator=config.name_of(summary.administrator),
        applied_on=summary.applied_on,
        approved_on=summary.approved_on,
        period_start=summary.period_start,
        period_end=facts.period_end,
        last_review=facts.last_review,
        last_backup=facts.last_backup,
        last_purpose_check=facts.last_purpose_check,
        next_due=tasks[0].due if tasks else None,
        next_task=t(f"task.{tasks[0].task}") if tasks else "",
        ended_on=summary.ended_on,
        terminated_on=summary.terminated_on,
        disposal_from=retain_from(facts.retention_start, config.policy),
        track=track_shown(summary.track, config) if summary.track else "",
        **_full_track(facts, summary, lists),  # type: ignore[arg-type]
    )


def fiscal_year_of(day: date) -> int:
    """The 年度 a day belongs to: April to March."""
    return day.year if day.month >= 4 else day.year - 1


def in_fiscal_year(record: Record, year: int) -> bool:
    """Did anything the annual report counts happen to the service in 年度 `year`:
    applied, approved, reviewed, terminated (its approval) or closed?"""
    return any(fiscal_year_of(d) == year for d in report_days(record))


def summary_in_fiscal_year(summary: RecordSummary, year: int) -> bool:
    """`in_fiscal_year` of the record `summary` was taken of."""
    return any(fiscal_year_of(d) == year for d in summary.report_days)
