"""What the schedule and the register read of `yakkan.yaml`, as protocols.

`model.Config` is one thing that has these; the record cache's plain copy of them
(store/cache/codec.py, `PlainConfig`) is the other, so that a read answered from the cache
runs the very same rules (`rules.schedule.tasks_of`, `rules.register.row_from`) without
building the schema (pydantic) at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from yakkan_cli.model import RetentionBasis


class PolicySettings(Protocol):
    @property
    def review_months(self) -> int: ...
    @property
    def backup_months(self) -> int: ...
    @property
    def purpose_check_months(self) -> int: ...
    @property
    def warn_days(self) -> int: ...
    @property
    def retention_years(self) -> int: ...
    @property
    def retention_basis(self) -> RetentionBasis: ...
    @property
    def ismap_snapshot_max_age_days(self) -> int: ...


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


class SectionSettings(Protocol):
    @property
    def light(self) -> str | None: ...
    @property
    def full(self) -> str | None: ...


class ClassificationSettings(Protocol):
    @property
    def sections(self) -> SectionSettings: ...


class ReadSettings(Protocol):
    """The part of `yakkan.yaml` the reading commands' rules use."""

    @property
    def policy(self) -> PolicySettings: ...
    @property
    def organization(self) -> str: ...
    @property
    def people(self) -> Sequence[Named]: ...
    @property
    def departments(self) -> Sequence[Named]: ...
    @property
    def classification(self) -> ClassificationSettings: ...
    @property
    def security_administrators(self) -> Sequence[str]: ...
    def department(self, department_id: str, /) -> Named | None: ...
    def responsible_of(self, department_id: str, /) -> tuple[str, ...]: ...
    def name_of(self, person_id: str | None, /) -> str: ...
