"""Writing files so that a crash never leaves half of one behind, and naming the fault
(a full disk, a read-only folder, a permission) when the machine refuses a write."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t

_CHUNK = 1 << 20

# The faults of the machine, not of yakkan: each gets a clear exit 1 that names the path.
_CAUSES = {
    errno.ENOSPC: "store.cause_full",
    getattr(errno, "EDQUOT", errno.ENOSPC): "store.cause_full",
    errno.EROFS: "store.cause_read_only",
    errno.EACCES: "store.cause_denied",
    errno.EPERM: "store.cause_denied",
}

TMP_SUFFIX = ".tmp"

# Every other fault an operating system names, in the clerk's words (its own words are
# English, or the language of the machine's locale).
_REASONS = {
    errno.ENOENT: "store.reason_missing",
    errno.EISDIR: "store.reason_is_folder",
    errno.ENOTDIR: "store.reason_not_folder",
    errno.ENAMETOOLONG: "store.reason_too_long",
    errno.EBUSY: "store.reason_busy",
    getattr(errno, "ETXTBSY", errno.EBUSY): "store.reason_busy",
    getattr(errno, "ELOOP", errno.EBUSY): "store.reason_loop",
    errno.EIO: "store.reason_io",
}


def os_reason(err: OSError) -> str:
    """Why the machine refused, in Japanese: a full disk, a read-only place, a permission,
    a missing file …; an errno not known here is named as the OS's own error."""
    code = err.errno or 0
    key = _CAUSES.get(code) or _REASONS.get(code)
    if key is not None:
        return t(key)
    if isinstance(err, FileNotFoundError):  # Windows names some missing files without errno
        return t("store.reason_missing")
    if isinstance(err, PermissionError):
        return t("store.cause_denied")
    return t("store.reason_other", detail=err.strerror or type(err).__name__)


def fault(err: OSError, path: Path | str | None = None) -> YakkanError | None:
    """The user's error for a machine fault (full disk, read-only, denied), else None."""
    key = _CAUSES.get(err.errno or 0)
    if key is None:
        return None
    where = path if path is not None else (err.filename or "-")
    return YakkanError(t("store.fault", path=where, cause=t(key)))


def machine_error(err: OSError) -> YakkanError | None:
    """The user's error for an OSError that reached the top unnamed: a machine fault, or a
    file that is missing, a folder, or not allowed; None for anything else (a bug)."""
    code = err.errno or 0
    if code in _CAUSES or (err.filename and (code in _REASONS or isinstance(err, PermissionError))):
        return YakkanError(t("store.cannot_use", path=err.filename or "-", cause=os_reason(err)))
    return None


@contextlib.contextmanager
def faults_named(path: Path | str) -> Iterator[None]:
    """Turn a machine fault while working on `path` into the user's error naming it."""
    try:
        yield
    except OSError as err:
        named = fault(err, path)
        if named is None:
            raise
        raise named from err


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _temp_beside(path: Path) -> tuple[int, Path]:
    # Named `.NAME.XXXX.tmp` beside the target: a crash leaves only such a file, which the
    # next writer recognises (see `stray_temp_files`) and the scaffold's .gitignore hides.
    import tempfile  # here: a read (cli/fast.py) writes nothing and needs neither

    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    return fd, Path(name)


def _fsync_folder(folder: Path) -> None:
    # The rename itself must survive a crash, so flush the folder entry too (POSIX only:
    # Windows cannot open a folder, and its rename is durable once it returns).
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step: temp file beside it, fsync, rename.

    An existing file keeps its mode; a new one gets the mode a plain `open` would give.
    A full disk or a read-only folder is the user's error naming `path`; no temp file stays.
    """
    with faults_named(path):
        replace_whole(path, data, durable=True)


def replace_whole(path: Path, data: bytes, *, durable: bool) -> None:
    """`atomic_write` without turning an OSError into the user's error: a reader sees the
    old file or the new one. `durable=False` skips the fsyncs, for what yakkan keeps only
    to go faster (the record cache, the audit memo): lost in a crash, it costs one cold
    run, and a torn one fails its own checksum."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = _new_file_mode()
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    if durable:
        _fsync_folder(path.parent)


def atomic_copy(source: Path, target: Path, digest: str) -> None:
    """Copy `source` to `target` in one step, refusing it if its content is not `digest`
    any more (the file changed after it was checked)."""
    import shutil

    with faults_named(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _temp_beside(target)
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                shutil.copyfileobj(src, out, _CHUNK)
                out.flush()
                os.fsync(out.fileno())
            if sha256_of(tmp) != digest:
                raise YakkanError(t("store.attachment_changed_meanwhile", path=source))
            tmp.chmod(_new_file_mode())
            tmp.replace(target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
        _fsync_folder(target.parent)


def stray_temp_files(folder: Path) -> list[Path]:
    """Temp files of atomic writes a killed yakkan left under `folder` (`.NAME.XXXX.tmp`)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob(f".*{TMP_SUFFIX}")
        if p.is_file() and p.name.startswith(".") and len(p.name) > len(TMP_SUFFIX) + 1
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
