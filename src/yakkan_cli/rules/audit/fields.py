"""A3: what one step changed in a record, field by field.

The action rules (`actions.py`) judge a step by the field paths it changed, so that an
action may touch exactly the fields it owns and nothing hides inside a section it may
change. A path reads like the YAML it points at:

- `application.purpose`, `approval.risk_acknowledged_on`: a field (sections and nested
  mappings are followed down to their leaves);
- `approval`, `termination`, `closure`: a whole section set or removed;
- `checks[3].responsible`, `termination.checks[2].note`: a field of the check of item 3
  (checks are named by their item number, never by their position);
- `reviews[+]` / `reviews[-]`: an entry added to / removed from a list of operations;
- `reviews[1].decision`: a field of an entry kept in the list (its position after the step).

Lists of operations are kept sorted by date by the commands, so an entry may be added in
the middle; entries are matched by who recorded them on which day (and an alert by its
id), which is what never changes once written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

# The record's lists of operations: append-only, an entry matched by its key fields.
OPERATION_LISTS = frozenset(
    {
        "reviews",
        "purpose_checks",
        "backups",
        "suspensions",
        "alerts",
        "reassignments",
        "reclassifications",
        "notes",
    }
)
CHECK_LISTS = frozenset({"checks", "termination.checks"})
_ENTRY_KEY = ("on", "by", "id")
_INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class FieldChange:
    path: str
    old: Any
    new: Any

    @property
    def pattern(self) -> str:
        """The path with positions and item numbers as `[*]`: `checks[*].responsible`."""
        return _INDEX.sub("[*]", self.path)

    @property
    def section(self) -> str:
        """The top-level key the change is in."""
        return re.split(r"[.\[]", self.path, maxsplit=1)[0]

    @property
    def entry(self) -> str | None:
        """`reviews[2]` for `reviews[2].decision`: the entry of a list the change is in."""
        m = re.match(r"^(.*\[\d+\])\.", self.path)
        return m[1] if m else None


def changed_fields(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> list[FieldChange]:
    """Every field that differs between two versions of a record (`record_data` of each).

    The state is left out (the lifecycle table judges it); a missing side (creation,
    removal) gives no changes: those steps are judged as a whole.
    """
    if old is None or new is None:
        return []
    out: list[FieldChange] = []
    _mapping("", old, new, out, top=True)
    return out


def _mapping(
    prefix: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    out: list[FieldChange],
    *,
    top: bool,
) -> None:
    for key in [*new, *(k for k in old if k not in new)]:
        if top and key == "state":
            continue
        o, n = old.get(key), new.get(key)
        if o == n:
            continue
        path = f"{prefix}{key}"
        lists = path in CHECK_LISTS or path in OPERATION_LISTS
        if lists and isinstance(o or [], list) and isinstance(n or [], list):
            # A list left out is an empty one (a section written by hand may omit it).
            (_checks if path in CHECK_LISTS else _entries)(path, o or [], n or [], out)
        elif isinstance(o, Mapping) and isinstance(n, Mapping):
            _mapping(f"{path}.", o, n, out, top=False)
        else:
            out.append(FieldChange(path, o, n))


def _checks(
    path: str,
    old: Sequence[Mapping[str, Any]],
    new: Sequence[Mapping[str, Any]],
    out: list[FieldChange],
) -> None:
    """Checks by item number; a check not written yet counts as one with nothing in it."""
    by_old = {c.get("item"): c for c in old}
    by_new = {c.get("item"): c for c in new}
    for item in sorted(by_old.keys() | by_new.keys(), key=str):
        o, n = by_old.get(item, {}), by_new.get(item, {})
        for key in [*n, *(k for k in o if k not in n)]:
            if key == "item":
                continue
            before, after = _empty(o.get(key)), _empty(n.get(key))
            if before != after:
                out.append(FieldChange(f"{path}[{item}].{key}", before, after))


def _empty(value: Any) -> Any:
    """An empty list of evidence is the same as none."""
    return None if value == [] else value


def _key(entry: Any) -> tuple[str, ...]:
    if not isinstance(entry, Mapping):
        return (repr(entry),)
    return tuple(str(entry.get(k)) for k in _ENTRY_KEY)


def _entries(path: str, old: Sequence[Any], new: Sequence[Any], out: list[FieldChange]) -> None:
    # The common step appends at the end: no need to match entries one by one.
    if len(new) >= len(old) and list(new[: len(old)]) == list(old):
        out.extend(FieldChange(f"{path}[+]", None, entry) for entry in new[len(old) :])
        return
    matcher = SequenceMatcher(None, [_key(e) for e in old], [_key(e) for e in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                o, n = old[i], new[j]
                if o == n:
                    continue
                if isinstance(o, Mapping) and isinstance(n, Mapping):
                    _mapping(f"{path}[{j}].", o, n, out, top=False)
                else:
                    out.append(FieldChange(f"{path}[{j}]", o, n))
            continue
        out.extend(FieldChange(f"{path}[-]", old[i], None) for i in range(i1, i2))
        out.extend(FieldChange(f"{path}[+]", None, new[j]) for j in range(j1, j2))
