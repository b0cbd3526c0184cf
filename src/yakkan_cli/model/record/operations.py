"""The service in use: reviews, purpose checks, backups, suspensions, alerts, new
administrators and the move to another scale of classes."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator

from yakkan_cli.messages import t
from yakkan_cli.model.base import Bool, Int, IsoDate, LongText, PersonId, Schema, Text
from yakkan_cli.model.classes import classes_of
from yakkan_cli.model.enums import Decision, Scheme
from yakkan_cli.model.record.forms import info_class


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
    old: Annotated[Int | str, BeforeValidator(info_class)]
    new: Annotated[Int | str, BeforeValidator(info_class)]


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
