"""Summaries and check results as the plain built-ins `marshal` writes, and back.

Only tuples, ints, strings, bytes, bools and None go to disk: `marshal` cannot build an
object of any class, so a cache file can at worst hold wrong plain values, and those are
refused by the checksum and key of the file before anything is decoded (store.cache.index).
Dates travel as their ordinals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from yakkan_cli.errors import YakkanError
from yakkan_cli.model import RetentionBasis, Scheme, State
from yakkan_cli.rules.schedule import ScheduleFacts
from yakkan_cli.rules.summary import AttachmentRef, JurisdictionFacts, RecordSummary

if TYPE_CHECKING:
    from yakkan_cli.model import Config
    from yakkan_cli.model.ismap import Snapshot

Plain = Any  # a tree of tuples, ints, strings, bools and None

_OK = 0
_INVALID = 1

_fromordinal = date.fromordinal


def _d(day: date | None) -> int | None:
    return None if day is None else day.toordinal()


def encode_summary(s: RecordSummary) -> Plain:
    f = s.schedule
    facts = (
        f.service,
        f.department,
        f.state.value,
        f.administrator,
        f.form_filer,
        f.form_on.toordinal(),
        f.form_missing_applicant,
        f.form_missing_responsible,
        _d(f.retention_start),
        _d(f.suspended_since),
        _d(f.approved_on),
        f.acknowledged,
        _d(f.last_review),
        _d(f.mismatch_on),
        _d(f.pending_review_on),
        _d(f.last_backup),
        _d(f.last_purpose_check),
        _d(f.period_end),
        tuple((on.toordinal(), alert) for on, alert in f.open_alerts),
        _d(f.ismap_valid_until),
        f.ismap_list,
        f.ismap_registration,
        f.blocked_location,
        _d(f.raised_on),
        f.full_track_gaps,
        f.ismap_required,
    )
    return (
        facts,
        s.provider,
        s.name,
        s.category,
        s.data_location,
        s.applicant,
        s.applied_on.toordinal(),
        s.period_start.toordinal(),
        s.scheme.value,
        s.classes,
        s.personal,
        _d(s.ended_on),
        _d(s.terminated_on),
        tuple(d.toordinal() for d in s.report_days),
        tuple((a.section, a.index, a.path, a.sha256) for a in s.attachments),
        _jurisdiction(s.jurisdiction),
    )


def _decode_jurisdiction(j: Plain) -> JurisdictionFacts:
    return JurisdictionFacts(j[0], j[1], j[2], tuple(j[3]), _fromordinal(j[4]))


def _jurisdiction(j: JurisdictionFacts | None) -> Plain:
    if j is None:
        return None
    return (j.governing_law, j.court, j.provider_country, j.storage_countries, _d(j.checked_on))


_STATES = {state.value: state for state in State}
_SCHEMES = {scheme.value: scheme for scheme in Scheme}


def decode_summary(p: Plain) -> RecordSummary:
    # Positional and inline, in the order of encode_summary: this runs once per record of
    # every warm `due`, so it avoids a function call per date.
    f = p[0]
    day = _fromordinal
    facts = ScheduleFacts(
        f[0],
        f[1],
        _STATES[f[2]],
        f[3],
        f[4],
        day(f[5]),
        f[6],
        f[7],
        None if f[8] is None else day(f[8]),
        None if f[9] is None else day(f[9]),
        None if f[10] is None else day(f[10]),
        f[11],
        None if f[12] is None else day(f[12]),
        None if f[13] is None else day(f[13]),
        None if f[14] is None else day(f[14]),
        None if f[15] is None else day(f[15]),
        None if f[16] is None else day(f[16]),
        None if f[17] is None else day(f[17]),
        tuple((day(on), alert) for on, alert in f[18]) if f[18] else (),
        None if f[19] is None else day(f[19]),
        f[20],
        f[21],
        f[22],
        None if f[23] is None else day(f[23]),
        tuple(f[24]),
        f[25],
    )
    return RecordSummary(
        facts,
        p[1],
        p[2],
        p[3],
        p[4],
        p[5],
        day(p[6]),
        day(p[7]),
        _SCHEMES[p[8]],
        p[9],
        p[10],
        None if p[11] is None else day(p[11]),
        None if p[12] is None else day(p[12]),
        tuple(map(day, p[13])),
        tuple(AttachmentRef(*a) for a in p[14]) if p[14] else (),
        None if p[15] is None else _decode_jurisdiction(p[15]),
    )


def encode_result(result: RecordSummary | YakkanError) -> Plain:
    """A record's outcome: its summary, or the error (message and details) that stops it."""
    if isinstance(result, YakkanError):
        return (_INVALID, result.message, tuple(result.details))
    return (_OK, encode_summary(result))


def decode_result(p: Plain) -> RecordSummary | YakkanError:
    if p[0] == _INVALID:
        return YakkanError(p[1], details=list(p[2]))
    if p[0] == _OK:
        return decode_summary(p[1])
    raise ValueError("unknown result kind")


# Tuples, not dataclasses: a read answered from the cache (cli/fast.py) defines them at
# every start, and a dataclass costs ten times as much to define.
class PlainPolicy(NamedTuple):
    review_months: int
    backup_months: int
    purpose_check_months: int
    warn_days: int
    retention_years: int
    retention_basis: RetentionBasis
    ismap_snapshot_max_age_days: int
    storage_abroad_by_exception: bool


class PlainSections(NamedTuple):
    light: str | None
    full: str | None


class PlainClassification(NamedTuple):
    sections: PlainSections


class PlainPerson(NamedTuple):
    id: str
    name: str


class PlainDepartment(NamedTuple):
    id: str
    name: str
    responsible: tuple[str, ...]


@dataclass(frozen=True)
class PlainConfig:
    """What the reading commands read of `yakkan.yaml` (rules.settings.ReadSettings), kept
    in the index beside the summaries: the index's key holds the very bytes of yakkan.yaml
    it was taken from, so a read answered from the cache (cli/fast.py) needs no schema.
    Each method answers as `model.Config`'s of the same name."""

    organization: str
    timezone: str
    policy: PlainPolicy
    people: tuple[PlainPerson, ...]
    departments: tuple[PlainDepartment, ...]
    classification: PlainClassification
    security_administrators: tuple[str, ...]
    # `validate`'s (problems, warnings) of yakkan.yaml's own settings
    # (actions.validation.settings_problems): a function of these very bytes.
    checks: tuple[tuple[str, ...], tuple[str, ...]]

    def department(self, department_id: str, /) -> PlainDepartment | None:
        return next((d for d in self.departments if d.id == department_id), None)

    def responsible_of(self, department_id: str, /) -> tuple[str, ...]:
        dept = self.department(department_id)
        return dept.responsible if dept else ()

    def name_of(self, person_id: str | None, /) -> str:
        person = next((p for p in self.people if p.id == person_id), None) if person_id else None
        return person.name if person else (person_id or "")


def encode_config(config: Config, checks: tuple[list[str], list[str]]) -> Plain:
    p = config.policy
    return (
        config.organization,
        config.timezone,
        (
            p.review_months,
            p.backup_months,
            p.purpose_check_months,
            p.warn_days,
            p.retention_years,
            p.retention_basis.value,
            p.ismap_snapshot_max_age_days,
            p.storage_abroad_by_exception,
        ),
        tuple((person.id, person.name) for person in config.people),
        tuple((d.id, d.name, tuple(d.responsible)) for d in config.departments),
        (config.classification.sections.light, config.classification.sections.full),
        tuple(config.security_administrators),
        (tuple(checks[0]), tuple(checks[1])),
    )


def decode_config(p: Plain) -> PlainConfig:
    policy = p[2]
    return PlainConfig(
        p[0],
        p[1],
        PlainPolicy(
            policy[0],
            policy[1],
            policy[2],
            policy[3],
            policy[4],
            RetentionBasis(policy[5]),
            policy[6],
            policy[7],
        ),
        tuple(PlainPerson(*person) for person in p[3]),
        tuple(PlainDepartment(d[0], d[1], tuple(d[2])) for d in p[4]),
        PlainClassification(PlainSections(p[5][0], p[5][1])),
        tuple(p[6]),
        (tuple(p[7][0]), tuple(p[7][1])),
    )


# --- the imported ISMAP lists (issue 22) -----------------------------------------------------


class PlainEntry(NamedTuple):
    """What the schedule and the register read of a list's entry (rules.ismap.ListedEntry)."""

    registration: str
    valid_until: date


class PlainSnapshot(NamedTuple):
    """What the reading commands read of a list's snapshot (rules.ismap.ListSnapshot), and
    of its manifest what `validate` checks the stored source file against."""

    retrieved_on: date
    entries: tuple[PlainEntry, ...]
    source_format: str  # model.ismap.SourceFormat's value: the source is `source.<format>`
    source_sha256: str


def plain_snapshot(snapshot: Snapshot) -> PlainSnapshot:
    m = snapshot.manifest
    return PlainSnapshot(
        m.retrieved_on,
        tuple(PlainEntry(e.registration, e.valid_until) for e in snapshot.entries),
        m.format.value,
        m.sha256,
    )


def encode_snapshot(result: PlainSnapshot | YakkanError) -> Plain:
    """A list's snapshot as read: what the reading commands read of it, or the error that
    stops it (as a record's: message and details)."""
    if isinstance(result, YakkanError):
        return (_INVALID, result.message, tuple(result.details))
    entries = tuple((e.registration, e.valid_until.toordinal()) for e in result.entries)
    return (
        _OK,
        result.retrieved_on.toordinal(),
        entries,
        result.source_format,
        result.source_sha256,
    )


def decode_snapshot(p: Plain) -> PlainSnapshot | YakkanError:
    if p[0] == _INVALID:
        return YakkanError(p[1], details=list(p[2]))
    if p[0] != _OK:
        raise ValueError("unknown result kind")
    day = _fromordinal
    entries = tuple(PlainEntry(registration, day(until)) for registration, until in p[2])
    return PlainSnapshot(day(p[1]), entries, p[3], p[4])
