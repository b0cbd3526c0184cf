"""S5.4: a record leaves the repository only after its retention period.

Time is the mainline's clock (issues 8.6, 19.5): a removal is dated by the day it reached
the mainline (`CommitInfo.arrived`, a running latest along the mainline, so a back-dated
chain fast-forwarded arrives no earlier than what was there; in `verify`, before the merge,
the day of the check; else its committer date, never the self-declared author date), and
the retention counts from the later of the stated end and the day the termination's
approval reached the mainline, counted the same way by the replay.
"""

from __future__ import annotations

from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import Policy, Record, RetentionBasis
from yakkan_cli.rules.audit.dates import counted_day
from yakkan_cli.rules.audit.facts import RULE_RETENTION, Add, CommitInfo, state_name
from yakkan_cli.rules.lifecycle import CLOSED
from yakkan_cli.rules.retention import add_years, next_fiscal_year_start, retain_until


def removal_day(commit: CommitInfo, today: date | None = None) -> date:
    """The day a commit's removal counts as done: when it reached (`verify`: reaches) the
    mainline."""
    return counted_day(commit, today)


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
    today: date | None = None,
) -> None:
    until = retained_until(before, policy, approval_arrived)
    removed = removal_day(commit, today)
    if before.state not in CLOSED or until is None:
        add(RULE_RETENTION, t("audit.deleted_open", state=state_name(before.state)))
    elif removed < until:
        add(RULE_RETENTION, t("audit.deleted_early", on=removed, until=until))
