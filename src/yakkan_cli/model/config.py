"""`yakkan.yaml`: the organisation, its people and departments, and the policy numbers."""

from __future__ import annotations

import re
import weakref
from datetime import tzinfo
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, field_validator

from yakkan_cli.messages import t
from yakkan_cli.model.base import Bool, DepartmentId, Int, Loc, PersonId, Schema, Text
from yakkan_cli.model.enums import RetentionBasis, Scheme
from yakkan_cli.model.zones import DEFAULT_TIMEZONE, zone_named

# A forge handle as GitHub, GitLab and Gitea accept one (GitLab also group/subgroup paths):
# a value CODEOWNERS would silently ignore ("sato h") leaves a folder without its reviewer.
_FORGE = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)*$")

# A user or group name on the forge, written into CODEOWNERS as `@handle`: a blank, a line
# break or a `#` there would add owners or lines of the attacker's choosing.
# Empty stays allowed, as before: CODEOWNERS then warns that the person has no handle.
ForgeHandle = Annotated[
    str, Field(pattern=r"^(?:@?[A-Za-z0-9_][A-Za-z0-9._/-]*)?$", max_length=100)
]


class Person(Schema):
    id: PersonId
    name: Text
    email: Text
    forge: ForgeHandle | None = None

    @field_validator("forge")
    @classmethod
    def _forge_handle(cls, value: str | None) -> str | None:
        if value and not _FORGE.fullmatch(value):
            raise ValueError(t("config.bad_forge", value=value))
        return value


class Department(Schema):
    id: DepartmentId
    name: Text
    head: PersonId
    responsible: list[PersonId] = Field(min_length=1)


class Security(StrEnum):
    STARTTLS = "starttls"
    SSL = "ssl"
    NONE = "none"


class Notify(Schema):
    """Where `yakkan notify` sends its reminders (SMTP). The password never lives here:
    `password_env` names the environment variable that holds it (a CI secret)."""

    host: Text
    port: Int = Field(default=587, ge=1, le=65535)
    security: Security = Security.STARTTLS
    from_: Text = Field(alias="from")
    reply_to: Text | None = None
    username: Text | None = None
    password_env: Annotated[str, Field(pattern=r"^[A-Z_][A-Z0-9_]*$", max_length=64)] | None = None
    subject_prefix: Text = "【yakkan】"
    # A login over `security: none` sends the password in clear: refused unless the village
    # says here that it knows (a server on its own closed network), and then warned of.
    allow_plaintext_login: Bool = False

    @property
    def login_in_clear(self) -> bool:
        return bool(self.username) and self.security is Security.NONE


class Policy(Schema):
    max_class_without_exception: Int = Field(default=3, ge=1, le=4)
    review_months: Int = Field(default=3, ge=1, le=24)
    backup_months: Int = Field(default=1, ge=1, le=24)
    purpose_check_months: Int = Field(default=1, ge=1, le=24)
    retention_years: Int = Field(default=3, ge=3, le=100)
    retention_basis: RetentionBasis = RetentionBasis.END_DATE
    warn_days: Int = Field(default=14, ge=0, le=366)
    signed_approvals: Bool = False
    # Every action of a responsible manager signed (marks, approve, reject, decide, resume,
    # suspend, dispose, alert, reassign). `signed_approvals: true` means the same, so the
    # configs written before the wider rule keep working and get the wider protection.
    signed_actions: Bool = False
    # How far an action's --date may lie before the day its commit is made (issue 8.6).
    max_backdate_days: Int = Field(default=31, ge=0, le=366)
    # `yakkan notify` reminds of the same task at most once in this many days.
    remind_every_days: Int = Field(default=7, ge=1, le=366)
    # Whether a full-track service that keeps data outside Japan may be approved with a
    # recorded exception (issue 22). Off: refused as S6.2 refuses data abroad, whatever
    # the reason; a village turns this on only where its own policy provides for it.
    storage_abroad_by_exception: Bool = False
    # An ISMAP list snapshot older than this (counted from the day it was retrieved from
    # the portal) no longer vouches for a registration (issue 22.3).
    ismap_snapshot_max_age_days: Int = Field(default=90, ge=1, le=3660)

    @property
    def signatures_required(self) -> bool:
        return self.signed_actions or self.signed_approvals


class Templates(Schema):
    """Whether the forms may come from the repository's own `templates/` folder.

    Off by default: a template is code run on the machine of whoever renders a form, so a
    village turns this on knowingly (and reviews every change under `templates/`); even
    then the templates run sandboxed.
    """

    use_repository: Bool = False


class Sections(Schema):
    """The village's own names of the policy's sections for each track, printed on the forms
    (e.g. 「第2-8-3 外部サービス（クラウドサービス）の利用（自治体機密性2以上の情報を取り扱う
    場合）」). Optional: not every village copies the guideline's split or its numbers."""

    light: Text | None = None
    full: Text | None = None


class Classification(Schema):
    """The scale the village classifies information on (issue 22). `juyosei` (the default)
    is the seed's 重要性分類 Ⅰ–Ⅳ; `jichitai` is 自治体機密性 3A/3B/3C/2/1, which splits the
    services into a light and a full track."""

    scheme: Scheme = Scheme.JUYOSEI
    sections: Sections = Field(default_factory=Sections)


class Config(Schema):
    schema_version: Literal[1]
    organization: Text
    procedure_version: Text = "1.0"
    # The village's day (rules of every "today", commit days, due, notify, the audit) is
    # counted on this zone's calendar, not on the machine's: CI runners are in UTC.
    timezone: Text = DEFAULT_TIMEZONE
    people: list[Person] = Field(min_length=1)
    departments: list[Department] = Field(min_length=1)
    policy: Policy = Field(default_factory=Policy)
    notify: Notify | None = None
    templates: Templates = Field(default_factory=Templates)
    # Who may import the ISMAP lists (情報セキュリティ管理者 or 統括情報セキュリティ責任者):
    # a list decides which full-track services may be approved (issue 22.3).
    security_administrators: list[PersonId] = Field(default_factory=list)
    classification: Classification = Field(default_factory=Classification)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zone_named(value)
        except ValueError:
            raise ValueError(t("config.bad_timezone", value=value)) from None
        return value

    @property
    def zone(self) -> tzinfo:
        """The village's time zone (validated when the config was read)."""
        return zone_named(self.timezone)

    def problems(self) -> list[tuple[Loc, str]]:
        """Cross-references a schema cannot express, each with the path of the culprit."""
        found: list[tuple[Loc, str]] = []
        seen: set[str] = set()
        emails: set[str] = set()
        for i, person in enumerate(self.people):
            if person.id in seen:
                found.append((("people", i, "id"), t("config.duplicate_person", id=person.id)))
            seen.add(person.id)
            email = person.email.casefold()
            if email in emails:
                found.append(
                    (("people", i, "email"), t("config.duplicate_email", email=person.email))
                )
            emails.add(email)
        departments: set[str] = set()
        for i, dept in enumerate(self.departments):
            if dept.id in departments:
                found.append(
                    (("departments", i, "id"), t("config.duplicate_department", id=dept.id))
                )
            departments.add(dept.id)
            if dept.head not in seen:
                found.append((("departments", i, "head"), t("config.unknown_person", id=dept.head)))
            for j, ref in enumerate(dept.responsible):
                if ref not in seen:
                    found.append(
                        (("departments", i, "responsible", j), t("config.unknown_person", id=ref))
                    )
        for i, ref in enumerate(self.security_administrators):
            if ref not in seen:
                found.append((("security_administrators", i), t("config.unknown_person", id=ref)))
        return found

    # The people of a config by id, built on first use: `person` is called for every
    # reference of every record (1.4 million times in an audit of 1,000 records × 50
    # commits), where a scan of the list cost time in people × references.
    def person(self, person_id: str) -> Person | None:
        index = _PEOPLE.get(id(self))
        if index is None or index[0] is not self.people or index[1] != len(self.people):
            index = _index_people(self)
        found = index[2].get(person_id)
        if found is None or found.id != person_id:
            # Not there, or an id edited in place since: a scan's answer, from a new index.
            found = _index_people(self)[2].get(person_id)
        return found

    def person_by_email(self, email: str) -> Person | None:
        key = email.strip().casefold()
        return next((p for p in self.people if p.email.casefold() == key), None)

    def department(self, department_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == department_id), None)

    def responsible_of(self, department_id: str) -> tuple[str, ...]:
        """The responsible managers of a department (none for a department not listed)."""
        dept = self.department(department_id)
        return tuple(dept.responsible) if dept else ()

    def name_of(self, person_id: str | None) -> str:
        person = self.person(person_id) if person_id else None
        return person.name if person else (person_id or "")


# Kept beside the models rather than in them, so that equality, copies and dumps of a
# config never see it; an entry leaves with its config. An index is built again when
# `people` is no longer the list it was built from or has changed length, and before an
# id is said to be unknown.
_PEOPLE: dict[int, tuple[list[Person], int, dict[str, Person]]] = {}


def _index_people(config: Config) -> tuple[list[Person], int, dict[str, Person]]:
    by_id: dict[str, Person] = {}
    for person in config.people:
        by_id.setdefault(person.id, person)  # the first of a duplicated id, as a scan finds
    if id(config) not in _PEOPLE:
        weakref.finalize(config, _PEOPLE.pop, id(config), None)
    index = _PEOPLE[id(config)] = (config.people, len(config.people), by_id)
    return index
