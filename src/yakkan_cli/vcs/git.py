"""The git commands yakkan needs, and nothing that decides policy."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from subprocess import Popen
from typing import TYPE_CHECKING

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from filelock import BaseFileLock

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
    "GIT_REPLACE_REF_BASE",
)


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REPO_VARS}
    env["LC_ALL"] = "C"  # git's own messages are parsed nowhere, but keep them stable
    env["GIT_TERMINAL_PROMPT"] = "0"
    # `git status` may otherwise refresh the index under index.lock: a read that is
    # interrupted must never leave a lock behind that blocks the next command.
    env["GIT_OPTIONAL_LOCKS"] = "0"
    # The objects as they are (issue 19.7): `git replace` and a grafts file would show the
    # audit, `history` and every command another commit than the one on record.
    env["GIT_NO_REPLACE_OBJECTS"] = "1"
    env["GIT_GRAFT_FILE"] = os.devnull
    return env


def _block_interrupt() -> set[int | signal.Signals] | None:
    """Hold SIGINT back while git is started: git inherits the blocked signal, so a
    terminal's Ctrl-C (which signals the whole foreground group) never kills it half-way
    through `add` or `commit`, leaving index.lock behind; yakkan gets the held signal
    once `_restore` ends the block. (A preexec_fn would do the same at the price of
    Python's fork hooks, which report an interrupt arriving in them as a traceback.)
    Windows has no signal masks: there `_spawn` starts git in its own process group."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _restore(previous: set[int | signal.Signals] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _spawn(args: list[str], cwd: Path, env: dict[str, str], stdin: int | None) -> Popen[bytes]:
    pipe = subprocess.PIPE
    if sys.platform == "win32":
        # A new process group does not receive the console's Ctrl-C.
        return Popen(
            args,
            cwd=cwd,
            env=env,
            stdin=stdin,
            stdout=pipe,
            stderr=pipe,
            creationflags=subprocess.CREATE_NEW_PROCESS_GROUP,
        )
    return Popen(args, cwd=cwd, env=env, stdin=stdin, stdout=pipe, stderr=pipe)


def _filelock() -> tuple[type[BaseFileLock], type[Exception]]:
    """filelock's lock for this system and its Timeout, imported quietly.

    Without fcntl (a stripped-down Python) filelock falls back to a lock file and warns
    on import; the lock still serialises writers, so say nothing to clerks.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from filelock import FileLock, Timeout

    return FileLock, Timeout


class GitFailed(YakkanError):
    """A git command failed; the message says which and what git printed."""


# What git (run with LC_ALL=C) prints when the machine refuses a write: strerror's words.
_FAULTS = (
    ("No space left on device", "store.cause_full"),
    ("Disk quota exceeded", "store.cause_full"),
    ("Read-only file system", "store.cause_read_only"),
    ("Permission denied", "store.cause_denied"),
    ("Operation not permitted", "store.cause_denied"),
    ("insufficient permission", "store.cause_denied"),
)
# Where git says it failed: 'a quoted path', "error: PATH: failed to insert into database",
# "repository database PATH", "unable to write (new) index file" (the index).
_FAULT_PATHS = (
    re.compile(r"'([^'\n]+)'"),
    re.compile(r"^error: (.+): failed to insert into database$", re.MULTILINE),
    re.compile(r"repository database (\S+)"),
)


def machine_fault(printed: str) -> tuple[str, str | None] | None:
    """(the catalog key of the cause, the path git named or None) when git's output says
    the machine refused a write (a full disk, a read-only place, a permission); else None."""
    cause = next((key for words, key in _FAULTS if words in printed), None)
    if cause is None:
        return None
    for pattern in _FAULT_PATHS:
        found = pattern.search(printed)
        if found:
            return cause, found.group(1)
    if "index file" in printed:
        return cause, ".git/index"
    if "object" in printed:
        return cause, ".git/objects"
    return cause, None


@dataclass(frozen=True)
class Git:
    """A work tree known to be inside a git repository."""

    root: Path
    # The calendar every date git tells is read on (the village's time zone); None: each
    # date in its own offset, as git wrote it.
    zone: tzinfo | None = field(default=None, compare=False)

    def moment(self, iso: str) -> datetime:
        """A date git printed in strict ISO 8601 (%aI, %cI), on this work tree's calendar."""
        when = datetime.fromisoformat(iso)
        return when.astimezone(self.zone) if self.zone is not None else when

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
        held = _block_interrupt()
        try:
            popen = _spawn(
                ["git", *args],
                self.root,
                full_env,
                subprocess.PIPE if input is not None else None,
            )
        except FileNotFoundError:
            _restore(held)
            raise YakkanError(t("vcs.no_git")) from None
        except BaseException:
            _restore(held)
            raise
        with popen:
            try:
                _restore(held)  # a Ctrl-C held back arrives here, with git to wait for
                stdout, stderr = popen.communicate(input)
            except KeyboardInterrupt:
                # Let git finish rather than kill it: a killed git leaves its locks.
                popen.communicate()
                raise
        proc = subprocess.CompletedProcess(popen.args, popen.returncode, stdout, stderr)
        if check and proc.returncode != 0:
            printed = proc.stderr.decode("utf-8", "replace").strip()
            command = "git " + " ".join(args[:2])
            fault = machine_fault(printed)
            if fault is not None:
                cause, path = fault
                where = path or str(self.root / ".git")
                # The files the command was about (add, commit name them after --).
                files = list(args[args.index("--") + 1 :]) if "--" in args else []
                message = t("vcs.failed_fault", command=command, path=where, cause=t(cause))
                if files:
                    message = t("vcs.failed_fault_files", files="、".join(files)) + message
                raise GitFailed(message, details=[printed])
            raise GitFailed(t("vcs.failed", command=command), details=[printed])
        return proc

    def text(self, *args: str) -> str:
        return self.run(*args).stdout.decode("utf-8", "replace")

    @functools.cached_property
    def git_dir(self) -> Path:
        # Asked of git once: every write checks several files in it while holding the lock.
        return Path(self.text("rev-parse", "--absolute-git-dir").strip())

    @functools.cached_property
    def common_dir(self) -> Path:
        """The folder every work tree of the repository shares (`.git` of the main one):
        what yakkan keeps beside a repository lives under its `yakkan/`."""
        # Relative to the work tree's root, where git runs (--path-format needs git 2.31).
        return (self.root / self.text("rev-parse", "--git-common-dir").strip()).resolve()

    def _author_ident(self) -> str | None:
        proc = self.run("var", "GIT_AUTHOR_IDENT", check=False)
        return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None

    def author_ident(self) -> str | None:
        """`Name <email> stamp zone`, as the next commit would carry it."""
        ident = self._author_ident()
        return ident.strip() if ident else None

    def author_email(self) -> str | None:
        """The e-mail of the author git would record now, or None when git has none."""
        ident = self._author_ident() or ""
        start, end = ident.find("<"), ident.find(">")
        if start < 0 or end <= start + 1:
            return None
        return ident[start + 1 : end].strip()

    def ident_day(self, variable: str) -> date | None:
        """The calendar day git would stamp now as `variable`'s date (GIT_AUTHOR_IDENT or
        GIT_COMMITTER_IDENT): today, unless GIT_*_DATE says otherwise. On the village's
        calendar (`zone`), else in the stamp's own offset."""
        proc = self.run("var", variable, check=False)
        ident = proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else ""
        try:
            stamp, zone = ident.rsplit(">", 1)[1].split()
            sign = -1 if zone.startswith("-") else 1
            offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
            when = datetime.fromtimestamp(int(stamp), timezone(offset))
            return (when.astimezone(self.zone) if self.zone is not None else when).date()
        except (IndexError, ValueError):
            return None

    def replaced(self) -> list[tuple[str, str]]:
        """(object, replacement) of each `git replace` ref, and of each grafts-file line
        (the replacement then empty): indirections yakkan ignores, and names."""
        out = self.text("for-each-ref", "--format=%(refname)%00%(objectname)", "refs/replace/")
        found: list[tuple[str, str]] = []
        for line in out.splitlines():
            name, _, target = line.partition("\0")
            found.append((name.removeprefix("refs/replace/"), target))
        try:
            grafts = self.git_path("info/grafts").read_text("utf-8", "replace")
        except OSError:
            grafts = ""
        for line in grafts.splitlines():
            if line.strip() and not line.startswith("#"):
                found.append((line.split()[0], ""))
        return found

    def on_branch(self) -> bool:
        """Whether HEAD names a branch (also one without commits yet), not a bare commit."""
        return self.run("symbolic-ref", "-q", "HEAD", check=False).returncode == 0

    def head(self) -> str | None:
        proc = self.run("rev-parse", "--verify", "-q", "HEAD", check=False)
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def commit_message(self, revision: str) -> str:
        return self.text("log", "-1", "--format=%B", revision)

    def parent(self, revision: str) -> str | None:
        proc = self.run("rev-parse", "--verify", "-q", f"{revision}^", check=False)
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def stored_if_unchanged(self, rel: str) -> bytes | None:
        """The content git holds for `rel` when the work tree's file is, to git, unchanged.

        A clone with core.autocrlf=true (Windows' default) checks text files out with CRLF;
        git still holds, and still compares against, the LF bytes that were committed.
        None when the file is untracked or really differs.
        """
        if self.run("diff", "--quiet", "--", rel, check=False).returncode != 0:
            return None
        blob = self.run("cat-file", "blob", f":{rel}", check=False)
        return blob.stdout if blob.returncode == 0 else None

    def has_head(self) -> bool:
        return self.run("rev-parse", "--verify", "-q", "HEAD", check=False).returncode == 0

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

    def git_path(self, name: str) -> Path:
        """Where git keeps `name` (index.lock, refs/heads/main.lock …), worktrees included."""
        found = self.text("rev-parse", "--git-path", name).strip()
        return Path(found) if Path(found).is_absolute() else self.root / found

    def stale_git_locks(self) -> list[Path]:
        """Lock files git leaves when it is killed mid-way: the index's, HEAD's, the branch's."""
        names = ["index.lock", "HEAD.lock"]
        branch = self.run("symbolic-ref", "-q", "HEAD", check=False).stdout.decode().strip()
        if branch:
            names.append(f"{branch}.lock")
        return [path for path in map(self.git_path, names) if path.exists()]

    @contextlib.contextmanager
    def lock(self, *, wait: float, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Serialise yakkan's own write → add → commit sequences on this repository.

        Another yakkan at work is waited for, up to `wait` seconds (`on_wait` is told once,
        so the command can say why it pauses), and only then refused. The lock is the
        operating system's (filelock: fcntl, or msvcrt on Windows), so it dies with its
        holder: a killed yakkan never leaves a lock that blocks the next one.
        """
        file_lock, timeout = _filelock()
        lock_path = self.git_dir / "yakkan.lock"
        lock = file_lock(str(lock_path))
        try:
            lock.acquire(blocking=False)
        except timeout:
            if on_wait is not None:
                on_wait()
            try:
                lock.acquire(timeout=max(wait, 0.0), poll_interval=0.02)
            except timeout:
                raise YakkanError(t("vcs.locked", path=lock_path, seconds=wait)) from None
        try:
            yield
        finally:
            lock.release()


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
