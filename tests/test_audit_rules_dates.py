"""A6: time is the mainline's clock — the dates actions state, against their commits."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.factories import config
from tests.test_audit_rules import APPLIED, commit, messages, rules
from tests.test_audit_rules_fields import ACTIVE, B1, B2, active
from yakkan_cli.rules.audit import changed_fields, record_data
from yakkan_cli.rules.audit.dates import last_action_date, stated_dates

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
