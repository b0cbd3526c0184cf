"""The questions of `review`: the quarterly review's three, and the decision on a pending one.

Every answer asked here is recorded: the three findings in the new review, the decision
and its note in the review that waited for them.
"""

from __future__ import annotations

from yakkan_cli.cli.output import say
from yakkan_cli.cli.prompts import ask, yes_no
from yakkan_cli.cli.prompts.checks import any_text
from yakkan_cli.forms.words import choose, decision_choices
from yakkan_cli.messages import t
from yakkan_cli.model import Config, DataLocation, Decision, Record, Review


def ask_findings(config: Config, record: Record) -> tuple[bool, bool, bool]:
    """S6.1 and S6.2 on a terminal: content, terms, and whether the data goes abroad.

    The last question follows what the record says of where the data is kept: asked of a
    service recorded as kept abroad (or of unknown location) as if it were domestic, a
    「いいえ」 would read as "still in Japan"."""
    # (A review waiting for its decision is not asked over: rules.gates.review refuses a new
    # one before this, naming who decides.)
    del config
    content = yes_no(t("prompt.review_content"), default=False)
    terms = yes_no(t("prompt.review_terms"), default=False)
    location = record.service.data_location
    if location is DataLocation.DOMESTIC:
        overseas = yes_no(t("prompt.review_overseas"), default=False)
    else:
        say(t(f"prompt.review_location_{location.value}"))
        overseas = yes_no(t("prompt.review_overseas_now"))
    return content, terms, overseas


def show_pending(config: Config, review: Review) -> None:
    """The review waiting for a decision: when, by whom, what it found, its note."""
    found = [
        t(key)
        for flag, key in (
            (review.content_changed, "show.review_content_changed"),
            (review.terms_changed, "show.review_terms_changed"),
            (review.overseas, "show.review_overseas"),
        )
        if flag
    ]
    say(t("prompt.pending_review", on=review.on, name=config.name_of(review.by)))
    for line in found:
        say(t("prompt.pending_finding", finding=line))
    if review.note:
        say(t("prompt.pending_note", note=review.note))


def ask_decision() -> Decision:
    """継続・停止・終了, chosen by number or word."""
    choices = decision_choices()
    say(t("prompt.menu_title", label=t("prompt.decision")))
    for number, choice in enumerate(choices, start=1):
        say(f"  {number}. {choice.shown}: {t(f'prompt.decision_means.{choice.value}')}")

    def pick(text: str) -> Decision:
        if text.isdigit() and 1 <= int(text) <= len(choices):
            return Decision(choices[int(text) - 1].value)
        return Decision(choose(text, choices, what=t("words.what.decision")))

    return ask(t("prompt.menu_answer", label=t("prompt.decision")), pick)


def ask_decision_note() -> str | None:
    return ask(t("prompt.decision_note"), any_text) or None
