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
    """`people_named` (the audit's quick question) reads the very places `_person_refs`
    lists: a person at any one of them, and only there, is named."""
    from itertools import count
    from types import SimpleNamespace as N

    from yakkan_cli.rules.consistency import _person_refs, people_named

    ids = (f"p{i}" for i in count())

    def entry(*fields: str) -> N:
        return N(**{f: next(ids) for f in fields})

    def entries(*fields: str) -> list[N]:
        return [entry(*fields), entry(*fields)]

    full = N(
        application=entry("applicant", "administrator", "department_head"),
        exception=entry("approved_by"),
        ismap_exception=entry("approved_by"),
        storage_exception=entry("approved_by"),
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
    assert people_named(full) == places  # type: ignore[arg-type]
    bare = N(**{**vars(full), "exception": None, "approval": None, "termination": None})
    bare.storage_exception = None
    bare.closure, bare.application.administrator = None, None
    named = {person for _, person in _person_refs(bare) if person is not None}  # type: ignore[arg-type]
    assert people_named(bare) == named  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(300))
def test_the_people_carried_from_the_version_before(seed: int) -> None:
    """A replay carries everyone a record names from version to version, reading only the
    entries a version adds (`people_named_since`): on versions that share the one before's
    sections and entries, add entries, change one, drop one, or change a section, it is
    everyone read in full."""
    import random
    from types import SimpleNamespace as N

    from yakkan_cli.rules.consistency import people_named, people_named_since

    rng = random.Random(seed)

    def who() -> str | None:
        return rng.choice(["sato", "suzuki", "yamada", "ito", "nobody", None])

    def entry() -> N:
        return N(
            by=who(),
            decided_by=who(),
            resumed_by=who(),
            warned_by=who(),
            administrator=who(),
            previous=who(),
        )

    lists = (
        "reviews",
        "purpose_checks",
        "backups",
        "suspensions",
        "alerts",
        "notes",
        "reassignments",
    )
    old = N(
        application=N(applicant=who(), administrator=who(), department_head=who()),
        exception=N(approved_by=who()) if rng.random() < 0.3 else None,
        ismap_exception=N(approved_by=who()) if rng.random() < 0.3 else None,
        storage_exception=N(approved_by=who()) if rng.random() < 0.3 else None,
        approval=N(approved_by=who(), risk_acknowledged_by=who()) if rng.random() < 0.5 else None,
        termination=N(applicant=who(), approved_by=who()) if rng.random() < 0.3 else None,
        closure=N(by=who()) if rng.random() < 0.2 else None,
        **{name: [entry() for _ in range(rng.randrange(4))] for name in lists},
    )
    new = N(**vars(old))  # shares every section and list, as the reader's versions do
    for name in lists:
        kept = list(getattr(old, name))
        edit = rng.random()
        if edit < 0.4:
            setattr(new, name, kept + [entry() for _ in range(rng.randrange(1, 3))])
        elif edit < 0.5 and kept:
            # someone named nowhere else, in place of the last entry
            setattr(new, name, [*kept[:-1], N(**{**vars(entry()), "by": "newcomer"})])
        elif edit < 0.55 and kept:
            kept.pop(rng.randrange(len(kept)))
            setattr(new, name, kept)
        elif edit < 0.6 and kept:
            setattr(new, name, kept[:-1])
    for section in (
        "approval",
        "termination",
        "closure",
        "exception",
        "ismap_exception",
        "storage_exception",
    ):
        if rng.random() < 0.15:
            # a section given anew, by someone named nowhere else
            fresh = f"new-{section}"
            setattr(
                new,
                section,
                N(approved_by=fresh, risk_acknowledged_by=who(), applicant=fresh, by=fresh),
            )
    if rng.random() < 0.1:
        new.application = N(applicant=who(), administrator=who(), department_head=who())
    carried = people_named_since(new, old, people_named(old))  # type: ignore[arg-type]
    assert carried == people_named(new)  # type: ignore[arg-type]
