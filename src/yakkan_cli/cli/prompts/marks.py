"""The questions of `check`: a mark on each item of the pending form, checked at its item."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from yakkan_cli.cli.output import say
from yakkan_cli.cli.prompts.checks import required
from yakkan_cli.forms.words import mark_of
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.application import MarkInput
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.cli.prompts.interview import Interview
    from yakkan_cli.model import Check, Mark
    from yakkan_cli.model.record.forms import CheckColumn
    from yakkan_cli.rules.roles import Role

_NOTE = re.compile(r"[:：]")


def split_mark(text: str) -> tuple[Mark, str | None]:
    """「×:理由」 → (ng, 理由); the mark in any of the user's words, the colon of either width."""
    word, *rest = _NOTE.split(text, maxsplit=1)
    note = rest[0].strip() if rest else ""
    return mark_of(word), note or None


def _indented(text: str) -> str:
    """A note of several lines kept under its label."""
    return text.replace("\n", "\n" + " " * 5)


def what_is_written(entry: Check | None, role: Role) -> list[str]:
    """The lines shown under an item before its question: what the other column marked and
    wrote (for the responsible manager: the applicant's mark, note and evidence files,
    the double-check is of them), the older shared note, and the asker's own note."""
    if entry is None:
        return []
    own = cast("CheckColumn", role.value)
    other: CheckColumn = "responsible" if own == "applicant" else "applicant"
    lines: list[str] = []
    mark = entry.mark_of(other)
    # The applicant's column is always shown to the manager, even empty; the manager's
    # column to the applicant only once it says something.
    if own == "responsible" or mark is not None or entry.note_of(other):
        lines.append(
            t(
                "prompt.other_mark",
                column=t(f"column.{other}"),
                mark=t(f"mark.{mark.value}") if mark else t("prompt.unmarked"),
            )
        )
    if note := entry.note_of(other):
        lines.append(t("prompt.column_note", column=t(f"column.{other}"), note=_indented(note)))
    if entry.note:
        lines.append(t("prompt.shared_note", note=_indented(entry.note)))
    if entry.evidence:
        lines.append(t("prompt.evidence", paths="、".join(entry.evidence)))
    if note := entry.note_of(own):
        lines.append(t("prompt.column_note", column=t(f"column.{own}"), note=_indented(note)))
    return lines


def ask_marks(ws: Workspace, service_id: str, role: Role, form: Interview) -> dict[int, MarkInput]:
    """Ask for a mark on every item of the pending form; blank keeps what is there."""
    from yakkan_cli.actions.application import MarkInput
    from yakkan_cli.forms.items import APPLICATION_ITEM_TEXTS, TERMINATION_ITEM_TEXTS
    from yakkan_cli.model import State
    from yakkan_cli.rules import readiness

    record = ws.load(service_id).record
    terminating = record.state is State.TERMINATING
    texts = TERMINATION_ITEM_TEXTS if terminating else APPLICATION_ITEM_TEXTS
    current: dict[int, Check] = {
        c.item: c
        for c in (
            record.termination.checks if terminating and record.termination else record.checks
        )
    }
    personal = readiness.handles_personal(record)
    column = cast("CheckColumn", role.value)

    def problem_of(item: int, mark: Mark, note: str | None) -> str | None:
        if terminating:
            return readiness.termination_mark_problem(item, mark, note)
        return readiness.mark_problem(item, mark, note, personal=personal)

    def explained(item: int, mark: Mark, typed: str | None) -> str | None:
        """The note that will explain `mark` (see readiness.reason_after)."""
        return readiness.reason_after(current.get(item), column, mark, typed)

    say(t("prompt.marks_intro", column=t(f"column.{role.value}")))
    marks: dict[int, MarkInput] = {}
    for number, text in enumerate(texts, start=1):
        entry = current.get(number)
        existing = entry.mark_of(column) if entry else None

        def parse(answer: str, item: int = number) -> MarkInput | None:
            if not answer:
                return None
            mark, typed = split_mark(answer)
            problem = problem_of(item, mark, explained(item, mark, typed))
            # A mark that only lacks its note is taken: the note is asked for next.
            if problem and not (typed is None and problem_of(item, mark, "-") is None):
                raise ValueError(problem)
            # Only what was typed is passed on: a kept note stays where it is written
            # (an older shared note is never copied into a column).
            return MarkInput(mark, typed)

        shown = t(f"mark.{existing.value}") if existing else "-"
        say(t("prompt.mark_item", item=number, text=text))
        for line in what_is_written(entry, role):
            say(line)

        def summarized(
            value: MarkInput | None, current: str = shown, kept: bool = existing is not None
        ) -> str:
            """The summary's words: the mark as the form prints it (「ok」 typed is ○),
            a blank answer as what it keeps."""
            if value is None:
                return t("prompt.mark_kept", current=current) if kept else t("prompt.unmarked")
            mark = t(f"mark.{value.mark.value}")
            return t("prompt.mark_with_note", mark=mark, note=value.note) if value.note else mark

        given = form.ask(
            f"mark_{number}",
            t("prompt.mark", item=number, current=shown),
            parse,
            completions=("○", "×", "／", "可", "不可", "該当なし"),
            title=t("prompt.mark_title", item=number),
            show=summarized,
        )
        if given is None:
            continue
        if given.note is None and problem_of(
            number, given.mark, explained(number, given.mark, None)
        ):
            asked = t("prompt.mark_note", column=t(f"column.{column}"))
            title = t("prompt.mark_note_title", item=number, column=t(f"column.{column}"))
            note = form.ask(f"note_{number}", asked, required, title=title)
            given = MarkInput(given.mark, note)
        marks[number] = given
    if all(
        (entry := current.get(number)) is not None
        and given.note is None
        and entry.mark_of(column) is given.mark
        for number, given in marks.items()
    ):
        # Nothing would change (every answer blank, or the mark already there): `check`
        # would refuse the commit, so its question is not asked and no draft is left.
        from yakkan_cli.rules.violation import RuleViolation

        form.finished()
        raise RuleViolation(t("actions.check_unchanged", id=service_id))
    return marks
