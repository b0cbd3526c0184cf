"""Where a writer's journal lives (store/journal.py writes it), and how far its change got."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from yakkan_cli.store.files import sha256_of
from yakkan_cli.store.journal import JOURNAL_NAME, Journal
from yakkan_cli.store.repo import RecordsRepo
from yakkan_cli.vcs.git.repository import Git


class State(Enum):
    LANDED = "landed"  # the commit was made; the journal outlived it
    UNTOUCHED = "untouched"  # no planned path differs from HEAD
    COMPLETE = "complete"  # every planned path is as planned, the commit is missing
    PARTIAL = "partial"  # some paths written, some not
    MOVED = "moved"  # HEAD is no longer where the change began, nor its commit


def journal_path(git: Git) -> Path:
    # Beside the index it describes: per work tree when git has several.
    return git.git_dir / JOURNAL_NAME


def _as_planned(repo: RecordsRepo, rel: str, sha256: str | None) -> bool:
    target = repo.root / rel
    if sha256 is None:
        return not target.exists()
    return target.is_file() and sha256_of(target) == sha256


def assess(git: Git, repo: RecordsRepo, journal: Journal) -> State:
    head = git.head()
    if head != journal.base:
        landed = (
            head is not None
            and git.parent(head) == journal.base
            and git.commit_message(head).strip() == journal.message.strip()
        )
        return State.LANDED if landed else State.MOVED
    if not git.dirty_paths(journal.paths):
        return State.UNTOUCHED
    if all(_as_planned(repo, p.path, p.sha256) for p in journal.planned):
        return State.COMPLETE
    return State.PARTIAL
