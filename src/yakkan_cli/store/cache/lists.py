"""The imported ISMAP lists as the reading commands read them, kept beside the record cache
for a read answered without the schemas (cli/fast.py, issue 22 and 23.2).

`due`, `register` and `validate` read the newest snapshot of each imported list
(`.yakkan/ismap/<list>/snapshot.yaml`) with its pydantic schema. Each time the full path
reads one, what those commands take of it (store.cache.codec.PlainSnapshot: the retrieval
day, each entry's number and last valid day, the source file's format and sha256), or the
error that stops it, is kept here with the stat data and digest of the file as it was
read, exactly as a record's entry of the index (store.cache.index): a snapshot is taken
from here only when its stat data vouches for it (keys.trusted, with the racy-timestamp
slack), so an import, a `git checkout` or a hand edit (even one that keeps the size and
sets the mtime back: the ctime moves) sends the read to the full path, which reads the
file again and keeps the new copy.

One file per work tree under `<git common dir>/yakkan/cache/`, laid out as the index:
MAGIC | key | sha256 of the payload | payload (marshal, plain built-ins only). The key is
the index's (version, the code's digest, Python, yakkan.yaml's bytes): a yakkan that reads
snapshots differently never takes another's copy. Written whole, renamed over the old one;
when it cannot be written, the command runs on without it.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

from yakkan_cli.errors import YakkanError
from yakkan_cli.model.places import IsmapList, list_snapshot
from yakkan_cli.store.cache import keys
from yakkan_cli.store.cache.codec import (
    Plain,
    PlainSnapshot,
    decode_snapshot,
    encode_snapshot,
)
from yakkan_cli.store.cache.index import (
    cache_file,
    current_key,
    read_payload,
    stamp_of,
    write_payload,
)
from yakkan_cli.store.cache.keys import Stamp, content_digest, trusted

MAGIC = b"YAKKANL\x01"
# list name → (size, mtime_ns, ctime_ns, inode, verified_ns, digest, encoded outcome)
_Entry = tuple[int, int, int, int, int, bytes, Plain]
Outcome = PlainSnapshot | YakkanError


def lists_path(folder: Path, root: Path) -> Path:
    return cache_file(folder, root, "lists")


class ListCache:
    def __init__(
        self,
        path: Path,
        key: bytes,
        entries: dict[str, _Entry],
        clock: Callable[[], int] = time.time_ns,
    ) -> None:
        self.path = path
        self.key = key
        self.entries = entries
        # Read before any snapshot is: a safe "content read no earlier than" (keys.trusted).
        self.verified_ns = clock()

    @classmethod
    def open(
        cls,
        folder: Path,
        root: Path,
        config: bytes,
        clock: Callable[[], int] = time.time_ns,
    ) -> ListCache:
        key = current_key(config)
        path = lists_path(folder, root)
        decoded = read_payload(path, MAGIC, key)
        return cls(path, key, decoded if isinstance(decoded, dict) else {}, clock)

    def kept(self, list_name: str, stamp: Stamp) -> Outcome | None:
        """The list's snapshot as kept, when its stat data alone vouches for its content;
        None when it does not (or nothing was kept)."""
        if not keys.CTIME_IS_CHANGE_TIME:
            return None
        entry = self.entries.get(list_name)
        try:
            if entry is None or not trusted(entry[:4], stamp, entry[4]):
                return None
            return decode_snapshot(entry[6])
        except (TypeError, ValueError, IndexError, KeyError, OverflowError):
            return None

    def keep(self, list_name: str, st: os.stat_result, data: bytes, outcome: Outcome) -> None:
        """Keep what reading the snapshot file of `list_name` gave: its bytes `data`, read
        after this cache was opened and after `st` was taken; written at once."""
        entry = (*stamp_of(st), self.verified_ns, content_digest(data), encode_snapshot(outcome))
        name = IsmapList(list_name).value  # a plain str: marshal takes no subclass
        if self.entries.get(name) == entry:
            return
        self.entries[name] = entry
        write_payload(self.path, MAGIC, self.key, self.entries)


def kept_lists(root: Path, folder: Path, config: bytes) -> list[tuple[IsmapList, Outcome]] | None:
    """Each imported list's newest snapshot, as `store.ismap.load_snapshot` would read it
    (in `IsmapList`'s order; a list never imported is left out), when the copy kept in
    `folder` vouches for every snapshot file; None when one is new, changed, too recently
    written to trust, or not a plain file: the full path then reads them."""
    if not keys.CTIME_IS_CHANGE_TIME:
        return None
    cache = ListCache.open(folder, root, config)
    found: list[tuple[IsmapList, Outcome]] = []
    for which in IsmapList:
        try:
            st = (root / list_snapshot(which)).stat()
        except FileNotFoundError:
            continue  # never imported: load_snapshot says None
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        outcome = cache.kept(which.value, stamp_of(st))
        if outcome is None:
            return None
        found.append((which, outcome))
    return found
