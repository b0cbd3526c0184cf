"""The records repositories of the benchmark: N services with three years of operations.

Each of the N records (ten departments, twelve distinct approval dates; records of one
variant differ only in their id) carries three years of monthly backups and purpose checks
and quarterly reviews, is written by the project's own `dump_record` (so it is exactly what
yakkan itself would write), and all of them are committed in one git commit.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from measure import git

from yakkan_cli.model import Record
from yakkan_cli.rules.schedule import add_months
from yakkan_cli.store.repo import dump_record

AS_OF = "2029-04-01"  # the day `due` is asked about: after the three years of operations
DEPARTMENTS = [f"dept{i:02d}" for i in range(10)]
VARIANTS = 12  # distinct approval dates; records of one variant differ only in their id

CONFIG = "\n".join(
    [
        "schema_version: 1",
        "organization: ベンチマーク村",
        "people:",
        *(
            f"  - {{id: p{i:02d}, name: 職員 {i:02d}, email: p{i:02d}@example.jp}}"
            for i in range(20)
        ),
        "departments:",
        *(
            f"  - {{id: {d}, name: 課{i:02d}, head: p{i:02d}, responsible: [p{i + 10:02d}]}}"
            for i, d in enumerate(DEPARTMENTS)
        ),
        "",
    ]
)


def template(department: str, index: int, variant: int) -> str:
    """The YAML of one record, as `dump_record` writes it, with a placeholder id."""
    return dump_record(Record.model_validate(record_data(department, index, variant)))


def record_data(department: str, index: int, variant: int) -> dict[str, Any]:
    """One record's data (`template` writes it; benchmarks/ismap_repo.py changes it)."""
    approved = date(2026, 1 + variant % 12, 1 + (variant * 5) % 28)
    admin = f"p{index:02d}"
    record: dict[str, Any] = {
        "id": "bench-placeholder",
        "department": department,
        "state": "active",
        "service": {
            "provider": "提供会社",
            "name": f"サービス {variant}",
            "description": "ベンチマーク用のサービス",
            "category": "file_storage",
            "data_location": "domestic",
        },
        "application": {
            "applicant": admin,
            "applied_on": approved.isoformat(),
            "purpose": "会議資料の共有",
            "period": {"start": approved.isoformat(), "end": "2030-03-31"},
            "administrator": admin,
            "department_head": f"p{index:02d}",
            "information": [{"name": "会議資料", "class": 3, "personal": False}],
            "users": ["職員", "委員"],
            "users_count": 10,
            "alternative": "庁内ファイルサーバ",
        },
        "checks": [{"item": i, "applicant": "ok", "responsible": "ok"} for i in range(1, 9)],
        "approval": {
            "approved_by": f"p{index + 10:02d}",
            "approved_on": approved.isoformat(),
            "risk_acknowledged_by": admin,
            "risk_acknowledged_on": approved.isoformat(),
        },
        "reviews": [
            {"on": add_months(approved, 3 * m).isoformat(), "by": admin, "note": "変更なし"}
            for m in range(1, 13)
        ],
        "purpose_checks": [
            {"on": add_months(approved, m).isoformat(), "by": admin, "matches": True}
            for m in range(1, 37)
        ],
        "backups": [
            {
                "on": add_months(approved, m).isoformat(),
                "by": admin,
                "method": "エクスポート",
                "location": "庁内ファイルサーバ",
            }
            for m in range(1, 37)
        ],
    }
    return record


def build(root: Path, n: int) -> None:
    """Write and commit a repository of `n` records at `root` (which must not exist)."""
    root.mkdir(parents=True)
    (root / "yakkan.yaml").write_text(CONFIG, encoding="utf-8")
    templates = {
        (d, v): template(d, i, v) for i, d in enumerate(DEPARTMENTS) for v in range(VARIANTS)
    }
    for k in range(n):
        department = DEPARTMENTS[k % len(DEPARTMENTS)]
        service_id = f"{department}-svc{k:05d}"
        text = templates[(department, k % VARIANTS)].replace("bench-placeholder", service_id, 1)
        folder = root / "records" / department
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{service_id}.yaml").write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "gc.auto", "0")  # no background gc in the middle of a timing
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"bench: {n} records")


def some_id(n: int) -> str:
    """The id of a record in the middle of a repository of `n`, for `show ONE-ID`."""
    k = n // 2
    return f"{DEPARTMENTS[k % len(DEPARTMENTS)]}-svc{k:05d}"
