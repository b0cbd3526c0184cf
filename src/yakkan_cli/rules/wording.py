"""Words for the codes history records (actions, sections, changes), for every view.

Kept out of `rules/audit` so that `show` and the other views that print a history line do
not load the audit rules.
"""

from __future__ import annotations

import re

from yakkan_cli.messages import MESSAGES, t


def code_label(prefix: str, code: str) -> str:
    """The catalog's word for a code (an action, a section), or the code itself when a
    commit names something yakkan does not know (it is then shown as it was written)."""
    key = f"{prefix}.{code}"
    return t(key) if key in MESSAGES else code


def change_words(change: str) -> str:
    """A change of `rules.audit.history_entry` (a section code, created, moved: …) in Japanese."""
    for code in ("moved", "attachment"):
        if change.startswith(f"{code}: "):
            return t(f"view.change.{code}", what=change.split(": ", 1)[1])
    if change.startswith("note: "):
        return _note_words(change.removeprefix("note: "))
    if change in ("created", "deleted"):
        return t(f"view.change.{change}")
    return code_label("section", change)


_NOTE_PATH = re.compile(r"^(checks|termination\.checks)\[(\d+)\]\.(\w+): ?(.*)$", re.S)


def _note_words(change: str) -> str:
    """`checks[5].applicant_note: 理由` as 「利用申請書 項目5 申請者の備考「理由」」."""
    m = _NOTE_PATH.match(change)
    if m is None:
        return change
    path, item, name, text = m.groups()
    form = t("form.termination" if path.startswith("termination") else "form.application")
    column = name.removesuffix("_note")
    whose = (
        t("view.note_of", column=t(f"column.{column}"))
        if column in ("applicant", "responsible")
        else t("view.shared_note")
    )
    if not text:
        return t("view.change.note_removed", form=form, item=item, whose=whose)
    # One line in a table of history: a note of several lines is read on one.
    return t("view.change.note", form=form, item=item, whose=whose, text=" ".join(text.split()))
