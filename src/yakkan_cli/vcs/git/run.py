"""Running git in a work tree: the environment it gets, Ctrl-C held back, its failures."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from subprocess import Popen

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.vcs.git.faults import machine_fault

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


def environment() -> dict[str, str]:
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


class GitFailed(YakkanError):
    """A git command failed; the message says which and what git printed."""


@dataclass(frozen=True)
class GitRunner:
    """A work tree known to be inside a git repository, and git run in it."""

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
        full_env = environment()
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

    def git_path(self, name: str) -> Path:
        """Where git keeps `name` (index.lock, refs/heads/main.lock …), worktrees included."""
        found = self.text("rev-parse", "--git-path", name).strip()
        return Path(found) if Path(found).is_absolute() else self.root / found
