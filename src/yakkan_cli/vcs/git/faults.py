"""What git's output says when the machine refused a write: a full disk, a read-only place,
a permission; and the path it named."""

from __future__ import annotations

import re

# What git (run with LC_ALL=C) prints when the machine refuses a write: strerror's words.
_FAULTS = (
    ("No space left on device", "store.cause_full"),
    ("Disk quota exceeded", "store.cause_full"),
    ("Read-only file system", "store.cause_read_only"),
    ("Permission denied", "store.cause_denied"),
    ("Operation not permitted", "store.cause_denied"),
    ("insufficient permission", "store.cause_denied"),
)
# Where git says it failed: 'a quoted path', "error: PATH: failed to insert into database",
# "repository database PATH", "unable to write (new) index file" (the index).
_FAULT_PATHS = (
    re.compile(r"'([^'\n]+)'"),
    re.compile(r"^error: (.+): failed to insert into database$", re.MULTILINE),
    re.compile(r"repository database (\S+)"),
)


def machine_fault(printed: str) -> tuple[str, str | None] | None:
    """(the catalog key of the cause, the path git named or None) when git's output says
    the machine refused a write (a full disk, a read-only place, a permission); else None."""
    cause = next((key for words, key in _FAULTS if words in printed), None)
    if cause is None:
        return None
    for pattern in _FAULT_PATHS:
        found = pattern.search(printed)
        if found:
            return cause, found.group(1)
    if "index file" in printed:
        return cause, ".git/index"
    if "object" in printed:
        return cause, ".git/objects"
    return cause, None
