"""A5: an approval seen in history is one `yakkan approve` would have given.

The version before an approval must pass the readiness rules of `rules/readiness.py`
under the config in force (class Ⅰ/Ⅱ only with an exception, no × by the responsible
manager, the terms and sign-up screen attached, an alternative, every mark given…).

The responsible manager's marks vouch for what they checked as it was when they were given:
the service and the information of an application, the whole termination form (the line is
drawn once, in rules/amend.py, for `edit` and for this rule). Rather than remember, per
record, when each mark was given and when that content last changed, each step is checked on
its own: a step that changes the checked content of a pending form must leave its
responsible column empty (`edit` and `attach` clear it in the same commit). Marks can then
only come back through a later `check`, so every mark present at approval time was given
after the last change of what it checked. Other changes (the users' number, the purpose's
wording, the period …) may leave the marks standing (issue 18.6); this line only narrows
the earlier one, under which every change cleared the marks, so no honest history written
before turns into a finding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Exception_, Record, State
from yakkan_cli.rules import fulltrack, readiness
from yakkan_cli.rules.amend import CHECKED_APPLICATION_CONTENT, CHECKED_TERMINATION_CONTENT, under
from yakkan_cli.rules.audit.facts import Add
from yakkan_cli.rules.audit.fields import FieldChange

RULE_READY = "A5"  # an approval of a form `approve` refuses; marks older than the form


def _new_reason(before: Record, after: Record, section: str) -> str | None:
    """The reason of an exception (`section`) the step added, None when it added none."""
    given: Exception_ | None = getattr(after, section)
    return given.reason if given is not None and getattr(before, section) is None else None


def readiness_findings(
    before: Record | None,
    after: Record | None,
    config: Config,
    add: Add,
    *,
    on: date,
    lists: Callable[[], fulltrack.Lists] | None = None,
) -> None:
    """An approval (of an application or a termination) of a form that was not ready.

    `on` is the day the approval counts as given: its commit's, or its arrival on the
    mainline when later (issue 19.5; in `verify` the day of the check), so a clock set back
    does not escape a rule. The data location rule (S6.2 before the approval) and the full
    track's rules (issue 22) count only from the day they took effect, so older honest
    approvals stand. `lists` gives the ISMAP snapshots the mainline held when the approval
    arrived (read only for a full-track approval)."""
    if before is None or after is None:
        return
    blockers: list[str] = []
    if before.state is State.APPLIED and after.state is State.APPROVED:
        policy = config.policy
        reason = _new_reason(before, after, "exception")
        if on >= fulltrack.FULL_TRACK_RULE_FROM and fulltrack.is_full_track(before):
            blockers += _full_track_findings(before, after, config, lists, reason, on)
        else:
            if reason and not readiness.needs_exception(before, policy):
                blockers.append(
                    t("actions.exception_not_needed", limit=policy.max_class_without_exception)
                )
            if on >= readiness.LOCATION_RULE_FROM:
                blockers += readiness.location_blockers(before)
            blockers += readiness.application_blockers(before, policy, exception_reason=reason)
    elif before.state is State.TERMINATING and after.state is State.TERMINATED:
        blockers = readiness.termination_blockers(before)
    if blockers:
        add(RULE_READY, t("audit.approved_not_ready", problems="。".join(blockers)))


def _full_track_findings(
    before: Record,
    after: Record,
    config: Config,
    lists: Callable[[], fulltrack.Lists] | None,
    reason: str | None,
    on: date,
) -> list[str]:
    """What `approve` would have refused of a full-track application, against the lists
    the mainline held (rules/fulltrack.py), on the day the approval counts as given: the
    day it states, or `on` (its arrival) when later — a registration that ended, or a list
    that grew stale, before the approval reached the mainline does not vouch for it."""
    waivers = fulltrack.Waivers(
        reason,
        _new_reason(before, after, "ismap_exception"),
        _new_reason(before, after, "storage_exception"),
    )
    if after.approval is None:
        return []  # an approval without its section is named by the schema and A3
    day = max(after.approval.approved_on, on)
    snapshots = lists() if lists is not None else fulltrack.NO_LISTS
    return [
        *fulltrack.waiver_problems(before, config, snapshots, day, waivers),
        *fulltrack.approval_blockers(before, config, lists=snapshots, on=day, waivers=waivers),
    ]


def stale_marks_findings(
    before: Record | None, after: Record | None, changes: Sequence[FieldChange], add: Add
) -> None:
    """A change of a pending form's content that leaves the responsible column standing."""
    if before is None or after is None:
        return
    if before.state is State.APPLIED:
        content = CHECKED_APPLICATION_CONTENT
        marks = [c.item for c in after.checks if c.responsible is not None]
    elif before.state is State.TERMINATING and after.termination is not None:
        content = CHECKED_TERMINATION_CONTENT
        marks = [c.item for c in after.termination.checks if c.responsible is not None]
    else:
        return
    changed = [c.path for c in changes if under(c.path, content) and not _evidence_added(c)]
    if changed and marks:
        add(
            RULE_READY,
            t(
                "audit.marks_not_cleared",
                paths=", ".join(changed),
                items="、".join(str(i) for i in marks),
            ),
        )


def _evidence_added(change: FieldChange) -> bool:
    """Evidence files a `check` adds vouch for a mark; they are not the form's content."""
    if not change.path.endswith("attachments"):
        return False
    old = change.old if isinstance(change.old, list) else []
    new = change.new if isinstance(change.new, list) else []
    return all(a in new for a in old) and all(
        isinstance(a, dict) and a.get("kind") == "evidence" for a in new if a not in old
    )
