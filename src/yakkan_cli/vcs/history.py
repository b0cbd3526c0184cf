"""Streaming git history: one `git log` pass and one `git cat-file --batch` process.

An audit replays every version of every record. Starting one git process per commit (or
per file) would make a long history take minutes, so the whole listing comes from a single
`git log --raw -z` read as it is produced, and every blob is asked of a single long-lived
`git cat-file --batch` process.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.rules.audit import CommitInfo
from yakkan_cli.vcs.git import Git, GitFailed, _environment

ZERO = "0" * 40
_RS, _US = b"\x1e", b"\x1f"
# Fields of one commit, in order; %G?/%GK/%GS only when signatures are asked for, because
# they make git verify each signed commit.
_FIELDS = ("%H", "%P", "%ae", "%aI", "%s", "%(trailers:only,unfold)")
_SIGNATURE_FIELDS = ("%G?", "%GK", "%GS")
ALLOWED_SIGNERS = ".yakkan/allowed_signers"


@dataclass(frozen=True)
class Change:
    """One path of a commit's first-parent diff, with both blob ids (ZERO when absent)."""

    status: str  # A, M, D, T
    path: str
    old_blob: str
    new_blob: str


@dataclass(frozen=True)
class LogEntry:
    commit: CommitInfo
    changes: tuple[Change, ...]


def _trailers(block: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and key.strip() not in found:
            found[key.strip()] = value.strip()
    return found


def _parse(record: bytes, signatures: bool) -> LogEntry:
    count = len(_FIELDS) + (len(_SIGNATURE_FIELDS) if signatures else 0)
    parts = record.split(_US, count)
    fields = [p.decode("utf-8", "replace") for p in parts[:count]]
    rest = parts[count] if len(parts) > count else b""
    sha, parents, email, when, subject, trailers = fields[: len(_FIELDS)]
    signature, key, signer = fields[len(_FIELDS) :] if signatures else ("N", "", "")
    tokens = rest.split(b"\0")
    changes: list[Change] = []
    i = 0
    while i + 1 < len(tokens):
        meta = tokens[i].strip().decode("ascii", "replace")
        if not meta.startswith(":"):
            i += 1
            continue
        path = tokens[i + 1].decode("utf-8", "surrogateescape")
        _, _, old, new, status = meta[1:].split(" ", 4)
        changes.append(Change(status[:1], path, old, new))
        i += 2
    info = CommitInfo(
        sha=sha,
        parents=tuple(parents.split()),
        author_email=email,
        author_date=datetime.fromisoformat(when),
        subject=subject,
        trailers=_trailers(trailers),
        signature=signature or "N",
        signing_key=key,
        signer=signer,
    )
    return LogEntry(info, tuple(changes))


def iter_log(
    git: Git,
    revisions: Sequence[str],
    paths: Sequence[str],
    *,
    signatures: bool = False,
    allowed_signers: Path | None = None,
) -> Iterator[LogEntry]:
    """Commits touching `paths`, oldest first, each with its first-parent diff.

    With `signatures`, each commit's signature is checked as `git verify-commit` would,
    SSH keys against `allowed_signers` (a file of principals and their public keys).
    Merge commits are listed with their diff against the first parent (what the merge
    brought to the branch); `--no-renames` makes a moved record a delete plus an add.
    """
    fmt = "%x1e" + "%x1f".join(_FIELDS + (_SIGNATURE_FIELDS if signatures else ())) + "%x1f"
    args = ["git", "-c", "core.quotePath=false"]
    if signatures and allowed_signers is not None:
        args += ["-c", f"gpg.ssh.allowedSignersFile={allowed_signers}"]
    args += [
        "log",
        "--reverse",
        "--topo-order",
        "-z",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--diff-merges=first-parent",
        f"--format={fmt}",
        *revisions,
        "--",
        *paths,
    ]
    proc = _popen(git.root, args, stdin=False)
    assert proc.stdout is not None
    buffer = b""
    try:
        while chunk := proc.stdout.read(1 << 16):
            buffer += chunk
            records = buffer.split(_RS)
            buffer = records.pop()
            for record in records:
                if record:
                    yield _parse(record, signatures)
        if buffer:
            yield _parse(buffer, signatures)
    finally:
        proc.stdout.close()
        stderr = proc.stderr.read() if proc.stderr else b""
        code = proc.wait()
    if code != 0:
        raise GitFailed(
            t("vcs.failed", command="git log"), details=[stderr.decode("utf-8", "replace").strip()]
        )


def count_commits(git: Git, revisions: Sequence[str], paths: Sequence[str]) -> int:
    out = git.text("rev-list", "--count", *revisions, "--", *paths).strip()
    return int(out or 0)


def resolve(git: Git, revision: str) -> str | None:
    proc = git.run("rev-parse", "--verify", "-q", f"{revision}^{{commit}}", check=False)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode().strip() or None


def _popen(root: Path, args: list[str], *, stdin: bool) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            args,
            cwd=root,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_environment(),
        )
    except FileNotFoundError:
        raise YakkanError(t("vcs.no_git")) from None


@dataclass(frozen=True)
class Blob:
    sha: str
    data: bytes


class BlobReader:
    """One `git cat-file --batch` process answering `<commit>:<path>` or blob ids in turn."""

    def __init__(self, git: Git) -> None:
        self._proc = _popen(git.root, ["git", "cat-file", "--batch"], stdin=True)
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._in: IO[bytes] = self._proc.stdin
        self._out: IO[bytes] = self._proc.stdout

    def read(self, name: str) -> Blob | None:
        """The blob `name` names, or None when there is none (missing path, ZERO id)."""
        if name == ZERO or "\n" in name:
            return None
        self._in.write(name.encode("utf-8", "surrogateescape") + b"\n")
        self._in.flush()
        header = self._out.readline()
        if not header:
            raise GitFailed(t("vcs.failed", command="git cat-file"))
        parts = header.split()
        if len(parts) != 3 or parts[1] == b"missing":
            return None
        size = int(parts[2])
        data = self._out.read(size)
        self._out.read(1)  # the newline after the content
        if parts[1] != b"blob":
            return None
        return Blob(parts[0].decode("ascii"), data)

    def close(self) -> None:
        if self._proc.poll() is None:
            self._in.close()
            self._proc.wait()
        self._out.close()
        if self._proc.stderr:
            self._proc.stderr.close()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
