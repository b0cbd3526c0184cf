"""A9: squash merges and rebases, named for what they are.

yakkan makes one commit per action. A pull request merged by squash folds several of them
into one commit; judged as one action it would raise a cascade of findings that read like
a forgery by the author. Such a commit gets one finding instead, saying what happened and
what to do. Likewise a rebase re-creates commits without their signatures: a signed action
whose commit lost its signature, and was re-committed after it was written, is named as a
rebase rather than as a forged approval. Either finding fails the audit until the village
accepts it in `.yakkan/accepted-findings.yaml`.
"""

from __future__ import annotations

from yakkan_cli.messages import t
from yakkan_cli.rules.audit.facts import TRAILER_ACTION, CommitInfo
from yakkan_cli.rules.lifecycle import Action

RULE_SQUASH = "A9"  # several actions in one commit; a rebased signed action

# Actions that change several records in one commit by design.
MULTI_RECORD = frozenset({Action.ALERT, Action.WARN})


def squash_message(commit: CommitInfo, records: int = 1) -> str | None:
    """Why `commit` looks like a squash of several actions, or None when it does not.

    `records`: how many records the commit changed.
    """
    if commit.is_merge:
        return None
    names = commit.action_names
    if len(names) > 1:
        return t("audit.squash", what=t("audit.squash_actions", actions=", ".join(names)))
    action = commit.action
    if records > 1 and action is not None and action not in MULTI_RECORD:
        return t("audit.squash", what=t("audit.squash_records", action=action.value, count=records))
    return None


def looks_rebased(commit: CommitInfo) -> bool:
    """An unsigned commit carrying an action, committed later than it was written."""
    return (
        commit.signature == "N"
        and TRAILER_ACTION in commit.trailers
        and commit.committer_date is not None
        and commit.committer_date != commit.author_date
    )


def rebase_message(commit: CommitInfo) -> str:
    return t("audit.rebased", action=commit.action_name)
