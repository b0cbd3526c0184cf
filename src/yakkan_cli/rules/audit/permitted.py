"""A3: every record change is an action, and each action changes exactly the fields it
owns (`ACTION_FIELDS`, judged on the field paths of `fields`).

Lists of operations are append-only: an entry once written never changes, except the
fields an action fills once (a review's decision, a suspension's resumption, an alert's
warning). `id`, `department`, the applicant, the filing date, the department head, a
closure and an approved termination never change, because no action may change them.
Whoever an entry or section names as having done it is the commit's author.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Decision, Record, State
from yakkan_cli.rules.audit.facts import Add, CommitInfo, RecordVersion
from yakkan_cli.rules.audit.fields import OPERATION_LISTS, FieldChange
from yakkan_cli.rules.audit.notes import shared_note_findings
from yakkan_cli.rules.audit.reclassified import reclassify_findings
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.schedule import pending_review
from yakkan_cli.rules.tracks import track_of

RULE_ACTION = "A3"  # a record change outside its action's fields, or with no action


class How(Enum):
    ANY = "any"  # any change
    SET = "set"  # filled once: from nothing to a value
    CLEAR = "clear"  # emptied: from a value to nothing
    ADD = "add"  # a new entry of a list of operations


@dataclass(frozen=True)
class May:
    """One kind of change an action may make: `pattern` covers that path and all below it."""

    pattern: str
    how: How = How.ANY
    most: int | None = None  # at most this many entries (for How.ADD)

    def covers(self, change: FieldChange) -> bool:
        pattern = change.pattern
        return pattern == self.pattern or pattern.startswith(f"{self.pattern}.")


# Each column's mark and its own note; `note` is the shared note of records written
# before the notes were kept by column: `check` empties it with the mark it explained and
# writes it only on such records (notes.shared_note_findings), `edit`/`attach` empty it.
_CHECK_FIELDS = (
    "applicant",
    "applicant_note",
    "responsible",
    "responsible_note",
    "evidence",
    "note",
)
_COLUMN_FIELDS = (".applicant", ".responsible", ".applicant_note", ".responsible_note")
_FORMS = ("checks[*]", "termination.checks[*]")
# What `edit` may change of the pending form: the applicant, the filing date and the
# department head are facts of the filing, never edited.
_EDITABLE_APPLICATION = (
    "purpose",
    "period",
    "administrator",
    "information",
    "users",
    "users_count",
    "alternative",
    "attachments",
)
_EDITABLE_TERMINATION = ("reason", "end_on", "information", "users", "users_count", "attachments")
# Changing the form's content takes back the double-check: `edit` and `attach` empty the
# responsible column (rule A5 requires it) and may empty the applicant's too.
_CLEAR_MARKS = tuple(May(f"{form}.{col}", How.CLEAR) for form in _FORMS for col in _CHECK_FIELDS)

ACTION_FIELDS: dict[Action, tuple[May, ...]] = {
    Action.APPLY: (),  # creates the record: judged whole by `creation_findings`
    Action.CHECK: (
        *(May(f"{form}.{field}") for form in _FORMS for field in _CHECK_FIELDS),
        # Evidence files join the form's attachments (see `_check_attachments`).
        May("application.attachments"),
        May("termination.attachments"),
    ),
    Action.APPROVE: (
        May("approval", How.SET),
        May("exception", How.SET),
        May("ismap_exception", How.SET),
        May("storage_exception", How.SET),
        May("termination.approved_by", How.SET),
        May("termination.approved_on", How.SET),
    ),
    Action.ACKNOWLEDGE: (
        May("approval.risk_acknowledged_by", How.SET),
        May("approval.risk_acknowledged_on", How.SET),
    ),
    Action.REJECT: (May("closure", How.SET),),
    # Withdrawing an application closes it; withdrawing a termination removes the form.
    Action.WITHDRAW: (May("closure", How.SET), May("termination", How.CLEAR)),
    # A review finding data abroad (or deciding to stop) suspends in the same commit.
    Action.REVIEW: (May("reviews[+]", How.ADD, 1), May("suspensions[+]", How.ADD, 1)),
    Action.DECIDE: (
        May("reviews[*].decision", How.SET),
        May("reviews[*].decided_by", How.SET),
        May("reviews[*].decided_on", How.SET),
        May("reviews[*].note"),  # the decision's note is added to the review's
        May("suspensions[+]", How.ADD, 1),
    ),
    Action.PURPOSE_CHECK: (May("purpose_checks[+]", How.ADD, 1),),
    Action.BACKUP: (May("backups[+]", How.ADD, 1),),
    Action.SUSPEND: (May("suspensions[+]", How.ADD, 1),),
    # Resuming settles a still-pending review (decision `continue`) in the same commit.
    Action.RESUME: (
        May("suspensions[*].resumed_on", How.SET),
        May("suspensions[*].resumed_by", How.SET),
        May("suspensions[*].resume_note", How.SET),
        May("reviews[*].decision", How.SET),
        May("reviews[*].decided_by", How.SET),
        May("reviews[*].decided_on", How.SET),
    ),
    Action.ALERT: (May("alerts[+]", How.ADD, 1),),
    Action.WARN: (
        May("alerts[*].warned_on", How.SET),
        May("alerts[*].warned_by", How.SET),
        May("alerts[*].note"),
    ),
    Action.TERMINATE: (May("termination", How.SET),),
    Action.DISPOSE: (),  # removes the record: judged by the retention rule
    Action.REASSIGN: (May("reassignments[+]", How.ADD, 1),),
    Action.EDIT: (
        May("service"),
        *(May(f"application.{f}") for f in _EDITABLE_APPLICATION),
        *(May(f"termination.{f}") for f in _EDITABLE_TERMINATION),
        *_CLEAR_MARKS,
    ),
    Action.ATTACH: (
        May("application.attachments"),
        May("termination.attachments"),
        *_CLEAR_MARKS,
    ),
    # The classes only (`reclassify_findings` holds the rest of the list as it was), the
    # scale, the entry that records the move, and the double-check it takes back.
    Action.RECLASSIFY: (
        May("scheme"),
        May("application.information"),
        May("reclassifications[+]", How.ADD, 1),
        *(May(f"checks[*].{col}", How.CLEAR) for col in _CHECK_FIELDS),
    ),
}

# The actions on whichever form is pending: the application, or the termination.
_FORM_ACTIONS = frozenset({Action.CHECK, Action.EDIT, Action.ATTACH})

# Named in the finding as facts of the record that never change, whatever the action.
IMMUTABLE = (
    "id",
    "department",
    "schema_version",
    "application.applicant",
    "application.applied_on",
    "application.department_head",
)
# What `apply` writes besides the form: an empty check per item, nothing else.
_CREATED = frozenset(
    {"schema_version", "id", "department", "state", "scheme", "service", "application"}
)


def field_findings(
    commit: CommitInfo,
    version: RecordVersion,
    changes: Sequence[FieldChange],
    add: Add,
    actor: str | None = None,
) -> None:
    """Every changed field is one the commit's action may change, the way it may (A3)."""
    before, after = version.before, version.after
    if before is None or after is None or not changes:
        return
    action = commit.action
    if action is None:
        # A state change without an action was already named (D4); this is the rest:
        # reviews, backups, closures… written by hand with the state left alone.
        if before.state == after.state:
            key = (
                "audit.change_no_action"
                if commit.action_name is None
                else "audit.change_unknown_action"
            )
            add(RULE_ACTION, t(key, action=commit.action_name, paths=_paths(changes)))
        return
    problems: dict[str, list[str]] = {}

    def problem(key: str, path: str) -> None:
        problems.setdefault(key, []).append(path)

    allowed = ACTION_FIELDS[action]
    # While a termination is pending, it is the form: the approved application is not.
    termination_only = action in _FORM_ACTIONS and before.state is State.TERMINATING
    added: dict[str, int] = {}
    for change in changes:
        may = next((m for m in allowed if m.covers(change)), None)
        if termination_only and change.section != "termination":
            may = None
        if may is None:
            problem(_why_not(change, before), change.path)
        elif may.how is How.SET and change.old is not None:
            problem("audit.field_filled", change.path)
        elif may.how is How.CLEAR and change.new is not None:
            problem("audit.field_only_clear", change.path)
        elif may.how is How.ADD:
            added[may.pattern] = added.get(may.pattern, 0) + 1
    for pattern, count in added.items():
        most = next(m.most for m in allowed if m.pattern == pattern)
        if most is not None and count > most:
            problem("audit.too_many_entries", f"{pattern} × {count}")
    for key, paths in problems.items():
        add(RULE_ACTION, t(key, action=action.value, paths=", ".join(paths)))
    for message in _action_specific(action, before, after, changes):
        add(RULE_ACTION, message)
    if actor is not None:
        others = [path for path, who in _who(changes) if who != actor]
        if others:
            add(RULE_ACTION, t("audit.by_not_actor", action=action.value, paths=", ".join(others)))


# Fields that name who did what an entry or section records. Approvers are checked with
# the approvals (S5.3); `applicant` names a person only on the termination itself (in a
# check it is a column).
_WHO = frozenset({"by", "decided_by", "resumed_by", "warned_by", "risk_acknowledged_by"})


def _who(changes: Sequence[FieldChange]) -> list[tuple[str, Any]]:
    """(path, person) for every field naming a person that this step wrote."""
    found: list[tuple[str, Any]] = []
    for change in changes:
        leaf = change.path.rsplit(".", 1)[-1]
        if change.new is None:
            continue
        if leaf in _WHO or change.path == "termination.applicant":
            found.append((change.path, change.new))
        elif isinstance(change.new, dict):
            names = _WHO | ({"applicant"} if change.path == "termination" else set())
            found += [(f"{change.path}.{k}", v) for k, v in change.new.items() if k in names and v]
    return found


def _why_not(change: FieldChange, before: Record) -> str:
    if change.pattern in IMMUTABLE:
        return "audit.field_immutable"
    if change.section == "closure" and before.closure is not None:
        return "audit.field_immutable"
    if change.section == "termination" and before.termination and before.termination.approved_by:
        return "audit.field_immutable"
    if change.path.endswith("[-]"):
        return "audit.entry_removed"
    if change.entry is not None and change.section in OPERATION_LISTS:
        return "audit.entry_rewritten"
    return "audit.field_not_allowed"


def _paths(changes: Sequence[FieldChange]) -> str:
    return ", ".join(c.path for c in changes)


def _new_entries(changes: Sequence[FieldChange], section: str) -> list[Any]:
    return [c.new for c in changes if c.path == f"{section}[+]"]


def _action_specific(
    action: Action, before: Record, after: Record, changes: Sequence[FieldChange]
) -> list[str]:
    """The constraints a path pattern cannot say."""
    found: list[str] = []
    if action is Action.CHECK:
        # A column is its mark and its own note: one check writes one person's column.
        columns = {
            c.path.rsplit(".", 1)[1].removesuffix("_note")
            for c in changes
            if c.path.endswith(_COLUMN_FIELDS) and "checks[" in c.path
        }
        if len(columns) > 1:
            found.append(t("audit.check_two_columns"))
        found += _check_attachments(changes)
        found += shared_note_findings(action, before, after, changes)
    elif action in (Action.DECIDE, Action.RESUME):
        # Only the review still waiting for a decision is decided.
        pending = pending_review(before)
        settled = f"reviews[{before.reviews.index(pending)}]" if pending is not None else None
        wrong = sorted({c.entry for c in changes if c.section == "reviews" and c.entry} - {settled})
        if wrong:
            found.append(t("audit.not_pending_review", action=action.value, paths=", ".join(wrong)))
    if (
        action in (Action.REVIEW, Action.DECIDE)
        and _new_entries(changes, "suspensions")
        and not _stops(action, after, changes)
    ):
        found.append(t("audit.suspension_unexplained", action=action.value))
    if action is Action.TERMINATE and after.termination is not None:
        # A new termination form: nothing checked, nothing decided yet.
        term = after.termination
        if (
            term.approved_by
            or term.approved_on
            or any(c.applicant or c.responsible for c in term.checks)
        ):
            found.append(t("audit.new_form_filled", action=action.value))
    # The administrator acknowledges the risks in an action of their own (S5.3).
    approval = after.approval if action is Action.APPROVE and not before.approval else None
    if approval and (approval.risk_acknowledged_by or approval.risk_acknowledged_on):
        found.append(t("audit.new_form_filled", action=action.value))
    # The track an approval names is the one the form was on: a `full` written over a light
    # approval would hide a later rise (rules/tracks.py raised_on).
    if approval and approval.track is not track_of(before):
        found.append(t("audit.approval_track", track=approval.track or "—"))
    if action is Action.RECLASSIFY:
        found += reclassify_findings(before, after)
    if action is Action.REASSIGN:
        current = before.current_administrator()
        for entry in _new_entries(changes, "reassignments"):
            if isinstance(entry, dict) and entry.get("previous") != current:
                found.append(
                    t("audit.reassign_previous", previous=entry.get("previous"), current=current)
                )
    return found


def _stops(action: Action, after: Record, changes: Sequence[FieldChange]) -> bool:
    """A review or decision that adds a suspension found data abroad or decided to stop."""
    if action is Action.REVIEW:
        return any(
            isinstance(e, dict)
            and (e.get("overseas") or e.get("decision") == Decision.SUSPEND.value)
            for e in _new_entries(changes, "reviews")
        )
    return any(c.path.endswith(".decision") and c.new == Decision.SUSPEND.value for c in changes)


def _check_attachments(changes: Sequence[FieldChange]) -> list[str]:
    """`check` may only add evidence files to the form's attachments, never replace one."""
    found: list[str] = []
    for change in changes:
        if not change.path.endswith("attachments"):
            continue
        old = change.old if isinstance(change.old, list) else []
        new = change.new if isinstance(change.new, list) else []
        kept = [a for a in new if a in old]
        extra = [a for a in new if a not in old]
        if len(kept) != len(old) or any(
            not isinstance(a, dict) or a.get("kind") != "evidence" for a in extra
        ):
            found.append(t("audit.check_attachments", path=change.path))
    return found


def creation_findings(
    commit: CommitInfo,
    after: Record,
    data: dict[str, Any],
    config: Config,
    actor: str | None,
    add: Add,
) -> None:
    """`apply` writes the form, its filer and the department's head, and nothing else."""
    if commit.action is not Action.APPLY:
        return
    extra = [
        key
        for key, value in data.items()
        if key not in _CREATED and key != "checks" and value not in (None, [])
    ]
    extra += [
        f"checks[{c.item}]"
        for c in after.checks
        if c.applicant or c.responsible or c.evidence or c.has_notes()
    ]
    if extra:
        add(RULE_ACTION, t("audit.apply_extra", paths=", ".join(extra)))
    # A new application is classified on the village's scale in force (issue 22).
    scheme = config.classification.scheme
    if after.classified_on is not scheme:
        add(
            RULE_ACTION,
            t("audit.apply_scheme", scheme=after.classified_on.value, village=scheme.value),
        )
    department = config.department(after.department)
    head = after.application.department_head
    if department is not None and head != department.head:
        add(
            RULE_ACTION,
            t(
                "audit.apply_head",
                head=config.name_of(head),
                department=department.name,
                actual=config.name_of(department.head),
            ),
        )
    if actor is not None and after.application.applicant != actor:
        add(
            RULE_ACTION,
            t(
                "audit.apply_applicant",
                applicant=config.name_of(after.application.applicant),
                actor=config.name_of(actor),
            ),
        )
