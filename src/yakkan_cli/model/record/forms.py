"""The two forms of a record, the application and the termination: the period, the
information and its classes, the check table's items with both columns' marks and notes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from yakkan_cli.messages import t
from yakkan_cli.model.base import Bool, Count, Int, IsoDate, LongText, PersonId, Schema, Text
from yakkan_cli.model.classes import JICHITAI_LETTERED
from yakkan_cli.model.enums import Mark, State
from yakkan_cli.model.record.attachments import Attachment

APPLICATION_ITEMS = 8
TERMINATION_ITEMS = 4


class Period(Schema):
    start: IsoDate
    end: IsoDate | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise ValueError(t("model.period_order", start=self.start, end=self.end))
        return self


def info_class(value: object) -> object:
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
    class_: Annotated[Int | str, BeforeValidator(info_class)] = Field(alias="class")
    personal: Bool


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


def checks_unique(checks: list[Check], count: int) -> list[Check]:
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
        return checks_unique(list(checks), TERMINATION_ITEMS)  # type: ignore[return-value]
