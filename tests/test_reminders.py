"""rules.reminders: when a task is told again, from a table (no I/O)."""

from __future__ import annotations

from datetime import date

import pytest

from yakkan_cli.messages import t
from yakkan_cli.rules import reminders, schedule
from yakkan_cli.rules.reminders import Sent
from yakkan_cli.rules.schedule import Task

D = date.fromisoformat
BACKUP = Task("somu-drive", "somu", "backup", D("2026-05-01"), ("suzuki",))


@pytest.mark.parametrize(
    ("last", "as_of", "every", "expected"),
    [
        (None, "2026-05-10", 7, True),  # never told
        (Sent(D("2026-05-10"), D("2026-05-01")), "2026-05-10", 7, False),  # told today
        (Sent(D("2026-05-10"), D("2026-05-01")), "2026-05-16", 7, False),  # six days later
        (Sent(D("2026-05-10"), D("2026-05-01")), "2026-05-17", 7, True),  # seven days later
        (Sent(D("2026-05-10"), D("2026-05-01")), "2026-05-11", 1, True),  # daily
        (Sent(D("2026-05-10"), D("2026-04-01")), "2026-05-11", 7, True),  # the due date moved
    ],
)
def test_needs_reminder(last: Sent | None, as_of: str, every: int, expected: bool) -> None:
    assert reminders.needs_reminder(BACKUP, last, D(as_of), every) is expected


def test_select_remember_and_forget() -> None:
    review = Task("somu-drive", "somu", "review", D("2026-07-01"), ("suzuki",))
    memory = reminders.remember({}, "suzuki", [BACKUP], D("2026-05-10"))
    assert memory == {"suzuki|somu-drive/backup": Sent(D("2026-05-10"), D("2026-05-01"))}
    assert reminders.select("suzuki", [BACKUP, review], memory, D("2026-05-11"), 7) == [review]
    # Another recipient's memory is their own.
    assert reminders.select("sato", [BACKUP], memory, D("2026-05-11"), 7) == [BACKUP]
    assert reminders.forget_finished(memory, {"suzuki|somu-drive/review"}) == {}


@pytest.mark.parametrize(
    ("task", "detail", "key"),
    [
        ("backup", "", "somu-drive/backup"),
        ("review", "mismatch", "somu-drive/review"),  # a detail that is not an identity
        ("decide", "2026-05-01", "somu-drive/decide"),
        ("check", "applicant", "somu-drive/check/applicant"),  # two columns at once
        ("warn", "alert-2026-05-01", "somu-drive/warn/alert-2026-05-01"),  # one per alert
    ],
)
def test_task_key_is_stable_across_dates(task: str, detail: str, key: str) -> None:
    first = Task("somu-drive", "somu", task, D("2026-05-01"), ("suzuki",), detail)
    later = Task("somu-drive", "somu", task, D("2026-06-01"), ("suzuki",), detail)
    assert first.key == later.key == key


@pytest.mark.parametrize("kind", schedule.TASKS)
def test_every_task_kind_has_its_words_and_the_command_a_mail_names(kind: str) -> None:
    """`due` names each task and `notify` tells the command that does it: a kind without
    its words crashed `yakkan notify` (KeyError) on the day such a task came due."""
    assert t(f"task.{kind}")
    command = t(f"notify.run.{kind}", id="somu-drive", detail="A-1")
    assert command.startswith("yakkan ")
    # The list's own task names the list (its `service`), not a record.
    assert "somu-drive" in command or kind == "ismap_snapshot"
