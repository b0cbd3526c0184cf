"""Every record as the index alone holds it, or nothing: what a read answered without the
schemas (cli/fast.py) starts from.

All or nothing on purpose: the moment one record file is not vouched for by its stat data
(new, edited, renamed, too recently written to trust: keys.trusted), or yakkan.yaml, the
code or the Python differ from the index's key, the answer is None and the command runs
its full path, which reads what changed and writes the index again. Standard library, the
rules' dataclasses and the codec only: no pydantic, no YAML.
"""

from __future__ import annotations

import os
from pathlib import Path

from yakkan_cli.errors import YakkanError
from yakkan_cli.store.cache import keys
from yakkan_cli.store.cache.codec import PlainConfig, decode_config
from yakkan_cli.store.cache.index import (
    RecordCache,
    current_key,
    index_path,
    stamp_of,
    unpack_all,
)
from yakkan_cli.store.listing import RECORDS_DIR, Summarized, record_names

CACHE_FOLDER = Path("yakkan") / "cache"
"""Under the git common dir (shared by worktrees, never committed); deleting it is always
safe."""


def kept_records(
    root: Path, common_dir: Path, config: bytes
) -> tuple[PlainConfig, list[Summarized | YakkanError]] | None:
    """yakkan.yaml's settings and every record's outcome, in `RecordsRepo.summaries`'
    order, when the index of the work tree at `root` vouches for all of them; else None."""
    if not keys.CTIME_IS_CHANGE_TIME:
        return None
    key = current_key(config)
    try:
        data = index_path(common_dir / CACHE_FOLDER, root).read_bytes()
    except OSError:
        return None
    entries, settings = unpack_all(data, key)
    if settings is None:
        return None
    cache = RecordCache(None, key, entries)
    found: list[Summarized | YakkanError] = []
    base = str(root)
    for folder, name in record_names(root):
        rel = f"{RECORDS_DIR}/{folder.name}/{name}"
        try:
            stamp = stamp_of(os.stat(f"{base}/{rel}"))  # noqa: PTH116 - a string: no Path to make
        except OSError:
            return None
        result = cache.by_stamp(rel, stamp)
        if result is None:
            return None
        found.append(result if isinstance(result, YakkanError) else Summarized(result, root, rel))
    try:
        return decode_config(settings), found
    except (TypeError, ValueError, IndexError):
        return None
