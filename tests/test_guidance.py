"""What comes next and who takes it (rules/guidance.py): tables over built records."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.factories import APPROVAL, all_checks, config, record, termination
from yakkan_cli.rules.guidance import (
    OWN_REJECTED,
    OWN_WAITING,
    describe,
    next_steps,
    own_applications,
)

CONFIG = config()
EMPTY = [{"item": i} for i in range(1, 9)]
APPLICANT_DONE = [{"item": i, "applicant": "ok"} for i in range(1, 9)]


def steps(**overrides: Any) -> list[tuple[tuple[str, ...], str]]:
    # Kept in Japan unless a row says otherwise: the factory's location is unknown, which
    # `approve` refuses (S6.2).
    built = record(**{"service": {"data_location": "domestic"}, **overrides})
    return [(s.who, s.command) for s in next_steps(built, CONFIG)]


PENDING_REVIEW = [{"on": "2026-06-01", "by": "suzuki", "terms_changed": True}]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            # The managers' double-check waits for the applicant's marks (S5.2).
            {"checks": EMPTY},
            [(("yamada",), "yakkan check somu-drive")],
        ),
        ({"checks": APPLICANT_DONE}, [(("sato", "tanaka"), "yakkan check somu-drive")]),
        ({}, [(("sato", "tanaka"), "yakkan approve somu-drive")]),
        (
            {"application": {"attachments": []}},
            [
                (("yamada",), "yakkan attach somu-drive signup=ファイル"),
                (("yamada",), "yakkan attach somu-drive terms=ファイル"),
            ],
        ),
        (
            {"checks": all_checks(responsible="ng")},
            [(("yamada",), "yakkan edit somu-drive")],
        ),
        (
            {"application": {"information": [{"name": "台帳", "class": 2, "personal": True}]}},
            [(("sato", "tanaka"), "yakkan approve somu-drive --exception-reason 理由")],
        ),
        (
            {"state": "approved", "approval": APPROVAL},
            [(("suzuki",), "yakkan acknowledge somu-drive")],
        ),
        # The periodic tasks are the administrator's: named, with the list of their own.
        ({"state": "active", "approval": APPROVAL}, [(("suzuki",), "yakkan due --mine")]),
        # Reclassified onto the full track after an approval on the light one: the managers
        # decide (due lists it for them), and the way on is a new form after termination.
        (
            {
                "state": "active",
                "approval": {**APPROVAL, "track": "light"},
                "scheme": "jichitai",
                "application": {"information": [{"name": "台帳", "class": 2, "personal": True}]},
            },
            [(("sato", "tanaka"), "yakkan terminate somu-drive")],
        ),
        # A review that found a change waits for the responsible managers' decision.
        (
            {"state": "active", "approval": APPROVAL, "reviews": PENDING_REVIEW},
            [(("sato", "tanaka"), "yakkan review somu-drive")],
        ),
        (
            {"state": "approved", "approval": APPROVAL, "reviews": PENDING_REVIEW},
            [
                (("suzuki",), "yakkan acknowledge somu-drive"),
                (("sato", "tanaka"), "yakkan review somu-drive"),
            ],
        ),
        # S6.2: data abroad or of unknown location is settled by the applicant, not approved.
        ({"service": {"data_location": "overseas"}}, [(("yamada",), "yakkan edit somu-drive")]),
        ({"service": {"data_location": "unknown"}}, [(("yamada",), "yakkan edit somu-drive")]),
        (
            {"state": "suspended", "approval": APPROVAL},
            [(("sato", "tanaka"), "yakkan resume somu-drive")],
        ),
        (
            {"state": "terminating", "approval": APPROVAL, "termination": termination()},
            [(("sato", "tanaka"), "yakkan approve somu-drive")],
        ),
        (
            {
                "state": "terminating",
                "approval": APPROVAL,
                "termination": termination(checks=[{"item": i} for i in range(1, 5)]),
            },
            [(("suzuki",), "yakkan check somu-drive")],
        ),
        (
            {"state": "rejected", "closure": {"by": "sato", "on": "2026-03-25", "reason": "不要"}},
            [((), "yakkan apply")],
        ),
    ],
)
def test_next_steps_by_state(overrides: dict[str, Any], expected: list[Any]) -> None:
    assert steps(**overrides) == expected


def test_a_step_names_people_by_name() -> None:
    domestic = {"data_location": "domestic"}
    (first,) = next_steps(record(checks=EMPTY, service=domestic), CONFIG)
    assert describe(first, CONFIG).startswith("  ・山田 太郎: 申請者欄の印を付ける")
    (second,) = next_steps(record(checks=APPLICANT_DONE, service=domestic), CONFIG)
    assert "佐藤 花子、田中 一郎" in describe(second, CONFIG)


AS_OF = date(2026, 3, 30)


@pytest.mark.parametrize(
    ("overrides", "person", "expected"),
    [
        # the applicant's marks are done; the form waits for the responsible managers
        ({"checks": APPLICANT_DONE}, "yamada", [OWN_WAITING]),
        # their own marks are missing: `due` lists that task already
        ({"checks": EMPTY}, "yamada", []),
        # the location stops the approval (S6.2): `due` lists settling it as theirs
        ({"checks": APPLICANT_DONE, "service": {"data_location": "unknown"}}, "yamada", []),
        ({"checks": APPLICANT_DONE}, "suzuki", []),
        (
            {"state": "rejected", "closure": {"by": "sato", "on": "2026-03-25", "reason": "不要"}},
            "yamada",
            [OWN_REJECTED],
        ),
        # rejected longer ago than the window: no longer news
        (
            {"state": "rejected", "closure": {"by": "sato", "on": "2026-01-05", "reason": "不要"}},
            "yamada",
            [],
        ),
        ({"state": "active", "approval": APPROVAL}, "yamada", []),
    ],
)
def test_own_applications_for_due_mine(
    overrides: dict[str, Any], person: str, expected: list[str]
) -> None:
    built = record(**{"service": {"data_location": "domestic"}, **overrides})
    tasks = own_applications(built, CONFIG, person, AS_OF, 14)
    assert [task.task for task in tasks] == expected
    assert all(task.due == AS_OF and task.assignees == (person,) for task in tasks)
