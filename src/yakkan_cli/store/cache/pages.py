"""The pages `show` printed, kept beside the record cache for a `show` answered without
the schemas (cli/fast.py): for each record shown, the stat data and digest of the file as
it was read, its summary and the blocks of its page that are the record's alone.

One file per work tree under `<git common dir>/yakkan/cache/`, laid out as the index
(store.cache.index): MAGIC | key | sha256 of the payload | payload (marshal). The key is
the index's (version, code, Python, yakkan.yaml's bytes) with the digest of the code that
lays out the page; a page is used only for a file whose stat data vouches for it
(keys.trusted), exactly as an entry of the index. Written whole, renamed over the old one;
when it cannot be written, `show` runs on without it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

from yakkan_cli.store.cache import keys
from yakkan_cli.store.cache.codec import Plain
from yakkan_cli.store.cache.index import cache_file, current_key, read_payload, write_payload
from yakkan_cli.store.cache.keys import Stamp, trusted

MAGIC = b"YAKKANP\x01"
# rel → (size, mtime_ns, ctime_ns, inode, verified_ns, digest, summary, page)
_Entry = tuple[int, int, int, int, int, bytes, Plain, Plain]


def pages_path(folder: Path, root: Path) -> Path:
    return cache_file(folder, root, "pages")


def page_key(config: bytes, code: bytes) -> bytes:
    return hashlib.sha256(current_key(config) + code).digest()


class PageCache:
    def __init__(
        self,
        path: Path,
        key: bytes,
        entries: dict[str, _Entry],
        settings: Plain,
        clock: Callable[[], int] = time.time_ns,
    ) -> None:
        self.path = path
        self.key = key
        self.entries = entries
        self.settings = settings
        # Read before the record is: a safe "content read no earlier than" (keys.trusted).
        self.verified_ns = clock()

    @classmethod
    def open(
        cls,
        folder: Path,
        root: Path,
        config: bytes,
        code: bytes,
        clock: Callable[[], int] = time.time_ns,
    ) -> PageCache:
        key = page_key(config, code)
        path = pages_path(folder, root)
        decoded = read_payload(path, MAGIC, key)
        if isinstance(decoded, tuple) and len(decoded) == 2 and isinstance(decoded[1], dict):
            return cls(path, key, decoded[1], decoded[0], clock)
        return cls(path, key, {}, None, clock)

    def kept(self, rel: str, stamp: Stamp) -> tuple[Plain, Plain] | None:
        """(summary, page) kept for `rel`, when its stat data alone vouches for its content."""
        if not keys.CTIME_IS_CHANGE_TIME or self.settings is None:
            return None
        entry = self.entries.get(rel)
        try:
            if entry is None or not trusted(entry[:4], stamp, entry[4]):
                return None
            return entry[6], entry[7]
        except (TypeError, IndexError):
            return None

    def keep(
        self, rel: str, stamp: Stamp, digest: bytes, summary: Plain, page: Plain, settings: Plain
    ) -> None:
        """Keep the page of the file `rel` whose content (read after this cache was opened,
        with stat data `stamp` taken before the read) had `digest`; written at once."""
        entry = (*stamp, self.verified_ns, digest, summary, page)
        if self.entries.get(rel) == entry and self.settings == settings:
            return
        self.entries[rel] = entry
        self.settings = settings
        write_payload(self.path, MAGIC, self.key, (settings, self.entries))
