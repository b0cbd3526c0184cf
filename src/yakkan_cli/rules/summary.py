"""A record reduced to what the reading commands need, as plain data (issue 14).

`due`, `list` and `register` read every record; at thousands of records, rebuilding each full
record costs far more than the work itself. `summarize` takes, once per record content, the
facts those commands compute from; the record cache (store/cache) keeps them. The commands
always compute from a summary, whether it was just taken or kept, through the same pure
rules (`rules.schedule.tasks_of`, `rules.register.row_from`): their output cannot depend on
where the summary came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from yakkan_cli.model.classes import InfoClass
from yakkan_cli.model.enums import Scheme
from yakkan_cli.rules.schedule import ScheduleFacts, schedule_facts
from yakkan_cli.rules.tracks import Track, ranked, track_for

if TYPE_CHECKING:
    from yakkan_cli.model import Record, State


@dataclass(frozen=True, slots=True)
class AttachmentRef:
    """An attachment the record names, with where it is named (for validate's messages)."""

    section: str  # "application" or "termination"
    index: int
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class JurisdictionFacts:
    """`service.jurisdiction` as the register prints it (issue 22)."""

    governing_law: str
    court: str
    provider_country: str
    storage_countries: tuple[str, ...]
    checked_on: date


@dataclass(frozen=True, slots=True)
class RecordSummary:
    schedule: ScheduleFacts
    provider: str
    name: str
    category: str  # ServiceCategory value
    data_location: str  # DataLocation value
    applicant: str  # the application's
    applied_on: date
    period_start: date
    scheme: Scheme  # the scale the classes are on
    classes: tuple[InfoClass, ...]  # the information classes handled, the highest first, once
    personal: bool  # any personal information
    ended_on: date | None  # the termination's stated end
    terminated_on: date | None  # the termination's approval
    report_days: tuple[date, ...]  # see `report_days`
    attachments: tuple[AttachmentRef, ...]
    jurisdiction: JurisdictionFacts | None = None  # None: not recorded

    @property
    def track(self) -> Track | None:
        return track_for(self.scheme, self.classes)

    @property
    def id(self) -> str:
        return self.schedule.service

    @property
    def department(self) -> str:
        return self.schedule.department

    @property
    def state(self) -> State:
        return self.schedule.state

    @property
    def administrator(self) -> str:
        return self.schedule.administrator

    @property
    def approved_on(self) -> date | None:
        return self.schedule.approved_on


def report_days(record: Record) -> list[date]:
    """The days the annual report counts (rules.register.in_fiscal_year): applied, reviewed,
    approved, termination approved, closed."""
    days = [record.application.applied_on, *(r.on for r in record.reviews)]
    if record.approval:
        days.append(record.approval.approved_on)
    if record.termination and record.termination.approved_on:
        days.append(record.termination.approved_on)
    if record.closure:
        days.append(record.closure.on)
    return days


def attachment_refs(record: Record) -> tuple[AttachmentRef, ...]:
    sections = [("application", record.application.attachments)]
    if record.termination:
        sections.append(("termination", record.termination.attachments))
    return tuple(
        AttachmentRef(section, i, att.path, att.sha256)
        for section, attachments in sections
        for i, att in enumerate(attachments)
    )


def jurisdiction_facts(record: Record) -> JurisdictionFacts | None:
    j = record.service.jurisdiction
    if j is None:
        return None
    return JurisdictionFacts(
        j.governing_law, j.court, j.provider_country, tuple(j.storage_countries), j.checked_on
    )


def summarize(record: Record) -> RecordSummary:
    term = record.termination
    information = record.application.information
    return RecordSummary(
        schedule=schedule_facts(record),
        provider=record.service.provider,
        name=record.service.name,
        category=record.service.category.value,
        data_location=record.service.data_location.value,
        applicant=record.application.applicant,
        applied_on=record.application.applied_on,
        period_start=record.application.period.start,
        scheme=record.classified_on,
        classes=ranked(record.classified_on, (i.class_ for i in information)),
        personal=any(i.personal for i in information),
        ended_on=term.end_on if term else None,
        terminated_on=term.approved_on if term and term.approved_by else None,
        report_days=tuple(report_days(record)),
        attachments=attachment_refs(record),
        jurisdiction=jurisdiction_facts(record),
    )
