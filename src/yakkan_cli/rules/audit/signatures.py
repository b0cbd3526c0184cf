"""S5.3, A7: the actions of a responsible manager are signed when the policy asks for it.

With `policy.signed_actions` (or the older `signed_approvals`, which now means the same),
every action of a responsible manager of the record's department is a signed commit:
responsible marks, approve, reject, decide, resume, suspend, dispose, alert, reassign.
The replay checks each commit's signature against `.yakkan/allowed_signers` as in force
for that commit (A1), so a rotated key keeps old approvals valid and a key added later
never vouches for the past. An unsigned approval keeps its S5.3 finding; the other
actions report A7.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record, State
from yakkan_cli.rules import roles
from yakkan_cli.rules.audit.actors import approvers_named
from yakkan_cli.rules.audit.facts import RULE_APPROVED, Add, CommitInfo, RecordVersion
from yakkan_cli.rules.lifecycle import Action

RULE_SIGNATURE = "A7"

# The actions a responsible manager signs (besides the marks of the responsible column,
# which are found from what changed, whatever the trailer says).
MANAGER_ACTIONS = frozenset(
    {
        Action.APPROVE,
        Action.REJECT,
        Action.DECIDE,
        Action.RESUME,
        Action.SUSPEND,
        Action.DISPOSE,
        Action.ALERT,
        Action.REASSIGN,
        Action.RECLASSIFY,
    }
)


def _responsible_marks_changed(before: Record | None, after: Record | None) -> bool:
    def marks(record: Record | None) -> dict[tuple[str, int], object]:
        if record is None:
            return {}
        # The manager's note is part of their column: written with it, signed with it.
        found: dict[tuple[str, int], object] = {
            ("application", c.item): (c.responsible, c.responsible_note) for c in record.checks
        }
        if record.termination:
            found |= {
                ("termination", c.item): (c.responsible, c.responsible_note)
                for c in record.termination.checks
            }
        return found

    return marks(before) != marks(after)


def must_sign(action: Action, config: Config, departments: Iterable[str], actor: str) -> bool:
    """Whether the command about to commit `action` by `actor` must sign it."""
    if not config.policy.signatures_required:
        return False
    if action not in MANAGER_ACTIONS and action is not Action.CHECK:
        return False
    return any(roles.is_responsible(config, d, actor) for d in departments)


def _manager_facts(record: Record | None) -> tuple[object, ...]:
    """What only a signed manager's action writes, besides approvals and marks: resumptions,
    alerts, reassignments, a rejection (issue 19.1: an action is known by what it changed,
    whatever the commit message says). Decisions and suspensions are left out: a review,
    which is not signed, writes them too."""
    if record is None:
        return ()
    return (
        tuple(s.resumed_by for s in record.suspensions),
        len(record.alerts),
        len(record.reassignments),
        record.closure if record.state is State.REJECTED else None,
    )


def _manager_change(version: RecordVersion) -> bool:
    before, after = version.before, version.after
    if after is None:
        return True
    if before is None:
        return False
    return _manager_facts(before) != _manager_facts(after) or _responsible_marks_changed(
        before, after
    )


def _needs_signature(
    commit: CommitInfo, version: RecordVersion, config: Config, actor: str
) -> bool:
    basis = version.before or version.after
    if basis is None or not roles.is_responsible(config, basis.department, actor):
        return False
    return commit.action in MANAGER_ACTIONS or _manager_change(version)


def _status_findings(
    commit: CommitInfo, rule: str, what: str, signer: str, add: Add, today: date | None = None
) -> None:
    if commit.signature == "G" and commit.key_valid_before is not None:
        # git judged the key at the commit's own date, which the signer sets: the key must
        # still be valid the day the commit reached the mainline (before a merge: today).
        arrived = commit.arrived.date() if commit.arrived is not None else today
        if arrived is not None and arrived >= commit.key_valid_before:
            add(
                rule,
                t(
                    "audit.key_revoked",
                    what=what,
                    key=commit.signing_key,
                    until=commit.key_valid_before,
                    day=arrived,
                ),
            )
    if commit.signature == "N":
        add(rule, t("audit.unsigned_action", what=what))
    elif commit.signature == "U":  # a good signature by a key nobody vouched for
        add(rule, t("audit.untrusted_signature", what=what, key=commit.signing_key))
    elif commit.signature != "G":
        add(rule, t("audit.bad_signature", what=what, status=commit.signature))
    elif commit.signer and commit.signer.casefold() != signer.casefold():
        add(rule, t("audit.signer_not_author", what=what, signer=commit.signer))


def status_findings(
    commit: CommitInfo, rule: str, what: str, signer: str, add: Add, today: date | None = None
) -> None:
    """The faults of a commit's signature by `signer` (the email it must be by): none,
    untrusted, bad, another signer's, or a key revoked before the commit arrived."""
    _status_findings(commit, rule, what, signer, add, today)


def squash_signature_findings(
    commit: CommitInfo,
    version: RecordVersion,
    config: Config,
    add: Add,
    today: date | None = None,
) -> None:
    """A squash that folds a manager's action is still that action: signed by the manager
    (the approver, for an approval), or a finding — the merger's signature is not his."""
    if not config.policy.signatures_required:
        return
    before, after = version.before, version.after
    basis = before or after
    if basis is None:
        return
    approvers = approvers_named(before, after) if after is not None else []
    folded = set(commit.action_names)
    managers = any(a.value in folded for a in MANAGER_ACTIONS)
    if not (approvers or managers or _manager_change(version)):
        return
    rule = RULE_APPROVED if approvers else RULE_SIGNATURE
    what = t("audit.what_approval") if approvers else t("audit.what_change")
    # Signed by the approver, for an approval; else by a responsible manager of the record.
    person = config.person(approvers[0]) if approvers else config.person_by_email(commit.signer)
    if person is not None and not roles.is_responsible(config, basis.department, person.id):
        person = None
    if commit.signature == "G" and person is None:
        add(rule, t("audit.signer_not_author", what=what, signer=commit.signer))
    else:
        expected = person.email if person else commit.signer
        _status_findings(commit, rule, what, expected, add, today)


def signature_findings(
    commit: CommitInfo,
    version: RecordVersion,
    config: Config,
    actor: str | None,
    add: Add,
    today: date | None = None,
) -> None:
    """The signature of one record's step, when the config in force asks for one."""
    if not config.policy.signatures_required or actor is None:
        return
    after = version.after
    approval = after is not None and bool(approvers_named(version.before, after))
    if not approval and not _needs_signature(commit, version, config, actor):
        return
    rule = RULE_APPROVED if approval else RULE_SIGNATURE
    what = t("audit.what_approval") if approval else (commit.action_name or t("audit.what_change"))
    _status_findings(commit, rule, what, commit.author_email, add, today)
