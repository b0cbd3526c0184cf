"""A6: the date an action states, against the clock, the commit's stamps and the record."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import APPROVAL, record, termination
from yakkan_cli.rules.dates import CommitDay, action_date_problem, last_action_date

TODAY = date(2026, 5, 10)
D = date.fromisoformat


@pytest.mark.parametrize(
    ("on", "previous", "days", "stamps", "phrase"),
    [
        # allowed: today, back to the previous action, back to the limit
        ("2026-05-10", None, 31, (), None),
        ("2026-05-10", "2026-05-10", 31, (), None),
        ("2026-04-09", None, 31, (), None),
        ("2026-04-20", "2026-04-20", 31, ("2026-05-10",), None),
        # later than today
        ("2026-05-11", None, 31, (), "まだ来ていません"),
        ("2030-01-01", "2026-04-01", 366, (), "まだ来ていません"),
        # earlier than the record's previous action
        ("2026-05-01", "2026-05-02", 31, (), "前回の操作の日（2026-05-02）"),
        # further back than policy.max_backdate_days
        ("2026-04-08", None, 31, (), "31 日より前"),
        ("2026-05-09", None, 0, (), "0 日より前"),
        ("2022-04-01", "2022-03-01", 366, (), "366 日より前"),
        # GIT_AUTHOR_DATE / GIT_COMMITTER_DATE on another day than the clock's
        ("2026-05-10", None, 31, ("2030-01-01",), "GIT_AUTHOR_DATE"),
        ("2026-05-10", None, 31, ("2026-05-09",), "GIT_AUTHOR_DATE"),
    ],
)
def test_action_date_problem(
    on: str, previous: str | None, days: int, stamps: tuple[str, ...], phrase: str | None
) -> None:
    problem = action_date_problem(
        D(on),
        today=TODAY,
        commit_days=[CommitDay("GIT_AUTHOR_DATE", D(s)) for s in stamps],
        previous=D(previous) if previous else None,
        max_backdate_days=days,
    )
    if phrase is None:
        assert problem is None
    else:
        assert problem is not None and phrase in problem


def test_the_commit_stamp_is_judged_before_the_date() -> None:
    problem = action_date_problem(
        D("2026-05-10"),
        today=TODAY,
        commit_days=[
            CommitDay("GIT_AUTHOR_DATE", TODAY),
            CommitDay("GIT_COMMITTER_DATE", D("2026-06-01")),
        ],
        max_backdate_days=31,
    )
    assert problem is not None and "GIT_COMMITTER_DATE" in problem and "2026-06-01" in problem


@pytest.mark.parametrize(
    ("overrides", "last"),
    [
        ({}, "2026-03-20"),
        ({"state": "approved", "approval": APPROVAL}, "2026-04-01"),
        (
            {
                "state": "active",
                "approval": {**APPROVAL, "risk_acknowledged_by": "suzuki",
                             "risk_acknowledged_on": "2026-04-03"},
                "backups": [{"on": "2026-05-01", "by": "suzuki", "method": "m", "location": "l"}],
                "purpose_checks": [{"on": "2026-04-20", "by": "suzuki", "matches": True}],
            },
            "2026-05-01",
        ),
        (
            {
                "state": "suspended",
                "approval": APPROVAL,
                "reviews": [{"on": "2026-06-01", "by": "suzuki", "decided_on": "2026-06-05",
                             "decided_by": "sato", "decision": "suspend"}],
                "suspensions": [{"on": "2026-06-05", "by": "sato", "reason": "r",
                                 "resumed_on": "2026-06-09", "resumed_by": "sato"}],
            },
            "2026-06-09",
        ),
        (
            {
                "state": "active",
                "approval": APPROVAL,
                "reassignments": [{"on": "2026-07-01", "by": "sato", "administrator": "yamada",
                                   "previous": "suzuki"}],
            },
            "2026-07-01",
        ),
        (
            {"state": "terminated", "approval": APPROVAL,
             "termination": termination(approved_by="sato", approved_on="2027-03-20")},
            "2027-03-20",
        ),
        ({"state": "withdrawn", "closure": {"by": "yamada", "on": "2026-03-28"}}, "2026-03-28"),
    ],
)  # fmt: skip
def test_last_action_date(overrides: dict[str, object], last: str) -> None:
    assert last_action_date(record(**overrides)) == D(last)


def test_a_new_record_has_no_previous_action() -> None:
    assert last_action_date(None) is None
