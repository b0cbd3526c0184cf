"""The audit memo's files under `<git common dir>/yakkan/audit/`: what is kept, and how a
damaged, foreign or unwritable memo falls back to judging everything.

Two files, both rewritten or extended by one audit and read by the next:

- `clean`: one line per commit of a unit of review judged clean,
  `<key> <steps> <versions> <check>`. The key (`commit_key`) is a hash of the commit id,
  the unit it arrived in, the config in force for it and the audit's context; `steps` and
  `versions` are what the commit added to the totals `audit --json` prints; `check` is a
  hash of the rest of the line. A line that does not read back exactly makes the whole
  file count as absent: a damaged memo means a full audit, never a wrong "clean".
- `tip.json`: where the last audit stopped (its HEAD, the config in force there, the
  totals of what it found clean, the latest day of those commits) and the units of
  review that had findings, with everything needed to judge them again; with a hash of
  its own content. It lets the next audit of a history that only grew on top of that
  HEAD list just the new commits instead of the whole graph.

Writing never fails an audit: a read-only `.git` (or any error of the file system) just
leaves the memo as it was, and the next audit judges what it cannot find there.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yakkan_cli
from yakkan_cli.store.files import replace_whole

FORMAT = 2  # 2: the arrivals of the tip and of the open units (issue 19.5)
FOLDER = ("yakkan", "audit")
CLEAN_FILE = "clean"
TIP_FILE = "tip.json"
_LINE = re.compile(r"([0-9a-f]{32}) (\d{1,9}) (\d{1,9}) ([0-9a-f]{8})")
_SHA = re.compile(r"[0-9a-f]{40,64}")


def _hash(*parts: str, size: int = 16) -> str:
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=size).hexdigest()


def code_fingerprint() -> str:
    """yakkan's version, and the size and time of each of its source files: a development
    install keeps its version number while its rules change, and must not trust a memo
    written by other rules."""
    root = Path(yakkan_cli.__file__).resolve().parent
    found = [yakkan_cli.__version__]
    for path in sorted(root.rglob("*.py")):
        with contextlib.suppress(OSError):
            stat = path.stat()
            found.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return _hash(*found)


def context_key(git_version: str, accepted_blob: str | None, options: str = "audit") -> str:
    """Everything outside the commits that a judgement depends on, as one key: the memo's
    format, yakkan's code, git's version (merges are recomputed by git's own merge), the
    accepted-findings file as HEAD has it, and the options of the audit."""
    return _hash(f"format {FORMAT}", code_fingerprint(), git_version, accepted_blob or "-", options)


def in_force_key(config_blob: str | None, files: Iterable[tuple[str, str]]) -> str:
    """The config in force, by content: the yakkan.yaml the rules were read from (the last
    valid one) and every config file as the mainline had it (allowed_signers included)."""
    return _hash(config_blob or "-", *(f"{path}={blob}" for path, blob in files))


def commit_key(context: str, commit: str, unit: str, in_force: str) -> str:
    """A commit judged in its unit of review (the mainline commit that brought it) under
    the config in force, in the audit's context."""
    return _hash(context, commit, unit, in_force)


def _check(key: str, steps: int, versions: int) -> str:
    return _hash(key, str(steps), str(versions), size=4)


@dataclass(frozen=True)
class Counted:
    """What a remembered commit adds to the totals: a step (0 or 1) and its versions."""

    steps: int
    versions: int


@dataclass(frozen=True)
class OpenCommit:
    sha: str
    parents: tuple[str, ...]
    committed: str  # ISO 8601 committer date


@dataclass(frozen=True)
class OpenUnit:
    """A unit of review that had findings: judged again by every audit, with the facts
    the graph gave it when it was first met (it may lie far below the new commits)."""

    unit: str
    index: int  # the position of `unit` on the mainline
    judge_config: str | None  # the in-force yakkan.yaml blob (the last valid one)
    judge_files: tuple[tuple[str, str], ...]
    commits: tuple[OpenCommit, ...]  # children before parents
    arrived: str  # ISO 8601: the unit's arrival (its date, never before the one below)


@dataclass(frozen=True)
class Tip:
    context: str
    head: str
    index: int  # the position of `head` on the mainline
    config: str | None  # the config in force after `head`
    files: tuple[tuple[str, str], ...]
    commits: int  # the totals of the commits remembered clean
    versions: int
    latest: str  # ISO day: the latest committer day of a commit remembered clean
    # ISO 8601: the arrival of `head`, from which the arrivals of the commits after it run
    # (a running latest along the mainline: rules/audit/dates.py::mainline_arrivals).
    arrived: str
    open: tuple[OpenUnit, ...] = ()


def _files(value: Any) -> tuple[tuple[str, str], ...]:
    pairs = tuple((str(p), str(b)) for p, b in value)
    if any(not _SHA.fullmatch(b) for _, b in pairs):
        raise ValueError("blob")
    return pairs


def _blob(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _SHA.fullmatch(value):
        raise ValueError("blob")
    return value


def _moment(value: Any) -> str:
    """An ISO 8601 date and time, as written (ValueError when it is none)."""
    text = str(value)
    datetime.fromisoformat(text)
    return text


def _tip_data(tip: Tip) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "context": tip.context,
        "head": tip.head,
        "index": tip.index,
        "config": tip.config,
        "files": [list(f) for f in tip.files],
        "commits": tip.commits,
        "versions": tip.versions,
        "latest": tip.latest,
        "arrived": tip.arrived,
        "open": [
            {
                "unit": u.unit,
                "index": u.index,
                "config": u.judge_config,
                "files": [list(f) for f in u.judge_files],
                "commits": [[c.sha, list(c.parents), c.committed] for c in u.commits],
                "arrived": u.arrived,
            }
            for u in tip.open
        ],
    }


def _tip_from(data: Any) -> Tip:
    """The tip from its JSON, or ValueError/KeyError/TypeError when anything is off."""
    if data["format"] != FORMAT:
        raise ValueError("format")
    units = []
    for u in data["open"]:
        commits = tuple(
            OpenCommit(str(sha), tuple(str(p) for p in parents), str(when))
            for sha, parents, when in u["commits"]
        )
        if any(not _SHA.fullmatch(c.sha) for c in commits):
            raise ValueError("sha")
        judge = _blob(u["config"]), _files(u["files"])
        arrived = _moment(u["arrived"])
        units.append(OpenUnit(str(u["unit"]), int(u["index"]), *judge, commits, arrived))
    head = str(data["head"])
    if not _SHA.fullmatch(head):
        raise ValueError("head")
    return Tip(
        context=str(data["context"]),
        head=head,
        index=int(data["index"]),
        config=_blob(data["config"]),
        files=_files(data["files"]),
        commits=int(data["commits"]),
        versions=int(data["versions"]),
        latest=str(data["latest"]),
        open=tuple(units),
        arrived=_moment(data["arrived"]),
    )


@dataclass
class Memo:
    """The memo of one repository (`folder` None: nowhere to keep one)."""

    folder: Path | None
    written: bool = field(default=False, init=False)

    def _path(self, name: str) -> Path | None:
        return self.folder / name if self.folder is not None else None

    def tip(self, context: str) -> Tip | None:
        """Where the last audit in this context stopped, or None (absent, damaged, other)."""
        path = self._path(TIP_FILE)
        if path is None:
            return None
        try:
            document = json.loads(path.read_bytes())
            body = document["tip"]
            if document["check"] != _hash(json.dumps(body, sort_keys=True)):
                return None
            tip = _tip_from(body)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None
        return tip if tip.context == context else None

    def clean(self) -> dict[str, Counted]:
        """Every commit key remembered clean; empty when the file is absent or damaged."""
        path = self._path(CLEAN_FILE)
        if path is None:
            return {}
        try:
            text = path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            return {}
        found: dict[str, Counted] = {}
        for line in text.splitlines():
            m = _LINE.fullmatch(line)
            if m is None:
                return {}
            key, steps, versions, check = m.group(1), int(m[2]), int(m[3]), m[4]
            if check != _check(key, steps, versions):
                return {}
            found[key] = Counted(steps, versions)
        if text and not text.endswith("\n"):
            return {}  # cut short while being written
        return found

    def remember(
        self,
        tip: Tip,
        clean: Mapping[str, Counted],
        *,
        keep: Mapping[str, Counted] | None = None,
    ) -> None:
        """Note `clean` (new keys) and the new tip. `keep`: the keys the audit read, to be
        written again with the new ones (None: they are already in the file, so the new
        ones are appended)."""
        if self.folder is None:
            return
        lines = "".join(
            f"{key} {c.steps} {c.versions} {_check(key, c.steps, c.versions)}\n"
            for key, c in clean.items()
        )
        body = _tip_data(tip)
        document = {"tip": body, "check": _hash(json.dumps(body, sort_keys=True))}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            clean_path = self.folder / CLEAN_FILE
            if keep is not None:
                kept = "".join(
                    f"{key} {c.steps} {c.versions} {_check(key, c.steps, c.versions)}\n"
                    for key, c in keep.items()
                    if key not in clean
                )
                replace_whole(clean_path, (kept + lines).encode("ascii"), durable=False)
            elif lines:
                with clean_path.open("a", encoding="ascii") as out:
                    out.write(lines)
            replace_whole(
                self.folder / TIP_FILE, json.dumps(document).encode("utf-8"), durable=False
            )
            self.written = True
        except OSError:
            # A read-only .git (or a full disk): the audit's answer stands without a memo.
            return


def open_memo(common_dir: Path | None) -> Memo:
    return Memo(common_dir.joinpath(*FOLDER) if common_dir is not None else None)


def tip_commits(units: Sequence[OpenUnit]) -> list[str]:
    return [c.sha for u in units for c in u.commits]
