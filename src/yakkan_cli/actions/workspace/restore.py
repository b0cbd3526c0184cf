"""Paths put back as HEAD has them: by yakkan, or by the git command it gives the user."""

from __future__ import annotations

from collections.abc import Sequence

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.store.files import faults_named
from yakkan_cli.store.repo import ATTACHMENTS_DIR, RECORDS_DIR, RecordsRepo
from yakkan_cli.vcs.git.repository import Git


def restore_commands(entries: Sequence[tuple[str, bool]]) -> list[str]:
    """The exact git command that puts each (path, untracked) back as HEAD has it."""
    return [
        f"git clean -f -- {path}" if untracked else f"git restore --staged --worktree -- {path}"
        for path, untracked in entries
    ]


def prune_empty_folders(repo: RecordsRepo, rels: Sequence[str]) -> None:
    """Remove folders under records/ and attachments/ a change left empty (git keeps none)."""
    tops = {repo.root / RECORDS_DIR, repo.root / ATTACHMENTS_DIR}
    for rel in rels:
        folder = (repo.root / rel).parent
        while folder not in tops and any(top in folder.parents for top in tops):
            if not folder.is_dir() or any(folder.iterdir()):
                break
            with faults_named(folder):
                folder.rmdir()
            folder = folder.parent


def undo(git: Git, repo: RecordsRepo, paths: Sequence[str]) -> None:
    """Every path as HEAD has it, in the index and the work tree; an error if git could not."""
    git.restore(paths)
    prune_empty_folders(repo, paths)
    left = git.dirty_paths(paths)
    if left:
        raise YakkanError(t("recover.still_dirty"), details=left)
