"""The records repository a command works on, and the one way to change it: a transaction.

A transaction takes the repository lock, refuses to touch a record that git shows as
edited (or a repository in the middle of a merge), writes files atomically, and ends in
exactly one commit naming only its files. If anything fails before the commit lands,
every file it wrote is put back as HEAD has it: no half-written file, no staged change.
"""

from __future__ import annotations

import abc
import contextlib
import functools
import os
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Attachment, AttachmentKind, Config, Person, Record
from yakkan_cli.rules.audit.signatures import must_sign
from yakkan_cli.rules.dates import CommitDay, action_date_problem, last_action_date
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.violation import RuleViolation
from yakkan_cli.store.repo import ATTACHMENTS_DIR, LoadedRecord, RecordsRepo
from yakkan_cli.store.yamlio import field_messages
from yakkan_cli.vcs.git import Git, discover

# The clock a demo or a test runs on, the way libfaketime would set it for the process: the
# day every check below calls today. It moves no stamp git writes, so GIT_AUTHOR_DATE and
# GIT_COMMITTER_DATE must then name the same day; the replay judges by those stamps anyway.
CLOCK_VARIABLE = "YAKKAN_TODAY"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_STAMPS = (("GIT_AUTHOR_IDENT", "GIT_AUTHOR_DATE"), ("GIT_COMMITTER_IDENT", "GIT_COMMITTER_DATE"))


def today() -> date:
    """The clock's day: the real one, or the one YAKKAN_TODAY sets for a test or a demo."""
    value = os.environ.get(CLOCK_VARIABLE)
    if not value:
        return date.today()
    try:
        if _ISO_DAY.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise YakkanError(t("actions.bad_clock", variable=CLOCK_VARIABLE, value=value))


@dataclass(frozen=True)
class Outcome:
    """What a state-changing use case did, for the command line to report."""

    action: Action
    service_id: str
    state: str | None
    commit: str
    message: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Workspace:
    git: Git
    repo: RecordsRepo
    config: Config

    @classmethod
    def open(cls, directory: Path | None = None) -> Workspace:
        git = discover(directory or Path.cwd())
        repo = RecordsRepo(git.root)
        return cls(git, repo, repo.load_config())

    def actor(self) -> Person:
        """The person acting: the git identity, which must be someone in yakkan.yaml.

        Asked of `git var`, so it is the very author the commit will carry, whether it
        comes from `user.email` or from GIT_AUTHOR_EMAIL.
        """
        email = self.git.author_email()
        if not email:
            raise YakkanError(t("actions.no_identity"))
        person = self.config.person_by_email(email)
        if person is None:
            raise YakkanError(t("actions.unknown_identity", email=email))
        return person

    def load(self, service_id: str) -> LoadedRecord:
        return self.repo.load(service_id, self.config)

    @functools.cached_property
    def commit_days(self) -> list[CommitDay]:
        """The days git will stamp on a commit made now (asked once per command)."""
        return [
            CommitDay(variable, day)
            for ident, variable in _STAMPS
            if (day := self.git.ident_day(ident)) is not None
        ]

    def check_date(self, on: date, record: Record | None) -> None:
        """A6, the one check of every action's date: not after the day the commit is made
        (by the clock, and by the stamps git will write), not before the record's previous
        action, not further back than policy.max_backdate_days."""
        problem = action_date_problem(
            on,
            today=today(),
            commit_days=self.commit_days,
            previous=last_action_date(record),
            max_backdate_days=self.config.policy.max_backdate_days,
        )
        if problem:
            raise RuleViolation(problem)

    @contextlib.contextmanager
    def transaction(
        self, service_id: str, actor: Person, *, on: date, new: bool = False
    ) -> Iterator[Transaction]:
        """The one commit of an action dated `on` (checked by `check_date`) on a record."""
        with self.git.lock():
            self._preflight()
            # What the date is judged against besides the record, before anything else.
            self.check_date(on, None)
            if new:
                existing = self.repo.candidates(service_id)
                if existing:
                    raise YakkanError(
                        t("actions.exists", id=service_id, path=self.repo.rel(existing[0]))
                    )
                loaded = None
            else:
                path = self.repo.find(service_id)
                self._refuse_dirty([self.repo.rel(path)], service_id)
                loaded = self.repo.load_path(path, self.config)
            self._refuse_dirty([f"{ATTACHMENTS_DIR}/{service_id}"], service_id)
            transaction = Transaction(self, actor, on, service_id, loaded)
            with _flag_values_checked(), _rolled_back_unless_committed(transaction) as tx:
                yield tx

    @contextlib.contextmanager
    def transaction_many(
        self, service_ids: Sequence[str], actor: Person, *, on: date
    ) -> Iterator[BatchTransaction]:
        """One commit over several existing records (an alert names many services, S6.7).

        The same guarantees as `transaction`: the lock, each record and its attachments
        refused when edited, every touched file restored unless the commit lands.
        """
        with self.git.lock():
            self._preflight()
            self.check_date(on, None)
            loaded: dict[str, LoadedRecord] = {}
            for service_id in service_ids:
                if service_id in loaded:
                    raise YakkanError(t("actions.duplicate_service", id=service_id))
                path = self.repo.find(service_id)
                self._refuse_dirty([self.repo.rel(path)], service_id)
                self._refuse_dirty([f"{ATTACHMENTS_DIR}/{service_id}"], service_id)
                loaded[service_id] = self.repo.load_path(path, self.config)
            batch = BatchTransaction(self, actor, on, list(service_ids), loaded)
            with _flag_values_checked(), _rolled_back_unless_committed(batch) as tx:
                yield tx

    def _preflight(self) -> None:
        # A commit made on a detached HEAD belongs to no branch: it never reaches a pull
        # request and is easily lost at the next checkout.
        if not self.git.on_branch():
            raise YakkanError(t("vcs.detached_head"))
        if self.git.merge_in_progress():
            raise YakkanError(t("vcs.merge_in_progress"))
        if self.git.index_locked():
            raise YakkanError(t("vcs.index_locked", path=self.git.git_dir / "index.lock"))

    def _refuse_dirty(self, paths: list[str], service_id: str) -> None:
        dirty = self.git.dirty_paths(paths)
        if dirty:
            raise YakkanError(t("vcs.dirty", id=service_id), details=dirty)


_Tx = TypeVar("_Tx", bound="_Changes")


@contextlib.contextmanager
def _flag_values_checked() -> Iterator[None]:
    """A value given on the command line that the model refuses (a note holding an escape
    sequence, a name holding a line break) is the user's error, said field by field."""
    try:
        yield
    except ValidationError as exc:
        raise YakkanError(t("actions.input_invalid"), details=field_messages(exc)) from None


@contextlib.contextmanager
def _rolled_back_unless_committed(tx: _Tx) -> Iterator[_Tx]:
    try:
        yield tx
    except BaseException:
        tx.rollback()
        raise
    if not tx.committed:
        tx.rollback()


@dataclass
class _Changes(abc.ABC):
    """The files one commit will name, and how to write, commit or undo them."""

    ws: Workspace
    actor: Person
    on: date  # the day the action states; checked against the records before the commit
    touched: list[str] = field(default_factory=list, init=False)
    committed: bool = field(default=False, init=False)
    departments: set[str] = field(default_factory=set, init=False)  # of the records saved

    def _touch(self, rel: str) -> None:
        if rel not in self.touched:
            self.touched.append(rel)

    def _write(self, record: Record) -> None:
        # Validate the whole record again: use cases build it field by field.
        record = Record.model_validate(record.model_dump(by_alias=True))
        self.departments.add(record.department)
        self._touch(self.ws.repo.rel(self.ws.repo.write_record(record)))

    @abc.abstractmethod
    def _before(self) -> list[Record | None]:
        """The records as they were before this transaction (None: a record it creates)."""

    def _commit(self, action: Action, ids: Sequence[str], summary: str, *, sign: bool) -> str:
        # The record's previous action last, once the action's own rules have had their
        # say: those refusals name the problem more precisely than the date would.
        for before in self._before():
            self.ws.check_date(self.on, before)
        # One Yakkan-Service trailer per record: git trailers allow repeated keys.
        services = "".join(f"Yakkan-Service: {sid}\n" for sid in ids)
        message = (
            f"{action.value}({','.join(ids)}): {summary}\n\n"
            f"Yakkan-Action: {action.value}\n"
            f"{services}"
            f"Yakkan-Actor: {self.actor.id}\n"
        )
        # With signed actions, every action of a responsible manager is signed (A7).
        sign = sign or must_sign(action, self.ws.config, self.departments, self.actor.id)
        self.ws.git.add(self.touched)
        commit = self.ws.git.commit(message, self.touched, sign=sign)
        self.committed = True
        return commit

    def rollback(self) -> None:
        self.ws.git.restore(self.touched)


@dataclass
class Transaction(_Changes):
    service_id: str
    loaded: LoadedRecord | None

    def _before(self) -> list[Record | None]:
        return [self.loaded.record if self.loaded else None]

    @property
    def record(self) -> Record:
        if self.loaded is None:
            raise AssertionError("a new record has nothing loaded")
        # A copy, so that a refused change never leaks into the loaded original.
        return self.loaded.record.model_copy(deep=True)

    def attach(
        self, kind: AttachmentKind, source: Path, *, replace: Collection[str] = ()
    ) -> Attachment:
        attachment = self.ws.repo.add_attachment(self.service_id, kind, source, replace=replace)
        self._touch(attachment.path)
        return attachment

    def save(self, record: Record) -> None:
        self._write(record)

    def remove(self, rel: str) -> None:
        target = self.ws.repo.root / rel
        if target.is_file():
            target.unlink()
        self._touch(rel)

    def commit(
        self, action: Action, summary: str, *, state: str | None, sign: bool = False
    ) -> Outcome:
        if self.loaded is not None:  # a removal saves nothing, yet is the department's
            self.departments.add(self.loaded.record.department)
        commit = self._commit(action, [self.service_id], summary, sign=sign)
        return Outcome(action, self.service_id, state, commit, summary)


@dataclass
class BatchTransaction(_Changes):
    """Changes to several records that land as one commit (see Workspace.transaction_many)."""

    service_ids: list[str]
    loaded: dict[str, LoadedRecord]

    def _before(self) -> list[Record | None]:
        return [loaded.record for loaded in self.loaded.values()]

    def record(self, service_id: str) -> Record:
        # A copy, so that a refused change never leaks into the loaded original.
        return self.loaded[service_id].record.model_copy(deep=True)

    def save(self, record: Record) -> None:
        if record.id not in self.loaded:
            raise AssertionError(f"{record.id} is not part of this transaction")
        self._write(record)

    def commit(self, action: Action, summary: str) -> Outcome:
        commit = self._commit(action, self.service_ids, summary, sign=False)
        return Outcome(action, ",".join(self.service_ids), None, commit, summary)
