"""store.cache: the pure key and stat rules, and the index file's header, from tables (no
repository; the e2e proof that the cache never lies is tests/e2e/test_record_cache.py)."""

from __future__ import annotations

import marshal
from datetime import date
from pathlib import Path
from typing import Any

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


# --- the imported ISMAP lists' plain copy (store.cache.lists) ---------------------------------


def _snapshot() -> Any:
    from tests.test_ismap_rules import ENTRY, snapshot

    return snapshot(
        ENTRY,
        {**ENTRY, "registration": "C22-0100-1", "valid_until": "2027-01-10"},
        # A second entry of the same number: the first one found is the one that counts.
        {**ENTRY, "registration": "c22-0100-1", "valid_until": "2029-01-10"},
        retrieved="2026-11-20",
    )


def test_a_snapshot_s_plain_copy_survives_the_trip_through_marshal() -> None:
    from yakkan_cli.store.cache.codec import decode_snapshot, encode_snapshot, plain_snapshot

    plain = plain_snapshot(_snapshot())
    assert decode_snapshot(marshal.loads(marshal.dumps(encode_snapshot(plain)))) == plain
    assert (plain.retrieved_on, plain.source_format, plain.source_sha256) == (
        date(2026, 11, 20),
        "csv",
        "0" * 64,
    )
    error = YakkanError("snapshot.yaml の内容に誤りがあります", details=["snapshot.yaml:9:3: x"])
    back = decode_snapshot(marshal.loads(marshal.dumps(encode_snapshot(error))))
    assert isinstance(back, YakkanError) and str(back) == str(error)
    with pytest.raises(ValueError):
        decode_snapshot((7, "?"))


@pytest.mark.parametrize(
    ("registration", "as_of"),
    [
        ("C21-0012-2", date(2027, 8, 20)),
        ("C22-0100-1", date(2027, 1, 1)),  # the first of two entries of the number
        ("ｃ２２－０１００－１", date(2027, 1, 1)),  # typed full-width, lower case
        ("C29-9999-9", date(2027, 1, 1)),  # not in the list
        ("", date(2027, 1, 1)),
    ],
)
def test_the_rules_read_the_plain_copy_as_the_snapshot(registration: str, as_of: date) -> None:
    """The schedule's and the register's answers from the plain copy a read answered from
    the cache takes are the schema's (rules.ismap.ListSnapshot)."""
    from dataclasses import replace

    from tests.factories import config
    from yakkan_cli.model.places import IsmapList
    from yakkan_cli.rules.register import snapshot_day
    from yakkan_cli.rules.schedule import registration_end, schedule_facts, snapshot_tasks
    from yakkan_cli.store.cache.codec import plain_snapshot

    full = {IsmapList.ISMAP: _snapshot()}
    plain = {IsmapList.ISMAP: plain_snapshot(full[IsmapList.ISMAP])}
    facts = replace(schedule_facts(record()), ismap_list="ismap", ismap_registration=registration)
    assert registration_end(facts, plain) == registration_end(facts, full)
    assert snapshot_day("ismap", plain) == snapshot_day("ismap", full) == date(2026, 11, 20)
    settings = config()
    for day in (as_of, date(2027, 2, 10)):
        assert snapshot_tasks(plain, {"ismap"}, settings, day) == snapshot_tasks(
            full, {"ismap"}, settings, day
        )


def test_a_kept_list_is_given_back_only_where_its_stat_data_vouches_for_it(
    tmp_path: Path,
) -> None:
    from yakkan_cli.store.cache.codec import plain_snapshot
    from yakkan_cli.store.cache.index import stamp_of
    from yakkan_cli.store.cache.lists import ListCache

    file = tmp_path / "snapshot.yaml"
    file.write_bytes(b"entries: []\n")
    st = file.stat()
    stamp = stamp_of(st)
    copy = plain_snapshot(_snapshot())
    late = max(st.st_mtime_ns, st.st_ctime_ns) + RACY_SLACK_NS + 1
    folder, root = tmp_path / "cache", tmp_path / "village"
    ListCache.open(folder, root, b"x: 1\n", clock=lambda: late).keep("ismap", st, b"", copy)
    reopened = ListCache.open(folder, root, b"x: 1\n")
    assert reopened.kept("ismap", stamp) == copy
    assert reopened.kept("ismap-liu", stamp) is None  # nothing kept
    for changed in (
        stamp._replace(size=stamp.size + 1),
        stamp._replace(mtime_ns=stamp.mtime_ns - 1),
        stamp._replace(ctime_ns=stamp.ctime_ns + 1),
        stamp._replace(inode=stamp.inode + 1),
    ):
        assert reopened.kept("ismap", changed) is None, changed
    # Another yakkan.yaml (or version, code, Python): another key, nothing kept.
    assert ListCache.open(folder, root, b"x: 2\n").kept("ismap", stamp) is None
    # Kept while the file was racily new: never given back.
    racy = max(st.st_mtime_ns, st.st_ctime_ns) + RACY_SLACK_NS
    ListCache.open(folder, root, b"x: 1\n", clock=lambda: racy).keep("ismap", st, b"", copy)
    assert ListCache.open(folder, root, b"x: 1\n").kept("ismap", stamp) is None
