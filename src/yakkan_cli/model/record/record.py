"""`Record`: the whole file of one service, its notes, and what only the whole record can
check (each information class on the record's scale, every attachment path)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from yakkan_cli.messages import t
from yakkan_cli.model.base import DepartmentId, IsoDate, LongText, PersonId, Schema, ServiceId
from yakkan_cli.model.classes import classes_of
from yakkan_cli.model.enums import Scheme, State
from yakkan_cli.model.record.attachments import Attachment, attachment_path_problem
from yakkan_cli.model.record.decisions import Approval, Closure, Exception_
from yakkan_cli.model.record.forms import (
    APPLICATION_ITEMS,
    Application,
    Check,
    Information,
    Termination,
    checks_unique,
)
from yakkan_cli.model.record.operations import (
    Alert,
    Backup,
    PurposeCheck,
    Reassignment,
    Reclassification,
    Review,
    Suspension,
)
from yakkan_cli.model.record.service import Service


class Note(Schema):
    on: IsoDate
    by: PersonId
    text: LongText


class Record(Schema):
    schema_version: Literal[1] = 1
    id: ServiceId
    department: DepartmentId
    state: State
    # The scale the information was classified on; absent on every record classified on
    # 重要性分類 (the seed), so those stay as they were written (issue 22).
    scheme: Scheme | None = None
    service: Service
    application: Application
    checks: list[Check] = Field(default_factory=list)
    exception: Exception_ | None = None
    # The full track's own exceptions (issue 22), given with the approval like `exception`:
    # a service without a valid ISMAP/ISMAP-LIU registration, data kept outside Japan
    # (only where policy.storage_abroad_by_exception allows it).
    ismap_exception: Exception_ | None = None
    storage_exception: Exception_ | None = None
    approval: Approval | None = None
    reviews: list[Review] = Field(default_factory=list)
    purpose_checks: list[PurposeCheck] = Field(default_factory=list)
    backups: list[Backup] = Field(default_factory=list)
    suspensions: list[Suspension] = Field(default_factory=list)
    alerts: list[Alert] = Field(default_factory=list)
    reassignments: list[Reassignment] = Field(default_factory=list)
    reclassifications: list[Reclassification] = Field(default_factory=list)
    termination: Termination | None = None
    closure: Closure | None = None
    notes: list[Note] = Field(default_factory=list)

    @field_validator("checks")
    @classmethod
    def _unique(cls, checks: list[Check]) -> list[Check]:
        return checks_unique(list(checks), APPLICATION_ITEMS)

    @property
    def classified_on(self) -> Scheme:
        """The scale the record's information is classified on (absent: 重要性分類)."""
        return self.scheme or Scheme.JUYOSEI

    @model_validator(mode="after")
    def _classes(self) -> Record:
        # Here, not on Information: only the record knows its scale. A 2 means 重要性分類Ⅱ
        # on one scale and 自治体機密性2 on the other, so a value is never read across.
        scheme = self.classified_on
        allowed = classes_of(scheme)
        sections: list[tuple[tuple[str, ...], list[Information]]] = [
            (("application",), self.application.information)
        ]
        if self.termination is not None:
            sections.append((("termination",), self.termination.information))
        errors = [
            InitErrorDetails(
                type=PydanticCustomError(
                    "value_error",
                    "{message}",
                    {"message": t(f"model.class_not_on_{scheme.value}", value=info.class_)},
                ),
                loc=(*section, "information", i, "class"),
                input=info.class_,
            )
            for section, items in sections
            for i, info in enumerate(items)
            if info.class_ not in allowed
        ]
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    @model_validator(mode="after")
    def _attachment_paths(self) -> Record:
        # Here, not on Attachment: only the record knows its id. Raised as a ValidationError
        # of its own so that each error points at the very path (file:line:column).
        errors = [
            InitErrorDetails(
                type=PydanticCustomError("value_error", "{message}", {"message": problem}),
                loc=loc,
                input=path,
            )
            for loc, path in self.attachment_paths()
            if (problem := attachment_path_problem(path, self.id)) is not None
        ]
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    def attachment_paths(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every attachment path the record names (attachments and the checks' evidence),
        each with the place it is written."""
        found: list[tuple[tuple[str | int, ...], str]] = []
        forms: list[tuple[tuple[str, ...], list[Attachment], Sequence[Check]]] = [
            (("application",), self.application.attachments, self.checks)
        ]
        if self.termination is not None:
            term = self.termination
            forms.append((("termination",), term.attachments, term.checks))
        for section, attachments, checks in forms:
            found += [
                ((*section, "attachments", i, "path"), a.path) for i, a in enumerate(attachments)
            ]
            checks_loc = ("checks",) if section == ("application",) else (*section, "checks")
            for i, check in enumerate(checks):
                found += [
                    ((*checks_loc, i, "evidence", j), e) for j, e in enumerate(check.evidence)
                ]
        return found

    def current_administrator(self) -> str:
        """The service administrator now: the last reassignment's, else the application's."""
        if self.reassignments:
            return self.reassignments[-1].administrator
        return self.application.administrator

    def check(self, item: int) -> Check | None:
        return next((c for c in self.checks if c.item == item), None)
