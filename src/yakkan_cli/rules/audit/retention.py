"""S5.4: a record leaves the repository only after its retention period.

Time is the mainline's clock (issue 8.6): a removal is dated by the day it reached the
mainline (`CommitInfo.arrived`, else its committer date; never the self-declared author
date), and the retention counts from the later of the stated end and the day the
termination's approval reached the mainline, when the replay knows that day.
"""

from __future__ import annotations

from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import Policy, Record, RetentionBasis
from yakkan_cli.rules.audit.facts import RULE_RETENTION, Add, CommitInfo, state_name
from yakkan_cli.rules.lifecycle import CLOSED
from yakkan_cli.rules.retention import add_years, next_fiscal_year_start, retain_until


def removal_day(commit: CommitInfo) -> date:
    """The day a commit's removal counts as done: when it reached the mainline."""
    when = commit.arrived or commit.committer_date or commit.author_date
    return when.date()


def retained_until(record: Record, policy: Policy, approval_arrived: date | None) -> date | None:
    """`retain_until`, counted from no earlier than the day the approval arrived."""
    until = retain_until(record, policy)
    if until is None or approval_arrived is None:
        return until
    start = approval_arrived
    if policy.retention_basis is RetentionBasis.FISCAL_YEAR:
        start = next_fiscal_year_start(start)
    return max(until, add_years(start, policy.retention_years))


def retention_findings(
    commit: CommitInfo,
    before: Record,
    policy: Policy,
    add: Add,
    approval_arrived: date | None = None,
) -> None:
    until = retained_until(before, policy, approval_arrived)
    removed = removal_day(commit)
    if before.state not in CLOSED or until is None:
        add(RULE_RETENTION, t("audit.deleted_open", state=state_name(before.state)))
    elif removed < until:
        add(RULE_RETENTION, t("audit.deleted_early", on=removed, until=until))
