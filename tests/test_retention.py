"""Retention (S5.4) from tables: when a closed record may be disposed of. No I/O."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from yakkan_cli.model import Config, Policy, Record, RetentionBasis, State
from yakkan_cli.rules.retention import (
    add_years,
    next_fiscal_year_start,
    retain_until,
)
from yakkan_cli.rules.schedule import due_tasks

END = RetentionBasis.END_DATE
FISCAL = RetentionBasis.FISCAL_YEAR


def _record(
    state: State,
    *,
    end_on: str | None = None,
    approved_on: str | None = None,
    closed_on: str | None = None,
) -> Record:
    data: dict[str, Any] = {
        "id": "somu-drive",
        "department": "somu",
        "state": state.value,
        "service": {"provider": "P", "name": "N", "description": "D", "category": "other"},
        "application": {
            "applicant": "yamada",
            "applied_on": "2020-01-10",
            "purpose": "p",
            "period": {"start": "2020-01-10"},
            "administrator": "suzuki",
            "department_head": "tanaka",
            "information": [{"name": "i", "class": 3, "personal": False}],
            "users": ["u"],
            "users_count": 1,
        },
    }
    if state not in (State.APPLIED, State.REJECTED, State.WITHDRAWN):
        data["approval"] = {"approved_by": "sato", "approved_on": "2020-01-20"}
    if end_on is not None:
        data["termination"] = {
            "applicant": "suzuki",
            "filed_on": "2020-02-01",
            "reason": "r",
            "end_on": end_on,
            "information": [{"name": "i", "class": 3, "personal": False}],
            "users": ["u"],
            "users_count": 1,
            "approved_by": "sato",
            "approved_on": approved_on,
        }
    if closed_on is not None:
        data["closure"] = {"by": "sato", "on": closed_on}
    return Record.model_validate(data)


def _policy(basis: RetentionBasis = END, years: int = 3) -> Policy:
    return Policy(retention_basis=basis, retention_years=years)


D = date.fromisoformat


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        ("2026-05-10", 3, "2029-05-10"),
        ("2028-02-29", 3, "2031-02-28"),  # no Feb 29 in 2031: clamped
        ("2028-02-29", 4, "2032-02-29"),  # a leap year again: kept
        ("2026-12-31", 3, "2029-12-31"),
        ("2026-01-01", 10, "2036-01-01"),
    ],
)
def test_add_years(day: str, years: int, expected: str) -> None:
    assert add_years(D(day), years) == D(expected)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-03-31", "2026-04-01"),  # the last day of fiscal 2025
        ("2026-04-01", "2027-04-01"),  # April 1 itself is in fiscal 2026: the next one counts
        ("2026-04-02", "2027-04-01"),
        ("2026-05-10", "2027-04-01"),
        ("2026-12-31", "2027-04-01"),
        ("2027-01-01", "2027-04-01"),
    ],
)
def test_next_fiscal_year_start(day: str, expected: str) -> None:
    assert next_fiscal_year_start(D(day)) == D(expected)


@pytest.mark.parametrize(
    ("basis", "years", "end_on", "approved_on", "expected"),
    [
        (END, 3, "2026-05-10", "2026-05-01", "2029-05-10"),
        (END, 3, "2026-03-31", "2026-03-31", "2029-03-31"),
        (END, 3, "2028-02-29", "2028-02-01", "2031-02-28"),
        (END, 5, "2026-05-10", "2026-05-01", "2031-05-10"),
        # approved after the service ended: counted from the approval (the form is complete then)
        (END, 3, "2026-05-10", "2026-06-15", "2029-06-15"),
        (FISCAL, 3, "2026-05-10", "2026-05-01", "2030-04-01"),
        (FISCAL, 3, "2026-03-31", "2026-03-20", "2029-04-01"),
        (FISCAL, 3, "2026-04-01", "2026-03-20", "2030-04-01"),
        (FISCAL, 3, "2026-03-31", "2026-04-02", "2030-04-01"),  # approval in the next year
        (FISCAL, 3, "2028-02-29", "2028-02-01", "2031-04-01"),
    ],
)
def test_retain_until_terminated(
    basis: RetentionBasis, years: int, end_on: str, approved_on: str, expected: str
) -> None:
    record = _record(State.TERMINATED, end_on=end_on, approved_on=approved_on)
    assert retain_until(record, _policy(basis, years)) == D(expected)


@pytest.mark.parametrize(
    ("state", "basis", "closed_on", "expected"),
    [
        (State.REJECTED, END, "2026-05-10", "2029-05-10"),
        (State.WITHDRAWN, END, "2024-02-29", "2027-02-28"),
        (State.REJECTED, FISCAL, "2026-05-10", "2030-04-01"),
        (State.WITHDRAWN, FISCAL, "2026-03-31", "2029-04-01"),
    ],
)
def test_retain_until_closed_applications(
    state: State, basis: RetentionBasis, closed_on: str, expected: str
) -> None:
    record = _record(state, closed_on=closed_on)
    assert retain_until(record, _policy(basis)) == D(expected)


@pytest.mark.parametrize("state", [State.APPLIED, State.APPROVED, State.ACTIVE, State.SUSPENDED])
@pytest.mark.parametrize("basis", [END, FISCAL])
def test_open_records_have_no_retention_end(state: State, basis: RetentionBasis) -> None:
    assert retain_until(_record(state), _policy(basis)) is None


def test_terminating_has_no_retention_end_yet() -> None:
    record = _record(State.TERMINATING, end_on="2026-05-10")
    assert retain_until(record, _policy()) is None


CONFIG = Config.model_validate(
    {
        "schema_version": 1,
        "organization": "恩納村",
        "people": [
            {"id": p, "name": p, "email": f"{p}@example.jp"}
            for p in ("yamada", "sato", "tanaka", "suzuki")
        ],
        "departments": [
            {"id": "somu", "name": "総務課", "head": "tanaka", "responsible": ["sato", "tanaka"]}
        ],
        "policy": {"retention_basis": "fiscal_year"},
    }
)


@pytest.mark.parametrize(
    ("as_of", "days_overdue"),
    [("2030-03-31", -1), ("2030-04-01", 0), ("2030-04-11", 10)],
)
def test_due_lists_disposal_from_retain_until(as_of: str, days_overdue: int) -> None:
    record = _record(State.TERMINATED, end_on="2026-05-10", approved_on="2026-05-01")
    (task,) = due_tasks(record, CONFIG, D(as_of))
    assert (task.task, task.due, task.assignees) == (
        "disposal",
        D("2030-04-01"),
        ("sato", "tanaka"),
    )
    assert task.days_overdue(D(as_of)) == days_overdue


def test_no_disposal_while_open() -> None:
    assert all(
        t.task != "disposal" for t in due_tasks(_record(State.ACTIVE), CONFIG, D("2040-01-01"))
    )
