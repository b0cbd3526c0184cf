"""D4: every record change is an action — the trailers name it and the record, and the
state change fits the lifecycle table. What the action may change is `permitted`'s (A3)."""

from __future__ import annotations

from yakkan_cli.messages import t
from yakkan_cli.rules.audit.facts import (
    RULE_GIT,
    TRAILER_ACTION,
    TRAILER_ACTOR,
    TRAILER_SERVICE,
    Add,
    CommitInfo,
    RecordVersion,
    state_name,
)
from yakkan_cli.rules.audit.permitted import RULE_ACTION
from yakkan_cli.rules.lifecycle import transition_allowed


def _services(value: str | None) -> set[str]:
    return {s for s in (value or "").replace(",", " ").split() if s}


def trailer_findings(
    commit: CommitInfo, version: RecordVersion, actor: str | None, add: Add
) -> None:
    trailers = commit.trailers
    if TRAILER_ACTION in trailers:
        # The record and the person an action names are part of the action (A3).
        for needed in (TRAILER_SERVICE, TRAILER_ACTOR):
            if needed not in trailers:
                add(RULE_ACTION, t("audit.trailer_missing", trailer=needed))
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


def transition_findings(commit: CommitInfo, version: RecordVersion, add: Add) -> bool:
    """The state change fits the commit's action; False when it does not (or none is named)."""
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
            return False
        return True
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
        return False
    return True
