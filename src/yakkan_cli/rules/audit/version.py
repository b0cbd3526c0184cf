"""One record's step in one commit, checked by every rule family in turn."""

from __future__ import annotations

from collections.abc import Sequence

from yakkan_cli.messages import t
from yakkan_cli.model import Config
from yakkan_cli.rules.audit.actions import trailer_findings, transition_findings
from yakkan_cli.rules.audit.actors import role_findings
from yakkan_cli.rules.audit.attachments import attachment_findings
from yakkan_cli.rules.audit.facts import (
    APPROVED_CONTENT,
    APPROVED_STATES,
    RULE_APPROVED,
    RULE_ROLE,
    RULE_SCHEMA,
    CommitInfo,
    Finding,
    RecordVersion,
    changed_sections,
)
from yakkan_cli.rules.audit.retention import retention_findings
from yakkan_cli.rules.audit.signatures import signature_findings


def check_version(
    commit: CommitInfo,
    version: RecordVersion,
    config: Config | None,
    config_before: Config | None,
) -> list[Finding]:
    """Everything wrong with one record's step in one commit."""
    out: list[Finding] = []

    def add(rule: str, message: str) -> None:
        out.append(Finding(commit.sha, version.path, version.service_id, rule, message))

    if version.after_problems:
        for problem in version.after_problems:
            add(RULE_SCHEMA, problem)
    for path, actual in sorted(version.attachments.items()):
        attachment_findings(version, path, actual, add)
    if commit.is_merge:
        return out  # a merge is not an action; its parts were checked on their own commits
    if version.before_invalid or version.after_problems or config is None:
        return out
    roles_config = config_before or config
    before, after = version.before, version.after
    person = roles_config.person_by_email(commit.author_email)
    actor = person.id if person else None
    # Dumping both records is the costliest step of a replay: do it once per version.
    sections = (
        changed_sections(before, after, version.before_data, version.after_data)
        if before and after
        else []
    )
    trailer_findings(commit, version, actor, add)
    transition_findings(commit, version, sections, add)
    if actor is None:
        if before != after or version.path_before != version.path_after:
            add(RULE_ROLE, t("audit.unknown_author", email=commit.author_email))
    else:
        role_findings(commit, version, roles_config, actor, add)
    if after is None and before is not None:
        retention_findings(commit, before, config.policy, add, version.approval_arrived)
    if (
        before is not None
        and after is not None
        and before.state in APPROVED_STATES
        and (changed := [s for s in sections if s in APPROVED_CONTENT])
    ):
        add(RULE_APPROVED, t("audit.approved_changed", sections=", ".join(changed)))
    signature_findings(commit, version, roles_config, actor, add)
    return out


def check_config_change(commit: CommitInfo, problems: Sequence[str]) -> list[Finding]:
    return [Finding(commit.sha, "yakkan.yaml", None, RULE_SCHEMA, p) for p in problems]
