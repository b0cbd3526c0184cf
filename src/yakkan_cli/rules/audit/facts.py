"""The vocabulary of the replay: a commit's facts, one record's step, a finding, the rule ids.

Everything in `rules/audit/` is pure: the caller reads commits and blobs from git and parses
them; the rule modules get one record's step in one commit (`RecordVersion`) with the
commit's facts (`CommitInfo`) and the config in force, and return `Finding`s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from yakkan_cli.messages import t
from yakkan_cli.model import State
from yakkan_cli.rules.lifecycle import Action

if TYPE_CHECKING:
    from yakkan_cli.model import Record

TRAILER_ACTION = "Yakkan-Action"
TRAILER_SERVICE = "Yakkan-Service"
TRAILER_ACTOR = "Yakkan-Actor"

# Rule ids of the findings (REQUIREMENTS / DESIGN sections; listed in the README).
RULE_SCHEMA = "D3"  # the record does not validate against yakkan.yaml of its commit
RULE_GIT = "D4"  # transition, trailers, signatures: the discipline of DESIGN §4
RULE_ROLE = "S3.1"  # only the responsible manager of the department approves / disposes
RULE_MARKS = "S5.2"  # applicant column by the applicant, responsible column by a manager
RULE_APPROVED = "S5.3"  # approved content frozen; approvals by the approver, signed if asked
RULE_ATTACHMENT = "S5.1.5"  # an attachment's content matches the sha256 kept in the record
RULE_RETENTION = "S5.4"  # records kept `retention_years` after the service ended

# States in which the approved content (service, application, checks, exception) is frozen.
APPROVED_STATES = frozenset(
    {State.APPROVED, State.ACTIVE, State.SUSPENDED, State.TERMINATING, State.TERMINATED}
)
APPROVED_CONTENT = (
    "service",
    "application",
    "checks",
    "exception",
    "ismap_exception",
    "storage_exception",
)


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    parents: tuple[str, ...]
    author_email: str
    author_date: datetime
    subject: str
    trailers: Mapping[str, str] = field(default_factory=dict)
    signature: str = "N"  # git's %G?: G good, B bad, N none, U/E/X/Y/R other
    signing_key: str = ""
    signer: str = ""  # git's %GS: for SSH signatures the principal of allowed_signers
    # Time is the mainline's clock (issue 8.6): the committer date of this commit, and of
    # the mainline commit that brought it (itself when made on the mainline; the merge for
    # a commit a merge brought in; None when not known, e.g. `verify` before the merge).
    committer_date: datetime | None = None
    arrived: datetime | None = None
    # Every `Yakkan-Action` trailer of the message, in order: more than one means a squash.
    action_names: tuple[str, ...] = ()
    # A squash's folded actions in order, each (action, service, actor) as its own message's
    # trailers name them ("" where one is missing): the sequence the squash is judged as.
    action_steps: tuple[tuple[str, str, str], ...] = ()
    # The day from which the signing key is no longer valid in the allowed_signers in force
    # (its `valid-before`), None when it has no end: judged against the arrival (19.2).
    key_valid_before: date | None = None

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    def with_facts(self, **facts: Any) -> CommitInfo:
        """The commit with `facts` (field → value) set: `dataclasses.replace` without its
        walk over every field through `__init__`, which a replay pays once per commit."""
        unknown = facts.keys() - self.__dict__.keys()
        if unknown:
            raise TypeError(f"CommitInfo has no field {sorted(unknown)}")
        copy = object.__new__(CommitInfo)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(facts)
        return copy

    def on_calendar(self, zone: tzinfo) -> CommitInfo:
        """The commit with its dates (the same instants) on the calendar `zone`: the one of
        the config in force for it, whose days it was written by."""
        dates = (self.author_date, self.committer_date, self.arrived)
        if all(d is None or d.tzinfo is zone for d in dates):
            return self  # already there: the village kept its zone (ZoneInfo is cached)
        return replace(
            self,
            author_date=self.author_date.astimezone(zone),
            committer_date=self.committer_date and self.committer_date.astimezone(zone),
            arrived=self.arrived and self.arrived.astimezone(zone),
        )

    @property
    def action_name(self) -> str | None:
        return self.trailers.get(TRAILER_ACTION)

    @property
    def action(self) -> Action | None:
        name = self.action_name
        try:
            return Action(name) if name else None
        except ValueError:
            return None


@dataclass(frozen=True)
class RecordVersion:
    """One record as a commit left it, next to how its first parent had it.

    `before`/`after` are None when the record did not exist (or could not be read:
    then `before_invalid`/`after_problems` say so). `attachments` maps each attachment
    path to check to the sha256 of its content at the commit (None: no such file).
    `before_data`/`after_data` are `record_data` of `before`/`after` when the caller already
    has them: a replay dumps each version once and reuses it as the next one's `before`.
    """

    service_id: str
    path_before: str | None
    path_after: str | None
    before: Record | None
    after: Record | None
    before_invalid: bool = False
    after_problems: tuple[str, ...] = ()
    attachments: Mapping[str, str | None] = field(default_factory=dict)
    before_data: Mapping[str, Any] | None = None
    after_data: Mapping[str, Any] | None = None
    # The day the approval of the record's termination reached the mainline (the replay
    # knows it; None when it does not): retention counts from it at the earliest.
    approval_arrived: date | None = None
    # `dates.latest_action_text(before_data)` when the caller has it (a replay carries it
    # from version to version, reading only what each adds); None: not given, read then.
    before_latest: str | None = None

    @property
    def path(self) -> str:
        return self.path_after or self.path_before or ""

    @property
    def state_before(self) -> State | None:
        return self.before.state if self.before else None

    @property
    def state_after(self) -> State | None:
        return self.after.state if self.after else None


@dataclass(frozen=True)
class Finding:
    commit: str
    path: str
    service: str | None
    rule: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "path": self.path,
            "service": self.service,
            "rule": self.rule,
            "message": self.message,
        }


# --- helpers -------------------------------------------------------------------------------


def record_data(record: Record) -> dict[str, Any]:
    """The record as plain data, as `changed_sections` compares it."""
    data: dict[str, Any] = record.model_dump(mode="json", by_alias=True)
    return data


def changed_sections(
    before: Record | None,
    after: Record | None,
    before_data: Mapping[str, Any] | None = None,
    after_data: Mapping[str, Any] | None = None,
) -> list[str]:
    """Top-level keys whose value differs (all set keys when one side is missing).

    `before_data`/`after_data`: `record_data` of the records when already at hand.
    """
    if before is None and after is None:
        return []
    old: Mapping[str, Any] = {}
    new: Mapping[str, Any] = {}
    if before:
        old = before_data if before_data is not None else record_data(before)
    if after:
        new = after_data if after_data is not None else record_data(after)
    keys = [k for k in (new or old) if k != "state"]
    return [k for k in keys if old.get(k) != new.get(k)]


def state_name(state: State | None) -> str:
    return t(f"state.{state.value}") if state else t("audit.no_record")


# Each rule module reports through this: add(rule id, message) for the step being checked.
Add = Callable[[str, str], None]
