"""The pure replay checks of rules/audit.py, from tables (no git, no files)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import yaml

from tests.village import CONFIG
from yakkan_cli.model import Config, Policy, Record
from yakkan_cli.rules.audit import (
    CommitInfo,
    RecordVersion,
    attachments_to_check,
    changed_sections,
    check_version,
)

SHA = "a" * 40
CONF = Config.model_validate(yaml.safe_load(CONFIG))
SIGNED = CONF.model_copy(update={"policy": Policy(signed_approvals=True)})

BASE: dict[str, Any] = {
    "id": "somu-drive",
    "department": "somu",
    "state": "applied",
    "service": {"provider": "P", "name": "N", "description": "D", "category": "other"},
    "application": {
        "applicant": "yamada",
        "applied_on": "2026-03-20",
        "purpose": "会議",
        "period": {"start": "2026-04-01"},
        "administrator": "suzuki",
        "department_head": "tanaka",
        "information": [{"name": "資料", "class": 3, "personal": False}],
        "users": ["職員"],
        "users_count": 3,
        "attachments": [
            {"kind": "terms", "path": "attachments/somu-drive/t.pdf", "sha256": "0" * 64}
        ],
    },
    "checks": [{"item": i, "applicant": "ok"} for i in range(1, 9)],
}
APPROVAL = {"approved_by": "sato", "approved_on": "2026-04-01"}
TERMINATION = {
    "applicant": "suzuki",
    "filed_on": "2026-06-01",
    "reason": "移行",
    "end_on": "2026-06-30",
    "information": [{"name": "資料", "class": 3, "personal": False}],
    "users": ["職員"],
    "users_count": 3,
    "approved_by": "sato",
    "approved_on": "2026-07-01",
}


def record(**changes: Any) -> Record:
    data = {**BASE, **changes}
    return Record.model_validate(data)


def commit(
    author: str = "sato",
    action: str | None = None,
    *,
    on: str = "2026-04-01",
    parents: int = 1,
    signature: str = "N",
    **trailers: str,
) -> CommitInfo:
    found = {"Yakkan-Action": action} if action else {}
    found |= {f"Yakkan-{k.capitalize()}": v for k, v in trailers.items()}
    return CommitInfo(
        sha=SHA,
        parents=tuple("b" * 40 for _ in range(parents)),
        author_email=f"{author}@example.jp",
        author_date=datetime.fromisoformat(f"{on}T10:00:00+09:00"),
        subject="s",
        trailers=found,
        signature=signature,
    )


def rules(
    c: CommitInfo, before: Record | None, after: Record | None, config: Config = CONF
) -> list[str]:
    path = "records/somu/somu-drive.yaml"
    version = RecordVersion(
        "somu-drive", path if before else None, path if after else None, before, after
    )
    return sorted(f.rule for f in check_version(c, version, config, config))


APPLIED = record()
MARKED = record(checks=[{"item": i, "applicant": "ok", "responsible": "ok"} for i in range(1, 9)])
APPROVED = record(state="approved", checks=MARKED.model_dump()["checks"], approval=APPROVAL)
ACTIVE = record(state="active", checks=MARKED.model_dump()["checks"], approval=APPROVAL)
TERMINATED = record(
    state="terminated",
    checks=MARKED.model_dump()["checks"],
    approval=APPROVAL,
    termination=TERMINATION,
)


@pytest.mark.parametrize(
    ("c", "before", "after", "expected"),
    [
        (commit("yamada", "apply"), None, APPLIED, []),
        (commit("sato", "check"), APPLIED, MARKED, []),
        (commit("yamada", "check"), APPLIED, MARKED, ["S5.2"]),  # applicant in the other column
        (commit("tanaka", "check"), APPLIED, MARKED, ["S5.2"]),  # the head never double-checks
        (commit("sato", "approve"), MARKED, APPROVED, []),
        (commit("sato"), MARKED, APPROVED, ["D4"]),  # state change without a trailer
        (commit("sato", "frobnicate"), MARKED, APPROVED, ["D4"]),  # unknown action
        # Not a manager (and the approval names sato, who did not commit it).
        (commit("yamada", "approve"), MARKED, APPROVED, ["S3.1", "S5.3"]),
        (commit("tanaka", "approve"), MARKED, APPROVED, ["S3.1", "S5.3"]),  # the head (S5.2)
        (commit("sato", "approve"), MARKED, ACTIVE, ["D4"]),  # applied → active directly
        (commit("sato", "approve", service="other"), MARKED, APPROVED, ["D4"]),
        (commit("sato", "approve", actor="yamada"), MARKED, APPROVED, ["D4"]),
        (commit("sato", "check"), MARKED, APPROVED, ["D4"]),  # check cannot approve
        (commit("stranger"), APPLIED, MARKED, ["S3.1"]),  # unknown identity
        (
            commit("sato"),
            APPROVED,
            APPROVED.model_copy(
                update={"service": APPLIED.service.model_copy(update={"name": "別"})}
            ),
            ["S5.3"],
        ),
        (commit("sato", "dispose", on="2029-07-01"), TERMINATED, None, []),
        (commit("sato", "dispose", on="2029-06-29"), TERMINATED, None, ["S5.4"]),
        (commit("yamada", "dispose", on="2030-01-01"), TERMINATED, None, ["S3.1"]),
        (commit("sato", "dispose"), ACTIVE, None, ["D4", "S5.4"]),
        (commit("yamada", parents=2), MARKED, APPROVED, []),  # a merge is not an action
    ],
)
def test_check_version(
    c: CommitInfo, before: Record | None, after: Record | None, expected: list[str]
) -> None:
    assert rules(c, before, after) == expected


@pytest.mark.parametrize(
    ("signature", "expected"),
    [("G", []), ("N", ["S5.3"]), ("U", ["S5.3"]), ("B", ["S5.3"]), ("E", ["S5.3"])],
)
def test_signed_approvals(signature: str, expected: list[str]) -> None:
    c = commit("sato", "approve", signature=signature)
    assert rules(c, MARKED, APPROVED, SIGNED) == expected
    assert rules(c, MARKED, APPROVED, CONF) == []


def test_attachment_swapped() -> None:
    path = "attachments/somu-drive/t.pdf"
    version = RecordVersion(
        "somu-drive", "r", "r", APPROVED, APPROVED, attachments={path: "f" * 64}
    )
    assert [f.rule for f in check_version(commit(), version, CONF, CONF)] == ["S5.1.5"]
    gone = RecordVersion("somu-drive", "r", "r", APPROVED, APPROVED, attachments={path: None})
    assert [f.rule for f in check_version(commit(), gone, CONF, CONF)] == ["S5.1.5"]
    assert attachments_to_check(
        RecordVersion("somu-drive", "r", "r", APPROVED, APPROVED), [path]
    ) == {path: "0" * 64}
    assert attachments_to_check(RecordVersion("somu-drive", "r", "r", APPROVED, APPROVED), []) == {}


def test_changed_sections() -> None:
    assert changed_sections(APPLIED, MARKED) == ["checks"]
    assert changed_sections(MARKED, APPROVED) == ["approval"]
    assert changed_sections(None, None) == []
