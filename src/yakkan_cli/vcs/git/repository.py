"""`Git`: one work tree, with every git command yakkan needs on it."""

from __future__ import annotations

from dataclasses import dataclass

from yakkan_cli.vcs.git.identity import Identity
from yakkan_cli.vcs.git.lock import Locking
from yakkan_cli.vcs.git.work_tree import WorkTree
from yakkan_cli.vcs.git.writes import Writes


@dataclass(frozen=True)
class Git(Identity, WorkTree, Writes, Locking):
    """A work tree known to be inside a git repository."""
