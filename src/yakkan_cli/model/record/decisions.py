"""What is decided on an application: the exceptions given with the approval, the approval,
and the closure of one that ended without it."""

from __future__ import annotations

from yakkan_cli.model.base import IsoDate, LongText, PersonId, Schema, Text
from yakkan_cli.model.enums import Track


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


class Closure(Schema):
    """Why an application ended without approval (reject / withdraw)."""

    by: PersonId
    on: IsoDate
    reason: LongText | None = None
