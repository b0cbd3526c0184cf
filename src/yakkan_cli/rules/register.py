"""The register (台帳): one row per record with what the annual report asks of a service.

Pure (record, config, date): `actions/register.py` reads the records, `forms/register.py`
writes the rows as CSV, Excel, HTML and PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record, Scheme
from yakkan_cli.rules.retention import retain_from
from yakkan_cli.rules.schedule import tasks_of
from yakkan_cli.rules.summary import RecordSummary, report_days, summarize
from yakkan_cli.rules.tracks import class_mark, track_shown


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

    def values(self, fields: tuple[str, ...] = FIELDS) -> list[object]:
        return [getattr(self, name) for name in fields]


def fields_of(rows: Sequence[Row]) -> tuple[str, ...]:
    """The register's columns: with the track once any row has one."""
    return Row.TRACK_FIELDS if any(row.track for row in rows) else Row.FIELDS


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


def row_of(record: Record, config: Config, as_of: date) -> Row:
    return row_from(summarize(record), config, as_of)


def row_from(summary: RecordSummary, config: Config, as_of: date) -> Row:
    """`row_of` the record `summary` was taken of (rules.summary)."""
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
