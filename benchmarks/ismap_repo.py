"""The village of the benchmark that uses the full track (自治体機密性): N records classified
on 自治体機密性 whose services name a registration of the ISMAP list, and that list imported.

The records are `records_repo`'s (three years of operations each), classified 自治体機密性2
with a registration each: most of them in the list and valid long after `AS_OF`, every
seventh ending within `warn_days` of it (a task of the department's managers), every
eleventh missing from the list. The list's snapshot (400 entries, as yakkan's own
`dump_snapshot` writes it) was retrieved long enough before `AS_OF` to be due for a new
import (the security administrator's task), and its source file is the one its manifest
names (sha256), so that `validate` finds nothing to say of it.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import records_repo
from measure import git
from records_repo import AS_OF, DEPARTMENTS, VARIANTS

from yakkan_cli.model import Record
from yakkan_cli.model.ismap import Entry, Manifest, Snapshot, snapshot_path, source_path
from yakkan_cli.store.ismap import dump_snapshot
from yakkan_cli.store.repo import dump_record

ENTRIES = 400
RETRIEVED = "2029-01-05"  # 90 days later is 2029-04-05: within warn_days (14) of AS_OF
CONFIG = (
    records_repo.CONFIG + "classification: {scheme: jichitai}\nsecurity_administrators: [p00]\n"
)


def registration(k: int) -> str:
    return f"C21-{k:04d}-1"


def _entry(k: int) -> Entry:
    # Every seventh ends within warn_days of AS_OF; the others a year after it.
    until = date(2029, 4, 10) if k % 7 == 0 else date(2030, 3, 31)
    return Entry.model_validate(
        {
            "registration": registration(k),
            "service": f"サービス {k}",
            "provider": "提供会社",
            "registered_on": "2022-04-01",
            "valid_until": until.isoformat(),
        }
    )


def _record(department: str, index: int, variant: int, k: int) -> str:
    data = records_repo.record_data(department, index, variant)
    data["id"] = "bench-placeholder"
    data["scheme"] = "jichitai"
    data["application"]["information"] = [{"name": "会議資料", "class": 2, "personal": False}]
    # Every eleventh names a number the list does not hold.
    number = "C29-9999-9" if k % 11 == 0 else registration(k % ENTRIES)
    data["service"]["ismap"] = {"list": "ismap", "registration": number}
    return dump_record(Record.model_validate(data))


def build(root: Path, n: int) -> None:
    """Write and commit the village of `n` records and its imported list at `root`."""
    root.mkdir(parents=True)
    (root / "yakkan.yaml").write_text(CONFIG, encoding="utf-8")
    for k in range(n):
        i = k % len(DEPARTMENTS)
        department = DEPARTMENTS[i]
        service_id = f"{department}-svc{k:05d}"
        text = _record(department, i, k % VARIANTS, k).replace("bench-placeholder", service_id, 1)
        folder = root / "records" / department
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{service_id}.yaml").write_text(text, encoding="utf-8")
    source = "登録番号,クラウドサービス名称,事業者名,登録日,有効期限\r\n".encode() + b"".join(
        f"{registration(k)},サービス {k},提供会社,2022/04/01,2030/03/31\r\n".encode()
        for k in range(ENTRIES)
    )
    manifest = Manifest.model_validate(
        {
            "list": "ismap",
            "retrieved_on": RETRIEVED,
            "file": "ismap.csv",
            "format": "csv",
            "sha256": hashlib.sha256(source).hexdigest(),
            "imported_by": "p00",
            "imported_on": RETRIEVED,
            "normaliser": 1,
        }
    )
    snapshot = Snapshot(manifest=manifest, entries=[_entry(k) for k in range(ENTRIES)])
    (root / snapshot_path("ismap")).parent.mkdir(parents=True)
    (root / snapshot_path("ismap")).write_text(dump_snapshot(snapshot), encoding="utf-8")
    (root / source_path("ismap", "csv")).write_bytes(source)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "gc.auto", "0")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"bench: {n} records on 自治体機密性, the ISMAP list imported")


def some_id(n: int) -> str:
    return records_repo.some_id(n)


assert AS_OF == "2029-04-01"  # RETRIEVED and the ending registrations are chosen for it
