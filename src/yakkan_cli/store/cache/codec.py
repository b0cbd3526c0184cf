"""Summaries and check results as the plain built-ins `marshal` writes, and back.

Only tuples, ints, strings, bytes, bools and None go to disk: `marshal` cannot build an
object of any class, so a cache file can at worst hold wrong plain values, and those are
refused by the checksum and key of the file before anything is decoded (store.cache.index).
Dates travel as their ordinals.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yakkan_cli.errors import YakkanError
from yakkan_cli.model import Scheme, State
from yakkan_cli.rules.schedule import ScheduleFacts
from yakkan_cli.rules.summary import AttachmentRef, RecordSummary

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
        _d(f.raised_on),
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
    )


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
        None if f[22] is None else day(f[22]),
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
