"""yakkan's own lock on a repository: one writer at a time, the others wait a while."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.vcs.git.run import GitRunner

if TYPE_CHECKING:
    from filelock import BaseFileLock


def _filelock() -> tuple[type[BaseFileLock], type[Exception]]:
    """filelock's lock for this system and its Timeout, imported quietly.

    Without fcntl (a stripped-down Python) filelock falls back to a lock file and warns
    on import; the lock still serialises writers, so say nothing to clerks.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from filelock import FileLock, Timeout

    return FileLock, Timeout


class Locking(GitRunner):
    """One yakkan writer at a time on this repository."""

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
