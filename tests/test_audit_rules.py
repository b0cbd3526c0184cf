"""The pure replay checks of rules/audit/, from tables (no git, no files).

The helpers here build one record's step (`step`) and the commit that made it (`commit`);
the other `test_audit_rules_*.py` files use them for their own rule families.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pytest

from tests.factories import APPROVAL, config, record, termination
from yakkan_cli.model import Config, Record
from yakkan_cli.rules.audit import (
    CommitInfo,
    RecordVersion,
    attachments_to_check,
    changed_sections,
    check_version,
)

SHA = "a" * 40
PATH = "records/somu/somu-drive.yaml"
CONF = config()
SIGNED = config(signed_approvals=True)


def commit(
    author: str = "sato",
    action: str | None = None,
    *,
    on: str = "2026-04-01",
    committed: str | None = None,
    arrived: str | None = None,
    parents: int = 1,
    signature: str = "N",
    names: Sequence[str] | None = None,
    drop: Sequence[str] = (),
    **trailers: str,
) -> CommitInfo:
    """A commit by `author` on day `on` (author date), carrying `action` with the trailers
    yakkan writes (`drop` leaves some out; keyword arguments override them)."""
    found = (
        {"Yakkan-Action": action, "Yakkan-Service": "somu-drive", "Yakkan-Actor": author}
        if action
        else {}
    )
    found |= {f"Yakkan-{k.capitalize()}": v for k, v in trailers.items()}
    for key in drop:
        found.pop(key, None)
    return CommitInfo(
        sha=SHA,
        parents=tuple("b" * 40 for _ in range(parents)),
        author_email=f"{author}@example.jp",
        author_date=_at(on),
        subject="s",
        trailers=found,
        signature=signature,
        committer_date=_at(committed) if committed else None,
        arrived=_at(arrived) if arrived else None,
        action_names=tuple(names if names is not None else ([action] if action else [])),
    )


def _at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T10:00:00+09:00")


def step(before: Record | None, after: Record | None) -> RecordVersion:
    return RecordVersion(
        "somu-drive", PATH if before else None, PATH if after else None, before, after
    )


def rules(
    c: CommitInfo,
    before: Record | None,
    after: Record | None,
    conf: Config = CONF,
    **options: Any,
) -> list[str]:
    return sorted(f.rule for f in check_version(c, step(before, after), conf, conf, **options))


def messages(
    c: CommitInfo, before: Record | None, after: Record | None, **options: Any
) -> list[str]:
    return [f.message for f in check_version(c, step(before, after), CONF, CONF, **options)]


def marks(applicant: str | None = "ok", responsible: str | None = "ok", count: int = 8) -> Any:
    return [
        {
            k: v
            for k, v in (("item", i), ("applicant", applicant), ("responsible", responsible))
            if v
        }
        for i in range(1, count + 1)
    ]


# The life of one record as yakkan's own commands write it.
APPLIED = record(checks=[{"item": i} for i in range(1, 9)])
MARKED_A = record(checks=marks(responsible=None))
MARKED = record()
APPROVED = record(state="approved", approval=APPROVAL)
ACTIVE = record(
    state="active",
    approval={**APPROVAL, "risk_acknowledged_by": "suzuki", "risk_acknowledged_on": "2026-04-01"},
)
TERMINATED = record(
    state="terminated",
    approval=ACTIVE.model_dump(mode="json")["approval"],
    termination=termination(approved_by="sato", approved_on="2027-04-01"),
)
# (2027-03-31 end, approved 2027-04-01: retained until 2030-04-01.)


@pytest.mark.parametrize(
    ("c", "before", "after", "expected"),
    [
        (commit("yamada", "apply", on="2026-03-20"), None, APPLIED, []),
        (commit("yamada", "check", on="2026-03-20"), APPLIED, MARKED_A, []),
        (commit("sato", "check", on="2026-03-25"), MARKED_A, MARKED, []),
        (commit("yamada", "check"), MARKED_A, MARKED, ["S5.2"]),  # applicant in the other column
        (commit("tanaka", "check"), MARKED_A, MARKED, ["S5.2"]),  # the head never double-checks
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
        (commit("stranger"), MARKED_A, MARKED, ["A3", "S3.1"]),  # unknown identity, no action
        (
            commit("sato", "edit"),
            APPROVED,
            APPROVED.model_copy(
                update={"service": APPLIED.service.model_copy(update={"name": "別"})}
            ),
            ["D4", "S5.3"],  # edit only while the form is pending
        ),
        (
            commit("sato"),
            APPROVED,
            APPROVED.model_copy(
                update={"service": APPLIED.service.model_copy(update={"name": "別"})}
            ),
            ["A3", "S5.3"],  # no action, and approved content changed
        ),
        (commit("sato", "dispose", on="2030-04-01"), TERMINATED, None, []),
        (commit("sato", "dispose", on="2030-03-31"), TERMINATED, None, ["S5.4"]),
        (commit("yamada", "dispose", on="2030-05-01"), TERMINATED, None, ["S3.1"]),
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


def test_signed_actions_ask_for_the_approval_signature_too() -> None:
    signed = config(signed_actions=True)
    assert rules(commit("sato", "approve"), MARKED, APPROVED, signed) == ["S5.3"]


def test_attachment_swapped() -> None:
    path = "attachments/somu-drive/terms.pdf"
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
    assert changed_sections(MARKED_A, MARKED) == ["checks"]
    assert changed_sections(MARKED, APPROVED) == ["approval"]
    assert changed_sections(None, None) == []


def test_retention_counts_from_the_day_the_approval_reached_the_mainline() -> None:
    # Approved 2027-04-01 on a branch, merged 2027-06-01: kept until 2030-06-01 (A6, S5.4).
    c = commit("sato", "dispose", on="2030-05-01")
    assert rules(c, TERMINATED, None) == []
    assert rules(c, TERMINATED, None, approval_arrived=date(2027, 6, 1)) == ["S5.4"]
    later = commit("sato", "dispose", on="2030-06-01")
    assert rules(later, TERMINATED, None, approval_arrived=date(2027, 6, 1)) == []


def test_a_removal_is_dated_by_the_mainline() -> None:
    # Committed in time by its own (forged) dates, merged too early: the merge's day counts.
    early = commit("sato", "dispose", on="2030-05-01", committed="2030-05-01", arrived="2029-01-01")
    assert rules(early, TERMINATED, None) == ["S5.4"]
    # The author date is anyone's to set; the committer date is the commit's.
    forged = commit("sato", "dispose", on="2031-01-01", committed="2029-01-01")
    assert rules(forged, TERMINATED, None) == ["S5.4"]


def test_a_commit_with_facts_is_replace() -> None:
    """`CommitInfo.with_facts`, the replay's quick `dataclasses.replace`: the same commit,
    equal field for field, the original untouched; a field it does not have is refused."""
    from dataclasses import replace

    base = commit("sato", "approve", on="2026-04-01")
    facts = {"arrived": _at("2026-04-02"), "signature": "G", "signer": "sato@example.jp"}
    assert base.with_facts(**facts) == replace(base, **facts)
    assert base.arrived is None and base.signature == "N"
    with pytest.raises(TypeError):
        base.with_facts(arrival=_at("2026-04-02"))
