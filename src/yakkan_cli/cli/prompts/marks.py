"""The questions of `check`: a mark on each item of the pending form, checked at its item."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from yakkan_cli.cli.output import say
from yakkan_cli.cli.prompts.checks import required
from yakkan_cli.forms.words import mark_of
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.application import MarkInput
    from yakkan_cli.actions.workspace import Workspace
    from yakkan_cli.cli.prompts.interview import Interview
    from yakkan_cli.model import Mark
    from yakkan_cli.rules.roles import Role

_NOTE = re.compile(r"[:：]")


def split_mark(text: str) -> tuple[Mark, str | None]:
    """「×:理由」 → (ng, 理由); the mark in any of the user's words, the colon of either width."""
    word, *rest = _NOTE.split(text, maxsplit=1)
    note = rest[0].strip() if rest else ""
    return mark_of(word), note or None


def ask_marks(ws: Workspace, service_id: str, role: Role, form: Interview) -> dict[int, MarkInput]:
    """Ask for a mark on every item of the pending form; blank keeps what is there."""
    from yakkan_cli.actions.application import MarkInput
    from yakkan_cli.forms.items import APPLICATION_ITEM_TEXTS, TERMINATION_ITEM_TEXTS
    from yakkan_cli.model import State
    from yakkan_cli.rules import readiness

    record = ws.load(service_id).record
    terminating = record.state is State.TERMINATING
    texts = TERMINATION_ITEM_TEXTS if terminating else APPLICATION_ITEM_TEXTS
    current: dict[int, Any] = {
        c.item: c
        for c in (
            record.termination.checks if terminating and record.termination else record.checks
        )
    }
    personal = readiness.handles_personal(record)

    def problem_of(item: int, mark: Mark, note: str | None) -> str | None:
        if terminating:
            return readiness.termination_mark_problem(item, mark, note)
        return readiness.mark_problem(item, mark, note, personal=personal)

    say(t("prompt.marks_intro", column=t(f"column.{role.value}")))
    marks: dict[int, MarkInput] = {}
    for number, text in enumerate(texts, start=1):
        entry = current.get(number)
        existing = getattr(entry, role.value) if entry else None
        old_note: str | None = entry.note if entry else None

        def parse(answer: str, item: int = number, kept: str | None = old_note) -> MarkInput | None:
            if not answer:
                return None
            mark, note = split_mark(answer)
            note = note or kept
            problem = problem_of(item, mark, note)
            # A mark that only lacks its note is taken: the note is asked for next.
            if problem and not (note is None and problem_of(item, mark, "-") is None):
                raise ValueError(problem)
            return MarkInput(mark, note)

        shown = t(f"mark.{existing.value}") if existing else "-"
        say(t("prompt.mark_item", item=number, text=text))
        given = form.ask(
            f"mark_{number}",
            t("prompt.mark", item=number, current=shown),
            parse,
            completions=("○", "×", "／", "可", "不可", "該当なし"),
        )
        if given is None:
            continue
        if given.note is None and problem_of(number, given.mark, None):
            note = form.ask(f"note_{number}", t("prompt.mark_note"), required)
            given = MarkInput(given.mark, note)
        marks[number] = given
    return marks
