"""The git commands yakkan needs, and nothing that decides policy."""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t

# Variables that would point git at another repository or index than the one we mean.
# GIT_AUTHOR_*/GIT_COMMITTER_* stay: tests and scripts freeze dates and identities with them.
_REPO_VARS = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_PREFIX",
    "GIT_NAMESPACE",
)


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REPO_VARS}
    env["LC_ALL"] = "C"  # git's own messages are parsed nowhere, but keep them stable
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


class GitFailed(YakkanError):
    """A git command failed; the message says which and what git printed."""


@dataclass(frozen=True)
class Git:
    """A work tree known to be inside a git repository."""

    root: Path

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        check: bool = True,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        full_env = _environment()
        if env:
            full_env.update(env)
        try:
            proc = subprocess.run(
                ["git", *args],
                cwd=self.root,
                input=input,
                capture_output=True,
                env=full_env,
                check=False,
            )
        except FileNotFoundError:
            raise YakkanError(t("vcs.no_git")) from None
        if check and proc.returncode != 0:
            raise GitFailed(
                t("vcs.failed", command="git " + " ".join(args[:2])),
                details=[proc.stderr.decode("utf-8", "replace").strip()],
            )
        return proc

    def text(self, *args: str) -> str:
        return self.run(*args).stdout.decode("utf-8", "replace")

    @property
    def git_dir(self) -> Path:
        return Path(self.text("rev-parse", "--absolute-git-dir").strip())

    def _author_ident(self) -> str | None:
        proc = self.run("var", "GIT_AUTHOR_IDENT", check=False)
        return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None

    def author_email(self) -> str | None:
        """The e-mail of the author git would record now, or None when git has none."""
        ident = self._author_ident() or ""
        start, end = ident.find("<"), ident.find(">")
        if start < 0 or end <= start + 1:
            return None
        return ident[start + 1 : end].strip()

    def ident_day(self, variable: str) -> date | None:
        """The calendar day (in its own time zone) git would stamp now as `variable`'s date
        (GIT_AUTHOR_IDENT or GIT_COMMITTER_IDENT): today, unless GIT_*_DATE says otherwise."""
        proc = self.run("var", variable, check=False)
        ident = proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else ""
        try:
            stamp, zone = ident.rsplit(">", 1)[1].split()
            sign = -1 if zone.startswith("-") else 1
            offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
            return datetime.fromtimestamp(int(stamp), timezone(offset)).date()
        except (IndexError, ValueError):
            return None

    def on_branch(self) -> bool:
        """Whether HEAD names a branch (also one without commits yet), not a bare commit."""
        return self.run("symbolic-ref", "-q", "HEAD", check=False).returncode == 0

    def has_head(self) -> bool:
        return self.run("rev-parse", "--verify", "-q", "HEAD", check=False).returncode == 0

    def dirty_paths(self, paths: Sequence[str]) -> list[str]:
        """Paths (relative to the root) with staged, unstaged or untracked changes."""
        if not paths:
            return []
        out = self.run(
            "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths
        ).stdout
        dirty: list[str] = []
        entries = out.split(b"\0")
        i = 0
        while i < len(entries):
            entry = entries[i]
            i += 1
            if not entry:
                continue
            status, path = entry[:2], entry[3:].decode("utf-8", "replace")
            dirty.append(path)
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

    def add(self, paths: Sequence[str]) -> None:
        self.run("add", "-A", "--", *paths)

    def commit(self, message: str, paths: Sequence[str], *, sign: bool = False) -> str:
        """Commit exactly `paths` (already added) and return the new commit id."""
        args = ["commit", "-q", "-F", "-"]
        if sign:
            args.append("-S")
        args += ["--", *paths]
        self.run(*args, input=message.encode("utf-8"))
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

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Serialise yakkan's own write → add → commit sequences on this repository."""
        lock_path = self.git_dir / "yakkan.lock"
        with lock_path.open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise YakkanError(t("vcs.locked", path=lock_path)) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def discover(start: Path) -> Git:
    """The work tree that contains `start`, or a clear refusal."""
    if not start.is_dir():
        raise YakkanError(t("vcs.no_dir", path=start))
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=start,
            capture_output=True,
            env=_environment(),
            check=False,
        )
    except FileNotFoundError:
        raise YakkanError(t("vcs.no_git")) from None
    if proc.returncode != 0:
        bare = subprocess.run(
            ["git", "rev-parse", "--is-bare-repository"],
            cwd=start,
            capture_output=True,
            env=_environment(),
            check=False,
        )
        if bare.returncode == 0 and bare.stdout.strip() == b"true":
            raise YakkanError(t("vcs.bare_repo", path=start))
        raise YakkanError(t("vcs.not_a_repo", path=start))
    return Git(Path(proc.stdout.decode("utf-8").strip()))
