"""The commit graph and the few per-merge and per-key-file git calls a replay needs.

The replay reads the history's diffs in one streaming `git log` (vcs/history.py). What it
must know before that stream starts — which commits are on the mainline, which merge
brought each other commit, the config files as the mainline had them, each commit's
signature as checked against the allowed signers in force — comes from here: one
listing of the graph, one first-parent log of the config files, one signature check per
distinct allowed_signers file, and one `git merge-tree` per merge.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.vcs.git.repository import Git
from yakkan_cli.vcs.git.run import GitFailed, environment
from yakkan_cli.vcs.history import raw_records

# `git merge-tree --write-tree` (recomputing a merge without a work tree) came in 2.38.
MIN_GIT = (2, 38)
_US = "\x1f"


@dataclass(frozen=True)
class GraphCommit:
    sha: str
    parents: tuple[str, ...]
    committer_date: datetime


@dataclass(frozen=True)
class Signature:
    status: str  # git's %G?
    key: str  # %GK
    signer: str  # %GS


def parse_version(out: str) -> tuple[int, ...]:
    """(2, 39, 5) from `git version 2.39.5` (or a vendor's `2.39.5.windows.1`)."""
    m = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", out)
    return tuple(int(p) for p in m.groups() if p is not None) if m else (0,)


def require_merge_tree(git: Git) -> None:
    """Refuse, in Japanese, a git too old to recompute merges (rule A2)."""
    found = parse_version(git.text("version"))
    if found < MIN_GIT:
        raise YakkanError(
            t(
                "audit.old_git",
                found=".".join(map(str, found)),
                needed=".".join(map(str, MIN_GIT)),
            )
        )


def read_graph(git: Git, revisions: Sequence[str]) -> list[GraphCommit]:
    """Every commit of `revisions`, children before parents, with parents and committer date."""
    out = git.text("log", "--topo-order", f"--format=%H{_US}%P{_US}%cI", *revisions, "--")
    commits: list[GraphCommit] = []
    for line in out.splitlines():
        sha, parents, when = line.split(_US)
        commits.append(GraphCommit(sha, tuple(parents.split()), git.moment(when)))
    return commits


def committer_dates(git: Git, commits: Iterable[str]) -> dict[str, datetime]:
    """The committer date of each of `commits`, in one `git log --no-walk`."""
    listed = "".join(f"{c}\n" for c in commits)
    if not listed:
        return {}
    out = git.run(
        "log", "--no-walk=unsorted", "--stdin", f"--format=%H{_US}%cI", input=listed.encode()
    ).stdout.decode("utf-8", "replace")
    found: dict[str, datetime] = {}
    for line in out.splitlines():
        sha, _, when = line.partition(_US)
        if when:
            found[sha] = datetime.fromisoformat(when)
    return found


def first_parent_changes(
    git: Git, tip: str, paths: Sequence[str], since: str | None = None
) -> list[tuple[str, dict[str, str]]]:
    """The mainline commits of `tip` (first parents only; after `since`, when given) that
    changed `paths`, oldest first, each with path → new blob id (ZERO when removed)."""
    out = git.run(
        "-c",
        "core.quotePath=false",
        "log",
        "--first-parent",
        "--reverse",
        "-z",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--diff-merges=first-parent",
        "--format=%H",
        tip,
        *([f"^{since}"] if since else []),
        "--",
        *paths,
    ).stdout
    found: list[tuple[str, dict[str, str]]] = []
    for values, changes in raw_records(iter(out.split(b"\0")), 1):
        found.append((values[0].decode("ascii"), {c.path: c.new_blob for c in changes}))
    return found


def tree_files(git: Git, revision: str, paths: Sequence[str]) -> dict[str, str]:
    """path → blob id of the files under `paths` at `revision`."""
    out = git.run("ls-tree", "-r", "-z", "--full-tree", revision, "--", *paths).stdout
    files: dict[str, str] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        kind, sha = meta.split(b" ")[1:3]
        if kind == b"blob":
            files[path.decode("utf-8", "surrogateescape")] = sha.decode("ascii")
    return files


def merge_tree(git: Git, first: str, second: str) -> str | None:
    """The tree git's own automatic merge of two commits makes (with conflict markers
    where it cannot merge), or None when git could not compute one."""
    proc = git.run("merge-tree", "--write-tree", "--no-messages", first, second, check=False)
    if proc.returncode not in (0, 1):
        return None
    line = proc.stdout.split(b"\n", 1)[0].strip().decode("ascii", "replace")
    return line if re.fullmatch(r"[0-9a-f]{40,64}", line) else None


def changed_paths(git: Git, old: str, new: str, paths: Sequence[str]) -> list[str]:
    """The files under `paths` that differ between two trees (or commits)."""
    out = git.run(
        "diff-tree", "-r", "-z", "--no-renames", "--name-only", old, new, "--", *paths
    ).stdout
    return [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]


def signatures(git: Git, commits: Iterable[str], allowed_signers: Path) -> dict[str, Signature]:
    """Each commit's signature as `git verify-commit` judges it against `allowed_signers`.

    One `git log --no-walk` for all the commits: git hands each one's commit time to
    ssh-keygen, so `valid-after`/`valid-before` in the file are honoured.
    """
    listed = "".join(f"{c}\n" for c in commits)
    if not listed:
        return {}
    try:
        proc = subprocess.run(
            [
                "git",
                "-c",
                f"gpg.ssh.allowedSignersFile={allowed_signers}",
                "log",
                "--no-walk=unsorted",
                "--stdin",
                f"--format=%H{_US}%G?{_US}%GK{_US}%GS",
            ],
            cwd=git.root,
            input=listed.encode("ascii"),
            capture_output=True,
            env=environment(),
            check=False,
        )
    except FileNotFoundError:
        raise YakkanError(t("vcs.no_git")) from None
    if proc.returncode != 0:
        raise GitFailed(
            t("vcs.failed", command="git log --no-walk"),
            details=[proc.stderr.decode("utf-8", "replace").strip()],
        )
    found: dict[str, Signature] = {}
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split(_US)
        if len(parts) == 4:
            found[parts[0]] = Signature(parts[1] or "N", parts[2], parts[3])
    return found
