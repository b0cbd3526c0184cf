"""`yakkan history`: one line per step of a record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from yakkan_cli.model import Config, Record, State
from yakkan_cli.model.record.forms import Check
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
    changes += note_changes(version.before, version.after)
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


NOTE_FIELDS = ("applicant_note", "responsible_note", "note")


def note_changes(before: Record | None, after: Record | None) -> list[str]:
    """`note: checks[5].applicant_note: 理由` for every check note this step wrote or
    removed (the text empty), so history says what each person wrote and in whose column."""
    if before is None or after is None:
        return []
    forms: list[tuple[str, list[Check], list[Check]]] = [("checks", before.checks, after.checks)]
    if before.termination is not None or after.termination is not None:
        forms.append(
            (
                "termination.checks",
                list(before.termination.checks) if before.termination else [],
                list(after.termination.checks) if after.termination else [],
            )
        )
    found: list[str] = []
    for path, old_checks, new_checks in forms:
        old = {c.item: c for c in old_checks}
        new = {c.item: c for c in new_checks}
        for item in sorted(old.keys() | new.keys()):
            for name in NOTE_FIELDS:
                was = getattr(old.get(item), name, None)
                now = getattr(new.get(item), name, None)
                if was != now:
                    found.append(f"note: {path}[{item}].{name}: {now or ''}")
    return found
