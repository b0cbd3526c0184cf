"""The journal of a change in flight: written before the first file of a commit changes.

It names every path the commit will touch with the sha256 each will have (None: removed),
the commit it starts from and the commit message it means to make, and who is acting. A
yakkan killed between its first write and its commit leaves the journal behind, so the
next one knows exactly what was meant: `yakkan recover` finishes the commit when every
file is already as planned, and puts everything back as HEAD has it otherwise.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.store.files import atomic_write

JOURNAL_NAME = "yakkan/journal.json"
_FORMAT = 1


@dataclass(frozen=True)
class Planned:
    path: str  # relative to the repository root, POSIX separators
    sha256: str | None  # the content it will have; None when the commit removes it


@dataclass(frozen=True)
class Journal:
    command: str  # the action's name (apply, alert …)
    base: str | None  # HEAD when the change began; None in a repository with no commit
    message: str  # the commit message it means to make
    author: str  # git's GIT_AUTHOR_IDENT of the person acting: "Name <email> stamp zone"
    sign: bool  # a signed commit, which only that person can make
    started: str  # ISO time the change began, for the user
    planned: tuple[Planned, ...]

    @property
    def paths(self) -> list[str]:
        return [p.path for p in self.planned]

    def document(self) -> dict[str, Any]:
        return {
            "format": _FORMAT,
            "command": self.command,
            "base": self.base,
            "message": self.message,
            "author": self.author,
            "sign": self.sign,
            "started": self.started,
            "planned": [{"path": p.path, "sha256": p.sha256} for p in self.planned],
        }


def write_journal(path: Path, journal: Journal) -> None:
    # Atomic and fsynced: it must be on disk before the first record changes.
    text = json.dumps(journal.document(), ensure_ascii=False, indent=1)
    atomic_write(path, text.encode("utf-8"))


def read_journal(path: Path) -> Journal | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        doc = json.loads(raw.decode("utf-8"))
        if doc.get("format") != _FORMAT:
            raise ValueError(doc.get("format"))
        return Journal(
            command=str(doc["command"]),
            base=None if doc["base"] is None else str(doc["base"]),
            message=str(doc["message"]),
            author=str(doc["author"]),
            sign=bool(doc["sign"]),
            started=str(doc["started"]),
            planned=tuple(
                Planned(str(p["path"]), None if p["sha256"] is None else str(p["sha256"]))
                for p in doc["planned"]
            ),
        )
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        # Written atomically, so only a hand or another program can have broken it.
        raise YakkanError(t("recover.bad_journal", path=path)) from None


def clear_journal(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
