"""A form asked question by question, kept as a draft after every answer (issue 11 item 1).

The questions of a form are asked by a plain function (`ask_application`, …) calling
`Interview.ask` in order. Each answer is checked at its own prompt by its parser (which
raises ValueError with the reason) and then saved to the draft. To continue a draft or
to change one answer, the same function simply runs again with the saved answers
replayed: an answer still accepted is taken without asking; the one to change, or one no
longer accepted (the id taken meanwhile, yakkan.yaml changed), is asked with the old text
on the line; when the form takes another turn (a list grew shorter), the rest is asked.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from yakkan_cli.cli.output import say
from yakkan_cli.cli.prompts.terminal import read_line
from yakkan_cli.errors import YakkanError
from yakkan_cli.forms.words import Choice, choose, yes_of
from yakkan_cli.messages import t
from yakkan_cli.store.drafts import Answers, Drafts

if TYPE_CHECKING:
    from yakkan_cli.actions.workspace.transaction import Outcome
    from yakkan_cli.actions.workspace.workspace import Workspace

T = TypeVar("T")
Parse = Callable[[str], T]  # the value of an answer, or ValueError saying what is wrong


class StopInterview(Exception):
    """The user declined the summary: nothing is committed, the draft stays."""


@dataclass
class Interview:
    drafts: Drafts
    name: str  # the draft's file name: command, record and person
    command: str  # the command to run again to continue (shown to the user)
    replay: Answers = field(default_factory=list)
    revise: int | None = None  # the position of the answer to ask again
    # Continuing a draft: each answer taken from it is shown where it would have been typed,
    # so the screen reads as it did (a note asked after a mark shows the mark it explains).
    echo: bool = False
    answers: Answers = field(default_factory=list, init=False)
    shown: list[tuple[str, str]] = field(default_factory=list, init=False)  # for the summary

    # --- one question -------------------------------------------------------------------

    def ask(
        self,
        key: str,
        label: str,
        parse: Parse[T],
        *,
        default: str = "",
        completions: Sequence[str] = (),
        path: bool = False,
        before: Callable[[], None] | None = None,
        title: str | None = None,
        show: Callable[[T], str] | None = None,
    ) -> T:
        """The answer to one question: replayed from the draft when it still stands,
        otherwise typed (`before` prints what the user needs to see first, a menu).
        The summary lists it under `title` (default: the label) as `show` words it."""
        heading = title or label
        # The saved answer stays at the head of `replay` until this question is answered,
        # so that a draft written meanwhile (or left by Ctrl-C) still holds it.
        matched = bool(self.replay) and self.replay[0][0] == key

        def keep(text: str, value: T) -> None:
            if matched:
                self.replay.pop(0)
            self._keep(key, text, (heading, show(value) if show else text))

        position = len(self.answers)
        if self.replay and not matched:
            self.replay.clear()  # the form took another turn: ask the rest afresh
        elif matched:
            saved = self.replay[0][1]
            if position == self.revise:
                default = saved
            else:
                try:
                    value = parse(saved)
                except ValueError as problem:
                    # No longer accepted (the id was taken meanwhile …): this one is asked
                    # again with the old text to edit; the answers after it still stand.
                    say(t("prompt.retry", problem=problem))
                    default = saved
                else:
                    keep(saved, value)
                    if self.echo and self.revise is None:
                        say(t("prompt.replayed", label=label, answer=saved))
                    return value
        if before is not None:
            before()
        while True:
            text = read_line(label, default=default, completions=completions, path=path).strip()
            try:
                value = parse(text)
            except ValueError as problem:
                say(t("prompt.retry", problem=problem))
                continue
            keep(text, value)
            return value

    def _keep(self, key: str, text: str, shown: tuple[str, str]) -> None:
        self.answers.append((key, text))
        self.shown.append(shown)
        # The answers still to replay are kept too: changing one answer of a finished
        # form and then stopping must not lose the ones after it.
        self.drafts.save(self.name, self.command, [*self.answers, *self.replay])

    def menu(
        self,
        key: str,
        label: str,
        choices: Sequence[Choice],
        parse: Parse[str] | None = None,
        *,
        what: str,
        numbered: bool = True,
    ) -> str:
        """A numbered list of `choices`; the answer is a number, a label, a code or a word
        `parse` understands (a person's e-mail address …). No default: a clerk must choose.
        `numbered=False` where labels are themselves numbers that are not their places
        (自治体機密性 3A 3B 3C 2 1: a clerk typing 2 means 機密性2, never the second line)."""

        def show() -> None:
            say(t("prompt.menu_title", label=label))
            for number, choice in enumerate(choices, start=1):
                say(f"  {number}. {choice.shown}" if numbered else f"  ・{choice.shown}")

        def pick(text: str) -> str:
            if numbered and text.isdigit() and 1 <= int(text) <= len(choices):
                return choices[int(text) - 1].value
            if parse is not None:
                return parse(text)
            return choose(text, choices, what=what)

        words = [w for c in choices for w in (c.label, c.value)]
        names = {c.value: c.label for c in choices}
        return self.ask(
            key,
            t("prompt.menu_answer" if numbered else "prompt.menu_answer_named", label=label),
            pick,
            completions=words,
            before=show,
            title=label,
            show=lambda value: names.get(value, value),
        )

    def yes_no(self, key: str, label: str, *, default: bool | None = None) -> bool:
        def word(value: bool) -> str:
            return t("prompt.yes" if value else "prompt.no")

        if default is None:
            asked, parse = t("prompt.yes_no", label=label), _yes_no("")
        else:
            shown = word(default)
            asked = t("prompt.yes_no_default", label=label, default=shown)
            parse = _yes_no(shown)
        return self.ask(key, asked, parse, title=label, show=word)

    # --- the whole form -----------------------------------------------------------------

    def again(self, revise: int | None) -> None:
        """Run the form's questions again, replaying every answer; ask `revise` anew."""
        self.replay = list(self.answers)
        self.revise = revise
        self.answers = []
        self.shown = []

    def summary(self) -> list[str]:
        return [
            t("prompt.summary_line", number=n, label=label, answer=text or t("prompt.blank"))
            for n, (label, text) in enumerate(self.shown, 1)
        ]

    def confirm(self, question: str) -> bool:
        """The summary and the last question: True to commit, False to change an answer
        (the form is then run again); StopInterview when the user stops here."""
        say(t("prompt.summary_title"))
        for line in self.summary():
            say(line)
        count = len(self.answers)

        def decide(text: str) -> int:
            if text.isdigit() and 1 <= int(text) <= count:
                return int(text)
            answer = choose(text, _DECIDE, what=t("prompt.decide_what"))
            return 0 if answer == "yes" else -1

        decision = self.ask_plain(t("prompt.decide", question=question, count=count), decide)
        if decision == 0:
            return True
        if decision < 0:
            raise StopInterview
        self.again(decision - 1)
        return False

    def ask_plain(self, label: str, parse: Parse[T]) -> T:
        """A question that is not part of the form (not saved in the draft)."""
        while True:
            try:
                return parse(read_line(label).strip())
            except ValueError as problem:
                say(t("prompt.retry", problem=problem))

    def finished(self) -> None:
        self.drafts.discard(self.name)

    @contextlib.contextmanager
    def kept(self) -> Iterator[None]:
        """Say where the answers are when the form ends without its commit."""
        try:
            yield
        except YakkanError as err:
            if self._has_draft():
                err.details.append(self._kept_text())
            raise
        except StopInterview:
            kept = [self._kept_text()] if self._has_draft() else []
            raise YakkanError(t("prompt.stopped"), details=kept) from None
        except EOFError:
            self._tell_kept()
            raise KeyboardInterrupt from None  # Ctrl-D: the same as Ctrl-C, exit 130
        except BaseException:
            self._tell_kept()
            raise

    def _kept_text(self) -> str:
        return t("prompt.draft_kept", command=self.command, path=self.drafts.path(self.name))

    def _has_draft(self) -> bool:
        # The file, not the answers: `yakkan edit` drops a draft that is only the record.
        return self.drafts.path(self.name).is_file()

    def _tell_kept(self) -> None:
        if self._has_draft():
            say(self._kept_text())


_DECIDE = (
    Choice("yes", "y", ("はい", "yes", "する")),
    Choice("no", "n", ("いいえ", "no", "やめる")),
)


def _yes_no(default: str) -> Parse[bool]:
    def parse(text: str) -> bool:
        return yes_of(text or default)

    return parse


def start(drafts: Drafts, name: str, command: str) -> Interview:
    """A new interview, continuing the saved draft if there is one and the user wants to."""
    saved = drafts.load(name)
    interview = Interview(drafts, name, command)
    if saved:
        say(t("prompt.draft_found", count=len(saved), path=drafts.path(name)))
        keep = interview.ask_plain(
            t("prompt.yes_no_default", label=t("prompt.draft_continue"), default=t("prompt.yes")),
            _yes_no(t("prompt.yes")),
        )
        if keep:
            interview.replay = saved
            interview.echo = True
        else:
            drafts.discard(name)
    return interview


def run_form(
    ws: Workspace,
    name: str,
    command: str,
    questions: Callable[[Interview], T],
    question: str,
    commit: Callable[[T], Outcome],
) -> Outcome:
    """Ask `questions` (continuing a draft), show the summary until the user says yes,
    then `commit`. The draft goes only once the commit has landed."""
    form = start(Drafts.in_git_dir(ws.git.git_dir), name, command)
    with form.kept():
        while True:
            answers = questions(form)
            if form.confirm(question):
                break
        outcome = commit(answers)
    form.finished()
    return outcome
