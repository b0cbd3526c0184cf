"""The records repository a command works on: its configuration, the person acting, the
date rule (A6), the record cache, and the transactions that change it (transaction.py)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from yakkan_cli.actions import clock
from yakkan_cli.actions.workspace.leftovers import refuse_leftovers
from yakkan_cli.actions.workspace.restore import restore_commands
from yakkan_cli.actions.workspace.transaction import (
    BatchTransaction,
    FilesTransaction,
    Transaction,
    flag_values_checked,
    rolled_back_unless_committed,
)
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Config, Person, Record
from yakkan_cli.rules.dates import CommitDay, action_date_problem, last_action_date
from yakkan_cli.rules.violation import RuleViolation
from yakkan_cli.store.cache import RecordCache
from yakkan_cli.store.cache.kept import CACHE_FOLDER
from yakkan_cli.store.repo import ATTACHMENTS_DIR, LoadedRecord, RecordsRepo, Summarized
from yakkan_cli.vcs.git.discover import discover
from yakkan_cli.vcs.git.repository import Git

if TYPE_CHECKING:
    from yakkan_cli.store.cache.lists import ListCache

DEFAULT_WAIT_SECONDS = 30.0
NO_CACHE_VARIABLE = "YAKKAN_NO_CACHE"
# Under the git common dir (shared by worktrees, never committed); deleting it is always safe.


def cache_disabled(environ: Mapping[str, str]) -> bool:
    """YAKKAN_NO_CACHE set to anything but empty or 0 bypasses the record cache."""
    return environ.get(NO_CACHE_VARIABLE, "") not in ("", "0")


# The stamps git writes on a commit, each with the variable that would set it.
_STAMPS = (("GIT_AUTHOR_IDENT", "GIT_AUTHOR_DATE"), ("GIT_COMMITTER_IDENT", "GIT_COMMITTER_DATE"))


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
    def cache_folder(self) -> Path | None:
        """Where this work tree's caches live (store.cache: the record index, the pages
        `show` keeps), or None: bypassed (--no-cache, YAKKAN_NO_CACHE=1) or out of reach
        (git cannot say where its common dir is)."""
        if not self.use_cache or not self.config_source or cache_disabled(os.environ):
            return None
        try:
            return self.git.common_dir / CACHE_FOLDER
        except YakkanError:
            return None

    @functools.cached_property
    def record_cache(self) -> RecordCache | None:
        """The record cache of this work tree (store.cache), or None (`cache_folder`). The
        index also keeps what the reading commands read of yakkan.yaml, so that a read
        answered from it alone (cli/fast.py) needs no schema."""
        folder = self.cache_folder
        if folder is None:
            return None
        from yakkan_cli.actions.validation import settings_problems
        from yakkan_cli.store.cache.codec import encode_config

        kept = encode_config(self.config, settings_problems(self.config, self.config_source))
        return RecordCache.open(folder, self.repo.root, self.config_source, settings=kept)

    @functools.cached_property
    def list_cache(self) -> ListCache | None:
        """Where what the reading commands take of each imported ISMAP list is kept, for a
        read answered without the schemas (store.cache.lists), or None (`cache_folder`)."""
        folder = self.cache_folder
        if folder is None:
            return None
        from yakkan_cli.store.cache.lists import ListCache

        return ListCache.open(folder, self.repo.root, self.config_source)

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
            with flag_values_checked(), rolled_back_unless_committed(transaction) as tx:
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
            with flag_values_checked(), rolled_back_unless_committed(files) as tx:
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
            with flag_values_checked(), rolled_back_unless_committed(batch) as tx:
                yield tx

    def _preflight(self) -> None:
        # What an interrupted yakkan left comes first: its stale git locks are its own.
        refuse_leftovers(self.git, self.repo)
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
            raise YakkanError(t("vcs.dirty", id=service_id), details=restore_commands(dirty))
