"""Before a writer starts (under the lock): what an interrupted yakkan left is tidied when it
needs no decision (a journal whose change is untouched or landed, stray temp files), and
refused, naming `yakkan recover`, when a change is still half there."""

from __future__ import annotations

from pathlib import Path

from yakkan_cli.actions.workspace.journal import State, assess, journal_path
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model.places import ISMAP_DIR
from yakkan_cli.store.files import faults_named, stray_temp_files
from yakkan_cli.store.journal import clear_journal, read_journal
from yakkan_cli.store.repo import ATTACHMENTS_DIR, RECORDS_DIR, RecordsRepo
from yakkan_cli.vcs.git.repository import Git


def _stray_temps(git: Git, repo: RecordsRepo) -> list[Path]:
    found = [
        *stray_temp_files(repo.root / RECORDS_DIR),
        *stray_temp_files(repo.root / ATTACHMENTS_DIR),
        # The ISMAP lists' source, snapshot and manifest are written in a transaction too.
        *stray_temp_files(repo.root / ISMAP_DIR),
        *stray_temp_files(journal_path(git).parent),
    ]
    if not found:
        return []
    # A file someone committed is theirs, whatever its name.
    rels = [p.relative_to(repo.root).as_posix() for p in found if repo.root in p.parents]
    tracked = set(git.text("ls-files", "-z", "--", *rels).split("\0")) if rels else set()
    return [p for p in found if not (repo.root in p.parents and repo.rel(p) in tracked)]


def remove_temps(git: Git, repo: RecordsRepo) -> int:
    temps = _stray_temps(git, repo)
    for temp in temps:
        with faults_named(temp):
            temp.unlink(missing_ok=True)
    return len(temps)


def refuse_leftovers(git: Git, repo: RecordsRepo) -> None:
    """Before a writer starts (under the lock): tidy what needs no decision, and refuse,
    naming `yakkan recover`, when an interrupted change is still half there."""
    journal = read_journal(journal_path(git))
    if journal is not None:
        state = assess(git, repo, journal)
        tidy = state is State.UNTOUCHED or (
            state is State.LANDED
            and not git.stale_git_locks()
            and not git.dirty_paths(journal.paths)
        )
        if not tidy:
            raise YakkanError(
                t("recover.needed", command=journal.command, started=journal.started),
                details=journal.paths,
            )
        clear_journal(journal_path(git))
    remove_temps(git, repo)
