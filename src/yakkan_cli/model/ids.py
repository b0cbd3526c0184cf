"""A service id's spelling: standard library only, for the checks of file names that run
without the schemas (`validate` answered from the record cache, cli/fast.py)."""

from __future__ import annotations

import re

SERVICE_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SERVICE_ID_MAX = 80
_SERVICE_ID = re.compile(SERVICE_ID_PATTERN)


def is_service_id(value: str) -> bool:
    """Whether `value` is a service id: the only thing a command may turn into a path.

    Checked before any lookup, so that `somu-[a]`, `somu-o*` or `../x` never reach a glob,
    a git pathspec or the file system.
    """
    return len(value) <= SERVICE_ID_MAX and _SERVICE_ID.fullmatch(value) is not None
