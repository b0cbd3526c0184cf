"""A rule family skipped on unchanged sections can read those sections and nothing else.

`rules/audit/sections.py`: a family declares the sections of a record it reads; the replay
skips it where a step left them as they were; its facts see the record through a view
that refuses every other section. Held here over the corpus of record versions of
tests/test_audit_rules_unchanged.py: every family reads each version without a refusal,
the corpus reaches every section each declares (drop one and a read is refused), equal
sections give equal facts, and equal facts are no change. No other rule module decides
anything on a version's dumps.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import yakkan_cli.rules.audit.version  # every family of the replay is made on import
from tests.test_audit_rules import APPLIED, step
from tests.test_audit_rules_unchanged import VERSIONS
from yakkan_cli.model import Record
from yakkan_cli.rules.audit import record_data
from yakkan_cli.rules.audit.facts import RecordVersion
from yakkan_cli.rules.audit.sections import FAMILIES, Family, SectionView, UndeclaredSection

KNOWN = list(FAMILIES)
RULES = Path(yakkan_cli.rules.audit.version.__file__).parent


@pytest.fixture
def scratch() -> Iterator[None]:
    """Families made by a test are not the replay's: forget them afterwards."""
    made = len(FAMILIES)
    yield
    del FAMILIES[made:]


def test_the_replay_s_families_are_known() -> None:
    names = {f.name for f in KNOWN}
    assert {"applicant marks", "responsible marks", "approvals and disposals"} <= names


@pytest.mark.parametrize("family", KNOWN, ids=lambda f: f.name)
def test_each_family_reads_every_version_through_its_sections(family: Family[Any]) -> None:
    for record in [None, *VERSIONS]:
        facts = family.read(record)  # a read outside the sections would raise here
        assert not family.differ(facts, family.read(record))


@pytest.mark.parametrize(
    ("family", "section"),
    [(f, s) for f in KNOWN for s in f.sections],
    ids=lambda x: x.name if isinstance(x, Family) else x,
)
def test_the_corpus_reaches_every_section_a_family_declares(
    family: Family[Any], section: str, scratch: None
) -> None:
    # Without `section`, some version of the corpus makes the family read it: the corpus
    # reaches every read (the other tests are only as good as that), and nothing is
    # declared that is not read.
    fewer = Family("fewer", tuple(s for s in family.sections if s != section), family.facts)
    refused = []
    for record in VERSIONS:
        try:
            fewer.read(record)
        except UndeclaredSection:
            refused.append(record)
    assert refused


@pytest.mark.parametrize("family", KNOWN, ids=lambda f: f.name)
def test_equal_sections_give_equal_facts(family: Family[Any]) -> None:
    dumps = [record_data(r) for r in VERSIONS]
    for (a, da), (b, db) in itertools.product(zip(VERSIONS, dumps, strict=True), repeat=2):
        version = RecordVersion("somu-drive", "p", "p", a, b, before_data=da, after_data=db)
        if family.unchanged(version):
            assert family.read(a) == family.read(b)
            assert not family.differs(version)


def test_a_read_outside_the_declared_sections_is_refused() -> None:
    view: Any = SectionView(APPLIED, frozenset({"checks"}), "test")
    assert view.checks == APPLIED.checks
    # Never an AttributeError: a default or `hasattr` would take the refusal for "absent".
    for attempt in (
        lambda: view.approval,
        lambda: getattr(view, "approval", None),
        lambda: hasattr(view, "reviews"),
        lambda: view.model_dump(),
    ):
        with pytest.raises(UndeclaredSection, match="test"):
            attempt()
    with pytest.raises(UndeclaredSection):
        view.checks = []


def test_a_family_reading_more_than_it_declares_is_stopped(scratch: None) -> None:
    # A new rule reading `reviews` with the table not updated: it would be skipped on a
    # step that changes only the reviews. It never gets that far.
    leaky = Family("leaky", ("checks",), lambda r: r and (r.checks, r.reviews))
    with pytest.raises(UndeclaredSection, match=r"leaky.*reviews"):
        leaky.read(APPLIED)
    with pytest.raises(UndeclaredSection):
        leaky.differs(step(APPLIED, VERSIONS[1]))


def test_a_declared_section_is_a_field_of_the_record_under_its_own_name(scratch: None) -> None:
    with pytest.raises(ValueError, match="check"):
        Family("typo", ("check",), lambda r: r)
    aliased = [n for n, f in Record.model_fields.items() if f.alias or f.serialization_alias]
    for name in aliased:
        with pytest.raises(ValueError):
            Family("aliased", (name,), lambda r: r)


# Modules that hand a version's dumps on as its data (what `changed_fields` and
# `changed_sections` compare) or define them; none of them skips anything on them.
_DUMPS_READ_BY = {"facts.py", "sections.py", "version.py", "history.py"}


def test_only_the_families_skip_on_a_version_s_dumps() -> None:
    readers = set()
    for path in sorted(RULES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("before_data", "after_data"):
                readers.add(path.name)
    assert readers <= _DUMPS_READ_BY, readers - _DUMPS_READ_BY
