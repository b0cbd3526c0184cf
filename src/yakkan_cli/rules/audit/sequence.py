"""A9 (issue 19.1): no excuse covers a violation — a squash judged as the sequence it folds.

A commit that folds several actions (a squash merge) gets its A9 finding, which the village
may accept once it has reviewed it; accepting it accepts the squash, never what is inside.
So the commit is judged, besides, as the sequence its trailers and its diff show: each folded
message's `Yakkan-Action`/`Yakkan-Service`/`Yakkan-Actor` in order, applied to the record
as the commit's first parent had it and as the commit left it.

- D4: the actions, in that order, lead from the state before to the state after;
- A3: each changed field is one some action of the sequence may change, and nothing
  no action may change (the filing's facts, entries of the append-only lists) changes;
- S3.1/S5.2/S5.3: each action's actor is a person who may take it on this record (the
  approver approves and is independent, the applicant applies, a responsible manager marks
  the responsible column), and every approver named is the actor of an `approve`;
- A5: the marks the approval stands on were given after the form's last change (an `edit`
  or `attach` after the last `check` with marks standing is a finding).

Dates, retention, approved content, the briefing and signatures are judged by version.py as
for any commit: the squash's author is only who merged it, its signature the merger's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record, State
from yakkan_cli.rules import fulltrack, readiness, roles
from yakkan_cli.rules.audit.actors import approvers_named
from yakkan_cli.rules.audit.approvals import RULE_READY
from yakkan_cli.rules.audit.facts import (
    RULE_APPROVED,
    RULE_GIT,
    RULE_MARKS,
    RULE_ROLE,
    TRAILER_ACTOR,
    Add,
    CommitInfo,
    RecordVersion,
    state_name,
)
from yakkan_cli.rules.audit.fields import FieldChange
from yakkan_cli.rules.audit.permitted import ACTION_FIELDS, IMMUTABLE, RULE_ACTION
from yakkan_cli.rules.lifecycle import TRANSITIONS, Action
from yakkan_cli.rules.violation import RuleViolation

# Actions whose actor is judged from the record's fields instead (marks by their column,
# approvals by the approver named).
_BY_FIELDS = frozenset({Action.CHECK, Action.APPROVE})
_FORM_CHANGES = frozenset({Action.EDIT, Action.ATTACH, Action.RECLASSIFY})


def folded(commit: CommitInfo, service_id: str) -> list[tuple[str, str]]:
    """(action, actor) of each folded action about `service_id`, in order.

    The steps that name no service count for every record; a commit with no folded messages
    (one action over several records) is that action by the trailer's actor."""
    steps = commit.action_steps
    if not steps:
        actor = commit.trailers.get(TRAILER_ACTOR, "")
        return [(name, actor) for name in commit.action_names or (commit.action_name or "",)]
    return [(a, actor) for a, s, actor in steps if s in ("", service_id)]


def _actions(names: Sequence[str], add: Add) -> list[Action] | None:
    known: list[Action] = []
    for name in names:
        try:
            known.append(Action(name))
        except ValueError:
            add(RULE_GIT, t("audit.squash_unknown_action", action=name))
            return None
    return known


def _reachable(actions: Sequence[Action], before: State | None) -> set[State | None]:
    states: set[State | None] = {before}
    for action in actions:
        states = {after for s in states for after in TRANSITIONS[action].get(s, frozenset())}
    return states


def sequence_findings(
    commit: CommitInfo,
    version: RecordVersion,
    changes: Sequence[FieldChange],
    config: Config,
    add: Add,
) -> None:
    """Everything wrong with a squash commit's step of one record, judged as its sequence."""
    steps = folded(commit, version.service_id)
    actions = _actions([a for a, _ in steps], add)
    if actions is None:
        return
    listed = ", ".join(a.value for a in actions)
    before, after = version.before, version.after
    if version.state_after not in _reachable(actions, version.state_before):
        add(
            RULE_GIT,
            t(
                "audit.squash_sequence",
                actions=listed,
                before=state_name(version.state_before),
                after=state_name(version.state_after),
            ),
        )
    if before is not None and after is not None:
        _fields(actions, listed, changes, add)
    basis = before or after
    if basis is None:
        return
    actors = [actor for _, actor in steps]
    for action, actor in zip(actions, actors, strict=True):
        _actor(action, actor, before, after, config, add)
    if after is not None:
        approvers = {
            actor for action, actor in zip(actions, actors, strict=True) if action is Action.APPROVE
        }
        form = _pending_form(before, after)
        for approver in approvers_named(before, after):
            if not roles.is_responsible(config, basis.department, approver):
                name = config.name_of(approver)
                add(RULE_ROLE, t("audit.not_responsible", name=name, department=basis.department))
            else:
                try:
                    roles.require_independent(config, form, approver)
                except RuleViolation as err:
                    add(RULE_ROLE, err.message)
            if approver not in approvers:
                shown = "、".join(sorted(approvers)) or commit.author_email
                add(RULE_APPROVED, t("audit.approver_not_author", approver=approver, actor=shown))
    _marks(actions, actors, before, after, config, add)


def _fields(
    actions: Sequence[Action], listed: str, changes: Sequence[FieldChange], add: Add
) -> None:
    """A3 over the sequence: each change one some folded action may make."""
    allowed = [may for action in actions for may in ACTION_FIELDS[action]]
    immutable = [c.path for c in changes if c.pattern in IMMUTABLE]
    if immutable:
        add(RULE_ACTION, t("audit.field_immutable", action=listed, paths=", ".join(immutable)))
    stray = [
        c.path
        for c in changes
        if c.pattern not in IMMUTABLE and not any(may.covers(c) for may in allowed)
    ]
    if stray:
        add(RULE_ACTION, t("audit.field_not_allowed", action=listed, paths=", ".join(stray)))


def _actor(
    action: Action,
    actor: str,
    before: Record | None,
    after: Record | None,
    config: Config,
    add: Add,
) -> None:
    if config.person(actor) is None:
        add(RULE_ROLE, t("audit.squash_unknown_actor", action=action.value, actor=actor or "—"))
        return
    if action in _BY_FIELDS:
        return
    record = after if action is Action.APPLY else before or after
    if record is None or action not in roles.WHO_MAY:
        return
    if action is Action.APPLY:
        if record.application.applicant != actor:
            add(
                RULE_ACTION,
                t(
                    "audit.apply_applicant",
                    applicant=config.name_of(record.application.applicant),
                    actor=config.name_of(actor),
                ),
            )
        return
    try:
        roles.require_role(action, config, record, actor)
    except roles.BriefingViolation:
        pass  # found from the fields by actors.briefing_findings
    except RuleViolation as err:
        add(RULE_ROLE, err.message)


def _marks(
    actions: Sequence[Action],
    actors: Sequence[str],
    before: Record | None,
    after: Record | None,
    config: Config,
    add: Add,
) -> None:
    """S5.2 over the sequence: the columns' marks by the folded checks' actors; A5: no form
    change after the last check while marks stand."""
    if after is None:
        return
    checkers = [
        actor for action, actor in zip(actions, actors, strict=True) if action is Action.CHECK
    ]
    for column, role in (
        ("applicant", roles.Role.APPLICANT),
        ("responsible", roles.Role.RESPONSIBLE),
    ):
        if not _column_changed(before, after, column):
            continue
        form = _pending_form(before, after)
        allowed = []
        for actor in checkers:
            try:
                roles.require_check_role(role, config, form, actor)
                allowed.append(actor)
            except RuleViolation:
                continue
        if not allowed:
            add(RULE_MARKS, t("audit.squash_marks", column=t(f"column.{column}")))
    last_check = max((i for i, a in enumerate(actions) if a is Action.CHECK), default=-1)
    last_change = max((i for i, a in enumerate(actions) if a in _FORM_CHANGES), default=-1)
    responsible = [c.item for c in after.checks if c.responsible is not None]
    if last_change > last_check and responsible:
        add(RULE_MARKS, t("audit.squash_stale_marks", items="、".join(map(str, responsible))))


def _pending_form(before: Record | None, after: Record) -> Record:
    """The record as its pending form stood: the termination while one was pending."""
    if before is not None and before.state in (State.APPLIED, State.TERMINATING):
        return before
    return after


def _column_changed(before: Record | None, after: Record, column: str) -> bool:
    def marks(record: Record | None) -> dict[tuple[str, int], object]:
        if record is None:
            return {}
        found: dict[tuple[str, int], object] = {
            ("application", c.item): getattr(c, column) for c in record.checks
        }
        if record.termination:
            found |= {
                ("termination", c.item): getattr(c, column) for c in record.termination.checks
            }
        return found

    old, new = marks(before), marks(after)
    return any(old.get(k) != v for k, v in new.items() if v is not None)


def squash_readiness_findings(
    before: Record | None,
    after: Record | None,
    config: Config,
    add: Add,
    *,
    on: date | None = None,
    lists: Callable[[], fulltrack.Lists] | None = None,
) -> None:
    """A5 for a squash: an approval it folds stands on the form as the squash left it (the
    marks of its folded checks included), which `approve` would have had to accept; on the
    full track (from the day its rules took effect, `on` being the commit's day) against
    the ISMAP lists in force (`lists`)."""
    if after is None:
        return
    blockers: list[str] = []
    approved = after.approval is not None and (before is None or before.approval is None)
    full = on is not None and on >= fulltrack.FULL_TRACK_RULE_FROM
    if approved and full and after.approval is not None and fulltrack.is_full_track(after):

        def added(section: str) -> str | None:
            given = getattr(after, section)
            was = getattr(before, section) if before is not None else None
            return given.reason if given is not None and was is None else None

        waivers = fulltrack.Waivers(
            added("exception"), added("ismap_exception"), added("storage_exception")
        )
        day = max(after.approval.approved_on, on) if on is not None else after.approval.approved_on
        snapshots = lists() if lists is not None else fulltrack.NO_LISTS
        blockers += fulltrack.waiver_problems(after, config, snapshots, day, waivers)
        blockers += fulltrack.approval_blockers(
            after, config, lists=snapshots, on=day, waivers=waivers
        )
    elif approved:
        policy = config.policy
        new_exception = after.exception and not (before and before.exception)
        reason = after.exception.reason if after.exception and new_exception else None
        if reason and not readiness.needs_exception(after, policy):
            blockers.append(
                t("actions.exception_not_needed", limit=policy.max_class_without_exception)
            )
        blockers += readiness.application_blockers(after, policy, exception_reason=reason)
    term = after.termination
    old = before.termination if before else None
    if term and term.approved_by and not (old and old.approved_by):
        blockers += readiness.termination_blockers(after)
    if blockers:
        add(RULE_READY, t("audit.approved_not_ready", problems="。".join(blockers)))
