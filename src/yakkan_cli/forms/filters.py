"""The Jinja2 filters of the forms, and the last word on every value a template prints."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from markupsafe import Markup

from yakkan_cli.forms.wareki import to_wareki
from yakkan_cli.messages import t
from yakkan_cli.model.classes import InfoClass
from yakkan_cli.model.enums import Mark, Scheme
from yakkan_cli.rules.tracks import class_label

_MARKS: dict[str, str] = {Mark.OK: "○", Mark.NG: "×", Mark.NA: "／"}
_ROMAN: dict[int, str] = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}


def wareki_filter(value: date | None) -> str:
    """A date in the Japanese era; None prints the paper form's blank 「令和　年　月　日」."""
    if value is None:
        return t("forms.blank_date")
    try:
        return to_wareki(value)
    except ValueError:
        return value.isoformat()


def mark_filter(value: Mark | str | None) -> str:
    """ok → ○, ng → ×, na → ／, no mark yet → blank."""
    if value is None:
        return ""
    return _MARKS[str(value)]


def roman_filter(value: int) -> str:
    """Information class 1..4 → Ⅰ..Ⅳ."""
    return _ROMAN.get(value, str(value))


class WrongScale(Exception):
    """A template printed a class of a record on 自治体機密性 as a 重要性分類 numeral
    (`|roman`): render_form names the template, the line and what to write instead."""

    def __init__(self, value: InfoClass) -> None:
        super().__init__(value)
        self.value = value


def roman_on(scheme: Scheme) -> Callable[[InfoClass], str]:
    """`|roman` for a record classified on `scheme`. On 重要性分類 as it always was; on
    自治体機密性 it refuses: Ⅰ–Ⅳ (and the 「重要性分類」 a template written for the seed puts
    before it) would read a 自治体機密性2 as 重要性分類Ⅱ, the cross-reading the scales forbid,
    and which words the template put around the numeral the filter cannot know."""

    def roman(value: InfoClass) -> str:
        if scheme is Scheme.JICHITAI:
            raise WrongScale(value)
        return roman_filter(value) if isinstance(value, int) else str(value)

    return roman


def class_label_on(scheme: Scheme) -> Callable[[InfoClass], str]:
    """`|class_label`: the class in words on the record's own scale (重要性分類Ⅲ,
    自治体機密性3A), for a template that prints `info.info_class`."""

    def label(value: InfoClass) -> str:
        return class_label(scheme, value)

    return label


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def md_escape(value: object) -> str:
    """Free text made safe inside a Markdown table cell (GitHub/GitLab flavoured).

    Markdown punctuation gets a backslash (so `|` cannot split the cell and `<` cannot
    open an HTML tag), an `&` that would start an entity likewise, and line breaks
    become `<br>`, the only line break a table cell knows.
    """
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), str(value).strip())
    return _NEWLINES.sub("<br>", text)


# What a record's text may not hold (model/base.py refuses it on load): C0 controls but the
# line break, DEL, C1 controls, the bidi embeddings, overrides and isolates, the Unicode
# line and paragraph separators. A record built in code (the site's pages, a test) skips
# that check, so the forms check again: such a character prints as its code, never acts.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def finalize(value: object) -> object:
    """Every `{{ … }}` of a form passes here before it is escaped: control characters of a
    text become visible `<U+202E>` codes. Markup (a macro's output) was finalized inside."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", value)
    return value
