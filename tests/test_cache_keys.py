"""store.cache: the pure key and stat rules, and the index file's header, from tables (no
repository; the e2e proof that the cache never lies is tests/e2e/test_record_cache.py)."""

from __future__ import annotations

import marshal
from datetime import date

import pytest

from tests.factories import SHA, record, termination
from yakkan_cli.errors import YakkanError
from yakkan_cli.rules.summary import summarize
from yakkan_cli.store.cache.codec import decode_result, encode_result
from yakkan_cli.store.cache.index import MAGIC, pack, unpack
from yakkan_cli.store.cache.keys import RACY_SLACK_NS, Stamp, cache_key, trusted

S = 1_000_000_000
OLD = Stamp(size=120, mtime_ns=100 * S, ctime_ns=100 * S, inode=7)
LATER = 200 * S  # the content was read long after the file last changed


@pytest.mark.parametrize(
    ("now", "verified_ns", "expected", "why"),
    [
        (OLD, LATER, True, "nothing changed, old file: the shortcut holds"),
        (OLD._replace(size=121), LATER, False, "size changed"),
        (OLD._replace(mtime_ns=101 * S), LATER, False, "mtime changed"),
        # An edit that keeps the size and sets the mtime back still moves the ctime.
        (OLD._replace(ctime_ns=150 * S), LATER, False, "ctime changed (os.utime back)"),
        (OLD._replace(inode=8), LATER, False, "replaced by another file (rename over it)"),
        # Read within the same tick as its last change: it may change again unseen.
        (OLD, 100 * S, False, "racily clean: read in the tick it was written"),
        (OLD, 100 * S + RACY_SLACK_NS, False, "racily clean: read just within the slack"),
        (OLD, 100 * S + RACY_SLACK_NS + 1, True, "read just after the slack"),
    ],
)
def test_trusted(now: Stamp, verified_ns: int, expected: bool, why: str) -> None:
    assert trusted(tuple(OLD), now, verified_ns) is expected, why


def test_trusted_looks_at_the_newer_of_mtime_and_ctime() -> None:
    # A file whose mtime was set into the future (`touch -d`) is racy until then.
    future = Stamp(size=1, mtime_ns=300 * S, ctime_ns=100 * S, inode=1)
    assert not trusted(tuple(future), future, LATER)
    assert trusted(tuple(future), future, 400 * S)


KEY = {"version": "0.1.0", "fingerprint": "abc", "python": "cpython-311", "config": b"x: 1\n"}


@pytest.mark.parametrize(
    "change",
    [
        {"version": "0.1.1"},
        {"fingerprint": "abd"},
        {"python": "cpython-312"},
        {"config": b"x: 2\n"},
        # The parts are length-prefixed: moving a character between them is another key.
        {"version": "0.1.0a", "fingerprint": "bc"},
    ],
)
def test_every_part_of_the_key_counts(change: dict[str, object]) -> None:
    assert cache_key(**KEY) == cache_key(**KEY)  # type: ignore[arg-type]
    assert cache_key(**{**KEY, **change}) != cache_key(**KEY)  # type: ignore[arg-type]


K = cache_key(**KEY)  # type: ignore[arg-type]
ENTRIES = {"records/somu/a.yaml": (1, 2, 3, 4, 5, b"d" * 32, marshal.dumps((1, "m", ("d",))))}


def test_pack_unpack_round_trip() -> None:
    assert unpack(pack(K, ENTRIES), K) == ENTRIES


GOOD = pack(K, ENTRIES)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty"),
        (GOOD[:10], "truncated in the header"),
        (GOOD[:-1], "truncated in the payload"),
        (b"\x00" * len(GOOD), "zeros"),
        (bytes((b * 7 + 3) % 256 for b in range(len(GOOD))), "random-looking bytes"),
        (b"NOTYAKKN" + GOOD[len(MAGIC) :], "wrong magic"),
        (pack(cache_key(**{**KEY, "version": "9"}), ENTRIES), "another version's key"),  # type: ignore[arg-type]
        (GOOD[:-1] + bytes([GOOD[-1] ^ 1]), "one bit flipped in the payload"),
        (GOOD[: len(MAGIC) + 40] + b"\xff" + GOOD[len(MAGIC) + 41 :], "checksum damaged"),
    ],
)
def test_a_file_that_is_not_ours_is_empty(data: bytes, why: str) -> None:
    assert unpack(data, K) == {}, why


def test_a_checksummed_payload_that_is_not_a_mapping_is_empty() -> None:
    import hashlib

    payload = marshal.dumps([1, 2, 3])
    data = MAGIC + K + hashlib.sha256(payload).digest() + payload
    assert unpack(data, K) == {}


def _rich_record() -> object:
    return record(
        state="terminated",
        approval={
            "approved_by": "sato",
            "approved_on": "2026-04-01",
            "risk_acknowledged_by": "suzuki",
            "risk_acknowledged_on": "2026-04-02",
        },
        reviews=[{"on": "2026-07-01", "by": "suzuki", "content_changed": True}],
        backups=[{"on": "2026-05-01", "by": "suzuki", "method": "複製", "location": "庁内"}],
        purpose_checks=[{"on": "2026-05-02", "by": "suzuki", "matches": False}],
        alerts=[{"id": "a1", "on": "2026-06-01", "title": "他団体の事故", "by": "sato"}],
        termination=termination(
            approved_by="sato",
            approved_on="2027-03-31",
            attachments=[
                {"kind": "agreement", "path": "attachments/somu-drive/a.png", "sha256": SHA},
                {"kind": "deletion", "path": "attachments/somu-drive/d.png", "sha256": SHA},
            ],
        ),
    )


def test_a_summary_survives_the_trip_through_marshal() -> None:
    summary = summarize(_rich_record())  # type: ignore[arg-type]
    data = marshal.loads(marshal.dumps(encode_result(summary)))
    assert decode_result(data) == summary
    assert summary.schedule.open_alerts == ((date(2026, 6, 1), "a1"),)
    assert summary.attachments  # the trip was not made with empty sections


def test_an_error_survives_the_trip_through_marshal() -> None:
    error = YakkanError("records/somu/x.yaml の内容に誤りがあります", details=["x.yaml:3:1: id"])
    back = decode_result(marshal.loads(marshal.dumps(encode_result(error))))
    assert isinstance(back, YakkanError)
    assert str(back) == str(error)


def test_an_unknown_result_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        decode_result((7, "?"))
