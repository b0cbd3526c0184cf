"""S5.2: each check item's notes stay with their column.

A check item keeps the applicant's note (`applicant_note`) and the responsible manager's
note (`responsible_note`) apart. Whoever writes a column's note must be the one who may
mark that column, whatever the commit's trailer says (as with the marks, `actors.py`);
`edit` and `attach` may only empty a note together with the marks they take back. A note
that leaves one field and turns up in another of the same item in one step was moved by
hand: yakkan never moves a note, so the move is named.

Records written before the notes were kept by column have one shared `note` per item;
yakkan only ever empties it now (the field table in `permitted.py`), and old histories in
which `check` wrote it stay honest: only steps on a record that already keeps the notes by
column may not write it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record
from yakkan_cli.rules import roles
from yakkan_cli.rules.audit.facts import RULE_MARKS, Add, CommitInfo, RecordVersion
from yakkan_cli.rules.audit.fields import FieldChange
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.violation import RuleViolation

_NOTE = re.compile(
    r"^(?P<form>checks|termination\.checks)\[(?P<item>\d+)\]\."
    r"(?P<field>applicant_note|responsible_note|note)$"
)
COLUMN_NOTES = ("applicant_note", "responsible_note")


def _notes(changes: Sequence[FieldChange]) -> list[tuple[FieldChange, str, str]]:
    """(change, `checks[5]`, field) for every change of a check's note."""
    found = []
    for change in changes:
        m = _NOTE.match(change.path)
        if m:
            found.append((change, f"{m['form']}[{m['item']}]", m["field"]))
    return found


def keeps_notes_by_column(record: Record | None) -> bool:
    """Whether any check of the record has a column's own note."""
    if record is None:
        return False
    checks = list(record.checks)
    if record.termination is not None:
        checks += record.termination.checks
    return any(c.applicant_note or c.responsible_note for c in checks)


def moved_note_findings(changes: Sequence[FieldChange], add: Add) -> None:
    """A note's text that leaves one note of an item and appears in another of it."""
    notes = _notes(changes)
    for change, check, field in notes:
        if not isinstance(change.new, str) or not change.new or change.new == change.old:
            continue
        for other, other_check, other_field in notes:
            if other_check == check and other_field != field and other.old == change.new:
                add(RULE_MARKS, t("audit.note_moved", source=other.path, target=change.path))


def note_author_findings(
    commit: CommitInfo,
    version: RecordVersion,
    config: Config,
    actor: str,
    changes: Sequence[FieldChange],
    add: Add,
) -> None:
    """A column's note written by someone who may not mark that column."""
    before, after = version.before, version.after
    basis = after or before
    if basis is None:
        return
    wrong: dict[str, list[str]] = {}
    for change, check, field in _notes(changes):
        if field not in COLUMN_NOTES:
            continue
        # `edit` and `attach` take back marks with their notes (the field table allows
        # only emptying); a `check` or a hand edit that empties another's note rewrites it.
        if change.new is None and commit.action in (Action.EDIT, Action.ATTACH):
            continue
        if field == "applicant_note":
            filer = (
                basis.termination.applicant
                if check.startswith("termination") and basis.termination
                else basis.application.applicant
            )
            if actor != filer:
                wrong.setdefault("applicant", []).append(change.path)
                wrong.setdefault("applicant_name", [config.name_of(filer)])
        else:
            try:
                roles.require_check_role(roles.Role.RESPONSIBLE, config, basis, actor)
            except RuleViolation:
                wrong.setdefault("responsible", []).append(change.path)
    name = config.name_of(actor)
    if "applicant" in wrong:
        add(
            RULE_MARKS,
            t(
                "audit.note_not_applicant",
                name=name,
                applicant=wrong["applicant_name"][0],
                paths=", ".join(wrong["applicant"]),
            ),
        )
    if "responsible" in wrong:
        add(
            RULE_MARKS,
            t(
                "audit.note_not_responsible",
                name=name,
                department=basis.department,
                paths=", ".join(wrong["responsible"]),
            ),
        )


def shared_note_findings(
    action: Action | None, before: Record, after: Record, changes: Sequence[FieldChange]
) -> list[str]:
    """`check` wrote the shared note of a record that already keeps notes by column."""
    if action is not Action.CHECK:
        return []
    if not (keeps_notes_by_column(before) or keeps_notes_by_column(after)):
        return []
    written = [c.path for c, _, field in _notes(changes) if field == "note" and c.new is not None]
    return [t("audit.shared_note_written", paths=", ".join(written))] if written else []
