"""Closed vocabularies of the record. Values are what the YAML holds."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    APPLIED = "applied"
    APPROVED = "approved"  # approved, the administrator has not yet acknowledged the risks
    ACTIVE = "active"
    SUSPENDED = "suspended"
    TERMINATING = "terminating"
    TERMINATED = "terminated"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Mark(StrEnum):
    OK = "ok"
    NG = "ng"
    NA = "na"


class Category(StrEnum):
    EMAIL = "email"
    FILE_STORAGE = "file_storage"
    GROUPWARE = "groupware"
    OTHER = "other"


class DataLocation(StrEnum):
    DOMESTIC = "domestic"
    OVERSEAS = "overseas"
    UNKNOWN = "unknown"


class IsmapChoice(StrEnum):
    """The list a record's ISMAP registration is looked up in (`none`: on neither)."""

    ISMAP = "ismap"
    ISMAP_LIU = "ismap-liu"
    NONE = "none"


class AttachmentKind(StrEnum):
    SIGNUP = "signup"
    TERMS = "terms"
    EVIDENCE = "evidence"
    AGREEMENT = "agreement"
    DELETION = "deletion"
    CERTIFICATE = "certificate"
    OTHER = "other"


class Decision(StrEnum):
    CONTINUE = "continue"
    SUSPEND = "suspend"
    TERMINATE = "terminate"


class RetentionBasis(StrEnum):
    END_DATE = "end_date"
    FISCAL_YEAR = "fiscal_year"


class Scheme(StrEnum):
    """The scale information is classified on (issue 22): the seed's 重要性分類 Ⅰ–Ⅳ, or the
    national guideline's 自治体機密性 3A/3B/3C/2/1 (R6.10)."""

    JUYOSEI = "juyosei"
    JICHITAI = "jichitai"


class Track(StrEnum):
    """The procedure a service on 自治体機密性 follows (rules/tracks.py decides which)."""

    LIGHT = "light"  # all its information 自治体機密性1
    FULL = "full"  # some of it 自治体機密性2 or higher
