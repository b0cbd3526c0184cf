"""`yakkan history`: one line per step of a record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from yakkan_cli.model import Config, State
from yakkan_cli.rules.audit.facts import CommitInfo, RecordVersion, changed_sections


@dataclass(frozen=True)
class HistoryEntry:
    date: datetime
    action: str
    actor: str
    commit: str
    state_before: State | None
    state_after: State | None
    changes: tuple[str, ...]
    subject: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "action": self.action,
            "actor": self.actor,
            "commit": self.commit,
            "state_before": self.state_before.value if self.state_before else None,
            "state_after": self.state_after.value if self.state_after else None,
            "changes": list(self.changes),
            "subject": self.subject,
        }


def history_entry(
    commit: CommitInfo, version: RecordVersion, config: Config | None, touched: Sequence[str]
) -> HistoryEntry:
    person = config.person_by_email(commit.author_email) if config else None
    changes = changed_sections(
        version.before, version.after, version.before_data, version.after_data
    )
    if version.before is None and version.after is not None:
        changes = ["created"]
    elif version.after is None:
        changes = ["deleted"]
    if version.path_before and version.path_after and version.path_before != version.path_after:
        changes = [*changes, f"moved: {version.path_before} → {version.path_after}"]
    changes += [f"attachment: {p}" for p in touched]
    return HistoryEntry(
        date=commit.author_date,
        action=commit.action_name or ("merge" if commit.is_merge else "manual"),
        actor=person.id if person else commit.author_email,
        commit=commit.sha,
        state_before=version.state_before,
        state_after=version.state_after,
        changes=tuple(changes),
        subject=commit.subject,
    )
