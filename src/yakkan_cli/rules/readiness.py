"""When a form may be approved (S4.3, S5.1, S5.2, S6.3, S7.1, S7.2) and which marks are legal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import (
    AttachmentKind,
    Check,
    DataLocation,
    Mark,
    Policy,
    Record,
    Scheme,
    State,
)
from yakkan_cli.model.record.attachments import Attachment
from yakkan_cli.model.record.forms import (
    APPLICATION_ITEMS,
    CHECK_COLUMNS,
    TERMINATION_ITEMS,
    CheckColumn,
)
from yakkan_cli.rules.roles import Role

# Item 3 of the application asks about a privacy policy "when personal information is handled".
PRIVACY_ITEM = 3
APPLICATION_NEEDS = (AttachmentKind.SIGNUP, AttachmentKind.TERMS)
TERMINATION_NEEDS = (AttachmentKind.AGREEMENT, AttachmentKind.DELETION)
# S6.2 (a service whose data goes abroad is stopped at once) has been applied before the
# approval, too, since this day (issue 18): approvals committed earlier were given under
# the rules of their day, and the audit does not hold this one against them.
LOCATION_RULE_FROM = date(2026, 12, 7)


def handles_personal(record: Record) -> bool:
    return any(info.personal for info in record.application.information)


def mark_problem(item: int, mark: Mark, note: str | None, *, personal: bool) -> str | None:
    """Why `mark` cannot be given on application item `item`, or None when it can."""
    if mark is not Mark.NA:
        return None
    if item == PRIVACY_ITEM:
        return t("rules.na_privacy") if personal else None
    return None if note else t("rules.na_needs_note", item=item)


def note_stays(old: Mark | None, other: Mark | None, new: Mark) -> bool:
    """Whether an item's shared old note (`Check.note`, of records written before each
    column kept its own) outlives a new mark `new` (replacing `old`) given without one.

    A note explains a mark (a ×, a ／); when that mark is changed, the note about it goes,
    so a 備考 from an earlier × never stands beside the corrected ○. It stays when the mark
    is the same as before, or when the other column's × or ／ may be what it explains.
    """
    return old is new or other in (Mark.NG, Mark.NA)


def own_note_stays(old: Mark | None, new: Mark) -> bool:
    """Whether a column's own note outlives that column's new mark given without a note:
    only when the mark is the same again (the note explained the mark now replaced)."""
    return old is new


def notes_after(
    entry: Check | None, column: CheckColumn, new: Mark, typed: str | None
) -> tuple[str | None, str | None]:
    """(the column's own note, the shared old note) once `new` is given in `column` with
    the note `typed` (None: given without one).

    Each column's note is its own person's: a mark writes only its column's note. The
    shared note of an older record goes, as it always did, with the mark it explained;
    it is never rewritten nor claimed for a column.
    """
    if entry is None:
        return typed, None
    old = entry.mark_of(column)
    own = typed or (entry.note_of(column) if own_note_stays(old, new) else None)
    other = entry.mark_of("responsible" if column == "applicant" else "applicant")
    shared = entry.note if note_stays(old, other, new) else None
    return own, shared


def reason_after(
    entry: Check | None, column: CheckColumn, new: Mark, typed: str | None
) -> str | None:
    """The note that will explain `new` in `column` (see `Check.explanation`)."""
    own, shared = notes_after(entry, column, new, typed)
    if own or shared or entry is None:
        return own or shared
    other: CheckColumn = "responsible" if column == "applicant" else "applicant"
    return entry.note_of(other) if entry.mark_of(other) is new else None


def applicant_unmarked(checks: Sequence[Check], count: int) -> list[int]:
    """The items of a form (`count` of them) whose applicant column is still empty."""
    by_item = {c.item: c for c in checks}
    return [i for i in range(1, count + 1) if (c := by_item.get(i)) is None or c.applicant is None]


def double_check_problem(record: Record, role: Role) -> str | None:
    """Why `role` may not mark the pending form yet, or None (S5.2).

    The responsible manager double-checks what the applicant checked: the responsible
    column is marked only once every item carries the applicant's mark.
    """
    if role is not Role.RESPONSIBLE:
        return None
    if record.state is State.TERMINATING and record.termination is not None:
        missing = applicant_unmarked(record.termination.checks, TERMINATION_ITEMS)
        form = t("form.termination")
    else:
        missing = applicant_unmarked(record.checks, APPLICATION_ITEMS)
        form = t("form.application")
    if not missing:
        return None
    return t(
        "rules.double_check_too_early",
        form=form,
        items="、".join(str(i) for i in missing),
        id=record.id,
    )


def termination_mark_problem(item: int, mark: Mark, note: str | None) -> str | None:
    if mark is Mark.NA and not note:
        return t("rules.na_needs_note", item=item)
    return None


def needs_exception(record: Record, policy: Policy) -> bool:
    """S4.3: class Ⅰ/Ⅱ (below the policy's limit) on 重要性分類 needs a recorded exception.
    The numbers of 自治体機密性 mean something else (2 is not Ⅱ): its records are judged by
    the tracks' own gates."""
    if record.classified_on is not Scheme.JUYOSEI:
        return False
    return any(
        isinstance(info.class_, int) and info.class_ < policy.max_class_without_exception
        for info in record.application.information
    )


def _missing_marks(checks: Sequence[Check], count: int) -> list[str]:
    found: list[str] = []
    by_item = {c.item: c for c in checks}
    for role in (Role.APPLICANT, Role.RESPONSIBLE):
        missing = [
            str(i)
            for i in range(1, count + 1)
            if (c := by_item.get(i)) is None or getattr(c, role.value) is None
        ]
        if missing:
            found.append(
                t("rules.marks_missing", column=t(f"column.{role.value}"), items="、".join(missing))
            )
    return found


def _missing_attachments(
    record: Record, attachments: Sequence[Attachment], needs: Sequence[AttachmentKind]
) -> list[str]:
    have = {a.kind for a in attachments}
    # The form is filed already: the file is added to it with `yakkan attach`.
    return [
        t(
            "rules.attachment_needed_attach",
            kind=t(f"attachment.{k.value}"),
            id=record.id,
            code=k.value,
        )
        for k in needs
        if k not in have
    ]


def application_blockers(
    record: Record, policy: Policy, *, exception_reason: str | None
) -> list[str]:
    """Everything that stops the application from being approved; empty when it may be."""
    found = _missing_marks(record.checks, APPLICATION_ITEMS)
    personal = handles_personal(record)
    for check in record.checks:
        if check.responsible is Mark.NG:
            found.append(t("rules.responsible_ng", item=check.item))
        for column in CHECK_COLUMNS:
            mark = check.mark_of(column)
            if mark is not None and (
                problem := mark_problem(
                    check.item, mark, check.explanation(column), personal=personal
                )
            ):
                found.append(problem)
                break
    found += _missing_attachments(record, record.application.attachments, APPLICATION_NEEDS)
    if not record.application.alternative:
        found.append(t("rules.alternative_needed"))
    if needs_exception(record, policy) and not (exception_reason or record.exception):
        found.append(t("rules.exception_needed", limit=policy.max_class_without_exception))
    return found


def location_blockers(record: Record) -> list[str]:
    """S6.2: a service whose data is kept abroad is not approved; one whose data location
    is not known must be settled first (it might be abroad)."""
    location = record.service.data_location
    if location is DataLocation.OVERSEAS:
        return [t("rules.location_overseas")]
    if location is DataLocation.UNKNOWN:
        return [t("rules.location_unknown", id=record.id)]
    return []


def approval_blockers(record: Record, policy: Policy, *, exception_reason: str | None) -> list[str]:
    """Everything `approve` refuses an application for today (`application_blockers` and
    the data location of S6.2); empty when it may be approved."""
    return [
        *location_blockers(record),
        *application_blockers(record, policy, exception_reason=exception_reason),
    ]


def termination_blockers(record: Record) -> list[str]:
    termination = record.termination
    if termination is None:
        return [t("rules.no_termination")]
    found = _missing_marks(termination.checks, TERMINATION_ITEMS)
    for check in termination.checks:
        for role in (Role.APPLICANT, Role.RESPONSIBLE):
            mark = getattr(check, role.value)
            if mark is not None and mark is not Mark.OK:
                found.append(
                    t("rules.termination_not_ok", item=check.item, column=t(f"column.{role.value}"))
                )
    found += _missing_attachments(record, termination.attachments, TERMINATION_NEEDS)
    return found
