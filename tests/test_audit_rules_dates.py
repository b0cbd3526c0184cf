"""A6: time is the mainline's clock — the dates actions state, against their commits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from tests.factories import APPROVAL, config, record
from tests.test_audit_rules import APPLIED, MARKED, TERMINATED, commit, messages, rules
from tests.test_audit_rules_fields import ACTIVE, B1, B2, active
from yakkan_cli.rules.audit import changed_fields, record_data
from yakkan_cli.rules.audit.dates import last_action_date, mainline_arrivals, stated_dates

ON = "2026-05-01"


@pytest.mark.parametrize(
    ("backup_on", "options", "expected"),
    [
        # Committed the day it was done, or logged within the month after.
        ({"committed": ON}, {}, []),
        ({"committed": "2026-05-20"}, {}, []),
        # Dated after its commit: by the committer date, whatever the author date says.
        ({"on": "2026-04-30", "committed": "2026-04-30"}, {}, ["A6"]),
        ({"on": "2026-06-01", "committed": "2026-04-30"}, {}, ["A6"]),
        ({"on": "2026-04-30"}, {}, ["A6"]),  # older callers: the author date
        # Dated after the day its commit reached the mainline.
        ({"committed": ON, "arrived": "2026-04-30"}, {}, ["A6"]),
        ({"committed": ON, "arrived": "2026-05-10"}, {}, []),
        # Back-dated more than policy.max_backdate_days (31) before the commit.
        ({"committed": "2026-06-01"}, {}, []),
        ({"committed": "2026-06-02"}, {}, ["A6"]),
        # A commit dated after the audit's own day.
        ({"committed": ON}, {"today": date(2026, 4, 30)}, ["A6"]),
        ({"committed": ON}, {"today": date(2026, 5, 1)}, []),
    ],
)
def test_an_action_date_against_its_commit(
    backup_on: dict[str, str], options: dict[str, Any], expected: list[str]
) -> None:
    c = commit("suzuki", "backup-log", **{"on": ON, **backup_on})
    assert rules(c, ACTIVE, active(backups=[B1]), **options) == expected


def test_the_back_dating_limit_is_the_policys() -> None:
    c = commit("suzuki", "backup-log", on="2026-05-08")
    assert rules(c, ACTIVE, active(backups=[B1]), config(max_backdate_days=7)) == []
    late = commit("suzuki", "backup-log", on="2026-05-09")
    assert rules(late, ACTIVE, active(backups=[B1]), config(max_backdate_days=7)) == ["A6"]


def test_not_earlier_than_the_records_previous_action() -> None:
    c = commit("suzuki", "backup-log", on="2026-06-01")
    assert rules(c, active(backups=[B1]), active(backups=[B1, B2])) == []
    early = {**B2, "on": "2026-04-30"}
    (message,) = messages(c, active(backups=[B1]), active(backups=[early, B1]))
    assert "backups[+].on" in message
    assert "2026-05-01" in message


def test_the_stated_dates_of_a_step() -> None:
    old, new = record_data(ACTIVE), record_data(active(backups=[B1]))
    assert stated_dates(changed_fields(old, new)) == [("backups[+].on", date(2026, 5, 1))]
    # Created: every action date written (the filing day); the period is a plan, not an act.
    assert stated_dates([], created=record_data(APPLIED)) == [
        ("application.applied_on", date(2026, 3, 20))
    ]
    assert last_action_date(new) == date(2026, 5, 1)
    assert last_action_date(record_data(APPLIED)) == date(2026, 3, 20)
    assert last_action_date(None) is None


def test_a_filing_dated_after_its_commit() -> None:
    assert rules(commit("yamada", "apply", on="2026-03-20"), None, APPLIED) == []
    assert rules(commit("yamada", "apply", on="2026-03-19"), None, APPLIED) == ["A6"]


# Issue 19.5: the back-dating cap counts from the arrival. Columns: the day the backup
# states (committed the same day, by a clock anyone sets), the day its commit reached the
# mainline (None: `verify`, before the merge), the day of the check, the policy's cap.
@pytest.mark.parametrize(
    ("stated", "arrived", "today", "cap", "expected"),
    [
        # Arrived before the rule's day (2026-12-07): counted from the commit, as before.
        ("2026-05-01", "2026-08-01", None, 31, []),
        ("2026-11-01", "2026-12-06", None, 31, []),
        # Arriving from 2026-12-07: counted from the arrival, whatever the commit's clock.
        ("2026-11-06", "2026-12-07", None, 31, []),
        ("2026-11-05", "2026-12-07", None, 31, ["A6"]),
        ("2026-08-01", "2026-12-10", None, 31, ["A6"]),  # a faked clock, merged months later
        # `verify`: the pull request arrives no earlier than the day of the check.
        ("2026-11-05", None, date(2026, 12, 7), 31, ["A6"]),
        ("2026-11-06", None, date(2026, 12, 7), 31, []),
        ("2026-11-01", None, date(2026, 12, 6), 31, []),  # checked before the rule's day
        # An honest review of ten days: within the default cap; a village whose reviews
        # take longer than its cap raises the cap.
        ("2026-12-08", "2026-12-18", None, 31, []),
        ("2026-12-08", "2026-12-18", None, 7, ["A6"]),
        ("2026-12-11", "2026-12-18", None, 7, []),
    ],
)
def test_the_back_dating_cap_counts_from_the_arrival(
    stated: str, arrived: str | None, today: date | None, cap: int, expected: list[str]
) -> None:
    c = commit("suzuki", "backup-log", on=stated, committed=stated, arrived=arrived)
    after = active(backups=[B1, {**B1, "on": stated}])
    conf = config(max_backdate_days=cap)
    assert rules(c, active(backups=[B1]), after, conf, today=today) == expected


def test_the_finding_names_the_arrival_and_what_to_do() -> None:
    c = commit(
        "suzuki", "backup-log", on="2026-08-01", committed="2026-08-01", arrived="2026-12-10"
    )
    (message,) = messages(c, active(backups=[B1]), active(backups=[B1, {**B1, "on": "2026-08-01"}]))
    for words in ("2026-08-01", "2026-12-10", "main に入った日", "31 日", "max_backdate_days"):
        assert words in message, message
    assert "記録し直して" in message and "引き上げ" in message


def _at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02}:00:00+09:00")


def test_arrivals_run_along_the_mainline() -> None:
    # b is merged on 12-10; c and d, a chain dated in August, fast-forwarded after it.
    dates = {
        "a": _at("2026-12-05"),
        "b": _at("2026-12-10"),
        "c": _at("2026-08-01"),
        "d": _at("2026-08-02"),
        "e": _at("2026-12-11"),
    }
    arrived = mainline_arrivals(["a", "b", "c", "d", "e"], dates)
    assert {k: v.date().isoformat() for k, v in arrived.items()} == {
        "a": "2026-12-05",
        "b": "2026-12-10",
        "c": "2026-12-10",
        "d": "2026-12-10",
        "e": "2026-12-11",
    }
    # Carried on from where an earlier audit stopped (the memo's tip).
    assert mainline_arrivals(["c"], dates, _at("2026-12-10"))["c"] == _at("2026-12-10")
    # Histories older than the mainline's clock, dated in any order, keep their dates.
    old = {"a": _at("2026-05-01"), "b": _at("2026-04-01")}
    assert mainline_arrivals(["a", "b"], old)["b"] == _at("2026-04-01")


def test_a_removal_counts_to_the_day_of_the_check_before_its_merge() -> None:
    # Termination approved 2027-04-01, ended 2027-03-31: kept until 2030-04-01.
    c = commit("sato", "dispose", on="2030-06-01", committed="2030-06-01")
    assert rules(c, TERMINATED, None, today=date(2030, 6, 1)) == []
    # A back-dated chain: the termination's approval is counted from the day `verify` sees
    # it (the replay notes it so), and the removal from that day too.
    assert rules(
        c, TERMINATED, None, today=date(2030, 6, 1), approval_arrived=date(2030, 6, 1)
    ) == ["S5.4"]
    # After the merge: counted to the arrival.
    merged = commit(
        "sato", "dispose", on="2030-06-01", committed="2030-06-01", arrived="2030-03-01"
    )
    assert rules(merged, TERMINATED, None) == ["S5.4"]


def test_a_rule_tied_to_a_day_binds_what_arrives_from_that_day() -> None:
    # S6.2 before the approval took effect on 2026-12-07: an approval of a service kept
    # abroad, committed by a clock set back and merged after, is judged by it.
    service = {**MARKED.model_dump(mode="json")["service"], "data_location": "overseas"}
    before = record(service=service)
    after = record(
        service=service, state="approved", approval={**APPROVAL, "approved_on": "2026-12-01"}
    )
    c = commit("sato", "approve", on="2026-12-01", committed="2026-12-01", arrived="2026-12-08")
    assert rules(c, before, after) == ["A5"]
    old = commit("sato", "approve", on="2026-12-01", committed="2026-12-01", arrived="2026-12-02")
    assert rules(old, before, after) == []


def _latest_by_walking(data: Any) -> date | None:
    """The plain reading `last_action_date` is held to: every action date of the places a
    record keeps them, the latest string of them parsed."""
    from collections.abc import Mapping

    from yakkan_cli.rules.audit.dates import _ENTRY_DATES, _SECTION_DATES
    from yakkan_cli.rules.audit.fields import OPERATION_LISTS

    found: list[str] = []
    for section, keys in _SECTION_DATES:
        value = data.get(section)
        if isinstance(value, Mapping):
            found += [v for k in keys if isinstance(v := value.get(k), str)]
    for name in OPERATION_LISTS:
        for entry in data.get(name) or ():
            if isinstance(entry, Mapping):
                found += [v for k in _ENTRY_DATES if isinstance(v := entry.get(k), str)]
    return date.fromisoformat(max(found)) if found and _iso(max(found)) else None


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("seed", range(200))
def test_the_last_action_date_is_the_latest_of_every_place(seed: int) -> None:
    """Odd data included (a date that is not one, an empty text, numbers, entries that are
    not mappings, read-only mappings): the fast reading agrees with the plain one."""
    import random
    from types import MappingProxyType

    rng = random.Random(seed)
    values: list[Any] = ["2026-05-01", "2025-12-31", "2026-11-30", "", "not a date", 3, None]

    def mapping(keys: tuple[str, ...]) -> Any:
        found = {k: rng.choice(values) for k in keys if rng.random() < 0.6}
        return MappingProxyType(found) if rng.random() < 0.2 else found

    data: dict[str, Any] = {}
    for section, keys in (
        ("application", ("applied_on", "purpose")),
        ("approval", ("approved_on", "risk_acknowledged_on")),
        ("termination", ("filed_on", "approved_on", "end_on")),
        ("closure", ("on",)),
        ("exception", ("approved_on",)),
    ):
        if rng.random() < 0.7:
            data[section] = mapping(keys) if rng.random() < 0.9 else "x"
    for name in ("backups", "reviews", "alerts", "suspensions", "notes", "checks"):
        if rng.random() < 0.7:
            data[name] = [
                mapping(("on", "decided_on", "resumed_on", "warned_on", "by"))
                if rng.random() < 0.9
                else "x"
                for _ in range(rng.randrange(4))
            ]
    assert last_action_date(data) == _latest_by_walking(data)


@pytest.mark.parametrize("seed", range(300))
def test_the_latest_action_date_carried_from_the_version_before(seed: int) -> None:
    """A replay carries the latest action date from version to version, reading only the
    entries a version adds to the one before (`latest_action_text_since`): on versions
    that share the one before's sections and entries, add entries, change one in the
    middle, drop one, or change a section, it is the one read in full."""
    import copy
    import random

    from yakkan_cli.rules.audit.dates import latest_action_text, latest_action_text_since

    rng = random.Random(seed)
    days = ["2026-05-01", "2025-12-31", "2026-11-30", "2027-01-02", "", "not a date", None]

    def entry() -> dict[str, Any]:
        return {k: rng.choice(days) for k in ("on", "decided_on", "by") if rng.random() < 0.7}

    old: dict[str, Any] = {
        "application": {"applied_on": rng.choice(days)},
        "approval": {"approved_on": rng.choice(days)} if rng.random() < 0.5 else None,
    }
    for name in ("backups", "reviews", "notes", "checks"):
        if rng.random() < 0.8:
            old[name] = [entry() for _ in range(rng.randrange(5))]
    new = dict(old)  # shares every section and list, as a replay's dumps do
    for name in ("backups", "reviews", "notes", "checks"):
        kept = list(old.get(name) or [])
        edit = rng.random()
        if edit < 0.4:
            new[name] = kept + [entry() for _ in range(rng.randrange(1, 3))]
        elif edit < 0.5 and kept:
            new[name] = [*kept[:-1], {**kept[-1], "on": rng.choice(days)}]  # a new entry object
        elif edit < 0.55 and kept:
            kept.pop(rng.randrange(len(kept)))
            new[name] = kept
        elif edit < 0.6 and kept:
            new[name] = kept[:-1]  # the last one dropped: what is left is all shared
        elif edit < 0.65:
            new[name] = copy.deepcopy(old.get(name))  # equal, not shared
        elif edit < 0.7:
            new.pop(name, None)
    if rng.random() < 0.2:
        new["approval"] = {"approved_on": rng.choice(days)}
    if rng.random() < 0.1:
        new["closure"] = {"on": rng.choice(days)}
    carried = latest_action_text_since(new, old, latest_action_text(old))
    assert carried == latest_action_text(new)
