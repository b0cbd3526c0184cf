"""Fixing the pending form before it is decided (`yakkan edit`, `yakkan attach`).

Which fields may change (issue 8.3: who applied, when, the department, its head and the id
never do), and what such a change undoes: the responsible manager's double-check (S5.2)
was given on the form as it stood, so it no longer counts once what it checked changes
(8.5; issue 18.6).

The eight checks of the application are about the service (its provider, its terms, where it
keeps the data …) and the information it would hold: a change there takes the double-check
back. The purpose's wording, the period, the users and their number, the administrator and
the alternative are not what the checks look at, so the marks stay. Every field of the
termination form is what its four checks are about (item 3 asks whether the users were told),
so any change of it takes them back, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from yakkan_cli.messages import MESSAGES, t
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


# The content of each pending form that the responsible manager's marks vouch for, as dotted
# paths (a path under one of them counts too). The audit holds history to the same line (A5).
CHECKED_APPLICATION_CONTENT: tuple[str, ...] = (
    "service",
    "application.information",
    "application.attachments",
)
CHECKED_TERMINATION_CONTENT: tuple[str, ...] = tuple(
    f"termination.{f}" for f in (*sorted(TERMINATION_FIELDS), "attachments")
)


def under(path: str, prefixes: Sequence[str]) -> bool:
    """Whether the dotted `path` (`application.information[0].class` too) is one of
    `prefixes` or lies beneath one."""
    return any(path == p or path.startswith((f"{p}.", f"{p}[")) for p in prefixes)


def checked_changes(state: State, fields: Sequence[str]) -> list[str]:
    """The fields among `fields` that the responsible column of the form pending in `state`
    vouches for: a change of any of them takes the double-check back."""
    content = (
        CHECKED_TERMINATION_CONTENT if state is State.TERMINATING else CHECKED_APPLICATION_CONTENT
    )
    return [f for f in fields if under(f, content)]


def field_label(path: str) -> str:
    """A field of the form in the words of the form (提供会社名), or its dotted name."""
    key = f"field.{path}"
    return t(key) if key in MESSAGES else path


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
