"""`record_problems` names every reference to a person yakkan.yaml does not know, at its
place, however many known references the record holds (the audit asks it of every version
of every record, and first asks only whether anyone named is unknown)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import APPROVAL, config, record
from yakkan_cli.rules.consistency import record_problems

BACKUP = {"on": "2026-05-01", "by": "suzuki", "method": "エクスポート", "location": "庁内"}


def _unknown(**overrides: Any) -> list[tuple[Any, ...]]:
    found = record_problems(
        record(**{"state": "approved", "approval": APPROVAL, **overrides}),
        config(),
        stem="somu-drive",
        folder="somu",
    )
    return [loc for loc, _ in found]


def test_a_record_naming_only_known_people_has_no_problem() -> None:
    assert _unknown(backups=[BACKUP] * 30) == []


@pytest.mark.parametrize(
    ("overrides", "where"),
    [
        ({"backups": [BACKUP] * 30 + [{**BACKUP, "by": "nobody"}]}, ("backups", 30, "by")),
        ({"backups": [{**BACKUP, "by": "nobody"}] + [BACKUP] * 3}, ("backups", 0, "by")),
        ({"application": {"administrator": "nobody"}}, ("application", "administrator")),
        ({"approval": {**APPROVAL, "approved_by": "nobody"}}, ("approval", "approved_by")),
    ],
)
def test_an_unknown_person_is_named_at_its_place(
    overrides: dict[str, Any], where: tuple[Any, ...]
) -> None:
    assert _unknown(**overrides) == [where]


def test_every_place_naming_an_unknown_person_is_named() -> None:
    backups = [{**BACKUP, "by": "nobody"}, BACKUP, {**BACKUP, "by": "nobody"}]
    assert _unknown(backups=backups) == [("backups", 0, "by"), ("backups", 2, "by")]
