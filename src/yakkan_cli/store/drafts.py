"""Drafts: the answers of an interactive form not yet committed (issue 11 item 1).

A draft is kept in the git directory (`.git/yakkan/drafts/`), never in the work tree:
git never commits it, `git status` never shows it, and it stays with the clone of the
person who typed it. It is rewritten after every answer, so an error, Ctrl-C, a closed
terminal or a crash loses at most the answer being typed.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from yakkan_cli.store.files import atomic_write

Answers = list[tuple[str, str]]  # (question key, the text typed), in the order asked


@dataclass(frozen=True)
class Drafts:
    folder: Path

    @classmethod
    def in_git_dir(cls, git_dir: Path) -> Drafts:
        return cls(git_dir / "yakkan" / "drafts")

    def path(self, name: str) -> Path:
        # Names are built from ids the model restricts; anything else is still kept inside.
        return self.folder / (re.sub(r"[^a-z0-9_.-]", "_", name) + ".json")

    def load(self, name: str) -> Answers | None:
        """The saved answers, or None when there is no draft (or it cannot be read: a
        draft is a convenience, and a damaged one must not stop the command)."""
        try:
            data = json.loads(self.path(name).read_text(encoding="utf-8"))
            answers = [(str(key), str(text)) for key, text in data["answers"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return answers or None

    def save(self, name: str, command: str, answers: Answers) -> None:
        document = {"command": command, "answers": [list(pair) for pair in answers]}
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        atomic_write(self.path(name), text.encode("utf-8"))

    def discard(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(name).unlink()
