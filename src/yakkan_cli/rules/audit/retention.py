"""S5.4, A6: a record leaves the repository only after its retention period, by the
mainline's clock.

A removal is dated by the day it reached the mainline (else the day it was committed),
never by the date anyone wrote; the retention counts from the later of the termination's
stated end and approval and the day that approval reached the mainline.
"""

from __future__ import annotations

from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import Policy, Record, State
from yakkan_cli.rules.audit.dates import commit_time
from yakkan_cli.rules.audit.facts import RULE_RETENTION, Add, CommitInfo, state_name
from yakkan_cli.rules.lifecycle import CLOSED
from yakkan_cli.rules.retention import retain_until


def removal_day(commit: CommitInfo) -> date:
    return (commit.arrived or commit_time(commit)).date()


def retention_until(record: Record, policy: Policy, approval_arrived: date | None) -> date | None:
    """`retain_until`, with a termination approved no earlier than it reached the mainline."""
    termination = record.termination
    if (
        approval_arrived is not None
        and record.state is State.TERMINATED
        and termination is not None
        and termination.approved_on is not None
        and approval_arrived > termination.approved_on
    ):
        moved = termination.model_copy(update={"approved_on": approval_arrived})
        record = record.model_copy(update={"termination": moved})
    return retain_until(record, policy)


def retention_findings(
    commit: CommitInfo,
    before: Record,
    policy: Policy,
    add: Add,
    *,
    approval_arrived: date | None = None,
) -> None:
    """`approval_arrived`: the day the termination's approval reached the mainline, when
    the caller knows it (the replay remembers it per record)."""
    until = retention_until(before, policy, approval_arrived)
    removed = removal_day(commit)
    if before.state not in CLOSED or until is None:
        add(RULE_RETENTION, t("audit.deleted_open", state=state_name(before.state)))
    elif removed < until:
        add(RULE_RETENTION, t("audit.deleted_early", on=removed, until=until))
