"""The lifecycle table (DESIGN §3) checked pair by pair: no I/O."""

from __future__ import annotations

import pytest

from tests.factories import APPROVAL, record, termination
from yakkan_cli.model import State
from yakkan_cli.rules.lifecycle import (
    TRANSITIONS,
    Action,
    next_state,
    require_state,
    transition_allowed,
)
from yakkan_cli.rules.violation import RuleViolation

STATES: list[State | None] = [None, *State]
PAIRS = [(action, state) for action in Action for state in STATES]

# What the procedure allows, written out by hand so the table is checked, not restated.
EXPECTED_SOURCES: dict[Action, set[State | None]] = {
    Action.APPLY: {None},
    Action.CHECK: {State.APPLIED, State.TERMINATING},
    Action.APPROVE: {State.APPLIED, State.TERMINATING},
    Action.ACKNOWLEDGE: {State.APPROVED, State.ACTIVE, State.SUSPENDED},
    Action.REJECT: {State.APPLIED},
    Action.WITHDRAW: {State.APPLIED, State.TERMINATING},
    Action.REVIEW: {State.APPROVED, State.ACTIVE, State.SUSPENDED},
    Action.DECIDE: {State.APPROVED, State.ACTIVE, State.SUSPENDED},
    Action.PURPOSE_CHECK: {State.APPROVED, State.ACTIVE},
    Action.BACKUP: {State.APPROVED, State.ACTIVE, State.SUSPENDED},
    Action.SUSPEND: {State.APPROVED, State.ACTIVE},
    Action.RESUME: {State.SUSPENDED},
    Action.ALERT: {State.APPROVED, State.ACTIVE, State.SUSPENDED},
    Action.WARN: {State.APPROVED, State.ACTIVE, State.SUSPENDED},
    Action.TERMINATE: {State.APPROVED, State.ACTIVE, State.SUSPENDED},
    Action.DISPOSE: {State.TERMINATED, State.REJECTED, State.WITHDRAWN},
    Action.REASSIGN: {State.APPROVED, State.ACTIVE, State.SUSPENDED, State.TERMINATING},
    Action.EDIT: {State.APPLIED, State.TERMINATING},
    Action.ATTACH: {State.APPLIED, State.TERMINATING},
    Action.RECLASSIFY: {State.APPLIED, State.APPROVED, State.ACTIVE, State.SUSPENDED},
}


def test_every_action_has_a_row() -> None:
    assert set(TRANSITIONS) == set(Action)
    assert set(EXPECTED_SOURCES) == set(Action)


@pytest.mark.parametrize(("action", "state"), PAIRS, ids=lambda v: str(v))
def test_require_state(action: Action, state: State | None) -> None:
    if state in EXPECTED_SOURCES[action]:
        require_state(action, state, "somu-drive")
        assert state in TRANSITIONS[action]
    else:
        with pytest.raises(RuleViolation) as err:
            require_state(action, state, "somu-drive")
        assert "somu-drive" in err.value.message
        assert err.value.exit_code == 1


@pytest.mark.parametrize(
    ("action", "before", "after", "allowed"),
    [
        (Action.APPLY, None, State.APPLIED, True),
        (Action.APPLY, None, State.ACTIVE, False),
        (Action.APPROVE, State.APPLIED, State.APPROVED, True),
        (Action.APPROVE, State.APPLIED, State.ACTIVE, False),  # applied → active is illegal
        (Action.CHECK, State.APPLIED, State.ACTIVE, False),
        (Action.ACKNOWLEDGE, State.APPLIED, State.ACTIVE, False),
        (Action.ACKNOWLEDGE, State.APPROVED, State.ACTIVE, True),
        (Action.APPROVE, State.TERMINATING, State.TERMINATED, True),
        (Action.APPROVE, State.ACTIVE, State.ACTIVE, False),
        (Action.REJECT, State.APPLIED, State.REJECTED, True),
        (Action.REJECT, State.ACTIVE, State.REJECTED, False),
        (Action.WITHDRAW, State.APPLIED, State.WITHDRAWN, True),
        (Action.WITHDRAW, State.TERMINATING, State.SUSPENDED, True),
        (Action.WITHDRAW, State.TERMINATING, State.WITHDRAWN, False),
        (Action.REVIEW, State.ACTIVE, State.SUSPENDED, True),
        (Action.REVIEW, State.ACTIVE, State.TERMINATED, False),
        (Action.PURPOSE_CHECK, State.SUSPENDED, State.SUSPENDED, False),
        (Action.RESUME, State.SUSPENDED, State.ACTIVE, True),
        (Action.RESUME, State.SUSPENDED, State.APPROVED, True),
        (Action.RESUME, State.ACTIVE, State.ACTIVE, False),
        (Action.TERMINATE, State.APPLIED, State.TERMINATING, False),
        (Action.TERMINATE, State.SUSPENDED, State.TERMINATING, True),
        (Action.DISPOSE, State.TERMINATED, None, True),
        (Action.DISPOSE, State.ACTIVE, None, False),
        (Action.SUSPEND, State.APPLIED, State.SUSPENDED, False),
    ],
)
def test_transition_allowed(
    action: Action, before: State | None, after: State | None, allowed: bool
) -> None:
    assert transition_allowed(action, before, after) is allowed


def test_no_action_jumps_from_applied_to_active() -> None:
    assert not any(transition_allowed(a, State.APPLIED, State.ACTIVE) for a in Action)


@pytest.mark.parametrize(
    ("action", "state", "target"),
    [
        (Action.APPROVE, State.APPLIED, State.APPROVED),
        (Action.REJECT, State.APPLIED, State.REJECTED),
        (Action.WITHDRAW, State.APPLIED, State.WITHDRAWN),
        (Action.CHECK, State.APPLIED, State.APPLIED),
        (Action.SUSPEND, State.ACTIVE, State.SUSPENDED),
        (Action.TERMINATE, State.ACTIVE, State.TERMINATING),
        (Action.ACKNOWLEDGE, State.APPROVED, State.ACTIVE),
    ],
)
def test_next_state_plain(action: Action, state: State, target: State) -> None:
    extra = {} if state is State.APPLIED else {"approval": APPROVAL}
    assert next_state(action, record(state=state.value, **extra)) is target


@pytest.mark.parametrize("previous", [State.APPROVED, State.ACTIVE, State.SUSPENDED])
def test_withdraw_of_a_termination_returns_to_previous_state(previous: State) -> None:
    rec = record(
        state="terminating",
        approval=APPROVAL,
        termination=termination(previous_state=previous.value),
    )
    assert next_state(Action.WITHDRAW, rec) is previous


def test_approve_of_a_termination_terminates() -> None:
    rec = record(state="terminating", approval=APPROVAL, termination=termination())
    assert next_state(Action.APPROVE, rec) is State.TERMINATED


@pytest.mark.parametrize(
    ("acknowledged", "target"), [(True, State.ACTIVE), (False, State.APPROVED)]
)
def test_resume_depends_on_acknowledgement(acknowledged: bool, target: State) -> None:
    approval = dict(APPROVAL)
    if acknowledged:
        approval |= {"risk_acknowledged_by": "suzuki", "risk_acknowledged_on": "2026-04-02"}
    rec = record(state="suspended", approval=approval)
    assert next_state(Action.RESUME, rec) is target


@pytest.mark.parametrize("state", [State.ACTIVE, State.APPLIED, State.TERMINATED])
def test_next_state_refuses_outside_the_table(state: State) -> None:
    extra = {} if state is State.APPLIED else {"approval": APPROVAL}
    with pytest.raises(RuleViolation):
        next_state(Action.RESUME, record(state=state.value, **extra))
