"""The records repository a command works on, and the one way to change it: a transaction.

A transaction takes the repository lock (waiting a while for another yakkan), refuses to
touch a record that git shows as edited (or a repository in the middle of a merge, or one
an interrupted yakkan left half-changed), and plans its changes in memory. Its commit
then writes the journal, writes every file atomically, and makes exactly one commit
naming only its files: all or nothing, even for several records. If anything fails
before the commit lands, every file is put back as HEAD has it; if even that fails, or
the process is killed, the journal tells `yakkan recover` what to finish or undo.
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol, TypeVar

from pydantic import ValidationError

from yakkan_cli import interrupts
from yakkan_cli.actions import clock
from yakkan_cli.actions.workspace.journal import journal_path
from yakkan_cli.actions.workspace.restore import prune_empty_folders, undo
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Attachment, AttachmentKind, Config, Person, Record
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.store.files import atomic_copy, atomic_write, faults_named, sha256_bytes, sha256_of
from yakkan_cli.store.journal import Journal, Planned, clear_journal, write_journal
from yakkan_cli.store.repo import LoadedRecord, RecordsRepo, dump_record
from yakkan_cli.store.yaml import field_messages
from yakkan_cli.vcs.git.repository import Git


@dataclass(frozen=True)
class Outcome:
    """What a state-changing use case did, for the command line to report."""

    action: Action
    service_id: str
    state: str | None
    commit: str
    message: str
    warnings: tuple[str, ...] = ()


class Place(Protocol):
    """What a transaction needs of the workspace it changes (workspace.py's `Workspace`)."""

    @property
    def git(self) -> Git: ...

    @property
    def repo(self) -> RecordsRepo: ...

    @property
    def config(self) -> Config: ...

    def check_date(self, on: date, record: Record | None) -> None: ...


_Tx = TypeVar("_Tx", bound="_Changes")


@contextlib.contextmanager
def flag_values_checked() -> Iterator[None]:
    """A value given on the command line that the model refuses (a note holding an escape
    sequence, a name holding a line break) is the user's error, said field by field."""
    try:
        yield
    except ValidationError as exc:
        if interrupts.came_unsettled():
            # A Ctrl-C that landed inside pydantic comes back as a ValidationError of a
            # sound value (as in store.yaml.validate_data): it is the interrupt, not the
            # user's input; given back as such, everything is put back and exit is 130.
            raise KeyboardInterrupt from None
        raise YakkanError(t("actions.input_invalid"), details=field_messages(exc)) from None


@contextlib.contextmanager
def rolled_back_unless_committed(tx: _Tx) -> Iterator[_Tx]:
    try:
        yield tx
    except BaseException as exc:
        tx.rollback(exc)
        raise
    if not tx.committed:
        tx.rollback(None)


@dataclass
class _Change:
    """One path of the coming commit: its new bytes, a file to copy in, or removal."""

    rel: str
    sha256: str | None  # the content it will have; None: removed
    data: bytes | None = None
    source: Path | None = None


@dataclass
class _Changes(abc.ABC):
    """The files one commit will name, planned in memory; then written, committed or undone."""

    ws: Place
    actor: Person
    on: date  # the day the action states; checked against the records before the commit
    changes: dict[str, _Change] = field(default_factory=dict, init=False)
    written: bool = field(default=False, init=False)
    committed: bool = field(default=False, init=False)
    departments: set[str] = field(default_factory=set, init=False)  # of the records saved

    @property
    def touched(self) -> list[str]:
        return list(self.changes)

    def _plan(self, change: _Change) -> None:
        self.changes[change.rel] = change

    def _write(self, record: Record) -> None:
        # Validate the whole record again: use cases build it field by field.
        record = Record.model_validate(record.model_dump(by_alias=True))
        self.departments.add(record.department)
        rel = self.ws.repo.rel(self.ws.repo.record_path(record.department, record.id))
        data = dump_record(record).encode("utf-8")
        self._plan(_Change(rel, sha256_bytes(data), data=data))

    def _attach(
        self, service_id: str, kind: AttachmentKind, source: Path, replace: Collection[str] = ()
    ) -> Attachment:
        planned = {rel: change.sha256 for rel, change in self.changes.items()}
        attachment = self.ws.repo.plan_attachment(
            service_id, kind, source, planned, replace=replace
        )
        if attachment.path not in self.changes or attachment.path in replace:
            self._plan(_Change(attachment.path, attachment.sha256, source=source))
        return attachment

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
        # With signed actions, every action of a responsible manager is signed (A7). Imported
        # here: the audit rules' package is a large import that read commands never need.
        from yakkan_cli.rules.audit.signatures import must_sign

        sign = sign or must_sign(action, self.ws.config, self.departments, self.actor.id)
        return self._land(message, command=action.value, sign=sign)

    def _land(self, message: str, *, command: str, sign: bool) -> str:
        """Write the planned files and make the one commit: all or nothing (see above)."""
        git = self.ws.git
        journal = Journal(
            command=command,
            base=git.head(),
            message=message,
            author=git.author_ident() or "",
            sign=sign,
            started=clock.now(self.ws.config.zone).isoformat(timespec="seconds"),
            planned=tuple(Planned(c.rel, c.sha256) for c in self.changes.values()),
        )
        # From the journal to the landed commit, Ctrl-C waits: the change is all or nothing.
        with interrupts.deferred():
            write_journal(journal_path(git), journal)
            self.written = True
            self._write_files()
            git.add(self.touched)
            commit = git.commit(message, self.touched, sign=sign)
            self.committed = True
            interrupts.settle()
        # A journal left behind after its commit landed is cleared by the next writer.
        with contextlib.suppress(OSError):
            clear_journal(journal_path(git))
        return commit

    def _write_files(self) -> None:
        root = self.ws.repo.root
        for change in self.changes.values():
            target = root / change.rel
            if change.data is not None:
                atomic_write(target, change.data)
            elif change.source is not None:
                # The same content may be there already; a replaced file (attach) is not.
                if not target.is_file() or sha256_of(target) != change.sha256:
                    atomic_copy(change.source, target, change.sha256 or "")
            else:
                with faults_named(target):
                    target.unlink(missing_ok=True)
        prune_empty_folders(self.ws.repo, self.touched)

    def rollback(self, cause: BaseException | None) -> None:
        """Put every planned path back as HEAD has it, or say plainly that it could not."""
        if not self.written or self.committed:
            return
        try:
            undo(self.ws.git, self.ws.repo, self.touched)
        except (OSError, YakkanError) as err:
            # The journal stays: `yakkan recover` can finish the undo once the cause is gone.
            details = [str(cause)] if isinstance(cause, (OSError, YakkanError)) else []
            raise YakkanError(
                t("recover.rollback_failed", reason=str(err).splitlines()[0]),
                details=[*details, *self.touched],
            ) from err
        clear_journal(journal_path(self.ws.git))


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
        return self._attach(self.service_id, kind, source, replace)

    def save(self, record: Record) -> None:
        self._write(record)

    def remove(self, rel: str) -> None:
        self._plan(_Change(rel, None))

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


@dataclass
class FilesTransaction(_Changes):
    """Files outside the records (an ISMAP list's source and snapshot), landed as one commit
    whose message the caller words, with its own trailers (Workspace.transaction_files)."""

    def _before(self) -> list[Record | None]:
        return []

    def put(self, rel: str, data: bytes) -> None:
        self._plan(_Change(rel, sha256_bytes(data), data=data))

    def remove(self, rel: str) -> None:
        self._plan(_Change(rel, None))

    def commit(self, subject: str, trailers: Sequence[tuple[str, str]], *, sign: bool) -> str:
        lines = "".join(f"{key}: {value}\n" for key, value in trailers)
        message = f"{subject}\n\n{lines}Yakkan-Actor: {self.actor.id}\n"
        command = next((v for k, v in trailers if k == "Yakkan-Action"), "files")
        return self._land(message, command=command, sign=sign)
