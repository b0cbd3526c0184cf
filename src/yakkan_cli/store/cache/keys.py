"""The record cache's pure rules: what its key holds, and when stat data may stand in for
reading a file (no I/O here; tested from tables in tests/test_cache_keys.py)."""

from __future__ import annotations

import hashlib
import os
from typing import NamedTuple

FORMAT = 3
"""The layout of the cache's files; a change makes every older file a stranger."""

RACY_SLACK_NS = 3_000_000_000
"""How much older than the moment its content was read a file's timestamps must be before
its stat data may vouch for it. A file changed again within the same timestamp tick keeps
its size and times (git's "racily clean" entries); coarse file systems tick every 2 s
(FAT), and the kernel stamps files from a clock that lags the one we read by a tick."""


CTIME_IS_CHANGE_TIME = os.name != "nt"
"""Whether stat's ctime is the time of the last change (POSIX). On Windows it is the
creation time, so an edit that kept the size and set the mtime back would leave every
field of stat as it was: there, each record is read and hashed every time (never parsed
again when its bytes are the same), and stat vouches for nothing."""


class Stamp(NamedTuple):
    """What stat says of a file: a shortcut to its content's digest, never a proof alone.
    (A tuple: an index entry begins with these four numbers and compares with it as is.)"""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


def trusted(
    cached: tuple[int, ...], now: Stamp, verified_ns: int, slack_ns: int = RACY_SLACK_NS
) -> bool:
    """May the digest kept for a file whose stat was `cached` when its content was read at
    `verified_ns` (wall clock, ns) be reused for the file that stats as `now`?

    Only when nothing stat sees changed and the file was already old when it was read: an
    edit after the read that kept the size and set the mtime back (`os.utime`) still moves
    the ctime, which nobody can set; an edit within the same tick as the read moves neither,
    which is why a file younger than `slack_ns` at the read is read again (and hashed: its
    parse is reused when the bytes are the same).
    """
    if cached != now:
        return False
    return max(now.mtime_ns, now.ctime_ns) < verified_ns - slack_ns


def cache_key(*, version: str, fingerprint: str, python: str, config: bytes) -> bytes:
    """The digest every entry of an index is valid under: yakkan's version, the code that
    parses and summarizes (`fingerprint`), the Python whose `marshal` wrote the payload, and
    the yakkan.yaml the records were checked against (departments, people)."""
    h = hashlib.sha256()
    for part in (str(FORMAT), version, fingerprint, python):
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    h.update(len(config).to_bytes(8, "big"))
    h.update(config)
    return h.digest()


def content_digest(data: bytes) -> bytes:
    """The content address of a record file: sha256 of its bytes."""
    return hashlib.sha256(data).digest()
