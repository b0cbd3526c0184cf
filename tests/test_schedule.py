"""rules.schedule: calendar months and the tasks a record calls for, from tables, no I/O."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from yakkan_cli.model import Config, Record
from yakkan_cli.rules.schedule import Task, add_months, due_tasks

D = date.fromisoformat

CONFIG = Config.model_validate(
    {
        "schema_version": 1,
        "organization": "恩納村",
        "people": [
            {"id": p, "name": p, "email": f"{p}@example.jp"}
            for p in ("yamada", "sato", "tanaka", "suzuki")
        ],
        "departments": [
            {"id": "somu", "name": "総務課", "head": "tanaka", "responsible": ["sato"]}
        ],
    }
)


def record(state: str = "active", **sections: Any) -> Record:
    data: dict[str, Any] = {
        "id": "somu-drive",
        "department": "somu",
        "state": state,
        "service": {
            "provider": "Google LLC",
            "name": "ドライブ",
            "description": "共有",
            "category": "file_storage",
            "data_location": "domestic",
        },
        "application": {
            "applicant": "yamada",
            "applied_on": "2026-03-20",
            "purpose": "共有",
            "period": {"start": "2026-04-01"},
            "administrator": "suzuki",
            "department_head": "tanaka",
            "information": [{"name": "資料", "class": 3, "personal": False}],
            "users": ["職員"],
            "users_count": 1,
        },
    }
    if state != "applied":
        data["approval"] = {
            "approved_by": "sato",
            "approved_on": "2026-01-31",
            "risk_acknowledged_by": "suzuki",
            "risk_acknowledged_on": "2026-01-31",
        }
    data.update(sections)
    return Record.model_validate(data)


def tasks_of(rec: Record, as_of: str = "2026-06-01") -> dict[str, Task]:
    found = due_tasks(rec, CONFIG, D(as_of))
    return {t.task: t for t in found}


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),  # clamped to the shorter month
        ("2026-11-30", 3, "2027-02-28"),  # across the year end, clamped
        ("2024-01-31", 1, "2024-02-29"),  # leap year
        ("2026-01-15", 1, "2026-02-15"),
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-12-31", 1, "2027-01-31"),
        ("2026-05-31", 12, "2027-05-31"),
        ("2028-02-29", 12, "2029-02-28"),
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-08-31", 0, "2026-08-31"),
    ],
)
def test_add_months(start: str, months: int, expected: str) -> None:
    assert add_months(D(start), months) == D(expected)


@pytest.mark.parametrize(
    ("sections", "task", "due"),
    [
        ({}, "review", "2026-04-30"),  # 2026-01-31 + 3 months, clamped
        ({}, "backup", "2026-02-28"),  # 2026-01-31 + 1 month, clamped
        ({}, "purpose_check", "2026-02-28"),
        (
            {"backups": [{"on": "2026-03-31", "by": "suzuki", "method": "m", "location": "l"}]},
            "backup",
            "2026-04-30",
        ),
        ({"reviews": [{"on": "2026-11-30", "by": "suzuki"}]}, "review", "2027-02-28"),
        (
            {"purpose_checks": [{"on": "2026-02-10", "by": "suzuki", "matches": True}]},
            "purpose_check",
            "2026-03-10",
        ),
        # S6.6: a mismatch makes the review due on the day of the mismatch.
        (
            {
                "purpose_checks": [
                    {"on": "2026-02-10", "by": "suzuki", "matches": False, "note": "変更"}
                ]
            },
            "review",
            "2026-02-10",
        ),
    ],
)
def test_recurring_tasks(sections: dict[str, Any], task: str, due: str) -> None:
    found = tasks_of(record(**sections))
    assert found[task].due == D(due)
    assert found[task].assignees == ("suzuki",)


def test_review_after_a_mismatch_clears_it() -> None:
    rec = record(
        purpose_checks=[{"on": "2026-02-10", "by": "suzuki", "matches": False, "note": "変更"}],
        reviews=[{"on": "2026-02-10", "by": "suzuki"}],
    )
    assert tasks_of(rec)["review"].due == D("2026-05-10")


def test_pending_acknowledgement_due_at_approval() -> None:
    rec = record("approved", approval={"approved_by": "sato", "approved_on": "2026-04-01"})
    found = tasks_of(rec)
    assert found["acknowledge"].due == D("2026-04-01")
    assert found["acknowledge"].assignees == ("suzuki",)


def test_acknowledged_record_has_no_acknowledge_task() -> None:
    assert "acknowledge" not in tasks_of(record())


@pytest.mark.parametrize(
    ("review", "pending"),
    [
        ({"content_changed": True}, True),
        ({"terms_changed": True}, True),
        ({"content_changed": True, "decision": "continue", "decided_by": "sato"}, False),
        ({}, False),
    ],
)
def test_decide_task_for_a_pending_review(review: dict[str, Any], pending: bool) -> None:
    rec = record(reviews=[{"on": "2026-05-01", "by": "suzuki", **review}])
    found = tasks_of(rec)
    assert ("decide" in found) is pending
    if pending:
        assert found["decide"].due == D("2026-05-01")
        assert found["decide"].assignees == ("sato",)


def test_suspended_waits_only_for_a_decision() -> None:
    rec = record(
        "suspended",
        suspensions=[{"on": "2026-05-04", "by": "suzuki", "reason": "国外"}],
        alerts=[{"id": "alert-20260506-1", "on": "2026-05-06", "by": "sato", "title": "x"}],
    )
    found = due_tasks(rec, CONFIG, D("2026-06-01"))
    assert [(t.task, t.due, t.assignees) for t in found] == [("decide", D("2026-05-04"), ("sato",))]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        # the termination form waits for its own checks; nothing of §6 is due any more
        # (the manager's double-check waits for the applicant's marks)
        ("terminating", [("check", "applicant")]),
        # a closed record only waits for the end of its retention (S5.4)
        ("terminated", [("disposal", "")]),
        ("rejected", [("disposal", "")]),
        ("withdrawn", [("disposal", "")]),
    ],
)
def test_no_operations_outside_use(state: str, expected: list[tuple[str, str]]) -> None:
    sections: dict[str, Any] = {}
    if state in ("terminating", "terminated"):
        sections["termination"] = {
            "applicant": "suzuki",
            "filed_on": "2026-06-01",
            "reason": "不要",
            "end_on": "2026-06-30",
            "information": [{"name": "資料", "class": 3, "personal": False}],
            "users": ["職員"],
            "users_count": 1,
            "approved_by": "sato",
            "approved_on": "2026-06-02",
        }
    if state in ("rejected", "withdrawn"):
        sections["closure"] = {"by": "sato", "on": "2026-04-01"}
    found = due_tasks(record(state, **sections), CONFIG, D("2026-06-01"))
    assert [(t.task, t.detail) for t in found] == expected


def _checks(applicant: bool, responsible: bool) -> list[dict[str, Any]]:
    return [
        {
            "item": i,
            **({"applicant": "ok"} if applicant else {}),
            **({"responsible": "ok"} if responsible else {}),
        }
        for i in range(1, 9)
    ]


@pytest.mark.parametrize(
    ("applicant", "responsible", "expected"),
    [
        (True, True, [("approve", ("sato",), "")]),
        (True, False, [("check", ("sato",), "responsible")]),
        # The double-check waits for every applicant's mark (S5.2).
        (False, False, [("check", ("yamada",), "applicant")]),
    ],
)
def test_applied_record(
    applicant: bool, responsible: bool, expected: list[tuple[str, tuple[str, ...], str]]
) -> None:
    rec = record("applied", checks=_checks(applicant, responsible))
    found = due_tasks(rec, CONFIG, D("2026-06-01"))
    assert [(t.task, t.assignees, t.detail) for t in found] == expected
    assert all(t.due == D("2026-03-20") for t in found)


@pytest.mark.parametrize(
    ("location", "applicant", "expected"),
    [
        # S6.2: approve refuses data abroad or of unknown location; the task is the
        # applicant's (settle it, or withdraw), never an approval that cannot be given.
        ("overseas", True, [("location", ("yamada",), "overseas")]),
        ("unknown", True, [("location", ("yamada",), "unknown")]),
        (
            "unknown",
            False,
            [("check", ("yamada",), "applicant"), ("location", ("yamada",), "unknown")],
        ),
        ("domestic", True, [("approve", ("sato",), "")]),
    ],
)
def test_a_blocked_location_is_the_applicants_task_not_an_approval(
    location: str, applicant: bool, expected: list[tuple[str, tuple[str, ...], str]]
) -> None:
    rec = record(
        "applied",
        checks=_checks(applicant, applicant),
        service={
            "provider": "Google LLC",
            "name": "ドライブ",
            "description": "共有",
            "category": "file_storage",
            "data_location": location,
        },
    )
    found = due_tasks(rec, CONFIG, D("2026-06-01"))
    assert [(t.task, t.assignees, t.detail) for t in found] == expected


def test_a_service_in_use_abroad_has_no_location_task() -> None:
    # In use, data abroad is a review's finding (decide), not this pending-form task.
    rec = record(
        service={
            "provider": "Google LLC",
            "name": "ドライブ",
            "description": "共有",
            "category": "file_storage",
            "data_location": "overseas",
        }
    )
    assert "location" not in tasks_of(rec)


def test_period_end_warn_and_ismap() -> None:
    rec = record(
        application={
            **record().application.model_dump(by_alias=True, mode="json"),
            "period": {"start": "2026-04-01", "end": "2027-03-31"},
        },
        service={
            "provider": "Google LLC",
            "name": "ドライブ",
            "description": "共有",
            "category": "file_storage",
            "ismap": {"registration": "C0000", "valid_until": "2026-06-10"},
        },
        alerts=[
            {"id": "alert-20260506-1", "on": "2026-05-06", "by": "sato", "title": "x"},
            {
                "id": "alert-20260507-1",
                "on": "2026-05-07",
                "by": "sato",
                "title": "y",
                "warned_on": "2026-05-08",
                "warned_by": "suzuki",
            },
        ],
    )
    found = due_tasks(rec, CONFIG, D("2026-06-01"))
    by_name = {t.task: t for t in found}
    assert by_name["period_end"].due == D("2027-03-31")
    assert [t.detail for t in found if t.task == "warn"] == ["alert-20260506-1"]
    assert by_name["warn"].assignees == ("sato",)
    assert by_name["ismap"].due == D("2026-06-10")
    # Far from expiry (beyond warn_days), the ISMAP registration is not a task yet.
    assert "ismap" not in {t.task for t in due_tasks(rec, CONFIG, D("2026-05-01"))}


@pytest.mark.parametrize(
    ("as_of", "days"), [("2026-03-01", 1), ("2026-02-28", 0), ("2026-02-20", -8)]
)
def test_days_overdue(as_of: str, days: int) -> None:
    task = Task("s", "somu", "backup", D("2026-02-28"), ("suzuki",))
    assert task.days_overdue(D(as_of)) == days
