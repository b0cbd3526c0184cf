"""ISMAP snapshots, pure: the lookup, validity, age, the 1年4か月 period (issue 22.3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from yakkan_cli.model import Config
from yakkan_cli.model.ismap import Snapshot
from yakkan_cli.rules.ismap import (
    find_registration,
    is_stale,
    is_valid_on,
    registration_key,
    snapshot_age,
    valid_until_from_audit_end,
)
from yakkan_cli.store.ismap import dump_snapshot, parse_snapshot


def snapshot(*entries: dict[str, Any], retrieved: str = "2026-12-01") -> Snapshot:
    return Snapshot.model_validate(
        {
            "manifest": {
                "list": "ismap",
                "retrieved_on": retrieved,
                "file": "list.csv",
                "format": "csv",
                "sha256": "0" * 64,
                "imported_by": "higa",
                "imported_on": "2026-12-02",
                "normaliser": 1,
            },
            "entries": list(entries),
        }
    )


ENTRY = {
    "registration": "C21-0012-2",
    "service": "クラウドメール",
    "provider": "株式会社例",
    "registered_on": "2025-04-01",
    "valid_until": "2027-08-31",
}


@pytest.mark.parametrize(
    "asked",
    ["C21-0012-2", " C21-0012-2 ", "Ｃ２１－００１２－２", "c21-0012-2", "C21\u22120012\u22122"],
)
def test_a_registration_is_found_however_it_is_typed(asked: str) -> None:
    found = find_registration(snapshot(ENTRY), asked)
    assert found is not None and found.registration == "C21-0012-2"


@pytest.mark.parametrize("asked", ["C21-0012-3", "", "   ", "C21-0012"])
def test_another_number_is_not_found(asked: str) -> None:
    assert find_registration(snapshot(ENTRY), asked) is None


def test_registration_key_is_nfkc_trimmed_upper() -> None:
    assert registration_key("　ｌ２２－０００３－１　") == "L22-0003-1"


@pytest.mark.parametrize(
    ("day", "valid"),
    [
        (date(2025, 3, 31), False),  # before it was registered
        (date(2025, 4, 1), True),
        (date(2027, 8, 31), True),  # its last day
        (date(2027, 9, 1), False),
    ],
)
def test_validity_on_a_day(day: date, valid: bool) -> None:
    entry = find_registration(snapshot(ENTRY), "C21-0012-2")
    assert entry is not None
    assert is_valid_on(entry, day) is valid


def test_age_counts_from_the_retrieval_day() -> None:
    snap = snapshot(retrieved="2026-09-08")
    assert snapshot_age(snap, date(2026, 12, 7)) == 90
    assert not is_stale(snap, date(2026, 12, 7), 90)
    assert is_stale(snap, date(2026, 12, 8), 90)


@pytest.mark.parametrize(
    ("audit_end", "valid_until"),
    [
        # 「監査対象期間末日の翌日から1年4か月」, counted as 民法第143条 counts months.
        (date(2025, 3, 31), date(2026, 7, 31)),
        (date(2025, 6, 15), date(2026, 10, 15)),
        (date(2025, 12, 31), date(2027, 4, 30)),
        (date(2025, 10, 30), date(2027, 2, 28)),  # 10-31 + 16 months: no 02-31
        (date(2026, 10, 30), date(2028, 2, 29)),  # a leap year's February
        (date(2026, 10, 27), date(2028, 2, 27)),
    ],
)
def test_valid_until_from_the_audit_period(audit_end: date, valid_until: date) -> None:
    assert valid_until_from_audit_end(audit_end) == valid_until


def test_a_snapshot_reads_back_as_dumped() -> None:
    snap = snapshot(ENTRY, {**ENTRY, "registration": "C22-0100-1", "note": "備考\nあり"})
    assert parse_snapshot(dump_snapshot(snap), "snapshot.yaml") == snap


def test_a_snapshot_refuses_a_number_with_blanks() -> None:
    with pytest.raises(ValidationError):
        snapshot({**ENTRY, "registration": "C21 0012"})


def _config(**extra: Any) -> Config:
    return Config.model_validate(
        {
            "schema_version": 1,
            "organization": "村",
            "people": [{"id": "higa", "name": "比嘉", "email": "higa@example.jp"}],
            "departments": [
                {"id": "somu", "name": "総務課", "head": "higa", "responsible": ["higa"]}
            ],
            **extra,
        }
    )


def test_security_administrators_must_be_people() -> None:
    assert _config(security_administrators=["higa"]).problems() == []
    problems = _config(security_administrators=["nobody"]).problems()
    assert [loc for loc, _ in problems] == [("security_administrators", 0)]


def test_the_snapshot_age_limit_defaults_to_ninety_days() -> None:
    assert _config().policy.ismap_snapshot_max_age_days == 90
    assert _config().security_administrators == []


# --- I1, I2 (rules/audit/ismap.py), pure ---------------------------------------------------


def _commit(email: str = "higa@example.jp", **extra: Any) -> Any:
    from datetime import datetime, timedelta, timezone

    from yakkan_cli.rules.audit.facts import CommitInfo

    trailers = {"Yakkan-Action": "ismap-import", "Yakkan-Actor": "higa"}
    when = datetime(2026, 12, 2, 10, tzinfo=timezone(timedelta(hours=9)))
    return CommitInfo("c0ffee", ("base",), email, when, "s", trailers, committer_date=when, **extra)


def _at(snap: Snapshot | None, made: Snapshot | None, sha: str | None = "0" * 64) -> Any:
    from yakkan_cli.model.ismap import IsmapList
    from yakkan_cli.rules.audit.ismap import ListAtCommit

    paths = (".yakkan/ismap/ismap/snapshot.yaml",)
    return ListAtCommit(IsmapList.ISMAP, paths, snap, source_sha256=sha, recomputed=made)


def test_an_honest_import_has_no_finding() -> None:
    from yakkan_cli.rules.audit.ismap import importer_findings, snapshot_findings

    snap = snapshot(ENTRY)
    lists = [_at(snap, snap)]
    config = _config(security_administrators=["higa"])
    assert snapshot_findings(_commit(), lists) == []
    assert importer_findings(_commit(), config, lists, date(2026, 12, 7)) == []


def test_a_moved_expiry_is_named_with_both_values() -> None:
    from yakkan_cli.rules.audit.ismap import snapshot_findings

    doctored = snapshot({**ENTRY, "valid_until": "2028-08-31"})
    (finding,) = snapshot_findings(_commit(), [_at(doctored, snapshot(ENTRY))])
    assert finding.rule == "I2" and finding.path == ".yakkan/ismap/ismap/snapshot.yaml"
    assert "C21-0012-2 の valid_until が「2028-08-31」（元のファイルからは「2027-08-31」）" in (
        finding.message
    )


@pytest.mark.parametrize(
    ("found", "made", "words"),
    [
        ((ENTRY, {**ENTRY, "registration": "C99-0001-1"}), (ENTRY,), "元のファイルにない"),
        ((ENTRY,), (ENTRY, {**ENTRY, "registration": "C99-0001-1"}), "元のファイルにある"),
    ],
)
def test_an_entry_added_or_dropped(found: Any, made: Any, words: str) -> None:
    from yakkan_cli.rules.audit.ismap import snapshot_findings

    (finding,) = snapshot_findings(_commit(), [_at(snapshot(*found), snapshot(*made))])
    assert words in finding.message and "C99-0001-1" in finding.message


def test_a_source_that_is_not_the_manifests() -> None:
    from yakkan_cli.rules.audit.ismap import snapshot_findings

    snap = snapshot(ENTRY)
    (finding,) = snapshot_findings(_commit(), [_at(snap, snap, sha="1" * 64)])
    assert finding.path == ".yakkan/ismap/ismap/source.csv" and "sha256" in finding.message
    (missing,) = snapshot_findings(_commit(), [_at(snap, None, sha=None)])
    assert "ありません" in missing.message


@pytest.mark.parametrize(
    ("email", "trailers", "words"),
    [
        ("yamada@example.jp", None, "情報セキュリティ管理者"),
        ("higa@example.jp", {}, "yakkan ismap import を通さずに"),
        ("higa@example.jp", {"Yakkan-Action": "ismap-import", "Yakkan-Actor": "x"}, "Actor"),
    ],
)
def test_who_imported(email: str, trailers: dict[str, str] | None, words: str) -> None:
    import dataclasses

    from yakkan_cli.rules.audit.ismap import importer_findings

    config = _config(security_administrators=["higa"])
    config.people.append(config.people[0].model_copy(update={"id": "yamada", "email": email}))
    commit = _commit(email)
    if trailers is not None:
        commit = dataclasses.replace(commit, trailers=trailers)
    snap = snapshot(ENTRY)
    found = importer_findings(commit, config, [_at(snap, snap)], date(2026, 12, 7))
    assert any(f.rule == "I1" and words in f.message for f in found), found


def test_an_unsigned_import_where_signatures_are_required() -> None:
    from yakkan_cli.rules.audit.ismap import importer_findings

    config = _config(security_administrators=["higa"], policy={"signed_actions": True})
    snap = snapshot(ENTRY)
    (finding,) = importer_findings(_commit(), config, [_at(snap, snap)], date(2026, 12, 7))
    assert finding.rule == "I1" and "署名がありません" in finding.message
    signed = _commit(signature="G", signer="higa@example.jp")
    assert importer_findings(signed, config, [_at(snap, snap)], date(2026, 12, 7)) == []


def test_an_import_dated_off_its_commit() -> None:
    from yakkan_cli.rules.audit.ismap import importer_findings

    config = _config(security_administrators=["higa"])
    snap = snapshot(ENTRY)
    snap.manifest.imported_on = date(2026, 11, 1)  # and so before it was retrieved
    found = importer_findings(_commit(), config, [_at(snap, snap)], date(2026, 12, 7))
    assert ["imported_on 2026-11-01" in f.message for f in found] == [True, False]
    assert "retrieved_on 2026-12-01" in found[1].message
