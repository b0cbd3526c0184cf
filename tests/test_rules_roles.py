"""Who may do what (S3, S5.2, S5.3, S7): tables against WHO_MAY and the independence rule."""

from __future__ import annotations

import pytest

from tests.factories import APPROVAL, config, record, termination
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.roles import (
    WHO_MAY,
    Role,
    is_responsible,
    pending_applicant,
    require_check_role,
    require_role,
    roles_of,
)
from yakkan_cli.rules.violation import RuleViolation

CFG = config()
APPLIED = record()
ACTIVE = record(state="active", approval=APPROVAL)
TERMINATING = record(state="terminating", approval=APPROVAL, termination=termination())


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("yamada", {Role.STAFF, Role.APPLICANT}),
        ("sato", {Role.STAFF, Role.RESPONSIBLE}),
        ("tanaka", {Role.STAFF, Role.RESPONSIBLE}),
        ("suzuki", {Role.STAFF, Role.ADMINISTRATOR}),
        ("takahashi", {Role.STAFF}),  # responsible of another department
        ("stranger", set()),
    ],
)
def test_roles_of_an_application(person: str, expected: set[Role]) -> None:
    assert roles_of(CFG, APPLIED, person) == expected


def test_the_termination_applicant_is_the_pending_applicant() -> None:
    assert pending_applicant(TERMINATING) == "suzuki"
    assert pending_applicant(APPLIED) == "yamada"
    assert Role.APPLICANT in roles_of(CFG, TERMINATING, "suzuki")
    assert Role.APPLICANT not in roles_of(CFG, TERMINATING, "yamada")


@pytest.mark.parametrize(
    ("department", "person", "expected"),
    [
        ("somu", "sato", True),
        ("somu", "tanaka", True),
        ("somu", "takahashi", False),
        ("kikaku", "takahashi", True),
        ("nowhere", "sato", False),
    ],
)
def test_is_responsible(department: str, person: str, expected: bool) -> None:
    assert is_responsible(CFG, department, person) is expected


# (action, record, person, allowed) — independence applies to approve and reject.
CASES = [
    (Action.APPLY, APPLIED, "yamada", True),
    (Action.APPLY, APPLIED, "takahashi", True),
    (Action.APPLY, APPLIED, "stranger", False),
    (Action.APPROVE, APPLIED, "sato", True),
    (Action.APPROVE, APPLIED, "yamada", False),  # applicant
    (Action.APPROVE, APPLIED, "tanaka", False),  # department head, though listed responsible
    (Action.APPROVE, APPLIED, "suzuki", False),
    (Action.APPROVE, APPLIED, "takahashi", False),  # responsible of another department
    (Action.REJECT, APPLIED, "sato", True),
    (Action.REJECT, APPLIED, "tanaka", False),
    (Action.REJECT, APPLIED, "yamada", False),
    (Action.WITHDRAW, APPLIED, "yamada", True),
    (Action.WITHDRAW, APPLIED, "sato", True),
    (Action.WITHDRAW, APPLIED, "suzuki", False),
    (Action.ACKNOWLEDGE, ACTIVE, "suzuki", True),
    (Action.ACKNOWLEDGE, ACTIVE, "sato", False),
    (Action.ACKNOWLEDGE, ACTIVE, "yamada", False),
    (Action.REVIEW, ACTIVE, "suzuki", True),
    (Action.REVIEW, ACTIVE, "sato", True),
    (Action.REVIEW, ACTIVE, "yamada", False),
    (Action.DECIDE, ACTIVE, "sato", True),
    (Action.DECIDE, ACTIVE, "suzuki", False),
    (Action.BACKUP, ACTIVE, "suzuki", True),
    (Action.BACKUP, ACTIVE, "takahashi", False),
    (Action.RESUME, ACTIVE, "sato", True),
    (Action.RESUME, ACTIVE, "suzuki", False),
    (Action.TERMINATE, ACTIVE, "suzuki", True),
    (Action.TERMINATE, ACTIVE, "yamada", False),
    (Action.DISPOSE, ACTIVE, "sato", True),
    (Action.DISPOSE, ACTIVE, "suzuki", False),
    (Action.REASSIGN, ACTIVE, "sato", True),
    (Action.REASSIGN, ACTIVE, "suzuki", False),
    (Action.EDIT, APPLIED, "yamada", True),
    (Action.EDIT, APPLIED, "suzuki", False),
    (Action.ATTACH, APPLIED, "sato", True),
    (Action.APPROVE, TERMINATING, "sato", True),
    (Action.APPROVE, TERMINATING, "suzuki", False),  # filed the termination
    (Action.APPROVE, TERMINATING, "tanaka", False),
]


@pytest.mark.parametrize(("action", "rec", "person", "allowed"), CASES)
def test_require_role(action: Action, rec: object, person: str, allowed: bool) -> None:
    from yakkan_cli.model import Record

    assert isinstance(rec, Record)
    if allowed:
        require_role(action, CFG, rec, person)
    else:
        with pytest.raises(RuleViolation):
            require_role(action, CFG, rec, person)


def test_every_acting_action_has_roles() -> None:
    assert set(WHO_MAY) == set(Action) - {Action.CHECK}


@pytest.mark.parametrize(
    ("person", "phrase"),
    [("sato", "申請者なので"), ("tanaka", "所属長なので")],
)
def test_independence_messages(person: str, phrase: str) -> None:
    # A responsible manager who applied for the service cannot approve it either.
    rec = record(application={"applicant": "sato"})
    with pytest.raises(RuleViolation) as err:
        require_role(Action.APPROVE, CFG, rec, person)
    assert phrase in err.value.message


def test_head_is_refused_even_when_not_listed_as_head_in_config() -> None:
    # The form names the head; a head who is also a responsible manager still may not approve.
    rec = record(application={"department_head": "sato"})
    with pytest.raises(RuleViolation):
        require_role(Action.APPROVE, CFG, rec, "sato")
    require_role(Action.APPROVE, CFG, rec, "tanaka")


@pytest.mark.parametrize(
    ("role", "rec", "person", "allowed"),
    [
        (Role.APPLICANT, APPLIED, "yamada", True),
        (Role.APPLICANT, APPLIED, "sato", False),  # someone else in the applicant column
        (Role.APPLICANT, APPLIED, "suzuki", False),
        (Role.RESPONSIBLE, APPLIED, "sato", True),
        (Role.RESPONSIBLE, APPLIED, "yamada", False),  # the applicant in the responsible column
        (Role.RESPONSIBLE, APPLIED, "tanaka", False),  # the head
        (Role.RESPONSIBLE, APPLIED, "takahashi", False),  # other department
        (Role.RESPONSIBLE, APPLIED, "suzuki", False),
        (Role.APPLICANT, TERMINATING, "suzuki", True),
        (Role.APPLICANT, TERMINATING, "yamada", False),
        (Role.RESPONSIBLE, TERMINATING, "sato", True),
        (Role.RESPONSIBLE, TERMINATING, "suzuki", False),
    ],
)
def test_require_check_role(role: Role, rec: object, person: str, allowed: bool) -> None:
    from yakkan_cli.model import Record

    assert isinstance(rec, Record)
    if allowed:
        require_check_role(role, CFG, rec, person)
    else:
        with pytest.raises(RuleViolation):
            require_check_role(role, CFG, rec, person)
