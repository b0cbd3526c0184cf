"""Fixing the pending form before it is decided (`yakkan edit`, `yakkan attach`).

Which fields may change (issue 8.3: who applied, when, the department, its head and the id
never do), and what such a change undoes: the responsible manager's double-check (S5.2)
was given on the form as it stood, so it no longer counts once the form changes (8.5).
"""

from __future__ import annotations

from collections.abc import Sequence

from yakkan_cli.messages import t
from yakkan_cli.model import Check, Mark, State

# Fields of the record that no edit changes, whatever the state.
NEVER_EDITED = frozenset(
    {
        "id",
        "department",
        "application.applicant",
        "application.applied_on",
        "application.department_head",
    }
)
# Kept by yakkan itself: attachments through `yakkan attach`, the rest by their commands.
KEPT_BY_COMMANDS = frozenset({"application.attachments", "termination.attachments"})
# What the termination form's filer wrote (actions/termination.py TERMINATION_KEYS).
TERMINATION_FIELDS = frozenset({"reason", "end_on", "information", "users", "users_count"})


def edit_field_problem(state: State, field: str) -> str | None:
    """Why `yakkan edit --set FIELD=…` may not change `field` (dotted) in `state`, or None."""
    parts = field.split(".")
    if not field or any(not p for p in parts):
        return t("rules.edit_bad_field", field=field)
    prefixes = {".".join(parts[: i + 1]) for i in range(len(parts))}
    if prefixes & NEVER_EDITED:
        return t("rules.edit_never", field=field)
    if prefixes & KEPT_BY_COMMANDS:
        return t("rules.edit_attachments", field=field)
    if state is State.TERMINATING:
        if parts[0] != "termination" or len(parts) < 2 or parts[1] not in TERMINATION_FIELDS:
            return t(
                "rules.edit_termination_only",
                field=field,
                fields=", ".join(f"termination.{f}" for f in sorted(TERMINATION_FIELDS)),
            )
        return None
    if parts[0] not in ("service", "application") or len(parts) < 2:
        return t("rules.edit_application_only", field=field)
    return None


def clear_responsible_marks(checks: Sequence[Check]) -> list[int]:
    """Take back the responsible column of `checks` (in place); the items it was given on.

    The responsible manager's note goes with their mark. The shared note of an older
    record goes too, except where it may be the applicant's reason for ／, which the
    applicant's mark still needs (S5.2: ／ needs a written reason).
    """
    cleared: list[int] = []
    for check in checks:
        if check.responsible is None:
            continue
        check.responsible = None
        check.responsible_note = None
        if check.applicant is not Mark.NA:
            check.note = None
        cleared.append(check.item)
    return cleared
