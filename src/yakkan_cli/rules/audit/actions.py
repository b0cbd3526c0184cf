"""D4: every record change is an action — the trailer names it, the state change fits the
lifecycle table, and the action changes only the sections it owns."""

from __future__ import annotations

from yakkan_cli.messages import t
from yakkan_cli.rules.audit.facts import (
    RULE_GIT,
    TRAILER_ACTOR,
    TRAILER_SERVICE,
    Add,
    CommitInfo,
    RecordVersion,
    state_name,
)
from yakkan_cli.rules.lifecycle import Action, transition_allowed

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
    Action.REASSIGN: frozenset({"reassignments"}),
    Action.EDIT: frozenset({"service", "application", "checks", "termination"}),
    Action.ATTACH: frozenset({"application", "checks", "termination"}),
}


def _services(value: str | None) -> set[str]:
    return {s for s in (value or "").replace(",", " ").split() if s}


def trailer_findings(
    commit: CommitInfo, version: RecordVersion, actor: str | None, add: Add
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


def transition_findings(
    commit: CommitInfo, version: RecordVersion, sections: list[str], add: Add
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
                    before=state_name(before),
                    after=state_name(after),
                ),
            )
        return
    if not transition_allowed(action, before, after):
        add(
            RULE_GIT,
            t(
                "audit.bad_transition",
                action=action.value,
                before=state_name(before),
                after=state_name(after),
            ),
        )
        return
    if version.before is not None and version.after is not None:
        extra = [s for s in sections if s not in ACTION_SECTIONS[action] and s != "notes"]
        if extra:
            add(
                RULE_GIT, t("audit.action_mismatch", action=action.value, sections=", ".join(extra))
            )
