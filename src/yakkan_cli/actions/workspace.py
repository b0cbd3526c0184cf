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
import dataclasses
import functools
import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from yakkan_cli import interrupts
from yakkan_cli.actions import clock, recovery
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Attachment, AttachmentKind, Config, Person, Record
from yakkan_cli.rules.dates import CommitDay, action_date_problem, last_action_date
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.violation import RuleViolation
from yakkan_cli.store.cache import RecordCache
from yakkan_cli.store.files import (
    atomic_copy,
    atomic_write,
    faults_named,
    sha256_bytes,
    sha256_of,
)
from yakkan_cli.store.journal import Journal, Planned, clear_journal, write_journal
from yakkan_cli.store.repo import (
    ATTACHMENTS_DIR,
    LoadedRecord,
    RecordsRepo,
    Summarized,
    dump_record,
)
from yakkan_cli.store.yaml import field_messages
from yakkan_cli.vcs.git import Git, discover

DEFAULT_WAIT_SECONDS = 30.0
NO_CACHE_VARIABLE = "YAKKAN_NO_CACHE"
# Under the git common dir (shared by worktrees, never committed); deleting it is always safe.
CACHE_FOLDER = Path("yakkan") / "cache"


def cache_disabled(environ: Mapping[str, str]) -> bool:
    """YAKKAN_NO_CACHE set to anything but empty or 0 bypasses the record cache."""
    return environ.get(NO_CACHE_VARIABLE, "") not in ("", "0")


# The stamps git writes on a commit, each with the variable that would set it.
_STAMPS = (("GIT_AUTHOR_IDENT", "GIT_AUTHOR_DATE"), ("GIT_COMMITTER_IDENT", "GIT_COMMITTER_DATE"))


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
    # How long a writer waits for another yakkan's lock, and whom it tells that it waits.
    wait: float = DEFAULT_WAIT_SECONDS
    on_wait: Callable[[], None] | None = None
    # The bytes `config` was read from: the record cache's entries hold for them alone.
    # Empty (a workspace built by hand), or use_cache False (--no-cache): no record cache.
    config_source: bytes = b""
    use_cache: bool = True

    @classmethod
    def open(
        cls,
        directory: Path | None = None,
        *,
        wait: float = DEFAULT_WAIT_SECONDS,
        on_wait: Callable[[], None] | None = None,
        use_cache: bool = True,
    ) -> Workspace:
        git = discover(directory or Path.cwd())
        repo = RecordsRepo(git.root)
        config, source = repo.read_config()
        # Every date git tells this workspace is read on the village's calendar.
        git = dataclasses.replace(git, zone=config.zone)
        return cls(git, repo, config, wait, on_wait, source, use_cache)

    @functools.cached_property
    def record_cache(self) -> RecordCache | None:
        """The record cache of this work tree (store.cache), or None: bypassed (--no-cache,
        YAKKAN_NO_CACHE=1) or out of reach (git cannot say where its common dir is)."""
        if not self.use_cache or not self.config_source or cache_disabled(os.environ):
            return None
        try:
            folder = self.git.common_dir / CACHE_FOLDER
        except YakkanError:
            return None
        return RecordCache.open(folder, self.repo.root, self.config_source)

    def summaries(self, paths: Sequence[Path] | None = None) -> Iterator[Summarized | YakkanError]:
        """Every record (or those at `paths`) as rules.summary sees it, through the cache."""
        return self.repo.summaries(self.config, self.record_cache, paths)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        with self.git.lock(wait=self.wait, on_wait=self.on_wait):
            yield

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

    def today(self) -> date:
        """The village's day now (actions/clock.py)."""
        return clock.today(self.config.zone)

    def may(self, service_id: str, gate: Callable[[Record, str], None], *, on: date) -> Record:
        """The record, once its action's gate (rules/gates.py) and the date rule let the
        person acting act on it on `on`; RuleViolation otherwise. A command runs this
        before its first question: the action runs the same gate again in its transaction."""
        actor = self.actor()
        # In the order of a transaction: the day itself, the gate, the previous action.
        self.check_date(on, None)
        record = self.load(service_id).record
        gate(record, actor.id)
        self.check_date(on, record)
        return record

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
            today=self.today(),
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
        with self.locked():
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
    def transaction_files(
        self, paths: Sequence[str], actor: Person, *, on: date, label: str
    ) -> Iterator[FilesTransaction]:
        """One commit of files that belong to no record (an imported ISMAP list): the same
        lock, refusals and roll-back as `transaction`; `label` names them when edited."""
        with self.locked():
            self._preflight()
            self.check_date(on, None)
            self._refuse_dirty(list(paths), label)
            files = FilesTransaction(self, actor, on)
            with _flag_values_checked(), _rolled_back_unless_committed(files) as tx:
                yield tx

    @contextlib.contextmanager
    def transaction_many(
        self, service_ids: Sequence[str], actor: Person, *, on: date
    ) -> Iterator[BatchTransaction]:
        """One commit over several existing records (an alert names many services, S6.7).

        The same guarantees as `transaction`: the lock, each record and its attachments
        refused when edited, every touched file restored unless the commit lands.
        """
        with self.locked():
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
        # What an interrupted yakkan left comes first: its stale git locks are its own.
        recovery.refuse_leftovers(self.git, self.repo)
        # A commit made on a detached HEAD belongs to no branch: it never reaches a pull
        # request and is easily lost at the next checkout.
        if not self.git.on_branch():
            raise YakkanError(t("vcs.detached_head"))
        if self.git.merge_in_progress():
            raise YakkanError(t("vcs.merge_in_progress"))
        if self.git.index_locked():
            raise YakkanError(t("vcs.index_locked", path=self.git.git_dir / "index.lock"))

    def _refuse_dirty(self, paths: list[str], service_id: str) -> None:
        dirty = self.git.dirty_entries(paths)
        if dirty:
            raise YakkanError(
                t("vcs.dirty", id=service_id), details=recovery.restore_commands(dirty)
            )


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

    ws: Workspace
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
            write_journal(recovery.journal_path(git), journal)
            self.written = True
            self._write_files()
            git.add(self.touched)
            commit = git.commit(message, self.touched, sign=sign)
            self.committed = True
            interrupts.settle()
        # A journal left behind after its commit landed is cleared by the next writer.
        with contextlib.suppress(OSError):
            clear_journal(recovery.journal_path(git))
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
        recovery.prune_empty_folders(self.ws.repo, self.touched)

    def rollback(self, cause: BaseException | None) -> None:
        """Put every planned path back as HEAD has it, or say plainly that it could not."""
        if not self.written or self.committed:
            return
        try:
            recovery.undo(self.ws.git, self.ws.repo, self.touched)
        except (OSError, YakkanError) as err:
            # The journal stays: `yakkan recover` can finish the undo once the cause is gone.
            details = [str(cause)] if isinstance(cause, (OSError, YakkanError)) else []
            raise YakkanError(
                t("recover.rollback_failed", reason=str(err).splitlines()[0]),
                details=[*details, *self.touched],
            ) from err
        clear_journal(recovery.journal_path(self.ws.git))


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
    whose message the caller words, with its own trailers."""

    def _before(self) -> list[Record | None]:
        return []

    def put(self, rel: str, data: bytes) -> None:
        self._plan(_Change(rel, sha256_bytes(data), data=data))

    def remove(self, rel: str) -> None:
        self._plan(_Change(rel, None))

    def unchanged(self) -> bool:
        """Whether every planned file already has, in HEAD and on disk, its planned bytes."""
        return all(
            change.sha256 is not None
            and (stored := self.ws.git.stored_if_unchanged(rel)) is not None
            and sha256_bytes(stored) == change.sha256
            for rel, change in self.changes.items()
        )

    def commit(self, subject: str, trailers: Sequence[tuple[str, str]], *, sign: bool) -> str:
        lines = "".join(f"{key}: {value}\n" for key, value in trailers)
        message = f"{subject}\n\n{lines}Yakkan-Actor: {self.actor.id}\n"
        command = next((v for k, v in trailers if k == "Yakkan-Action"), "files")
        return self._land(message, command=command, sign=sign)
