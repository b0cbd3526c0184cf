"""The gates of rules/gates.py (what an act needs before anything is asked or changed) and the
data location rule of S6.2 before approval: tables over built records, no I/O."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.factories import APPROVAL, config, record
from tests.test_audit_rules import commit, messages
from yakkan_cli.model import Decision, Record
from yakkan_cli.rules import gates
from yakkan_cli.rules.readiness import (
    LOCATION_RULE_FROM,
    application_blockers,
    approval_blockers,
    location_blockers,
)
from yakkan_cli.rules.violation import RuleViolation

CONF = config()
POLICY = CONF.policy


def located(where: str | None, **overrides: Any) -> Record:
    service = {"data_location": where} if where else {}
    return record(service=service, **overrides)


@pytest.mark.parametrize(
    ("where", "phrase"),
    [
        ("domestic", None),
        ("overseas", "海外に保存するサービスは承認できません"),
        ("unknown", "「不明」のまま"),
        (None, "「不明」のまま"),  # left out: the model's default is unknown
    ],
)
def test_data_abroad_or_unknown_is_not_approved(where: str | None, phrase: str | None) -> None:
    found = location_blockers(located(where))
    assert (found == []) if phrase is None else (len(found) == 1 and phrase in found[0])
    # `approve` and `show` apply it; the plain readiness rules (the audit's before the day
    # the location rule took effect) do not.
    assert approval_blockers(located(where), POLICY, exception_reason=None) == found
    assert application_blockers(located(where), POLICY, exception_reason=None) == []


def refusal(gate: Any, *args: Any, **kwargs: Any) -> str | None:
    try:
        gate(*args, **kwargs)
    except RuleViolation as refused:
        return " ".join([refused.message, *refused.details])
    return None


DAY = date(2026, 4, 1)


@pytest.mark.parametrize(
    ("rec", "actor", "on", "phrase"),
    [
        (located("domestic"), "sato", DAY, None),
        (located("overseas"), "sato", DAY, "承認できません"),
        (located("domestic"), "yamada", DAY, "立場にありません"),  # the applicant
        (located("domestic"), "tanaka", DAY, "所属長"),  # the department head (S5.2)
        (located("domestic"), "sato", date(2026, 3, 1), "申請日"),  # before the application
        (located("domestic", checks=[{"item": 1}]), "sato", DAY, "未記入"),
        (located("domestic", state="approved", approval=APPROVAL), "sato", DAY, "できる状態"),
    ],
)
def test_approve_gate(rec: Record, actor: str, on: date, phrase: str | None) -> None:
    found = refusal(gates.approve, rec, CONF, actor, on, exception_reason=None)
    assert (found is None) if phrase is None else (found is not None and phrase in found), found


ACTIVE = located(
    "domestic",
    state="active",
    approval={**APPROVAL, "risk_acknowledged_by": "suzuki", "risk_acknowledged_on": "2026-04-02"},
)
CHANGED = {"on": "2026-06-01", "by": "suzuki", "terms_changed": True}
PENDING = Record.model_validate(
    {**ACTIVE.model_dump(mode="json", by_alias=True), "reviews": [CHANGED]}
)


@pytest.mark.parametrize(
    ("rec", "actor", "on", "phrase"),
    [
        (PENDING, "sato", date(2026, 6, 2), None),
        (PENDING, "tanaka", date(2026, 6, 2), None),  # a responsible manager, head or not
        (PENDING, "suzuki", date(2026, 6, 2), "立場にありません"),  # the administrator
        (PENDING, "sato", date(2026, 5, 31), "見直しの日"),  # before the review
        (ACTIVE, "sato", date(2026, 6, 2), "決定待ちの見直しはありません"),
    ],
)
def test_decide_gate(rec: Record, actor: str, on: date, phrase: str | None) -> None:
    found = refusal(gates.decide, rec, CONF, actor, on)
    assert (found is None) if phrase is None else (found is not None and phrase in found), found


@pytest.mark.parametrize(
    ("rec", "findings", "decision", "asking", "expected"),
    [
        (PENDING, False, None, True, True),  # a plain review, asked on a terminal
        (PENDING, False, Decision.CONTINUE, False, True),  # --decision in a script
        (PENDING, False, None, False, False),  # a plain review without a terminal
        (PENDING, True, None, True, False),  # a finding given: a new review
        (PENDING, True, Decision.SUSPEND, False, False),
        (ACTIVE, False, None, True, False),  # nothing waits for a decision
        (ACTIVE, False, Decision.CONTINUE, False, False),
    ],
)
def test_a_review_is_the_decision_only_on_a_pending_review(
    rec: Record, findings: bool, decision: Decision | None, asking: bool, expected: bool
) -> None:
    assert gates.is_decision(rec, findings=findings, decision=decision, asking=asking) is expected


@pytest.mark.parametrize(
    ("rec", "actor", "decision", "phrase"),
    [
        (ACTIVE, "suzuki", None, None),  # the administrator's quarterly review
        # While a review waits for its decision, a new one would bury it.
        (PENDING, "suzuki", None, "判断（継続・停止・終了）を待っています"),
        (PENDING, "sato", None, "佐藤 花子、田中 一郎"),
        (PENDING, "sato", Decision.SUSPEND, None),  # a new review decided at once
    ],
)
def test_review_gate(
    rec: Record, actor: str, decision: Decision | None, phrase: str | None
) -> None:
    found = refusal(gates.review, rec, CONF, actor, date(2026, 6, 2), decision=decision)
    assert (found is None) if phrase is None else (found is not None and phrase in found), found


CLOSED = located("domestic", state="withdrawn", closure={"by": "yamada", "on": "2026-03-21"})


@pytest.mark.parametrize(
    ("actor", "on", "phrase"),
    [
        ("sato", date(2029, 3, 21), None),  # three years after the withdrawal
        ("sato", date(2029, 3, 20), "保存期間中"),
        ("yamada", date(2029, 3, 21), "立場にありません"),
    ],
)
def test_dispose_gate(actor: str, on: date, phrase: str | None) -> None:
    found = refusal(gates.dispose, CLOSED, CONF, actor, on)
    assert (found is None) if phrase is None else (found is not None and phrase in found), found


def _approved(before: Record) -> Record:
    data = before.model_dump(mode="json", by_alias=True)
    return Record.model_validate({**data, "state": "approved", "approval": APPROVAL})


@pytest.mark.parametrize(
    ("where", "day", "flagged"),
    [
        ("unknown", "2026-04-01", False),  # an honest approval under the rules of its day
        ("overseas", "2026-12-06", False),  # the day before the rule
        ("overseas", LOCATION_RULE_FROM.isoformat(), True),
        ("unknown", LOCATION_RULE_FROM.isoformat(), True),
        ("domestic", LOCATION_RULE_FROM.isoformat(), False),
    ],
)
def test_the_audit_holds_the_location_rule_only_from_its_day(
    where: str, day: str, flagged: bool
) -> None:
    before = located(where)
    found = messages(commit("sato", "approve", on=day), before, _approved(before))
    assert any("保存場所" in m or "海外" in m for m in found) is flagged, found
