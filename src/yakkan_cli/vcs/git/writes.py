"""Staging, committing and restoring exactly the paths a change names."""

from __future__ import annotations

import os
from collections.abc import Sequence

from yakkan_cli.vcs.git.objects import Objects


class Writes(Objects):
    """The only writes yakkan makes through git (restoring asks what HEAD holds)."""

    def add(self, paths: Sequence[str]) -> None:
        """Stage `paths` as the work tree has them, removals included.

        `git add` refuses a path that is gone from both the work tree and the index (a
        removal already staged, as `yakkan recover` finds after a killed `dispose`), so
        gone paths are staged as removals, which is a no-op when they already are."""
        present = [p for p in paths if os.path.lexists(self.root / p)]
        gone = [p for p in paths if p not in present]
        if present:
            self.run("add", "-A", "--", *present)
        if gone:
            self.run("rm", "-q", "--cached", "--ignore-unmatch", "--", *gone)

    def commit(
        self,
        message: str,
        paths: Sequence[str],
        *,
        sign: bool = False,
        env: dict[str, str] | None = None,
    ) -> str:
        """Commit exactly `paths` (already added) and return the new commit id."""
        args = ["commit", "-q", "-F", "-"]
        if sign:
            args.append("-S")
        args += ["--", *paths]
        self.run(*args, input=message.encode("utf-8"), env=env)
        return self.text("rev-parse", "HEAD").strip()

    def restore(self, paths: Sequence[str]) -> None:
        """Put `paths` back as HEAD has them, in the index and the work tree."""
        if not paths:
            return
        tracked = (
            [
                p
                for p in self.text(
                    "ls-tree", "-r", "-z", "--name-only", "HEAD", "--", *paths
                ).split("\0")
                if p
            ]
            if self.has_head()
            else []
        )
        self.run("reset", "-q", "--", *paths, check=False)
        if tracked:
            self.run("checkout", "-q", "HEAD", "--", *tracked, check=False)
        for p in paths:
            if p not in tracked:
                target = self.root / p
                if target.is_file():
                    target.unlink()
