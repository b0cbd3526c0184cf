"""When `yakkan notify` tells a person about a task again (issue 13): a pure rule.

A reminder is remembered per recipient and task (`Task.key`) with the day it was sent and
the due date it was about. A task is sent again once `policy.remind_every_days` have passed,
or at once when its due date moved (it was done and is due anew, or the record changed):
people are told about what changed, and not nagged daily about what did not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from yakkan_cli.rules.schedule import Task


@dataclass(frozen=True)
class Sent:
    on: date  # the day the reminder went out
    due: date  # the due date it announced


def memory_key(recipient: str, task: Task) -> str:
    return f"{recipient}|{task.key}"


def needs_reminder(task: Task, last: Sent | None, as_of: date, every_days: int) -> bool:
    if last is None or last.due != task.due:
        return True
    return (as_of - last.on).days >= every_days


def select(
    recipient: str,
    tasks: Iterable[Task],
    memory: Mapping[str, Sent],
    as_of: date,
    every_days: int,
) -> list[Task]:
    """The tasks of `recipient` to put in today's message, in the order given."""
    return [
        task
        for task in tasks
        if needs_reminder(task, memory.get(memory_key(recipient, task)), as_of, every_days)
    ]


def remember(
    memory: Mapping[str, Sent], recipient: str, sent: Iterable[Task], as_of: date
) -> dict[str, Sent]:
    """The memory after `sent` went out to `recipient` today."""
    updated = dict(memory)
    for task in sent:
        updated[memory_key(recipient, task)] = Sent(as_of, task.due)
    return updated


def forget_finished(memory: Mapping[str, Sent], current: Iterable[str]) -> dict[str, Sent]:
    """Drop what is remembered of tasks no longer listed (done, or the service ended), so
    the memory does not grow forever and a task that comes back is announced again."""
    keep = set(current)
    return {key: sent for key, sent in memory.items() if key in keep}
