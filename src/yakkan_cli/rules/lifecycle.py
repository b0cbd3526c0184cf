"""The lifecycle of a service record (DESIGN §3) as one table.

`None` stands for "no record": before `apply` and after `dispose`. The table lists, for
every action, the states it may start from and the states it may lead to; the use cases
ask `next_state` for the one target that fits the record, and the audit asks
`transition_allowed` whether a change seen in history was legal.
"""

from __future__ import annotations

from enum import StrEnum

from yakkan_cli.messages import t
from yakkan_cli.model import Record, State
from yakkan_cli.rules.violation import RuleViolation


class Action(StrEnum):
    APPLY = "apply"
    CHECK = "check"
    APPROVE = "approve"
    ACKNOWLEDGE = "acknowledge"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    REVIEW = "review"
    DECIDE = "decide"
    PURPOSE_CHECK = "purpose-check"
    BACKUP = "backup-log"
    SUSPEND = "suspend"
    RESUME = "resume"
    ALERT = "alert"
    WARN = "warn"
    TERMINATE = "terminate"
    DISPOSE = "dispose"
    # 人事異動: the responsible manager names a new service administrator (S3.2).
    REASSIGN = "reassign"
    # Fixing the pending form before it is decided (clears the responsible column).
    EDIT = "edit"
    ATTACH = "attach"
    # The responsible manager moves a record to the village's scale of classes (issue 22).
    RECLASSIFY = "reclassify"


S = State
IN_USE = frozenset({S.APPROVED, S.ACTIVE})
OPERATING = IN_USE | {S.SUSPENDED}
CLOSED = frozenset({S.TERMINATED, S.REJECTED, S.WITHDRAWN})

Edges = dict[State | None, frozenset[State | None]]


def _stay(states: frozenset[State], *also: State) -> Edges:
    """Each of `states` may stay as it is (or move to one of `also`)."""
    return {s: frozenset({s, *also}) for s in states}


def _to(states: frozenset[State], target: State | None) -> Edges:
    return {s: frozenset({target}) for s in states}


# action → {state before → states after}
TRANSITIONS: dict[Action, Edges] = {
    Action.APPLY: {None: frozenset({S.APPLIED})},
    Action.CHECK: {S.APPLIED: frozenset({S.APPLIED}), S.TERMINATING: frozenset({S.TERMINATING})},
    Action.APPROVE: {S.APPLIED: frozenset({S.APPROVED}), S.TERMINATING: frozenset({S.TERMINATED})},
    Action.ACKNOWLEDGE: {
        S.APPROVED: frozenset({S.ACTIVE}),
        S.ACTIVE: frozenset({S.ACTIVE}),
        S.SUSPENDED: frozenset({S.SUSPENDED}),
    },
    Action.REJECT: {S.APPLIED: frozenset({S.REJECTED})},
    Action.WITHDRAW: {
        S.APPLIED: frozenset({S.WITHDRAWN}),
        S.TERMINATING: frozenset({S.APPROVED, S.ACTIVE, S.SUSPENDED}),
    },
    # A review that finds data going abroad stops the service in the same commit (S6.2).
    Action.REVIEW: _stay(IN_USE, S.SUSPENDED) | _stay(frozenset({S.SUSPENDED})),
    Action.DECIDE: _stay(IN_USE, S.SUSPENDED) | _stay(frozenset({S.SUSPENDED})),
    Action.PURPOSE_CHECK: _stay(IN_USE),
    Action.BACKUP: _stay(OPERATING),
    Action.SUSPEND: _to(IN_USE, S.SUSPENDED),
    Action.RESUME: {S.SUSPENDED: frozenset({S.APPROVED, S.ACTIVE})},
    Action.ALERT: _stay(OPERATING),
    Action.WARN: _stay(OPERATING),
    Action.TERMINATE: _to(OPERATING, S.TERMINATING),
    Action.DISPOSE: _to(CLOSED, None),
    Action.REASSIGN: _stay(OPERATING | {S.TERMINATING}),
    Action.EDIT: _stay(frozenset({S.APPLIED, S.TERMINATING})),
    Action.ATTACH: _stay(frozenset({S.APPLIED, S.TERMINATING})),
    # Not while terminating: the termination form holds its own copy of the information,
    # and a service that is ending needs no new scale. A closed record keeps its scale.
    Action.RECLASSIFY: _stay(OPERATING | {S.APPLIED}),
}


def transition_allowed(action: Action, before: State | None, after: State | None) -> bool:
    return after in TRANSITIONS[action].get(before, frozenset())


def require_state(action: Action, state: State | None, service_id: str) -> None:
    """Refuse `action` on a record in `state`, naming the states where it would be allowed."""
    sources = TRANSITIONS[action]
    if state in sources:
        return
    # In the states' own order: the table is built from sets, whose order changes per run.
    allowed = "、".join(t(f"state.{s.value}") for s in State if s in sources)
    raise RuleViolation(
        t(
            "rules.wrong_state",
            action=action.value,
            id=service_id,
            state=t(f"state.{state.value}") if state else "—",
            allowed=allowed or "—",
        )
    )


def acknowledged(record: Record) -> bool:
    return bool(record.approval and record.approval.risk_acknowledged_by)


def next_state(action: Action, record: Record) -> State:
    """The one state `action` leads to from where `record` stands (checked against the table)."""
    require_state(action, record.state, record.id)
    state = record.state
    target: State
    if action is Action.WITHDRAW and state is S.TERMINATING:
        previous = record.termination.previous_state if record.termination else None
        target = previous or S.ACTIVE
    elif action is Action.RESUME:
        target = S.ACTIVE if acknowledged(record) else S.APPROVED
    elif action in (Action.REVIEW, Action.DECIDE):
        target = state  # the caller decides on suspension; see rules.operations
    else:
        (only,) = TRANSITIONS[action][state]
        assert only is not None
        target = only
    return target
