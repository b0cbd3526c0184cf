"""The service record: one YAML file per service (DESIGN §3).

Every section the procedure will ever fill is declared here, so the file format is settled
once; commands only ever add to or change fields of this schema.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from yakkan_cli.messages import t
from yakkan_cli.model.base import (
    Bool,
    Count,
    DepartmentId,
    Int,
    IsoDate,
    LongText,
    PersonId,
    Schema,
    ServiceId,
    Text,
)
from yakkan_cli.model.enums import AttachmentKind, Category, DataLocation, Decision, Mark, State

APPLICATION_ITEMS = 8
TERMINATION_ITEMS = 4

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Ismap(Schema):
    """ISMAP (政府情報システムのためのセキュリティ評価制度) registration of the service."""

    registration: Text | None = None
    valid_until: IsoDate | None = None


class Service(Schema):
    provider: Text
    name: Text
    description: LongText
    category: Category
    terms_url: Text | None = None
    data_location: DataLocation = DataLocation.UNKNOWN
    ismap: Ismap | None = None


class Period(Schema):
    start: IsoDate
    end: IsoDate | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise ValueError(t("model.period_order", start=self.start, end=self.end))
        return self


class Information(Schema):
    name: Text
    class_: Int = Field(alias="class", ge=1, le=4)
    personal: Bool


class Attachment(Schema):
    kind: AttachmentKind
    path: Text
    sha256: Sha256


class Check(Schema):
    item: Int = Field(ge=1, le=APPLICATION_ITEMS)
    applicant: Mark | None = None
    responsible: Mark | None = None
    evidence: list[Text] = Field(default_factory=list)
    note: LongText | None = None


def _checks_unique(checks: list[Check], count: int) -> list[Check]:
    items = [c.item for c in checks]
    if len(set(items)) != len(items):
        raise ValueError(t("model.check_duplicate"))
    if any(i > count for i in items):
        raise ValueError(t("model.check_range", count=count))
    return sorted(checks, key=lambda c: c.item)


class Application(Schema):
    applicant: PersonId
    applied_on: IsoDate
    purpose: LongText
    period: Period
    administrator: PersonId
    department_head: PersonId
    information: list[Information] = Field(min_length=1)
    users: list[Text] = Field(min_length=1)
    users_count: Count
    alternative: LongText | None = None
    attachments: list[Attachment] = Field(default_factory=list)


class Exception_(Schema):
    """The recorded permission (決裁) to handle class Ⅰ/Ⅱ information (S4.3)."""

    reason: LongText
    approved_by: PersonId
    approved_on: IsoDate


class Approval(Schema):
    approved_by: PersonId
    approved_on: IsoDate
    procedure_version: Text | None = None
    risk_acknowledged_by: PersonId | None = None
    risk_acknowledged_on: IsoDate | None = None


class Review(Schema):
    on: IsoDate
    by: PersonId
    content_changed: Bool = False
    terms_changed: Bool = False
    overseas: Bool = False
    decision: Decision | None = None
    decided_by: PersonId | None = None
    decided_on: IsoDate | None = None
    note: LongText | None = None


class PurposeCheck(Schema):
    on: IsoDate
    by: PersonId
    matches: Bool
    note: LongText | None = None


class Backup(Schema):
    on: IsoDate
    by: PersonId
    method: Text
    location: Text
    note: LongText | None = None


class Suspension(Schema):
    on: IsoDate
    by: PersonId
    reason: LongText
    resumed_on: IsoDate | None = None
    resumed_by: PersonId | None = None
    resume_note: LongText | None = None


class Alert(Schema):
    """An incident at another organisation that the users must be warned about (S6.7)."""

    id: Text
    on: IsoDate
    by: PersonId
    title: Text
    users: list[Text] = Field(default_factory=list)
    warned_on: IsoDate | None = None
    warned_by: PersonId | None = None
    note: LongText | None = None


class Reassignment(Schema):
    """A new service administrator named by a responsible manager (S3.2; 人事異動).

    The application keeps the administrator it was filed with; the current one is the
    last reassignment's, so the record's own history says who was in charge when.
    """

    on: IsoDate
    by: PersonId
    administrator: PersonId
    previous: PersonId
    reason: LongText | None = None


class TerminationCheck(Check):
    item: Int = Field(ge=1, le=TERMINATION_ITEMS)


class Termination(Schema):
    applicant: PersonId
    filed_on: IsoDate
    reason: LongText
    end_on: IsoDate
    information: list[Information] = Field(min_length=1)
    users: list[Text] = Field(min_length=1)
    users_count: Count
    attachments: list[Attachment] = Field(default_factory=list)
    checks: list[TerminationCheck] = Field(default_factory=list)
    previous_state: Literal[State.APPROVED, State.ACTIVE, State.SUSPENDED] | None = None
    approved_by: PersonId | None = None
    approved_on: IsoDate | None = None

    @field_validator("checks")
    @classmethod
    def _unique(cls, checks: list[TerminationCheck]) -> list[TerminationCheck]:
        return _checks_unique(list(checks), TERMINATION_ITEMS)  # type: ignore[return-value]


class Closure(Schema):
    """Why an application ended without approval (reject / withdraw)."""

    by: PersonId
    on: IsoDate
    reason: LongText | None = None


class Note(Schema):
    on: IsoDate
    by: PersonId
    text: LongText


class Record(Schema):
    schema_version: Literal[1] = 1
    id: ServiceId
    department: DepartmentId
    state: State
    service: Service
    application: Application
    checks: list[Check] = Field(default_factory=list)
    exception: Exception_ | None = None
    approval: Approval | None = None
    reviews: list[Review] = Field(default_factory=list)
    purpose_checks: list[PurposeCheck] = Field(default_factory=list)
    backups: list[Backup] = Field(default_factory=list)
    suspensions: list[Suspension] = Field(default_factory=list)
    alerts: list[Alert] = Field(default_factory=list)
    reassignments: list[Reassignment] = Field(default_factory=list)
    termination: Termination | None = None
    closure: Closure | None = None
    notes: list[Note] = Field(default_factory=list)

    @field_validator("checks")
    @classmethod
    def _unique(cls, checks: list[Check]) -> list[Check]:
        return _checks_unique(list(checks), APPLICATION_ITEMS)

    def current_administrator(self) -> str:
        """The service administrator now: the last reassignment's, else the application's."""
        if self.reassignments:
            return self.reassignments[-1].administrator
        return self.application.administrator

    def check(self, item: int) -> Check | None:
        return next((c for c in self.checks if c.item == item), None)
