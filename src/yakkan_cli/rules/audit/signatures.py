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

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record
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


def _needs_signature(
    commit: CommitInfo, version: RecordVersion, config: Config, actor: str
) -> bool:
    basis = version.before or version.after
    if basis is None or not roles.is_responsible(config, basis.department, actor):
        return False
    if commit.action in MANAGER_ACTIONS or version.after is None:
        return True
    return _responsible_marks_changed(version.before, version.after)


def signature_findings(
    commit: CommitInfo,
    version: RecordVersion,
    config: Config,
    actor: str | None,
    add: Add,
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
    if commit.signature == "N":
        add(rule, t("audit.unsigned_action", what=what))
    elif commit.signature == "U":  # a good signature by a key nobody vouched for
        add(rule, t("audit.untrusted_signature", what=what, key=commit.signing_key))
    elif commit.signature != "G":
        add(rule, t("audit.bad_signature", what=what, status=commit.signature))
    elif commit.signer and commit.signer.casefold() != commit.author_email.casefold():
        add(rule, t("audit.signer_not_author", what=what, signer=commit.signer))
