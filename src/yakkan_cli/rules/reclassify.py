"""Moving a record to the village's scale of classes (`yakkan reclassify`; issue 22).

The responsible manager gives every information item its class on the new scale, one by
one: 重要性分類 Ⅰ–Ⅳ and 自治体機密性 3A…1 measure different things (importance to the work
against confidentiality), so no class is ever mapped by rule. The move is one entry of
`record.reclassifications` (who, when, each item's old and new class) in the same commit
that changes the classes and the record's `scheme`.

While the application is still pending, the responsible manager's double-check was given
on the old classes: it is taken back, as an `edit` of the information takes it back.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import ClassChange, Reclassification, Record, Scheme, State
from yakkan_cli.model.record import InfoClass, classes_of
from yakkan_cli.rules.amend import clear_responsible_marks
from yakkan_cli.rules.tracks import class_label


def problems(record: Record, scheme: Scheme, given: Mapping[int, InfoClass]) -> list[str]:
    """Why `given` (item number → new class) is not a whole move of `record` onto `scheme`."""
    count = len(record.application.information)
    found = [
        t("rules.reclassify_no_item", item=n, count=count) for n in given if not 1 <= n <= count
    ]
    allowed = classes_of(scheme)
    found += [
        t(
            "rules.reclassify_bad_class",
            item=n,
            value=value,
            scheme=t(f"classes.scheme.{scheme.value}"),
        )
        for n, value in given.items()
        if value not in allowed
    ]
    missing = [str(n) for n in range(1, count + 1) if n not in given]
    if missing:
        found.append(t("rules.reclassify_missing", items="、".join(missing)))
    return found


def entry(
    record: Record,
    scheme: Scheme,
    given: Mapping[int, InfoClass],
    *,
    on: date,
    by: str,
    reason: str | None,
) -> Reclassification:
    """The recorded move: each item's old and new class, by number and name."""
    return Reclassification.model_validate(
        {
            "on": on,
            "by": by,
            "from": record.classified_on.value,
            "to": scheme.value,
            "items": [
                ClassChange(item=n, name=info.name, old=info.class_, new=given[n]).model_dump(
                    by_alias=True
                )
                for n, info in enumerate(record.application.information, start=1)
            ],
            "reason": (reason or "").strip() or None,
        }
    )


def moved(record: Record, move: Reclassification) -> tuple[Record, list[int]]:
    """`record` on the new scale with `move` recorded, and the items of the double-check
    taken back (a pending application only)."""
    document = record.model_dump(by_alias=True)
    document["scheme"] = None if move.to is Scheme.JUYOSEI else move.to.value
    for change in move.items:
        document["application"]["information"][change.item - 1]["class"] = change.new
    document["reclassifications"] = [*document["reclassifications"], move.model_dump(by_alias=True)]
    after = Record.model_validate(document)
    cleared = clear_responsible_marks(after.checks) if record.state is State.APPLIED else []
    return after, cleared


def described(move: Reclassification) -> str:
    """「会議資料 重要性分類Ⅲ→自治体機密性3B、…」: the move in one line."""
    return "、".join(
        t(
            "rules.reclassify_item",
            name=c.name,
            old=class_label(move.from_, c.old),
            new=class_label(move.to, c.new),
        )
        for c in move.items
    )
