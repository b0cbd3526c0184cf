"""S3.1, S5.2, S5.3: who may change what — marks by the column's owner, approvals and
disposals by an independent responsible manager of the department, approver = author."""

from __future__ import annotations

from typing import Any

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record, State
from yakkan_cli.rules import roles
from yakkan_cli.rules.audit.facts import (
    RULE_APPROVED,
    RULE_MARKS,
    RULE_ROLE,
    Add,
    CommitInfo,
    RecordVersion,
)
from yakkan_cli.rules.audit.sections import Family
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.violation import RuleViolation


def _marks(record: Record | None, column: str) -> dict[tuple[str, int], Any]:
    if record is None:
        return {}
    found = {("application", c.item): getattr(c, column) for c in record.checks}
    if record.termination:
        found |= {("termination", c.item): getattr(c, column) for c in record.termination.checks}
    return found


def _marks_set(old: dict[tuple[str, int], Any], new: dict[tuple[str, int], Any]) -> bool:
    """A mark given or changed (a mark cleared is not one anybody gave)."""
    return any(old.get(k) != new.get(k) for k in old.keys() | new.keys() if new.get(k) is not None)


def _approval_facts(record: Record | None) -> tuple[Any, ...]:
    if record is None:
        return (None, None, (None, None, None), None)
    approval = (
        (record.approval.approved_by, record.approval.approved_on) if record.approval else None
    )
    # Filing a termination is not deciding it: only its approval counts here.
    termination = (
        (record.termination.approved_by, record.termination.approved_on)
        if record.termination and record.termination.approved_by
        else None
    )
    # Every exception given with an approval (S4.3; the full track's, issue 22).
    exception = tuple(
        (given.approved_by, given.reason) if given else None
        for given in (record.exception, record.ismap_exception, record.storage_exception)
    )
    rejected = record.closure if record.state is State.REJECTED else None
    return (approval, termination, exception, rejected)


# The families of `role_findings`, each judged only where its facts changed, each reading
# the record through the sections it declares (rules/audit/sections.py: it can read no
# other, so a step that left these sections as they were is skipped without a doubt).
_MARKS = ("checks", "termination")
APPLICANT_MARKS = Family(
    "applicant marks", _MARKS, lambda record: _marks(record, "applicant"), _marks_set
)
RESPONSIBLE_MARKS = Family(
    "responsible marks", _MARKS, lambda record: _marks(record, "responsible"), _marks_set
)
DECISIONS = Family(
    "approvals and disposals",
    (
        "approval",
        "termination",
        "exception",
        "ismap_exception",
        "storage_exception",
        "closure",
        "state",
    ),
    _approval_facts,
)


def approvers_named(before: Record | None, after: Record) -> list[str]:
    """Person ids an approval added in this step names as approver."""
    named: list[str] = []
    old = _approval_facts(before)
    if after.approval and old[0] != (after.approval.approved_by, after.approval.approved_on):
        named.append(after.approval.approved_by)
    term = after.termination
    if term and term.approved_by and old[1] != (term.approved_by, term.approved_on):
        named.append(term.approved_by)
    return named


def role_findings(
    commit: CommitInfo, version: RecordVersion, config: Config, actor: str, add: Add
) -> None:
    before, after = version.before, version.after
    basis = before or after
    assert basis is not None
    name = config.name_of(actor)
    # Marks: decided by the column changed, whatever the trailer says (S5.2).
    if APPLICANT_MARKS.differs(version):
        applicant = roles.pending_applicant(after or basis)
        if actor != applicant:
            add(
                RULE_MARKS,
                t("rules.not_applicant", name=name, applicant=config.name_of(applicant)),
            )
    if RESPONSIBLE_MARKS.differs(version):
        try:
            roles.require_check_role(roles.Role.RESPONSIBLE, config, after or basis, actor)
        except RuleViolation as err:
            add(RULE_MARKS, err.message)
    # Approvals (application, termination, exception, rejection) and disposal (S3.1, S5.3).
    decided = after is not None and DECISIONS.differs(version)
    if decided or after is None:
        if not roles.is_responsible(config, basis.department, actor):
            add(RULE_ROLE, t("audit.not_responsible", name=name, department=basis.department))
        elif decided:
            try:
                roles.require_independent(config, basis, actor)
            except RuleViolation as err:
                add(RULE_ROLE, err.message)
        if after is not None:
            for approver in approvers_named(before, after):
                if approver != actor:
                    add(
                        RULE_APPROVED,
                        t("audit.approver_not_author", approver=approver, actor=actor),
                    )
    # The roles the trailer's action needs (acknowledge by the administrator, …).
    action = commit.action
    # Approvals, rejections and disposals were checked above from what changed.
    if action is not None and action in roles.WHO_MAY and action not in _CHECKED_ABOVE:
        try:
            roles.require_role(action, config, basis, actor)
        except roles.BriefingViolation:
            pass  # found from the fields by `briefing_findings`, trailer or not
        except RuleViolation as err:
            add(RULE_ROLE, err.message)


def briefing_findings(
    before: Record | None, after: Record | None, config: Config, add: Add
) -> None:
    """S5.3: the approving manager never becomes the administrator who is briefed, nor
    acknowledges the briefing himself — found from what changed, whatever the trailer says."""
    if after is None or after.approval is None:
        return
    approver = after.approval.approved_by
    acknowledged = after.approval.risk_acknowledged_by
    old = before.approval.risk_acknowledged_by if before and before.approval else None
    if acknowledged and acknowledged != old and acknowledged == approver:
        add(RULE_APPROVED, t("audit.briefing_acknowledged", name=config.name_of(approver)))
    known = len(before.reassignments) if before else 0
    for moved in after.reassignments[known:]:
        if moved.administrator == approver:
            add(RULE_APPROVED, t("audit.briefing_reassigned", name=config.name_of(approver)))


_CHECKED_ABOVE = frozenset({Action.APPLY, Action.APPROVE, Action.REJECT, Action.DISPOSE})
