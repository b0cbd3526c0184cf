"""S5.4: a record leaves the repository only after its retention period."""

from __future__ import annotations

from yakkan_cli.messages import t
from yakkan_cli.model import Policy, Record
from yakkan_cli.rules.audit.facts import RULE_RETENTION, Add, CommitInfo, state_name
from yakkan_cli.rules.lifecycle import CLOSED
from yakkan_cli.rules.retention import retain_until


def retention_findings(commit: CommitInfo, before: Record, policy: Policy, add: Add) -> None:
    until = retain_until(before, policy)
    removed = commit.author_date.date()
    if before.state not in CLOSED or until is None:
        add(RULE_RETENTION, t("audit.deleted_open", state=state_name(before.state)))
    elif removed < until:
        add(RULE_RETENTION, t("audit.deleted_early", on=removed, until=until))
