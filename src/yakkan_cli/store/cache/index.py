"""The index of a work tree's records: for each file, the stat data and content digest it
had when read, and the outcome of reading it (a summary, or the error that stops it).

One file per work tree under `<git common dir>/yakkan/cache/`:

    MAGIC | key (32 bytes) | sha256 of the payload (32 bytes) | payload (marshal)

The payload is (entries, settings): the entries by path, and what the reading commands read
of yakkan.yaml (store.cache.codec.PlainConfig, plain), so that a read answered from the
index alone (cli/fast.py) needs no schema.

The key (store.cache.keys.cache_key) and the checksum are compared before the payload is
decoded: a file from another version, another Python or another yakkan.yaml, or one that is
truncated, damaged or foreign, is simply not used. The file is written whole to a temporary
name and renamed over the old one, so a reader sees one writer's index or another's, never
a mixture; when it cannot be written (a read-only `.git`, a full disk), the command runs on
without it. Nothing here ever changes what a command answers: an entry is used only for a
file whose stat data it vouches for (keys.trusted) or whose content digest it matches.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yakkan_cli
from yakkan_cli.errors import YakkanError
from yakkan_cli.rules.summary import RecordSummary
from yakkan_cli.store.cache import keys
from yakkan_cli.store.cache.codec import Plain, decode_result, encode_result
from yakkan_cli.store.cache.keys import Stamp, cache_key, trusted
from yakkan_cli.store.files import replace_whole

MAGIC = b"YAKKANC\x02"
_PACKAGE = Path(__file__).resolve().parents[2]
# The code whose output the cache keeps: the model, the loader, the rules that summarize
# and check, the messages the kept errors are written in.
# (actions/validation.py: the checks of yakkan.yaml's settings the index keeps for validate.)
_FINGERPRINTED = (
    "model",
    "rules",
    "store",
    "messages",
    "errors.py",
    "__init__.py",
    "actions/validation.py",
)

Result = RecordSummary | YakkanError
# rel → (size, mtime_ns, ctime_ns, inode, verified_ns, digest, marshalled result)
_Entry = tuple[int, int, int, int, int, bytes, bytes]


@functools.cache
def code_fingerprint(package: Path = _PACKAGE) -> str:
    """A digest of the sources that shape what the cache keeps (a development checkout
    changes them without changing the version). Once per process: reading and hashing the
    sources costs about what starting Python does, and the index, the pages and the lists
    (store.cache.pages, store.cache.lists) are each opened under it."""
    h = hashlib.sha256()
    for name in _FINGERPRINTED:
        target = package / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for path in files:
            with contextlib.suppress(OSError):
                h.update(path.relative_to(package).as_posix().encode("utf-8"))
                h.update(path.read_bytes())
    return h.hexdigest()


def python_tag() -> str:
    return f"{sys.implementation.cache_tag}/{marshal.version}/{sys.version}"


def current_key(config: bytes) -> bytes:
    return cache_key(
        # Read at each call: a test stands in a new version without reinstalling.
        version=yakkan_cli.__version__,
        fingerprint=code_fingerprint(),
        python=python_tag(),
        config=config,
    )


def cache_file(folder: Path, root: Path, kind: str) -> Path:
    """One cache file of `kind` (index, pages, lists) per work tree: worktrees of one
    repository share the common dir."""
    name = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return folder / f"{kind}-{name}"


def index_path(folder: Path, root: Path) -> Path:
    return cache_file(folder, root, "index")


def framed(magic: bytes, key: bytes, value: Plain) -> bytes:
    """A cache file `magic | key | sha256 | marshal` holding `value` (checked_payload)."""
    payload = marshal.dumps(value)
    return magic + key + hashlib.sha256(payload).digest() + payload


def pack(key: bytes, entries: dict[str, _Entry], settings: Plain = None) -> bytes:
    return framed(MAGIC, key, (entries, settings))


def read_payload(path: Path, magic: bytes, key: bytes) -> Plain:
    """checked_payload of the file at `path`; None when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return checked_payload(data, magic, key)


def write_payload(path: Path, magic: bytes, key: bytes, value: Plain) -> None:
    """Replace the cache file at `path` with `value`: a cache that cannot be written is
    only slower, never wrong, so a failure is let go."""
    with contextlib.suppress(OSError):
        replace_whole(path, framed(magic, key, value), durable=False)


def unpack(data: bytes, key: bytes) -> dict[str, _Entry]:
    """The entries of an index file written under `key`; empty for anything else."""
    return unpack_all(data, key)[0]


def unpack_all(data: bytes, key: bytes) -> tuple[dict[str, _Entry], Plain]:
    """The entries and the settings of an index file written under `key`; ({}, None) for
    anything else."""
    decoded = checked_payload(data, MAGIC, key)
    if not (isinstance(decoded, tuple) and len(decoded) == 2 and isinstance(decoded[0], dict)):
        return {}, None
    return decoded[0], decoded[1]


def checked_payload(data: bytes, magic: bytes, key: bytes) -> Plain:
    """The payload of a cache file `magic | key | sha256 | marshal`, when the file is one
    of ours written under `key` and whole; None for anything else (store.cache.pages too)."""
    head = len(magic) + 32 + 32
    if len(data) < head or not data.startswith(magic):
        return None
    if data[len(magic) : len(magic) + 32] != key:
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(magic) + 32 : head]:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def stamp_of(st: os.stat_result) -> Stamp:
    return Stamp(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class RecordCache:
    """The outcomes of reading records, found by stat shortcut or content digest."""

    def __init__(
        self,
        path: Path | None,
        key: bytes,
        entries: dict[str, _Entry],
        clock: Callable[[], int] = time.time_ns,
        settings: Plain = None,
    ) -> None:
        self.path = path
        self.key = key
        self._entries = entries
        self.settings = settings
        self._seen: set[str] = set()
        self._dirty = False
        # Read once, before any file of this run is: every read happens after it, so it is
        # a safe "content read no earlier than" for keys.trusted.
        self.verified_ns = clock()
        self.parsed = 0  # how many files this run had to parse (tests, benchmarks)

    @classmethod
    def open(
        cls,
        folder: Path,
        root: Path,
        config: bytes,
        clock: Callable[[], int] = time.time_ns,
        settings: Plain = None,
    ) -> RecordCache:
        """`settings`: what the reading commands read of the yakkan.yaml `config` holds
        (codec.encode_config), kept beside the entries for cli/fast.py."""
        key = current_key(config)
        path = index_path(folder, root)
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        entries, kept = unpack_all(data, key)
        cache = cls(path, key, entries, clock, settings)
        # An index written before the settings were kept is written again with them.
        cache._dirty = settings is not None and kept != settings
        return cache

    def _decode(self, rel: str, entry: _Entry) -> Result | None:
        try:
            return decode_result(marshal.loads(entry[6]))
        except (TypeError, ValueError, IndexError, KeyError, OverflowError, EOFError):
            # Only a file of our own passes the checksum; should one still hold something
            # unreadable, that entry is read again from the record.
            self._entries.pop(rel, None)
            self._dirty = True
            return None

    def by_stamp(self, rel: str, stamp: Stamp) -> Result | None:
        """The outcome kept for `rel`, when its stat data alone may vouch for its content."""
        if not keys.CTIME_IS_CHANGE_TIME:
            return None
        entry = self._entries.get(rel)
        try:
            if entry is None or not trusted(entry[:4], stamp, entry[4]):
                return None
        except (TypeError, IndexError):
            return None
        result = self._decode(rel, entry)
        if result is not None:
            self._seen.add(rel)
        return result

    def by_content(self, rel: str, stamp: Stamp, digest: bytes) -> Result | None:
        """The outcome kept for `rel` with exactly this content; its stat data is renewed so
        that the next run may take the shortcut."""
        entry = self._entries.get(rel)
        if not isinstance(entry, tuple) or len(entry) != 7 or entry[5] != digest:
            return None
        result = self._decode(rel, entry)
        if result is not None:
            self._seen.add(rel)
            renewed = (*stamp, self.verified_ns, digest, entry[6])
            if renewed != entry:
                self._entries[rel] = renewed
                self._dirty = True
        return result

    def store(self, rel: str, stamp: Stamp, digest: bytes, result: Result) -> None:
        self.parsed += 1
        self._seen.add(rel)
        # Each outcome is marshalled on its own and decoded only when used: the index of
        # ten thousand records stays a few megabytes of bytes objects in memory.
        encoded = marshal.dumps(encode_result(result))
        self._entries[rel] = (*stamp, self.verified_ns, digest, encoded)
        self._dirty = True

    def save(self, *, complete: bool) -> None:
        """Write the index if anything changed. `complete`: this run saw every record, so
        entries of files it did not see (removed, renamed) are dropped."""
        if complete:
            gone = self._entries.keys() - self._seen
            for rel in gone:
                del self._entries[rel]
            self._dirty = self._dirty or bool(gone)
        if not self._dirty or self.path is None:
            return
        write_payload(self.path, MAGIC, self.key, (self._entries, self.settings))
        self._dirty = False
