"""`dump_since` is `record_data`, value for value, whatever the record shares with the
version before it: the replay dumps only what changed and must never see other data."""

from __future__ import annotations

from typing import Any

from tests.test_version_reader import APPROVED, BACKUP
from yakkan_cli.actions.audit.state import dump_since
from yakkan_cli.model import Record
from yakkan_cli.rules.audit import record_data
from yakkan_cli.store.yaml import VersionReader

REVIEW = "reviews:\n- 'on': '2020-0{m}-15'\n  by: sato\n  decision: continue\n"


def _versions() -> list[str]:
    grown = APPROVED + BACKUP.format(m=3)
    return [
        APPROVED,
        grown,
        grown + BACKUP.format(m=4),
        grown.replace("state: approved", "state: active") + BACKUP.format(m=4),
        grown.replace(
            "location: 庁内サーバ\n- 'on': '2020-03-01'", "location: 別サーバ\n- 'on': '2020-03-01'"
        ),
        grown.replace("approved_by: sato", "approved_by: tanaka"),
        grown.replace("backups:", REVIEW.format(m=2) + "backups:"),
        APPROVED,
        grown + BACKUP.format(m=5) + BACKUP.format(m=6),
    ]


def test_each_version_dumps_as_record_data_and_shares_what_did_not_change() -> None:
    reader = VersionReader()
    before: Record | None = None
    before_data: dict[str, Any] | None = None
    shared = 0
    for text in _versions():
        record = reader.parse_model(Record, text, "records/somu/svc-00003.yaml")
        data = dump_since(record, before, before_data)
        assert data == record_data(record), text
        assert list(data) == list(record_data(record))
        if before_data is not None:
            shared += sum(data[k] is before_data[k] for k in data if isinstance(data[k], dict))
            if data["backups"] and before_data["backups"]:
                shared += data["backups"][0] is before_data["backups"][0]
        before, before_data = record, data
    assert shared > 0  # the dumps of unchanged parts were taken, not made again


def test_no_version_before_dumps_it_whole() -> None:
    record = VersionReader().parse_model(Record, APPROVED, "r.yaml")
    assert dump_since(record, None, None) == record_data(record)
    assert dump_since(record, record, None) == record_data(record)
