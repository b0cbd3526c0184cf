"""A3 for `reclassify` (issue 22): what the move of a record to another scale may change,
beyond the paths `permitted.ACTION_FIELDS` lets it touch."""

from __future__ import annotations

from yakkan_cli.messages import t
from yakkan_cli.model import Record


def reclassify_findings(before: Record, after: Record) -> list[str]:
    """A reclassification moves the record to another scale and records exactly that: one
    entry whose items are the classes before and after, and nothing else of the
    information changed (its names and personal flags are the form's, not the move's)."""
    added = after.reclassifications[len(before.reclassifications) :]
    if len(added) != 1 or after.reclassifications[: len(before.reclassifications)] != list(
        before.reclassifications
    ):
        return [t("audit.reclassify_entry")]
    move = added[0]
    old, new = before.application.information, after.application.information
    problems: list[str] = []
    if move.from_ is not before.classified_on or move.to is not after.classified_on:
        problems.append(t("audit.reclassify_scale", old=move.from_.value, new=move.to.value))
    if after.classified_on is before.classified_on:
        problems.append(t("audit.reclassify_same_scale"))
    if len(old) != len(new) or any(
        (a.name, a.personal) != (b.name, b.personal) for a, b in zip(old, new, strict=False)
    ):
        problems.append(t("audit.reclassify_information"))
    elif [(c.item, c.old, c.new) for c in move.items] != [
        (i, a.class_, b.class_) for i, (a, b) in enumerate(zip(old, new, strict=True), start=1)
    ]:
        problems.append(t("audit.reclassify_items"))
    return problems
