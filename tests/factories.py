"""Builders of Config and Record objects for the pure-rule tests (no I/O)."""

from __future__ import annotations

from typing import Any

from yakkan_cli.model import Config, Record

CONFIG: dict[str, Any] = {
    "schema_version": 1,
    "organization": "恩納村",
    "people": [
        {"id": "yamada", "name": "山田 太郎", "email": "yamada@example.jp"},
        {"id": "sato", "name": "佐藤 花子", "email": "sato@example.jp"},
        {"id": "tanaka", "name": "田中 一郎", "email": "tanaka@example.jp"},
        {"id": "suzuki", "name": "鈴木 次郎", "email": "suzuki@example.jp"},
        {"id": "takahashi", "name": "高橋 美咲", "email": "takahashi@example.jp"},
    ],
    "departments": [
        # tanaka is the head and, to test independence, also listed as responsible.
        {"id": "somu", "name": "総務課", "head": "tanaka", "responsible": ["sato", "tanaka"]},
        {"id": "kikaku", "name": "企画課", "head": "suzuki", "responsible": ["takahashi"]},
    ],
}

SHA = "0" * 64


def config(**policy: Any) -> Config:
    data = dict(CONFIG)
    if policy:
        data["policy"] = policy
    return Config.model_validate(data)


def all_checks(applicant: str = "ok", responsible: str = "ok", count: int = 8) -> list[Any]:
    return [
        {"item": i, "applicant": applicant, "responsible": responsible} for i in range(1, count + 1)
    ]


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Nested override: `application={"alternative": None}` changes one field only."""
    out = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def record_data(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema_version": 1,
        "id": "somu-drive",
        "department": "somu",
        "state": "applied",
        "service": {
            "provider": "Google LLC",
            "name": "Google ドライブ",
            "description": "会議資料の共有",
            "category": "file_storage",
        },
        "application": {
            "applicant": "yamada",
            "applied_on": "2026-03-20",
            "purpose": "会議資料の事前共有",
            "period": {"start": "2026-04-01"},
            "administrator": "suzuki",
            "department_head": "tanaka",
            "information": [{"name": "会議資料", "class": 3, "personal": False}],
            "users": ["総務課 職員"],
            "users_count": 5,
            "alternative": "庁内ファイルサーバ",
            "attachments": [
                {"kind": "signup", "path": "attachments/somu-drive/signup.png", "sha256": SHA},
                {"kind": "terms", "path": "attachments/somu-drive/terms.pdf", "sha256": SHA},
            ],
        },
        "checks": all_checks(),
    }
    return _merge(base, overrides)


def record(**overrides: Any) -> Record:
    return Record.model_validate(record_data(**overrides))


def termination(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "applicant": "suzuki",
        "filed_on": "2027-03-01",
        "reason": "契約終了",
        "end_on": "2027-03-31",
        "information": [{"name": "会議資料", "class": 3, "personal": False}],
        "users": ["総務課 職員"],
        "users_count": 5,
        "attachments": [
            {"kind": "agreement", "path": "attachments/somu-drive/a.png", "sha256": SHA},
            {"kind": "deletion", "path": "attachments/somu-drive/d.png", "sha256": SHA},
        ],
        "checks": all_checks(count=4),
        "previous_state": "active",
    }
    return _merge(base, overrides)


APPROVAL = {"approved_by": "sato", "approved_on": "2026-04-01"}
