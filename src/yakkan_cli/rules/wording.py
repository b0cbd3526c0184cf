"""Words for the codes history records (actions, sections, changes), for every view.

Kept out of `rules/audit` so that `show` and the other views that print a history line do
not load the audit rules.
"""

from __future__ import annotations

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
    if change in ("created", "deleted"):
        return t(f"view.change.{change}")
    return code_label("section", change)
