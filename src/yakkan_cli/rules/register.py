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
from yakkan_cli.model import Config, Record
from yakkan_cli.rules.retention import retain_until
from yakkan_cli.rules.schedule import due_tasks

_ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}


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

    # Column order of every format; labels in the catalog as register.col.<field>.
    FIELDS = (
        "id", "department", "state", "provider", "name", "category", "data_location",
        "classes", "administrator", "applied_on", "approved_on", "period_start", "period_end",
        "last_review", "last_backup", "last_purpose_check", "next_due", "next_task",
        "ended_on", "terminated_on", "disposal_from",
    )  # fmt: skip

    def values(self) -> list[object]:
        return [getattr(self, name) for name in self.FIELDS]


@dataclass(frozen=True)
class Register:
    as_of: date
    organization: str
    rows: list[Row]
    errors: list[YakkanError]
    fiscal_year: int | None = None

    def summary(self) -> list[tuple[str, str, int]]:
        """(department, state, count), for the summary sheet."""
        counts: dict[tuple[str, str], int] = {}
        for row in self.rows:
            counts[(row.department, row.state)] = counts.get((row.department, row.state), 0) + 1
        return [(d, s, n) for (d, s), n in sorted(counts.items())]


def _latest(dates: Sequence[date]) -> date | None:
    return max(dates) if dates else None


def _classes(record: Record) -> str:
    classes = sorted({i.class_ for i in record.application.information})
    text = "・".join(_ROMAN.get(c, str(c)) for c in classes)
    if any(i.personal for i in record.application.information):
        text += t("register.personal")
    return text


def row_of(record: Record, config: Config, as_of: date) -> Row:
    dept = config.department(record.department)
    tasks = sorted(due_tasks(record, config, as_of), key=lambda task: task.due)
    term = record.termination
    return Row(
        id=record.id,
        department=dept.name if dept else record.department,
        state=t(f"state.{record.state.value}"),
        provider=record.service.provider,
        name=record.service.name,
        category=t(f"forms.category.{record.service.category.value}"),
        data_location=t(f"forms.location.{record.service.data_location.value}"),
        classes=_classes(record),
        administrator=config.name_of(record.current_administrator()),
        applied_on=record.application.applied_on,
        approved_on=record.approval.approved_on if record.approval else None,
        period_start=record.application.period.start,
        period_end=record.application.period.end,
        last_review=_latest([r.on for r in record.reviews]),
        last_backup=_latest([b.on for b in record.backups]),
        last_purpose_check=_latest([p.on for p in record.purpose_checks]),
        next_due=tasks[0].due if tasks else None,
        next_task=t(f"task.{tasks[0].task}") if tasks else "",
        ended_on=term.end_on if term else None,
        terminated_on=term.approved_on if term and term.approved_by else None,
        disposal_from=retain_until(record, config.policy),
    )


def fiscal_year_of(day: date) -> int:
    """The 年度 a day belongs to: April to March."""
    return day.year if day.month >= 4 else day.year - 1


def in_fiscal_year(record: Record, year: int) -> bool:
    """Did anything the annual report counts happen to the service in 年度 `year`:
    applied, approved, reviewed, terminated (its approval) or closed?"""
    days = [record.application.applied_on, *(r.on for r in record.reviews)]
    if record.approval:
        days.append(record.approval.approved_on)
    if record.termination and record.termination.approved_on:
        days.append(record.termination.approved_on)
    if record.closure:
        days.append(record.closure.on)
    return any(fiscal_year_of(d) == year for d in days)
