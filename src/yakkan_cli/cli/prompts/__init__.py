"""Questions asked on a terminal: forms kept as drafts, menus in the user's words,
confirmations. Without a terminal nothing is asked and the flag is required instead."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from yakkan_cli.cli.common import interactive
from yakkan_cli.cli.output import say
from yakkan_cli.cli.prompts.checks import required
from yakkan_cli.cli.prompts.terminal import read_line
from yakkan_cli.errors import UsageProblem, YakkanError
from yakkan_cli.messages import t

T = TypeVar("T")


def ask(label: str, parse: Callable[[str], T]) -> T:
    """One question outside a form, asked until `parse` accepts the answer."""
    while True:
        text = read_line(label).strip()
        try:
            return parse(text)
        except ValueError as problem:
            say(t("prompt.retry", problem=problem))


def flag_or_ask(value: str | None, flag: str, label: str) -> str:
    """The flag's value, or asked for on a terminal; without a terminal the flag is required."""
    if value is not None:
        return value
    if not interactive():
        raise UsageProblem(t("cli.needs_flag_no_tty", flag=flag))
    return ask(label, required)


def yes_no(label: str, *, default: bool | None = None) -> bool:
    # Imported here: the word tables load the model (pydantic), which `--help` must not.
    from yakkan_cli.forms.words import yes_of

    if default is None:
        return ask(t("prompt.yes_no", label=label), yes_of)
    shown = t("prompt.yes" if default else "prompt.no")
    return ask(
        t("prompt.yes_no_default", label=label, default=shown), lambda text: yes_of(text or shown)
    )


def confirm(yes: bool, question: str) -> None:
    """Ask before a step that cannot be taken back (approve, reject, withdraw, dispose).

    `--yes` skips the question, and so does the absence of a terminal: scripts and
    pipes run as they always have."""
    if yes or not interactive():
        return
    if not yes_no(question):
        raise YakkanError(t("prompt.stopped"))


def typed_word(heading: str, lines: list[str], word: str) -> None:
    """Show `lines` and have the user type `word` (「理解しました」) to go on."""
    say(heading)
    for number, line in enumerate(lines, start=1):
        say(f"  {number}. {line}")

    def parse(text: str) -> str:
        if text.replace(" ", "").replace("　", "") != word:
            raise ValueError(t("prompt.type_word", word=word))
        return text

    ask(t("prompt.type_word_label", word=word), parse)
