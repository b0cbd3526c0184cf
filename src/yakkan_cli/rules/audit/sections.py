"""What a rule family reads of a record, declared, and all it is allowed to see.

A replay asks every rule of every version of every record; most steps add one entry to a
list that a family never reads. Such a family is skipped where the step left the sections
it reads as they were: its `facts` of both sides would be equal, and a family finds
something only where its facts differ. The skip is only as good as the list of sections,
so the list is not trusted to be kept by hand:

- `Family.facts` is handed the record through a `SectionView` of the declared sections:
  asking it for any other attribute raises `UndeclaredSection` (never an AttributeError,
  which `getattr(view, name, default)` or `hasattr` would silently take for "absent").
  A family cannot read what it did not declare, whatever branch the read sits in.
- Each declared name is a field of `Record` dumped under its own name (checked when the
  family is made), so comparing the two versions' dumps (`record_data`) of those names
  compares exactly what the view can hand out: equal dumps, equal sections, equal facts.
- `differs(x, x)` is False for every family (tests/test_audit_sections.py, over a corpus
  of record versions), so equal facts mean nothing found.

Every skip of a rule on a version's dumps goes through here (the test also holds that no
other rule module reads `before_data` / `after_data` to decide anything).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from yakkan_cli.model import Record

if TYPE_CHECKING:
    from yakkan_cli.rules.audit.facts import RecordVersion

T = TypeVar("T")


class UndeclaredSection(Exception):
    """A family read a section of the record it did not declare: a defect of the rule
    (its declaration is what the audit skips on), never of the record."""


class SectionView:
    """A record as a family may see it: its declared sections, and nothing else."""

    __slots__ = ("_declared", "_family", "_record")

    def __init__(self, record: Record, declared: frozenset[str], family: str) -> None:
        object.__setattr__(self, "_record", record)
        object.__setattr__(self, "_declared", declared)
        object.__setattr__(self, "_family", family)

    def __getattr__(self, name: str) -> Any:
        # Only names that are not the view's own come here (Python's attribute lookup).
        if name in self._declared:
            return getattr(self._record, name)
        raise UndeclaredSection(
            f"rule family {self._family!r} read {name!r}, not among its declared sections "
            f"{sorted(self._declared)}: declare it (rules/audit/sections.py)"
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise UndeclaredSection(f"rule family {self._family!r} wrote {name!r} of a record")


def _dumped_under_own_name(name: str) -> bool:
    info = Record.model_fields.get(name)
    return info is not None and info.alias is None and info.serialization_alias is None


FAMILIES: list[Family[Any]] = []
"""Every family made, for the tests to run each over their corpus."""


@dataclass(frozen=True)
class Family(Generic[T]):
    """A rule family's trigger: `facts` of each side of a step, read through the declared
    `sections` only, and whether they `differ` (the family has something to judge)."""

    name: str
    sections: tuple[str, ...]
    facts: Callable[[Record | None], T]
    differ: Callable[[T, T], bool] = operator.ne
    _declared: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        wrong = [s for s in self.sections if not _dumped_under_own_name(s)]
        if wrong:
            raise ValueError(f"{self.name}: {wrong} are not fields of Record under that name")
        object.__setattr__(self, "_declared", frozenset(self.sections))
        FAMILIES.append(self)

    def read(self, record: Record | None) -> T:
        """The facts of `record`, which the family sees through its declared sections."""
        if record is None:
            return self.facts(None)
        # Typed as the record it stands for: mypy still checks every name a family reads.
        return self.facts(cast("Record", SectionView(record, self._declared, self.name)))

    def differs(self, version: RecordVersion) -> bool:
        """Whether the step changed this family's facts; False at once where the step left
        the declared sections as they were (told from the two dumps when the replay has
        them: equal dumps hold equal values)."""
        if self.unchanged(version):
            return False
        return self.differ(self.read(version.before), self.read(version.after))

    def unchanged(self, version: RecordVersion) -> bool:
        old, new = version.before_data, version.after_data
        if old is None or new is None or version.before is None or version.after is None:
            return False
        for name in self.sections:
            a, b = old.get(name), new.get(name)
            if a is not b and a != b:
                return False
        return True
