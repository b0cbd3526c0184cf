"""Replaying git history (DESIGN §4): is every version of every record one the procedure allows?

Pure: the caller reads commits and blobs from git and parses them; these functions get one
record's change in one commit (`RecordVersion`) with the commit's facts (`CommitInfo`) and
the `yakkan.yaml` in force, and return what is wrong with it as `Finding`s. Each step is
checked against the step before it, so an approved record whose approved content changed
is caught at the commit that changed it, whatever came after.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Policy, Record, State
from yakkan_cli.rules import roles
from yakkan_cli.rules.lifecycle import CLOSED, Action, transition_allowed
from yakkan_cli.rules.retention import retain_until
from yakkan_cli.rules.violation import RuleViolation

TRAILER_ACTION = "Yakkan-Action"
TRAILER_SERVICE = "Yakkan-Service"
TRAILER_ACTOR = "Yakkan-Actor"

# Rule ids of the findings (REQUIREMENTS / DESIGN sections; listed in the README).
RULE_SCHEMA = "D3"  # the record does not validate against yakkan.yaml of its commit
RULE_GIT = "D4"  # transition, trailers, signatures: the discipline of DESIGN §4
RULE_ROLE = "S3.1"  # only the responsible manager of the department approves / disposes
RULE_MARKS = "S5.2"  # applicant column by the applicant, responsible column by a manager
RULE_APPROVED = "S5.3"  # approved content frozen; approvals by the approver, signed if asked
RULE_ATTACHMENT = "S5.1.5"  # an attachment's content matches the sha256 kept in the record
RULE_RETENTION = "S5.4"  # records kept `retention_years` after the service ended

# States in which the approved content (service, application, checks, exception) is frozen.
_APPROVED_STATES = frozenset(
    {State.APPROVED, State.ACTIVE, State.SUSPENDED, State.TERMINATING, State.TERMINATED}
)
APPROVED_CONTENT = ("service", "application", "checks", "exception")

# What each action may change besides `state` (top-level sections of the record).
ACTION_SECTIONS: dict[Action, frozenset[str]] = {
    Action.APPLY: frozenset(),  # creates the record; checked as a creation
    Action.CHECK: frozenset({"checks", "application", "termination"}),
    Action.APPROVE: frozenset({"approval", "exception", "termination"}),
    Action.ACKNOWLEDGE: frozenset({"approval"}),
    Action.REJECT: frozenset({"closure"}),
    Action.WITHDRAW: frozenset({"closure", "termination"}),
    Action.REVIEW: frozenset({"reviews", "suspensions"}),
    Action.DECIDE: frozenset({"reviews", "suspensions"}),
    Action.PURPOSE_CHECK: frozenset({"purpose_checks"}),
    Action.BACKUP: frozenset({"backups"}),
    Action.SUSPEND: frozenset({"suspensions"}),
    # Resuming settles a still-pending review (decision `continue`) in the same commit.
    Action.RESUME: frozenset({"suspensions", "reviews"}),
    Action.ALERT: frozenset({"alerts"}),
    Action.WARN: frozenset({"alerts"}),
    Action.TERMINATE: frozenset({"termination"}),
    Action.DISPOSE: frozenset(),
}


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    parents: tuple[str, ...]
    author_email: str
    author_date: datetime
    subject: str
    trailers: Mapping[str, str] = field(default_factory=dict)
    signature: str = "N"  # git's %G?: G good, B bad, N none, U/E/X/Y/R other
    signing_key: str = ""
    signer: str = ""  # git's %GS: for SSH signatures the principal of allowed_signers

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def action_name(self) -> str | None:
        return self.trailers.get(TRAILER_ACTION)

    @property
    def action(self) -> Action | None:
        name = self.action_name
        try:
            return Action(name) if name else None
        except ValueError:
            return None


@dataclass(frozen=True)
class RecordVersion:
    """One record as a commit left it, next to how its first parent had it.

    `before`/`after` are None when the record did not exist (or could not be read:
    then `before_invalid`/`after_problems` say so). `attachments` maps each attachment
    path to check to the sha256 of its content at the commit (None: no such file).
    `before_data`/`after_data` are `record_data` of `before`/`after` when the caller already
    has them: a replay dumps each version once and reuses it as the next one's `before`.
    """

    service_id: str
    path_before: str | None
    path_after: str | None
    before: Record | None
    after: Record | None
    before_invalid: bool = False
    after_problems: tuple[str, ...] = ()
    attachments: Mapping[str, str | None] = field(default_factory=dict)
    before_data: Mapping[str, Any] | None = None
    after_data: Mapping[str, Any] | None = None

    @property
    def path(self) -> str:
        return self.path_after or self.path_before or ""

    @property
    def state_before(self) -> State | None:
        return self.before.state if self.before else None

    @property
    def state_after(self) -> State | None:
        return self.after.state if self.after else None


@dataclass(frozen=True)
class Finding:
    commit: str
    path: str
    service: str | None
    rule: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "path": self.path,
            "service": self.service,
            "rule": self.rule,
            "message": self.message,
        }


# --- helpers -------------------------------------------------------------------------------


def record_data(record: Record) -> dict[str, Any]:
    """The record as plain data, as `changed_sections` compares it."""
    data: dict[str, Any] = record.model_dump(mode="json", by_alias=True)
    return data


def changed_sections(
    before: Record | None,
    after: Record | None,
    before_data: Mapping[str, Any] | None = None,
    after_data: Mapping[str, Any] | None = None,
) -> list[str]:
    """Top-level keys whose value differs (all set keys when one side is missing).

    `before_data`/`after_data`: `record_data` of the records when already at hand.
    """
    if before is None and after is None:
        return []
    old: Mapping[str, Any] = {}
    new: Mapping[str, Any] = {}
    if before:
        old = before_data if before_data is not None else record_data(before)
    if after:
        new = after_data if after_data is not None else record_data(after)
    keys = [k for k in (new or old) if k != "state"]
    return [k for k in keys if old.get(k) != new.get(k)]


def _marks(record: Record | None, column: str) -> dict[tuple[str, int], Any]:
    if record is None:
        return {}
    found = {("application", c.item): getattr(c, column) for c in record.checks}
    if record.termination:
        found |= {("termination", c.item): getattr(c, column) for c in record.termination.checks}
    return found


def _marks_changed(before: Record | None, after: Record | None, column: str) -> bool:
    old, new = _marks(before, column), _marks(after, column)
    return any(old.get(k) != new.get(k) for k in old.keys() | new.keys() if new.get(k) is not None)


def _approval_facts(record: Record | None) -> tuple[Any, ...]:
    if record is None:
        return (None, None, None, None)
    approval = (
        (record.approval.approved_by, record.approval.approved_on) if record.approval else None
    )
    # Filing a termination is not deciding it: only its approval counts here.
    termination = (
        (record.termination.approved_by, record.termination.approved_on)
        if record.termination and record.termination.approved_by
        else None
    )
    exception = (
        (record.exception.approved_by, record.exception.reason) if record.exception else None
    )
    rejected = record.closure if record.state is State.REJECTED else None
    return (approval, termination, exception, rejected)


def _approvers_named(before: Record | None, after: Record) -> list[str]:
    """Person ids an approval added in this step names as approver."""
    named: list[str] = []
    old = _approval_facts(before)
    if after.approval and old[0] != (after.approval.approved_by, after.approval.approved_on):
        named.append(after.approval.approved_by)
    term = after.termination
    if term and term.approved_by and old[1] != (term.approved_by, term.approved_on):
        named.append(term.approved_by)
    return named


def _services(value: str | None) -> set[str]:
    return {s for s in (value or "").replace(",", " ").split() if s}


def _state_name(state: State | None) -> str:
    return t(f"state.{state.value}") if state else t("audit.no_record")


# --- the checks ----------------------------------------------------------------------------


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
        _attachment(version, path, actual, add)
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
    _trailer_findings(commit, version, actor, add)
    _transition_findings(commit, version, sections, add)
    if actor is None:
        if before != after or version.path_before != version.path_after:
            add(RULE_ROLE, t("audit.unknown_author", email=commit.author_email))
    else:
        _role_findings(commit, version, roles_config, actor, add)
    if after is None and before is not None:
        _retention(commit, before, config.policy, add)
    if (
        before is not None
        and after is not None
        and before.state in _APPROVED_STATES
        and (changed := [s for s in sections if s in APPROVED_CONTENT])
    ):
        add(RULE_APPROVED, t("audit.approved_changed", sections=", ".join(changed)))
    if after is not None and config.policy.signed_approvals and _approvers_named(before, after):
        _signature(commit, add)
    return out


def _attachment(version: RecordVersion, path: str, actual: str | None, add: Any) -> None:
    record = version.after
    if record is None:
        return
    listed = [*record.application.attachments]
    if record.termination:
        listed += record.termination.attachments
    for att in listed:
        if att.path != path:
            continue
        if actual is None:
            add(RULE_ATTACHMENT, t("audit.attachment_gone", path=path))
        elif actual != att.sha256:
            add(RULE_ATTACHMENT, t("audit.attachment_changed", path=path))
        return


def _trailer_findings(
    commit: CommitInfo, version: RecordVersion, actor: str | None, add: Any
) -> None:
    trailers = commit.trailers
    services = _services(trailers.get(TRAILER_SERVICE))
    if TRAILER_SERVICE in trailers and version.service_id not in services:
        add(
            RULE_GIT,
            t("audit.service_trailer", trailer=trailers[TRAILER_SERVICE], id=version.service_id),
        )
    claimed = trailers.get(TRAILER_ACTOR)
    if claimed is not None and claimed != actor:
        add(
            RULE_GIT,
            t("audit.actor_trailer", trailer=claimed, actor=actor or commit.author_email),
        )


def _transition_findings(
    commit: CommitInfo, version: RecordVersion, sections: list[str], add: Any
) -> None:
    before, after = version.state_before, version.state_after
    name = commit.action_name
    action = commit.action
    if action is None:
        if before != after:
            add(
                RULE_GIT,
                t(
                    "audit.state_no_trailer" if name is None else "audit.state_unknown_action",
                    action=name,
                    before=_state_name(before),
                    after=_state_name(after),
                ),
            )
        return
    if not transition_allowed(action, before, after):
        add(
            RULE_GIT,
            t(
                "audit.bad_transition",
                action=action.value,
                before=_state_name(before),
                after=_state_name(after),
            ),
        )
        return
    if version.before is not None and version.after is not None:
        extra = [s for s in sections if s not in ACTION_SECTIONS[action] and s != "notes"]
        if extra:
            add(
                RULE_GIT, t("audit.action_mismatch", action=action.value, sections=", ".join(extra))
            )


def _role_findings(
    commit: CommitInfo, version: RecordVersion, config: Config, actor: str, add: Any
) -> None:
    before, after = version.before, version.after
    basis = before or after
    assert basis is not None
    name = config.name_of(actor)
    # Marks: decided by the column changed, whatever the trailer says (S5.2).
    if _marks_changed(before, after, "applicant"):
        applicant = roles.pending_applicant(after or basis)
        if actor != applicant:
            add(
                RULE_MARKS,
                t("rules.not_applicant", name=name, applicant=config.name_of(applicant)),
            )
    if _marks_changed(before, after, "responsible"):
        try:
            roles.require_check_role(roles.Role.RESPONSIBLE, config, after or basis, actor)
        except RuleViolation as err:
            add(RULE_MARKS, err.message)
    # Approvals (application, termination, exception, rejection) and disposal (S3.1, S5.3).
    decided = _approval_facts(before) != _approval_facts(after) and after is not None
    if decided or after is None:
        if not roles.is_responsible(config, basis.department, actor):
            add(RULE_ROLE, t("audit.not_responsible", name=name, department=basis.department))
        elif decided:
            try:
                roles.require_independent(config, basis, actor)
            except RuleViolation as err:
                add(RULE_ROLE, err.message)
        if after is not None:
            for approver in _approvers_named(before, after):
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
        except RuleViolation as err:
            add(RULE_ROLE, err.message)


_CHECKED_ABOVE = frozenset({Action.APPLY, Action.APPROVE, Action.REJECT, Action.DISPOSE})


def _retention(commit: CommitInfo, before: Record, policy: Policy, add: Any) -> None:
    until = retain_until(before, policy)
    removed = commit.author_date.date()
    if before.state not in CLOSED or until is None:
        add(RULE_RETENTION, t("audit.deleted_open", state=_state_name(before.state)))
    elif removed < until:
        add(RULE_RETENTION, t("audit.deleted_early", on=removed, until=until))


def _signature(commit: CommitInfo, add: Any) -> None:
    if commit.signature == "N":
        add(RULE_APPROVED, t("audit.unsigned_approval"))
    elif commit.signature == "U":  # a good signature by a key nobody vouched for
        add(RULE_APPROVED, t("audit.untrusted_signature", key=commit.signing_key))
    elif commit.signature != "G":
        add(RULE_APPROVED, t("audit.bad_signature", status=commit.signature))
    elif commit.signer and commit.signer.casefold() != commit.author_email.casefold():
        add(RULE_APPROVED, t("audit.signer_not_author", signer=commit.signer))


def check_config_change(commit: CommitInfo, problems: Sequence[str]) -> list[Finding]:
    return [Finding(commit.sha, "yakkan.yaml", None, RULE_SCHEMA, p) for p in problems]


def attachments_to_check(version: RecordVersion, touched: Iterable[str]) -> dict[str, str]:
    """Attachment path → the sha256 the record expects, for the attachments this step
    touched or whose entry in the record it changed."""
    after = version.after
    if after is None:
        return {}
    touched_set = set(touched)
    old: set[tuple[str, str]] = set()
    if version.before is not None:
        old = {(a.path, a.sha256) for a in _attachments(version.before)}
    return {
        a.path: a.sha256
        for a in _attachments(after)
        if a.path in touched_set or (a.path, a.sha256) not in old
    }


def _attachments(record: Record) -> list[Any]:
    listed: list[Any] = [*record.application.attachments]
    if record.termination:
        listed += record.termination.attachments
    return listed


# --- history entries -----------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    date: datetime
    action: str
    actor: str
    commit: str
    state_before: State | None
    state_after: State | None
    changes: tuple[str, ...]
    subject: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "action": self.action,
            "actor": self.actor,
            "commit": self.commit,
            "state_before": self.state_before.value if self.state_before else None,
            "state_after": self.state_after.value if self.state_after else None,
            "changes": list(self.changes),
            "subject": self.subject,
        }


def history_entry(
    commit: CommitInfo, version: RecordVersion, config: Config | None, touched: Sequence[str]
) -> HistoryEntry:
    person = config.person_by_email(commit.author_email) if config else None
    changes = changed_sections(
        version.before, version.after, version.before_data, version.after_data
    )
    if version.before is None and version.after is not None:
        changes = ["created"]
    elif version.after is None:
        changes = ["deleted"]
    if version.path_before and version.path_after and version.path_before != version.path_after:
        changes = [*changes, f"moved: {version.path_before} → {version.path_after}"]
    changes += [f"attachment: {p}" for p in touched]
    return HistoryEntry(
        date=commit.author_date,
        action=commit.action_name or ("merge" if commit.is_merge else "edit"),
        actor=person.id if person else commit.author_email,
        commit=commit.sha,
        state_before=version.state_before,
        state_after=version.state_after,
        changes=tuple(changes),
        subject=commit.subject,
    )
