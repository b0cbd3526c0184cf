"""The full track's approval rules (issue 22.2): what a service handling 自治体機密性2 or
higher information needs before `approve`, beyond the light track's checks.

- an ISMAP or ISMAP-LIU registration found in the newest imported snapshot of that list,
  valid on the approval day (the snapshot itself no older than
  policy.ismap_snapshot_max_age_days), or a recorded exception (`ismap_exception`);
- `service.jurisdiction` recorded (governing law, court, the provider's country, the
  countries the data is stored in, the day they were checked);
- no storage outside Japan: refused as S6.2 refuses data abroad, or, where the village's
  policy allows it (policy.storage_abroad_by_exception), a recorded exception
  (`storage_exception`); with the jurisdiction recorded, its storage countries are what
  the location rule reads, and `data_location` must agree with them;
- 自治体機密性3A only with a recorded exception (`exception`, as class Ⅰ/Ⅱ on 重要性分類).

Pure: the snapshots are read by the caller (the action layer loads the working tree's,
the audit the mainline's at the approval's arrival) and handed in. Light-track records
and records classified on 重要性分類 are judged exactly as before (readiness.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import Config, DataLocation, Record, Scheme
from yakkan_cli.model.enums import IsmapChoice
from yakkan_cli.model.ismap import IsmapList, Snapshot
from yakkan_cli.rules import readiness
from yakkan_cli.rules.ismap import find_registration, is_valid_on, snapshot_age
from yakkan_cli.rules.tracks import Track, is_3a, track_of

# The full track's rules hold for approvals committed from this day on (as S6.2's
# LOCATION_RULE_FROM): the audit does not hold them against an approval given before.
FULL_TRACK_RULE_FROM = date(2026, 12, 7)

Lists = Mapping[IsmapList, Snapshot]
"""The newest imported snapshot of each list (a list never imported is absent)."""

NO_LISTS: Lists = {}


@dataclass(frozen=True)
class Waivers:
    """The exceptions an approval is asked to record now (not yet in the record), each its
    reason: `class_` (--exception-reason: class Ⅰ/Ⅱ or 3A), `ismap`, `storage`."""

    class_: str | None = None
    ismap: str | None = None
    storage: str | None = None


NO_WAIVERS = Waivers()


def is_full_track(record: Record) -> bool:
    return track_of(record) is Track.FULL


def needs_class_exception(record: Record, config: Config) -> bool:
    """S4.3 on 重要性分類 (class Ⅰ/Ⅱ), or 自治体機密性3A: `--exception-reason` is due."""
    return readiness.needs_exception(record, config.policy) or is_3a(record)


def _admins(config: Config) -> str:
    names = [config.name_of(p) for p in config.security_administrators]
    return "、".join(names) if names else t("fulltrack.no_security_administrators")


# What is wrong with a record's registration, by kind: who acts on it differs (rules/guidance).
UNNAMED = "unnamed"  # no list named (or the old shape): the applicant records it
ON_NO_LIST = "none"  # `list: none`: only an exception approves it
NOT_IMPORTED = "not_imported"  # the security administrators import the list
STALE = "stale"  # … import it again
NOT_FOUND = "not_found"  # the applicant checks the number
NOT_VALID = "not_valid"  # expired (or not yet registered) on the day


@dataclass(frozen=True)
class RegistrationProblem:
    kind: str
    message: str  # for the approval: what is missing and what to do
    # What the message was made of (the list, its retrieval day, the number, its end …):
    # `ismap check` says the same facts in its own words.
    facts: Mapping[str, object] = field(default_factory=dict)


def list_label(name: str) -> str:
    """The list as a person names it (ISMAP, ISMAP-LIU); its code (ismap …) is for commands."""
    return t(f"register.ismap_list.{name}")


def _problem(kind: str, **facts: object) -> RegistrationProblem:
    if "list" in facts:
        facts["label"] = list_label(str(facts["list"]))
    return RegistrationProblem(kind, t(f"fulltrack.registration_{kind}", **facts), facts)


def registration_problem(
    record: Record, config: Config, lists: Lists, on: date
) -> RegistrationProblem | None:
    """Why the record's ISMAP registration does not vouch for it on `on`, or None.

    What to do is said with it: name the list, import the list, or fix the number."""
    sid = record.id
    ismap = record.service.ismap
    if ismap is None or ismap.list_ is None:
        return _problem(UNNAMED, id=sid)
    if ismap.list_ is IsmapChoice.NONE:
        return _problem(ON_NO_LIST, id=sid)
    which = IsmapList(ismap.list_.value)
    snapshot = lists.get(which)
    names = _admins(config)
    if snapshot is None:
        return _problem(NOT_IMPORTED, id=sid, list=which.value, names=names)
    age = snapshot_age(snapshot, on)
    limit = config.policy.ismap_snapshot_max_age_days
    retrieved = snapshot.retrieved_on
    if age > limit:
        return _problem(
            STALE, id=sid, list=which.value, retrieved=retrieved, days=age, limit=limit, names=names
        )
    registration = ismap.registration or ""
    entry = find_registration(snapshot, registration)
    if entry is None:
        return _problem(
            NOT_FOUND, id=sid, registration=registration, list=which.value, retrieved=retrieved
        )
    if not is_valid_on(entry, on):
        return _problem(
            NOT_VALID,
            id=sid,
            registration=registration,
            service=entry.service,
            start=entry.registered_on or "—",
            until=entry.valid_until,
            on=on,
            list=which.value,
            retrieved=retrieved,
            names=names,
        )
    return None


def _location_words(record: Record) -> str:
    return t(f"forms.location.{record.service.data_location.value}")


def location_problems(record: Record, config: Config, waivers: Waivers) -> list[str]:
    """S6.2 on the full track: where the data is stored, read from the jurisdiction when
    it is recorded (from `data_location` as on the light track when it is not)."""
    jurisdiction = record.service.jurisdiction
    if jurisdiction is None:
        return readiness.location_blockers(record)
    found: list[str] = []
    abroad = jurisdiction.abroad
    countries = "、".join(jurisdiction.storage_countries)
    location = record.service.data_location
    if location is not (DataLocation.OVERSEAS if abroad else DataLocation.DOMESTIC):
        found.append(
            t(
                "fulltrack.location_disagrees",
                location=_location_words(record),
                countries=countries,
                id=record.id,
                value="overseas" if abroad else "domestic",
            )
        )
    if abroad:
        listed = "、".join(abroad)
        if not config.policy.storage_abroad_by_exception:
            found.append(t("fulltrack.storage_abroad", countries=listed, id=record.id))
        elif not (waivers.storage or record.storage_exception):
            found.append(t("fulltrack.storage_abroad_exception", countries=listed, id=record.id))
    return found


def full_track_blockers(
    record: Record, config: Config, lists: Lists, on: date, waivers: Waivers
) -> list[str]:
    """What the full track adds to the application's blockers (the record is on it)."""
    found: list[str] = []
    if not (waivers.ismap or record.ismap_exception):
        problem = registration_problem(record, config, lists, on)
        if problem is not None:
            found.append(problem.message)
    if record.service.jurisdiction is None:
        found.append(t("fulltrack.jurisdiction_missing", id=record.id))
    found += location_problems(record, config, waivers)
    if is_3a(record) and not (waivers.class_ or record.exception):
        found.append(t("fulltrack.exception_3a", id=record.id))
    return found


def approval_blockers(
    record: Record,
    config: Config,
    *,
    lists: Lists,
    on: date,
    waivers: Waivers = NO_WAIVERS,
) -> list[str]:
    """Everything `approve` refuses an application for on `on`; empty when it may be.

    Off the full track, readiness.approval_blockers as it always was."""
    if not is_full_track(record):
        return readiness.approval_blockers(record, config.policy, exception_reason=waivers.class_)
    return [
        *full_track_blockers(record, config, lists, on, waivers),
        *readiness.application_blockers(record, config.policy, exception_reason=waivers.class_),
    ]


def waiver_problems(
    record: Record, config: Config, lists: Lists, on: date, waivers: Waivers
) -> list[str]:
    """An exception asked for where none is due: it would record a permission for nothing."""
    found: list[str] = []
    policy = config.policy
    if waivers.class_ and not needs_class_exception(record, config):
        if record.classified_on is Scheme.JICHITAI:
            found.append(t("fulltrack.exception_not_needed_3a"))
        else:
            limit = policy.max_class_without_exception
            found.append(t("actions.exception_not_needed", limit=limit))
    full = is_full_track(record)
    if (waivers.ismap or waivers.storage) and not full:
        found.append(t("fulltrack.exception_not_full_track", id=record.id))
        return found
    if waivers.ismap and registration_problem(record, config, lists, on) is None:
        found.append(t("fulltrack.ismap_exception_not_needed"))
    if waivers.storage:
        jurisdiction = record.service.jurisdiction
        if not policy.storage_abroad_by_exception:
            found.append(t("fulltrack.storage_exception_not_allowed"))
        elif jurisdiction is None or not jurisdiction.abroad:
            found.append(t("fulltrack.storage_exception_not_needed"))
    return found
