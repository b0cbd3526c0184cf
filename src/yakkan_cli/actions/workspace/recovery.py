"""What an interrupted yakkan left behind, and putting it back (`yakkan recover`).

A writer's change is journaled before its first file changes (store/journal.py), so a
yakkan killed mid-way leaves a journal naming its paths, its base commit and its
message. Under the repository lock (its holder is gone), that is enough to tell:
- the commit landed → only the journal (and perhaps git's index) is left to tidy;
- nothing was written yet → nothing to do;
- every file is as planned → finish: one commit, authored by the person who acted;
- anything else → undo: every path back as HEAD has it.
Temp files of atomic writes (`.NAME.XXXX.tmp`) are removed on sight. Edits no journal
explains are never touched: the user gets the exact git command for each path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from yakkan_cli.actions.workspace.journal import State, assess, journal_path
from yakkan_cli.actions.workspace.leftovers import remove_temps
from yakkan_cli.actions.workspace.restore import prune_empty_folders, restore_commands, undo
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.store.files import faults_named
from yakkan_cli.store.journal import Journal, clear_journal, read_journal
from yakkan_cli.store.repo import ATTACHMENTS_DIR, RECORDS_DIR, RecordsRepo
from yakkan_cli.vcs.git.repository import Git
from yakkan_cli.vcs.git.run import GitFailed


class Outcome(Enum):
    NOTHING = "nothing"
    LANDED = "landed"
    FINISHED = "finished"
    UNDONE = "undone"
    UNDONE_SIGNED = "undone_signed"
    MOVED = "moved"


@dataclass(frozen=True)
class Recovered:
    """What `recover` found and did, for the command line to report."""

    outcome: Outcome
    command: str | None = None
    started: str | None = None
    commit: str | None = None
    paths: tuple[str, ...] = ()
    temps_removed: int = 0
    locks_removed: tuple[str, ...] = ()
    # Changes no journal explains, with the git command that would discard each.
    unexplained: list[str] = field(default_factory=list)
    # git lock files nothing explains: another git may be at work, so only advice.
    locks_left: tuple[str, ...] = ()


def _author_env(ident: str) -> dict[str, str]:
    """GIT_AUTHOR_* that make git record the author of the interrupted command again."""
    name, _, rest = ident.partition(" <")
    email, _, stamp = rest.partition("> ")
    if not email:
        return {}
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}
    if stamp:
        # The commit the interrupted command was making, dated as it would have been: the
        # replay judges an action's --date by its commit's date (A6), not by the day the
        # pieces were picked up.
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{stamp}"
    return env


def _settle(git: Git, repo: RecordsRepo, journal: Journal) -> Recovered:
    removed: list[str] = []
    # We hold yakkan's lock and the journal says its holder died inside git: the locks
    # git left are that dead git's, and nothing can proceed while they stay.
    for lock in git.stale_git_locks():
        with faults_named(lock):
            lock.unlink(missing_ok=True)
        removed.append(str(lock))
    state = assess(git, repo, journal)

    def made(
        outcome: Outcome, commit: str | None = None, unexplained: Sequence[str] = ()
    ) -> Recovered:
        return Recovered(
            outcome,
            command=journal.command,
            started=journal.started,
            commit=commit,
            paths=tuple(journal.paths),
            locks_removed=tuple(removed),
            unexplained=list(unexplained),
        )

    if state is State.LANDED:
        # The index may still hold the old content when git died after moving the branch.
        git.run("reset", "-q", "--", *journal.paths, check=False)
        prune_empty_folders(repo, journal.paths)
        return made(Outcome.LANDED, commit=git.head())
    if state is State.UNTOUCHED:
        return made(Outcome.NOTHING)
    if state is State.MOVED:
        return made(Outcome.MOVED, unexplained=restore_commands(git.dirty_entries(journal.paths)))
    if state is State.COMPLETE and not journal.sign:
        try:
            git.add(journal.paths)
            commit = git.commit(journal.message, journal.paths, env=_author_env(journal.author))
        except GitFailed:
            # git still refuses it (a hook, a full disk): the change cannot land, undo it.
            undo(git, repo, journal.paths)
            return made(Outcome.UNDONE)
        # Killed between removing a record's last files and pruning their folder: git
        # keeps no empty folder, so without this the disposed service's folder lingers.
        prune_empty_folders(repo, journal.paths)
        return made(Outcome.FINISHED, commit=commit)
    # Half written, or a signature only the person who acted can give: put it all back.
    undo(git, repo, journal.paths)
    return made(Outcome.UNDONE_SIGNED if state is State.COMPLETE else Outcome.UNDONE)


def recover(ws: Workspace) -> Recovered:
    """Finish or undo what an interrupted yakkan left, under the repository lock."""
    git, repo = ws.git, ws.repo
    with ws.locked():
        path = journal_path(git)
        journal = read_journal(path)
        if journal is not None:
            result = _settle(git, repo, journal)
            clear_journal(path)
        else:
            result = Recovered(Outcome.NOTHING)
        temps = remove_temps(git, repo)
        entries = git.dirty_entries([RECORDS_DIR, ATTACHMENTS_DIR])
        leftovers = tuple(str(p) for p in git.stale_git_locks())
        return Recovered(
            result.outcome,
            command=result.command,
            started=result.started,
            commit=result.commit,
            paths=result.paths,
            temps_removed=temps,
            locks_removed=result.locks_removed,
            unexplained=result.unexplained or restore_commands(entries),
            locks_left=leftovers,
        )
