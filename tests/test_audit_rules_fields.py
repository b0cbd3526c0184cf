"""A3: every record change is an action that changes exactly its own fields.

`changed_fields` from tables of before/after data; then, for every action, the step
yakkan's own command makes (no finding) next to the same step forged by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import record_data, termination
from tests.test_audit_rules import ACTIVE, APPLIED, MARKED, MARKED_A, commit, marks, messages, rules
from yakkan_cli.model import Record
from yakkan_cli.rules.audit import ACTION_FIELDS, changed_fields
from yakkan_cli.rules.lifecycle import Action


def paths(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [c.path for c in changed_fields(old, new)]


B1 = {"on": "2026-05-01", "by": "suzuki", "method": "m", "location": "l"}
B2 = {"on": "2026-06-01", "by": "suzuki", "method": "m", "location": "l"}
B0 = {"on": "2026-04-20", "by": "suzuki", "method": "m", "location": "l"}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (record_data(), record_data(), []),
        (record_data(), record_data(state="approved"), []),  # the state is the lifecycle's
        (record_data(), record_data(application={"purpose": "別"}), ["application.purpose"]),
        (
            record_data(application={"period": {"start": "2026-04-01"}}),
            record_data(application={"period": {"start": "2026-04-01", "end": "2027-03-31"}}),
            ["application.period.end"],
        ),
        (
            record_data(checks=marks(responsible=None)),
            record_data(checks=marks()[:2] + marks(responsible=None)[2:]),
            ["checks[1].responsible", "checks[2].responsible"],
        ),
        # A check not written yet is an empty one: its first mark is a field change.
        (
            record_data(checks=[{"item": 1}]),
            record_data(checks=[{"item": 1}, {"item": 2, "applicant": "ok"}]),
            ["checks[2].applicant"],
        ),
        (record_data(), record_data(backups=[B1]), ["backups[+]"]),
        # Sorted by date, a late entry lands in the middle: still one added entry.
        (record_data(backups=[B1, B2]), record_data(backups=[B0, B1, B2]), ["backups[+]"]),
        (record_data(backups=[B1, B2]), record_data(backups=[B2]), ["backups[-]"]),
        (
            record_data(backups=[B1]),
            record_data(backups=[{**B1, "location": "別"}]),
            ["backups[0].location"],
        ),
        # Re-dated: the old entry is gone and another one appears.
        (
            record_data(backups=[B1]),
            record_data(backups=[{**B1, "on": "2026-05-02"}]),
            ["backups[-]", "backups[+]"],
        ),
        (record_data(), record_data(approval={"approved_by": "sato"}), ["approval"]),
        (
            record_data(termination=termination()),
            record_data(termination=termination(checks=marks(count=4)[:1])),
            [
                "termination.checks[2].applicant",
                "termination.checks[2].responsible",
                "termination.checks[3].applicant",
                "termination.checks[3].responsible",
                "termination.checks[4].applicant",
                "termination.checks[4].responsible",
            ],
        ),
    ],
)
def test_changed_fields(old: dict[str, Any], new: dict[str, Any], expected: list[str]) -> None:
    assert paths(old, new) == expected


def test_a_created_or_removed_record_has_no_field_changes() -> None:
    assert changed_fields(None, record_data()) == []
    assert changed_fields(record_data(), None) == []


def test_every_action_has_a_row() -> None:
    assert set(ACTION_FIELDS) == set(Action)


# --- records of the steps --------------------------------------------------------------------

ACTIVE_DATA = ACTIVE.model_dump(mode="json", by_alias=True)


def active(**changes: Any) -> Record:
    return Record.model_validate({**ACTIVE_DATA, **changes})


def applied(**application: Any) -> Record:
    data = MARKED.model_dump(mode="json", by_alias=True)
    return Record.model_validate({**data, "application": {**data["application"], **application}})


def cleared(**application: Any) -> Record:
    """The pending form with `application` changed and the responsible column emptied."""
    return applied(**application).model_copy(update={"checks": MARKED_A.checks})


REVIEW = {"on": "2026-05-01", "by": "suzuki", "terms_changed": True}
DECIDED = {**REVIEW, "decision": "continue", "decided_by": "sato", "decided_on": "2026-05-02"}
OVERSEAS = {"on": "2026-05-01", "by": "suzuki", "overseas": True}
STOP = {"on": "2026-05-01", "by": "suzuki", "reason": "国外"}
RESUMED = {**STOP, "resumed_on": "2026-05-03", "resumed_by": "sato", "resume_note": "戻した"}
ALERT = {"id": "alert-20260501-1", "on": "2026-05-01", "by": "sato", "title": "t", "users": ["u"]}
WARNED = {**ALERT, "warned_on": "2026-05-02", "warned_by": "suzuki"}
MOVE = {"on": "2026-05-01", "by": "sato", "administrator": "takahashi", "previous": "suzuki"}
FILED = termination(
    filed_on="2026-05-01", end_on="2026-05-31", checks=[{"item": i} for i in range(1, 5)]
)
TERMINATING = active(state="terminating", termination=FILED)
CLOSURE = {"by": "yamada", "on": "2026-03-21", "reason": "不要"}
WITHDRAWN = Record.model_validate(
    {**APPLIED.model_dump(mode="json", by_alias=True), "state": "withdrawn", "closure": CLOSURE}
)
EVIDENCE = {"kind": "evidence", "path": "attachments/somu-drive/e.png", "sha256": "1" * 64}
SUSPENDED_PENDING = active(state="suspended", reviews=[{**OVERSEAS}], suspensions=[STOP])
ATTACHMENTS = MARKED.model_dump(mode="json", by_alias=True)["application"]["attachments"]


@pytest.mark.parametrize(
    ("author", "action", "on", "before", "after"),
    [
        ("yamada", "check", "2026-03-20", APPLIED, MARKED_A),
        (
            "yamada",
            "check",
            "2026-03-20",
            APPLIED,
            Record.model_validate(
                {
                    **MARKED_A.model_dump(mode="json", by_alias=True),
                    "application": {
                        **MARKED_A.model_dump(mode="json", by_alias=True)["application"],
                        "attachments": [*ATTACHMENTS, EVIDENCE],
                    },
                    "checks": [
                        {**c, "evidence": [EVIDENCE["path"]]} if c["item"] == 1 else c
                        for c in marks(responsible=None)
                    ],
                }
            ),
        ),
        (
            "suzuki",
            "acknowledge",
            "2026-04-01",
            active(state="approved", approval={"approved_by": "sato", "approved_on": "2026-04-01"}),
            ACTIVE,
        ),
        ("suzuki", "backup-log", "2026-05-01", ACTIVE, active(backups=[B1])),
        (
            "suzuki",
            "purpose-check",
            "2026-05-01",
            ACTIVE,
            active(purpose_checks=[{"on": "2026-05-01", "by": "suzuki", "matches": True}]),
        ),
        ("suzuki", "review", "2026-05-01", ACTIVE, active(reviews=[REVIEW])),
        ("suzuki", "review", "2026-05-01", ACTIVE, SUSPENDED_PENDING),
        ("sato", "decide", "2026-05-02", active(reviews=[REVIEW]), active(reviews=[DECIDED])),
        ("suzuki", "suspend", "2026-05-01", ACTIVE, active(state="suspended", suspensions=[STOP])),
        (
            "sato",
            "resume",
            "2026-05-03",
            SUSPENDED_PENDING,
            active(
                reviews=[
                    {
                        **OVERSEAS,
                        "decision": "continue",
                        "decided_by": "sato",
                        "decided_on": "2026-05-03",
                    }
                ],
                suspensions=[RESUMED],
            ),
        ),
        ("sato", "alert", "2026-05-01", ACTIVE, active(alerts=[ALERT])),
        ("suzuki", "warn", "2026-05-02", active(alerts=[ALERT]), active(alerts=[WARNED])),
        ("sato", "reassign", "2026-05-01", ACTIVE, active(reassignments=[MOVE])),
        ("suzuki", "terminate", "2026-05-01", ACTIVE, TERMINATING),
        ("suzuki", "withdraw", "2026-05-02", TERMINATING, ACTIVE),
        (
            "suzuki",
            "check",
            "2026-05-02",
            TERMINATING,
            active(
                state="terminating",
                termination={
                    **FILED,
                    "checks": marks(responsible=None, count=4),
                },
            ),
        ),
        (
            "suzuki",
            "edit",
            "2026-05-02",
            TERMINATING,
            active(state="terminating", termination={**FILED, "reason": "別の理由"}),
        ),
        ("yamada", "withdraw", "2026-03-21", APPLIED, WITHDRAWN),
        # edit and attach change the pending form and take back the double-check.
        ("yamada", "edit", "2026-03-25", MARKED, cleared(purpose="別")),
        ("yamada", "attach", "2026-03-25", MARKED, cleared(attachments=[*ATTACHMENTS, EVIDENCE])),
    ],
)
def test_honest_steps_have_no_finding(
    author: str, action: str, on: str, before: Record, after: Record
) -> None:
    assert messages(commit(author, action, on=on), before, after) == []


APPLIED_DATA = APPLIED.model_dump(mode="json", by_alias=True)


def created(**changes: Any) -> Record:
    return Record.model_validate({**APPLIED_DATA, **changes})


@pytest.mark.parametrize(
    ("c", "before", "after", "expected"),
    [
        # Operations invented or rewritten by hand, the state left alone.
        (commit("suzuki", on="2026-05-01"), ACTIVE, active(backups=[B1]), ["A3"]),
        (commit("suzuki", on="2026-05-02"), ACTIVE, active(reviews=[DECIDED]), ["A3"]),
        (
            commit("sato", on="2026-05-02"),
            active(reviews=[REVIEW]),
            active(reviews=[DECIDED]),
            ["A3"],
        ),
        (
            commit("sato", on="2026-05-01"),
            ACTIVE,
            active(notes=[{"on": "2026-05-01", "by": "sato", "text": "x"}]),
            ["A3"],
        ),
        (
            commit("yamada", on="2026-03-22"),
            WITHDRAWN,
            created(state="withdrawn", closure={**CLOSURE, "on": "2023-03-21"}),
            ["A3", "A6"],
        ),
        # An action changing more than its own fields.
        (
            commit("suzuki", "backup-log", on="2026-06-01"),
            active(backups=[B1]),
            active(backups=[{**B1, "location": "別"}, B2]),
            ["A3"],
        ),
        (
            commit("suzuki", "backup-log", on="2026-06-01"),
            active(backups=[B1, B2]),
            active(backups=[B2]),
            ["A3"],
        ),
        (commit("suzuki", "backup-log", on="2026-06-01"), ACTIVE, active(backups=[B1, B2]), ["A3"]),
        (
            commit("suzuki", "backup-log", on="2026-05-01"),
            ACTIVE,
            active(backups=[{**B1, "by": "sato"}]),
            ["A3"],
        ),
        (
            commit("suzuki", "backup-log", on="2026-05-01"),
            ACTIVE,
            active(backups=[B1], reviews=[REVIEW]),
            ["A3"],
        ),
        (
            commit("suzuki", "review", on="2026-05-01"),
            ACTIVE,
            active(state="suspended", reviews=[REVIEW], suspensions=[STOP]),
            ["A3"],
        ),
        (
            commit("sato", "decide", on="2026-05-02"),
            active(reviews=[REVIEW]),
            active(reviews=[{**DECIDED, "terms_changed": False}]),
            ["A3"],
        ),
        (
            commit("sato", "decide", on="2026-05-03"),
            active(reviews=[DECIDED]),
            active(reviews=[{**DECIDED, "decision": "terminate", "decided_on": "2026-05-03"}]),
            ["A3", "A3"],
        ),
        (
            commit("suzuki", "acknowledge", on="2026-04-02"),
            ACTIVE,
            active(approval={**ACTIVE_DATA["approval"], "risk_acknowledged_on": "2026-04-02"}),
            ["A3"],
        ),
        (
            commit("sato", "reassign", on="2026-05-01"),
            ACTIVE,
            active(reassignments=[{**MOVE, "previous": "yamada"}]),
            ["A3"],
        ),
        (
            commit("suzuki", "terminate", on="2026-05-01"),
            ACTIVE,
            active(state="terminating", termination={**FILED, "checks": marks(count=4)}),
            ["A3", "S5.2"],
        ),
        (
            commit("suzuki", "withdraw", on="2026-05-02"),
            TERMINATING,
            active(backups=[B1]),
            ["A3"],
        ),
        # An approved termination, a closure: never again.
        (
            commit("yamada", on="2026-03-22"),
            WITHDRAWN,
            created(state="withdrawn", closure={**CLOSURE, "reason": "別"}),
            ["A3"],
        ),
        # The form: facts of the filing never change; edit only clears the double-check.
        (
            commit("yamada", "edit", on="2026-03-25"),
            MARKED,
            cleared(applicant="sato"),
            ["A3"],
        ),
        (
            commit("yamada", "edit", on="2026-03-25"),
            MARKED_A,
            applied(purpose="別"),
            ["A3", "S5.2"],  # the purpose is not what the marks vouch for: no A5 (18.6)
        ),
        (
            commit("yamada", "check", on="2026-03-25"),
            MARKED_A,
            MARKED_A.model_copy(update={"application": applied(purpose="別").application}),
            ["A3"],
        ),
        (
            commit("yamada", "check", on="2026-03-25"),
            MARKED_A,
            cleared(attachments=ATTACHMENTS[:1]),
            ["A3"],
        ),
        # While terminating, the pending form is the termination, not the application.
        (
            commit("suzuki", "edit", on="2026-05-02"),
            TERMINATING,
            Record.model_validate(
                {
                    **TERMINATING.model_dump(mode="json", by_alias=True),
                    "service": {**ACTIVE_DATA["service"], "name": "別"},
                }
            ),
            ["A3", "S5.3"],
        ),
        # One check, one column.
        (commit("sato", "check", on="2026-03-25"), APPLIED, MARKED, ["A3", "S5.2"]),
        # apply writes the form and nothing else, with the department's head.
        (
            commit("yamada", "apply", on="2026-03-20"),
            None,
            created(application={**APPLIED_DATA["application"], "department_head": "sato"}),
            ["A3"],
        ),
        (
            commit("yamada", "apply", on="2026-03-20"),
            None,
            created(checks=marks()),
            ["A3", "S5.2"],
        ),
        (commit("sato", "apply", on="2026-03-20"), None, APPLIED, ["A3"]),  # applicant ≠ author
        # The trailers of an action name its record and its actor.
        (
            commit("suzuki", "backup-log", on="2026-05-01", drop=["Yakkan-Actor"]),
            ACTIVE,
            active(backups=[B1]),
            ["A3"],
        ),
        (
            commit("suzuki", "backup-log", on="2026-05-01", drop=["Yakkan-Service"]),
            ACTIVE,
            active(backups=[B1]),
            ["A3"],
        ),
    ],
)
def test_forged_steps(c: Any, before: Record | None, after: Record, expected: list[str]) -> None:
    print(messages(c, before, after))
    assert rules(c, before, after) == expected
