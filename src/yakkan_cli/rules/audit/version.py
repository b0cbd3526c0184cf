"""One record's step in one commit, checked by every rule family in turn."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record
from yakkan_cli.rules.audit.actions import trailer_findings, transition_findings
from yakkan_cli.rules.audit.actors import approvers_named, briefing_findings, role_findings
from yakkan_cli.rules.audit.approvals import readiness_findings, stale_marks_findings
from yakkan_cli.rules.audit.attachments import attachment_findings
from yakkan_cli.rules.audit.dates import (
    arrival_day,
    commit_time,
    date_findings,
    last_action_date,
    stated_dates,
    text_day,
)
from yakkan_cli.rules.audit.facts import (
    APPROVED_CONTENT,
    APPROVED_STATES,
    RULE_APPROVED,
    RULE_ROLE,
    RULE_SCHEMA,
    CommitInfo,
    Finding,
    RecordVersion,
    record_data,
)
from yakkan_cli.rules.audit.fields import FieldChange, changed_fields
from yakkan_cli.rules.audit.notes import moved_note_findings, note_author_findings
from yakkan_cli.rules.audit.permitted import creation_findings, field_findings
from yakkan_cli.rules.audit.retention import retention_findings
from yakkan_cli.rules.audit.sequence import sequence_findings, squash_readiness_findings
from yakkan_cli.rules.audit.signatures import signature_findings, squash_signature_findings
from yakkan_cli.rules.audit.squash import (
    RULE_SQUASH,
    looks_rebased,
    rebase_message,
    squash_message,
)
from yakkan_cli.rules.fulltrack import Lists
from yakkan_cli.rules.lifecycle import Action


def _data(record: Record | None, known: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    if record is None:
        return None
    return known if known is not None else record_data(record)


def check_version(
    commit: CommitInfo,
    version: RecordVersion,
    config: Config | None,
    config_before: Config | None,
    *,
    today: date | None = None,
    records: int = 1,
    approval_arrived: date | None = None,
    lists: Callable[[], Lists] | None = None,
) -> list[Finding]:
    """Everything wrong with one record's step in one commit.

    `today`: the audit's own day (a commit dated later is a finding); `records`: how many
    records the commit changed (several, for an action made for one, is a squash);
    `approval_arrived`: the day the record's termination approval reached the mainline;
    `lists`: the ISMAP snapshots in force for the commit (the full track's approvals).
    """
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
    old, new = _data(before, version.before_data), _data(after, version.after_data)
    changes = changed_fields(old, new)
    # Several actions in one commit: named as a squash (A9), and judged, besides, as the
    # sequence its trailers and diff show — the A9 note never hides what is inside.
    squashed = squash_message(commit, records)
    if squashed is not None:
        add(RULE_SQUASH, squashed)
        sequence_findings(commit, version, changes, roles_config, add)
        given_on = max(commit_time(commit).date(), arrival_day(commit, today) or date.min)
        squash_readiness_findings(before, after, roles_config, add, on=given_on, lists=lists)
    else:
        trailer_findings(commit, version, actor, add)
        if transition_findings(commit, version, add):
            field_findings(commit, version, changes, add, actor)
        if before is None and after is not None and new is not None:
            creation_findings(commit, after, dict(new), roles_config, actor, add)
        if actor is None:
            if before != after or version.path_before != version.path_after:
                add(RULE_ROLE, t("audit.unknown_author", email=commit.author_email))
        else:
            role_findings(commit, version, roles_config, actor, add)
            note_author_findings(commit, version, roles_config, actor, changes, add)
        # A rule tied to a day binds what arrives from that day, whatever the commit's clock.
        on = max(commit_time(commit).date(), arrival_day(commit, today) or date.min)
        readiness_findings(before, after, roles_config, add, on=on, lists=lists)
        stale_marks_findings(before, after, changes, add)
    moved_note_findings(changes, add)
    briefing_findings(before, after, roles_config, add)
    if after is None and before is not None:
        retention_findings(
            commit,
            before,
            roles_config.policy,
            add,
            approval_arrived or version.approval_arrived,
            today,
        )
    stated = stated_dates(changes, created=new if before is None else None)
    previous = (
        last_action_date(old)
        if version.before_latest is None or version.before_data is None
        else text_day(version.before_latest)
    )
    date_findings(commit, stated, previous, roles_config.policy, add, today=today)
    _approved_content(before, after, changes, add, None if squashed else commit.action)
    if (
        after is not None
        and roles_config.policy.signatures_required
        and approvers_named(before, after)
        and looks_rebased(commit)
    ):
        # A rebased approval lost its signature: named as such (A9), and still unsigned.
        add(RULE_SQUASH, rebase_message(commit))
    if squashed is not None:
        squash_signature_findings(commit, version, roles_config, add, today)
    else:
        signature_findings(commit, version, roles_config, actor, add, today)
    return out


def _approved_content(
    before: Record | None,
    after: Record | None,
    changes: Sequence[FieldChange],
    add: Any,
    action: Action | None,
) -> None:
    if before is None or after is None or before.state not in APPROVED_STATES:
        return
    # A reclassification moves the approved information's classes to the village's scale
    # (issue 22): its own rule (audit.reclassified) holds the rest as it was.
    sections = [
        c.section
        for c in changes
        if not (action is Action.RECLASSIFY and c.path == "application.information")
    ]
    changed = list(dict.fromkeys(s for s in sections if s in APPROVED_CONTENT))
    if changed:
        add(RULE_APPROVED, t("audit.approved_changed", sections=", ".join(changed)))


def check_config_change(commit: CommitInfo, problems: Sequence[str]) -> list[Finding]:
    return [Finding(commit.sha, "yakkan.yaml", None, RULE_SCHEMA, p) for p in problems]
