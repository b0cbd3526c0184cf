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


def test_the_people_named_are_those_of_every_place() -> None:
    """`_people_named` (the audit's quick question) reads the very places `_person_refs`
    lists: a person at any one of them, and only there, is named."""
    from itertools import count
    from types import SimpleNamespace as N

    from yakkan_cli.rules.consistency import _people_named, _person_refs

    ids = (f"p{i}" for i in count())

    def entry(*fields: str) -> N:
        return N(**{f: next(ids) for f in fields})

    def entries(*fields: str) -> list[N]:
        return [entry(*fields), entry(*fields)]

    full = N(
        application=entry("applicant", "administrator", "department_head"),
        exception=entry("approved_by"),
        approval=entry("approved_by", "risk_acknowledged_by"),
        reviews=entries("by", "decided_by"),
        purpose_checks=entries("by"),
        backups=entries("by"),
        suspensions=entries("by", "resumed_by"),
        alerts=entries("by", "warned_by"),
        notes=entries("by"),
        reassignments=entries("by", "administrator", "previous"),
        termination=entry("applicant", "approved_by"),
        closure=entry("by"),
    )
    places = {person for _, person in _person_refs(full)}  # type: ignore[arg-type]
    assert len(places) == int(next(ids)[1:])  # every place, each naming its own person
    assert _people_named(full) == places  # type: ignore[arg-type]
    bare = N(**{**vars(full), "exception": None, "approval": None, "termination": None})
    bare.closure, bare.application.administrator = None, None
    named = {person for _, person in _person_refs(bare) if person is not None}  # type: ignore[arg-type]
    assert _people_named(bare) == named  # type: ignore[arg-type]
