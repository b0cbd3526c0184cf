"""The service record: one YAML file per service (DESIGN §3).

Every section the procedure will ever fill is declared here, so the file format is settled
once; commands only ever add to or change fields of this schema.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

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
from yakkan_cli.model.classes import (
    JICHITAI_LETTERED,
    classes_of,
)
from yakkan_cli.model.countries import ISO_3166_ALPHA_2, JAPAN
from yakkan_cli.model.enums import (
    AttachmentKind,
    Category,
    DataLocation,
    Decision,
    IsmapChoice,
    Mark,
    Scheme,
    State,
    Track,
)

APPLICATION_ITEMS = 8
TERMINATION_ITEMS = 4

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


# A registration number as the ISMAP portal writes one (C21-0012-2, L22-0003-1), the
# pattern the imported lists hold them in (model/ismap.py): loose on the prefix, no blanks.
ISMAP_REGISTRATION = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")


# ISMAP (政府情報システムのためのセキュリティ評価制度) registration of the service.
#
# Two shapes share this section (issue 22). The old one, {registration, valid_until}, was
# written by hand before the lists could be imported: its date is the applicant's word,
# kept and shown as written, and the records written so keep validating as they are. The
# new one, {list, registration}, names the list the registration is looked up in: its
# validity comes from the newest imported snapshot of that list, never from the record, so
# `valid_until` is refused beside `list` (two dates could disagree, and the record's would
# be the one nobody checks). `list: none` says the service is on neither list (the full
# track then needs a recorded exception) and takes no registration. Which shape a record
# has is told by `list` alone (`Ismap.listed`). (A comment, not a docstring: a docstring
# would become the English description `yakkan schema` prints.)
class Ismap(Schema):
    list_: IsmapChoice | None = Field(default=None, alias="list")
    registration: Text | None = Field(default=None, validate_default=True)
    valid_until: IsoDate | None = Field(default=None, validate_default=True)

    @field_validator("registration")
    @classmethod
    def _registration(cls, value: str | None, info: ValidationInfo) -> str | None:
        chosen = info.data.get("list_")
        if chosen is None:
            return value  # the old shape: kept as written
        if chosen is IsmapChoice.NONE:
            if value is not None:
                raise ValueError(t("model.ismap_none_registration"))
            return value
        if value is None:
            raise ValueError(t("model.ismap_registration_needed", list=chosen.value))
        if not ISMAP_REGISTRATION.fullmatch(value):
            raise ValueError(t("model.ismap_registration_format", value=value))
        return value

    @field_validator("valid_until")
    @classmethod
    def _no_date_beside_list(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is not None and info.data.get("list_") is not None:
            raise ValueError(t("model.ismap_valid_until_with_list"))
        return value

    @property
    def listed(self) -> bool:
        """The new shape: the registration is judged by an imported list."""
        return self.list_ is not None


def _country(value: str) -> str:
    if value not in ISO_3166_ALPHA_2:
        raise ValueError(t("model.country_code", value=value))
    return value


CountryCode = Annotated[str, AfterValidator(_country)]
"""An ISO 3166-1 alpha-2 code, as written (JP, US): upper case, officially assigned."""


# Where the service stands in law (準拠法・裁判管轄) and where it keeps the data, as the
# full track asks them to be checked (issue 22): recorded with the day they were checked,
# for some providers an account setting that may change. Every field is needed once the
# section is there: half a jurisdiction is not one.
class Jurisdiction(Schema):
    governing_law: Text
    court: Text
    provider_country: CountryCode
    storage_countries: list[CountryCode] = Field(min_length=1)
    checked_on: IsoDate

    @field_validator("storage_countries")
    @classmethod
    def _each_once(cls, value: list[str]) -> list[str]:
        twice = sorted({c for c in value if value.count(c) > 1})
        if twice:
            raise ValueError(t("model.country_twice", codes="、".join(twice)))
        return value

    @property
    def abroad(self) -> tuple[str, ...]:
        """The storage countries other than Japan, in the record's order."""
        return tuple(c for c in self.storage_countries if c != JAPAN)


class Service(Schema):
    provider: Text
    name: Text
    description: LongText
    category: Category
    terms_url: Text | None = None
    data_location: DataLocation = DataLocation.UNKNOWN
    ismap: Ismap | None = None
    jurisdiction: Jurisdiction | None = None


class Period(Schema):
    start: IsoDate
    end: IsoDate | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise ValueError(t("model.period_order", start=self.start, end=self.end))
        return self


def _info_class(value: object) -> object:
    # One error, worded as before for a number out of 1–4 (a juyosei record reads as it
    # always did); the letters 3A/3B/3C are taken here and checked against the record's
    # scheme by the record, which alone knows it.
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise PydanticCustomError("int_type", "int", {})
    if isinstance(value, int):
        if value < 1:
            raise PydanticCustomError("greater_than_equal", "ge", {"ge": 1})
        if value > 4:
            raise PydanticCustomError("less_than_equal", "le", {"le": 4})
        return value
    if value not in JICHITAI_LETTERED:
        raise ValueError(t("model.class_value", value=value))
    return value


class Information(Schema):
    name: Text
    class_: Annotated[Int | str, BeforeValidator(_info_class)] = Field(alias="class")
    personal: Bool


class Attachment(Schema):
    kind: AttachmentKind
    path: Text
    sha256: Sha256


CheckColumn = Literal["applicant", "responsible"]
CHECK_COLUMNS: tuple[CheckColumn, ...] = ("applicant", "responsible")


# One item of a form's check table: each column's mark and that column's own note.
# `applicant_note` / `responsible_note` sit right after the mark they explain, so the YAML
# reads column by column. `note` is the single shared note of records written before the
# notes were kept by column: it is kept and shown as written, never claimed for either
# column, and yakkan no longer writes it (it only goes with its mark). (A comment, not a
# docstring: a docstring would become the English description `yakkan schema` prints.)
class Check(Schema):
    item: Int = Field(ge=1, le=APPLICATION_ITEMS)
    applicant: Mark | None = None
    applicant_note: LongText | None = None
    responsible: Mark | None = None
    responsible_note: LongText | None = None
    evidence: list[Text] = Field(default_factory=list)
    note: LongText | None = None

    def mark_of(self, column: CheckColumn) -> Mark | None:
        return self.applicant if column == "applicant" else self.responsible

    def note_of(self, column: CheckColumn) -> str | None:
        """What the person of `column` wrote about their mark (not the shared old note)."""
        return self.applicant_note if column == "applicant" else self.responsible_note

    def set_note(self, column: CheckColumn, note: str | None) -> None:
        if column == "applicant":
            self.applicant_note = note
        else:
            self.responsible_note = note

    def explanation(self, column: CheckColumn) -> str | None:
        """The note that explains `column`'s mark: its own, else the shared old one, else
        the other column's when both gave the same mark (a manager who agrees with the
        applicant's ／ need not copy the applicant's reason)."""
        other: CheckColumn = "responsible" if column == "applicant" else "applicant"
        mark = self.mark_of(column)
        same = mark is not None and self.mark_of(other) is mark
        return self.note_of(column) or self.note or (self.note_of(other) if same else None)

    def has_notes(self) -> bool:
        return bool(self.applicant_note or self.responsible_note or self.note)


ATTACHMENTS_FOLDER = "attachments"


def attachment_path_problem(path: str, service_id: str) -> str | None:
    """A8: why `path` is not `attachments/<service_id>/<file name>`, or None when it is.

    Nothing else may be named: `..` would leave the folder (and make git fail on every
    replay), a path into another service's folder vanishes with that service's disposal.
    """
    folder = f"{ATTACHMENTS_FOLDER}/{service_id}/"
    name = path[len(folder) :] if path.startswith(folder) else None
    if name is None or not name:
        return t("model.attachment_path", path=path, folder=folder)
    if name in (".", "..") or "/" in name or "\\" in name:
        return t("model.attachment_path", path=path, folder=folder)
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        return t("model.attachment_path_control", path=path.encode("unicode_escape").decode())
    return None


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
    """A recorded permission (決裁) given at the approval: to handle class Ⅰ/Ⅱ information
    (S4.3) or 自治体機密性3A; on the full track also to use a service on no ISMAP list or one
    that keeps data outside Japan (issue 22)."""

    reason: LongText
    approved_by: PersonId
    approved_on: IsoDate


class Approval(Schema):
    approved_by: PersonId
    approved_on: IsoDate
    procedure_version: Text | None = None
    # The track the service was approved on (自治体機密性 only): a later rise to the full
    # track is then seen in the record itself (rules/tracks.py raised_on).
    track: Track | None = None
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


class ClassChange(Schema):
    """One information item moved to the new scale: its number (1 = the first item), its
    name, the class it had and the class it has."""

    item: Int = Field(ge=1, le=1_000)
    name: Text
    old: Annotated[Int | str, BeforeValidator(_info_class)]
    new: Annotated[Int | str, BeforeValidator(_info_class)]


class Reclassification(Schema):
    """The responsible manager's move of the record to another scale, item by item
    (`yakkan reclassify`; issue 22). No class is mapped by rule: each new class is the
    manager's judgement, so the record keeps who judged, when, and what was there before."""

    on: IsoDate
    by: PersonId
    from_: Scheme = Field(alias="from")
    to: Scheme
    items: list[ClassChange] = Field(min_length=1)
    reason: LongText | None = None

    @model_validator(mode="after")
    def _on_their_scales(self) -> Reclassification:
        old, new = classes_of(self.from_), classes_of(self.to)
        for change in self.items:
            if change.old not in old:
                raise ValueError(t(f"model.class_not_on_{self.from_.value}", value=change.old))
            if change.new not in new:
                raise ValueError(t(f"model.class_not_on_{self.to.value}", value=change.new))
        if self.from_ is self.to:
            raise ValueError(t("model.reclassify_same_scale"))
        return self


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
        return _checks_unique(list(checks), APPLICATION_ITEMS)

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
