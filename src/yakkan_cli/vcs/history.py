"""Streaming git history: one `git log` pass and one `git cat-file --batch` process.

An audit replays every version of every record. Starting one git process per commit (or
per file) would make a long history take minutes, so the whole listing comes from a single
`git log --raw -z` read as it is produced, and every blob is asked of a single long-lived
`git cat-file --batch` process.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.rules.audit import TRAILER_ACTION, TRAILER_ACTOR, TRAILER_SERVICE, CommitInfo
from yakkan_cli.vcs.git.repository import Git
from yakkan_cli.vcs.git.run import GitFailed, environment

ZERO = "0" * 40
_SHA = re.compile(rb"[0-9a-f]{40}")
# Fields of one commit, in order. Signatures are not asked for here: each commit's is
# checked against the allowed_signers in force for it (vcs/graph.py::signatures). The
# whole message comes last: a squash merge keeps the trailers of all its commits, but git
# reads trailers from the last paragraph only.
_FIELDS = ("%H", "%P", "%ae", "%aI", "%cI", "%s", "%(trailers:only,unfold)", "%B")
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


def _trailers(block: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """The first value of each trailer, every `Yakkan-Service` joined by ", " (an alert
    over several records writes one per record), and every value of `Yakkan-Action` in
    order."""
    found: dict[str, str] = {}
    actions: list[str] = []
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            continue
        if key == TRAILER_SERVICE and key in found:
            found[key] = f"{found[key]}, {value}"
        else:
            found.setdefault(key, value)
        if key == TRAILER_ACTION:
            actions.append(value)
    return found, tuple(actions)


def _body_actions(body: str) -> tuple[str, ...]:
    """Every `Yakkan-Action:` line of a whole commit message, in order."""
    return tuple(
        line.split(":", 1)[1].strip()
        for line in body.splitlines()
        if line.startswith(TRAILER_ACTION + ":")
    )


def _body_steps(body: str) -> tuple[tuple[str, str, str], ...]:
    """(action, service, actor) of each folded message of a squash, in order: each
    `Yakkan-Action:` line starts one, the `Yakkan-Service:`/`Yakkan-Actor:` after it fill it."""
    steps: list[list[str]] = []
    for line in body.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        if key == TRAILER_ACTION:
            steps.append([value.strip(), "", ""])
        elif steps and key == TRAILER_SERVICE and not steps[-1][1]:
            steps[-1][1] = value.strip()
        elif steps and key == TRAILER_ACTOR and not steps[-1][2]:
            steps[-1][2] = value.strip()
    return tuple((a, s, p) for a, s, p in steps)


def _entry(git: Git, fields: list[bytes], changes: list[Change]) -> LogEntry:
    sha, parents, email, when, committed, subject, trailer_block, body = (
        f.decode("utf-8", "replace") for f in fields
    )
    trailers, actions = _trailers(trailer_block)
    in_body = _body_actions(body) if body.count(TRAILER_ACTION) > 1 else ()
    steps: tuple[tuple[str, str, str], ...] = ()
    if len(in_body) > max(1, len(actions)):
        actions = in_body  # a squash: the actions of every commit it folded
        steps = _body_steps(body)
    info = CommitInfo(
        sha=sha,
        parents=tuple(parents.split()),
        author_email=email,
        author_date=git.moment(when),
        subject=subject,
        trailers=trailers,
        committer_date=git.moment(committed),
        action_names=actions,
        action_steps=steps,
    )
    return LogEntry(info, tuple(changes))


def _tokens(stream: IO[bytes]) -> Iterator[bytes]:
    """The NUL-separated tokens of `git log -z`, as they are produced."""
    buffer = b""
    while chunk := stream.read(1 << 16):
        buffer += chunk
        parts = buffer.split(b"\0")
        buffer = parts.pop()
        yield from parts
    if buffer:
        yield buffer


def raw_records(tokens: Iterator[bytes], fields: int) -> Iterator[tuple[list[bytes], list[Change]]]:
    """Commits from the tokens of `git log -z --raw --format=F1%x00F2…`: the `fields` of
    the format by position, then the raw diff as `:meta` / path pairs until the next id.

    NUL separates everything: no commit message, e-mail or path can contain it, so text
    from a commit or a file name (holding \\x1e, say) can never split or shift a record.
    """
    ahead: bytes | None = None
    while True:
        token = ahead if ahead is not None else next(tokens, None)
        ahead = None
        while token is not None and not _SHA.fullmatch(token.strip()):
            token = next(tokens, None)  # the empty separators between commits
        if token is None:
            return
        values = [token.strip()] + [next(tokens, b"") for _ in range(fields - 1)]
        changes: list[Change] = []
        while (token := next(tokens, None)) is not None:
            meta = token.lstrip(b"\n")
            if not meta.startswith(b":"):
                ahead = token
                break
            path = next(tokens, b"").decode("utf-8", "surrogateescape")
            _, _, old, new, status = meta[1:].decode("ascii", "replace").split(" ", 4)
            changes.append(Change(status[:1], path, old, new))
        yield values, changes


def _walk(revisions: Sequence[str], commits: Sequence[str] | None) -> list[str]:
    """How `git log` is told what to list: a walk of `revisions`, oldest first, or exactly
    `commits` in the order given (read from stdin), for an audit that judges only some."""
    if commits is None:
        return ["--reverse", "--topo-order", *revisions]
    return ["--no-walk=unsorted", "--stdin"]


def _feed(proc: subprocess.Popen[bytes], commits: Sequence[str] | None) -> None:
    """Hand `commits` to git from a thread, so that a long list never blocks on a full pipe
    while git's own output waits to be read."""
    if commits is None or proc.stdin is None:
        return
    stdin = proc.stdin

    def write() -> None:
        with contextlib.suppress(BrokenPipeError, ValueError, OSError):
            stdin.write("".join(f"{c}\n" for c in commits).encode("ascii"))
        with contextlib.suppress(BrokenPipeError, ValueError, OSError):
            stdin.close()

    threading.Thread(target=write, daemon=True).start()


def iter_log(
    git: Git,
    revisions: Sequence[str],
    paths: Sequence[str],
    commits: Sequence[str] | None = None,
) -> Iterator[LogEntry]:
    """Every commit of `revisions` (or exactly `commits`, in their order), oldest first,
    each with its first-parent diff of `paths`.

    `--full-history --sparse` lists every commit, so that git's history simplification
    never drops one whose own diff touches `paths` (the caller skips empty diffs).
    Merge commits are listed with their diff against the first parent (what the merge
    brought to the branch); `--no-renames` makes a moved record a delete plus an add.
    """
    fmt = "%x00".join(_FIELDS)
    args = ["git", "-c", "core.quotePath=false"]
    args += [
        "log",
        *_walk(revisions, commits),
        "--full-history",
        "--sparse",
        "-z",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--diff-merges=first-parent",
        f"--format={fmt}",
        "--",
        *paths,
    ]
    proc = _popen(git.root, args, stdin=commits is not None)
    assert proc.stdout is not None
    _feed(proc, commits)
    try:
        for values, changes in raw_records(_tokens(proc.stdout), len(_FIELDS)):
            yield _entry(git, values, changes)
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
            env=environment(),
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
        # Objects asked for ahead (`prefetch`), by id: answered without a round trip.
        self._ready: dict[str, tuple[bytes, str, bytes] | None] = {}

    def read(self, name: str) -> Blob | None:
        """The blob `name` names, or None when there is none (missing path, ZERO id)."""
        found = self._ready[name] if name in self._ready else self._object(name)
        return Blob(found[1], found[2]) if found and found[0] == b"blob" else None

    def prefetch(self, ids: Sequence[str]) -> None:
        """Ask git for many objects by id at once, and keep the answers for `read` until
        the next prefetch. One request at a time waits for git each time (the cost of a
        replay); all at once, a thread writes the ids while this one reads the answers,
        so neither pipe ever fills while the other side waits."""
        wanted = [i for i in dict.fromkeys(ids) if i != ZERO and _SHA.fullmatch(i.encode())]
        self._ready = {}
        if not wanted:
            return
        request = "".join(f"{i}\n" for i in wanted).encode("ascii")
        failed: list[BaseException] = []

        def write() -> None:
            try:
                self._in.write(request)
                self._in.flush()
            except (BrokenPipeError, ValueError, OSError) as err:
                failed.append(err)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        try:
            ready = {i: self._answer() for i in wanted}
        finally:
            writer.join()
        if failed:
            raise GitFailed(t("vcs.failed", command="git cat-file"))
        self._ready = ready

    def tree(self, name: str) -> dict[str, str] | None:
        """The entries (name → object id) of the tree `name` names (a commit, a tree, or
        `<commit>:<folder>`), or None."""
        # After a colon all is a path: `^{tree}` would be read as part of the folder's name.
        found = self._object(name if ":" in name else f"{name}^{{tree}}")
        if found is None or found[0] != b"tree":
            return None
        width = len(found[1]) // 2  # 20 bytes for SHA-1, 32 for SHA-256
        data, entries, i = found[2], {}, 0
        while i < len(data):
            space = data.index(b" ", i)
            nul = data.index(b"\0", space)
            entry = data[space + 1 : nul].decode("utf-8", "surrogateescape")
            entries[entry] = data[nul + 1 : nul + 1 + width].hex()
            i = nul + 1 + width
        return entries

    def _object(self, name: str) -> tuple[bytes, str, bytes] | None:
        if name == ZERO or "\n" in name:
            return None
        try:
            self._in.write(name.encode("utf-8", "surrogateescape") + b"\n")
            self._in.flush()
        except (BrokenPipeError, ValueError):  # git gave up on an earlier request
            raise GitFailed(t("vcs.failed", command="git cat-file")) from None
        return self._answer()

    def _answer(self) -> tuple[bytes, str, bytes] | None:
        header = self._out.readline()
        if not header:
            stderr = self._proc.stderr.read() if self._proc.stderr else b""
            raise GitFailed(
                t("vcs.failed", command="git cat-file"),
                details=[stderr.decode("utf-8", "replace").strip()],
            )
        parts = header.split()
        if len(parts) != 3 or parts[1] == b"missing":
            return None
        size = int(parts[2])
        data = self._out.read(size)
        self._out.read(1)  # the newline after the content
        return parts[1], parts[0].decode("ascii"), data

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError, ValueError):
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
