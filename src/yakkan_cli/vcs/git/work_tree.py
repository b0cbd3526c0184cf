"""The state of the work tree: the branch, edited paths, a merge under way, git's locks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from yakkan_cli.vcs.git.run import GitRunner


class WorkTree(GitRunner):
    """What state the work tree, its index and its branch are in."""

    def on_branch(self) -> bool:
        """Whether HEAD names a branch (also one without commits yet), not a bare commit."""
        return self.run("symbolic-ref", "-q", "HEAD", check=False).returncode == 0

    def dirty_paths(self, paths: Sequence[str]) -> list[str]:
        """Paths (relative to the root) with staged, unstaged or untracked changes."""
        return [path for path, _ in self.dirty_entries(paths)]

    def dirty_entries(self, paths: Sequence[str]) -> list[tuple[str, bool]]:
        """(path, untracked) for each path with staged, unstaged or untracked changes."""
        if not paths:
            return []
        out = self.run(
            "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths
        ).stdout
        dirty: list[tuple[str, bool]] = []
        entries = out.split(b"\0")
        i = 0
        while i < len(entries):
            entry = entries[i]
            i += 1
            if not entry:
                continue
            status, path = entry[:2], entry[3:].decode("utf-8", "replace")
            dirty.append((path, status == b"??"))
            if status[:1] in (b"R", b"C"):
                i += 1  # the source path of a rename follows as its own entry
        return dirty

    def merge_in_progress(self) -> bool:
        git_dir = self.git_dir
        return any(
            (git_dir / name).exists()
            for name in (
                "MERGE_HEAD",
                "CHERRY_PICK_HEAD",
                "REVERT_HEAD",
                "rebase-merge",
                "rebase-apply",
            )
        )

    def index_locked(self) -> bool:
        return (self.git_dir / "index.lock").exists()

    def stale_git_locks(self) -> list[Path]:
        """Lock files git leaves when it is killed mid-way: the index's, HEAD's, the branch's."""
        names = ["index.lock", "HEAD.lock"]
        branch = self.run("symbolic-ref", "-q", "HEAD", check=False).stdout.decode().strip()
        if branch:
            names.append(f"{branch}.lock")
        return [path for path in map(self.git_path, names) if path.exists()]
