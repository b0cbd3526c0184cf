"""The state mark of a printed form (却下・取下げ・終了・未承認) and the blank form to sign.

Which mark a record's form carries is a table of states; the HTML and Markdown forms are
then read as a reader would (entities and escapes undone) to see the mark, its date and
reason, and that hostile text in a reason stays text.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.forms_fixtures import (
    APPLICATION_LABELS,
    TERMINATION_LABELS,
    sample_config,
    sample_record,
)
from yakkan_cli.forms import FormatName, FormName, render_form
from yakkan_cli.forms.filters import finalize
from yakkan_cli.forms.state import state_mark
from yakkan_cli.model import Record, State
from yakkan_cli.model.record.decisions import Closure


def plain(text: str) -> str:
    """The text a reader sees: Markdown backslash escapes, the bidi isolation and HTML
    entities undone."""
    text = re.sub(r"\\(.)", r"\1", text).replace("<bdi>", "").replace("</bdi>", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def closed(state: State, reason: str | None) -> Record:
    record = sample_record(State.APPLIED)
    record.approval = None
    record.exception = None
    record.closure = Closure(by="sato", on=date(2026, 3, 28), reason=reason)
    record.state = state
    return record


def terminating(*, approved: bool) -> Record:
    record = sample_record(State.TERMINATING, terminated=True)
    assert record.termination is not None
    if not approved:
        record.termination.approved_by = None
        record.termination.approved_on = None
    else:
        record.state = State.TERMINATED
    return record


def applied() -> Record:
    record = sample_record(State.APPLIED)
    record.approval = None
    return record


# record, form → the mark's kind (None: no mark)
CASES: list[tuple[str, Record, FormName, str | None]] = [
    ("applied", applied(), "application", "draft"),
    ("approved", sample_record(State.APPROVED), "application", None),
    ("active", sample_record(State.ACTIVE), "application", None),
    ("suspended", sample_record(State.SUSPENDED), "application", None),
    ("rejected", closed(State.REJECTED, "HTTPS 非対応のため"), "application", "rejected"),
    ("withdrawn", closed(State.WITHDRAWN, None), "application", "withdrawn"),
    (
        "rejected without closure",
        applied().model_copy(update={"state": State.REJECTED}),
        "application",
        "rejected",
    ),
    ("terminating, application", terminating(approved=False), "application", None),
    ("terminating, termination", terminating(approved=False), "termination", "draft"),
    ("terminated, application", terminating(approved=True), "application", "terminated"),
    ("terminated, termination", terminating(approved=True), "termination", "terminated"),
]


@pytest.mark.parametrize(
    ("record", "form", "kind"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_which_mark_a_form_carries(record: Record, form: FormName, kind: str | None) -> None:
    mark = state_mark(record, sample_config(), form)
    assert (mark.kind if mark else None) == kind
    assert state_mark(record, sample_config(), form, blank=True) is None


def test_the_mark_says_who_when_and_why() -> None:
    rejected = state_mark(
        closed(State.REJECTED, "HTTPS 非対応のため"), sample_config(), "application"
    )
    assert rejected is not None
    assert (rejected.word, rejected.on, rejected.by) == ("却下", date(2026, 3, 28), "佐藤 花子")
    assert rejected.reason == "HTTPS 非対応のため"
    withdrawn = state_mark(closed(State.WITHDRAWN, None), sample_config(), "application")
    assert withdrawn is not None and withdrawn.word == "取下げ"
    assert withdrawn.reason == "（記載なし）"  # withdraw's reason is optional
    ended = state_mark(terminating(approved=True), sample_config(), "termination")
    assert ended is not None and ended.word == "終了"
    assert ended.on == date(2027, 3, 31)  # the termination's end_on
    assert ended.reason == "説明会が終了し、共有の必要がなくなったため"
    assert ended.by == "佐藤 花子"


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize(
    ("record", "form", "word", "line"),
    [
        (closed(State.REJECTED, "HTTPS 非対応のため"), "application", "却下",
         "却下の理由：HTTPS 非対応のため"),
        (closed(State.WITHDRAWN, "別サービスで申請し直す"), "application", "取下げ",
         "取下げの理由：別サービスで申請し直す"),
        (terminating(approved=True), "termination", "終了",
         "終了理由：説明会が終了し、共有の必要がなくなったため"),
    ],
)  # fmt: skip
def test_the_form_prints_the_mark_above_every_label(
    fmt: FormatName, record: Record, form: FormName, word: str, line: str
) -> None:
    text = plain(render_form(record, sample_config(), form, fmt))
    stamp = text.find(word, text.find("約款による外部サービス"))
    first_label = text.find("以下の通り")
    assert 0 <= stamp < first_label, "the mark comes under the title, before the form"
    assert line in text
    assert "令和8年3月28日" in text or "令和9年3月31日" in text
    if fmt == "html":  # the browser's tab and a printout's file name say it too
        assert f"<title>【{word}】" in text
    labels = APPLICATION_LABELS if form == "application" else TERMINATION_LABELS
    position = 0
    for label in labels:  # the mark adds, it never takes a label's place
        position = text.find(label, position)
        assert position >= 0, label
    assert "未承認" not in text


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_an_unapproved_form_is_a_draft(fmt: FormatName) -> None:
    text = plain(render_form(applied(), sample_config(), "application", fmt))
    assert "未承認" in text and "下書き" in text
    text = plain(render_form(terminating(approved=False), sample_config(), "termination", fmt))
    assert "未承認" in text
    text = plain(render_form(sample_record(State.ACTIVE), sample_config(), "application", fmt))
    assert "未承認" not in text and "下書き" not in text


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("form", ["application", "termination"])
def test_a_blank_form_leaves_marks_and_approvals_to_the_pen(
    fmt: FormatName, form: FormName
) -> None:
    record = sample_record(State.TERMINATED, terminated=True)
    full = plain(render_form(record, sample_config(), form, fmt))
    text = plain(render_form(record, sample_config(), form, fmt, blank=True))
    assert "○" in full and "佐藤 花子" in full and "終了" in full
    checks = text.split("該当なし→／）")[1].split("※確認できる資料")[0]
    for mark in ("○", "×", "／", "備考："):
        assert mark not in checks
    assert "佐藤 花子" not in text  # the approver, the exception's approver
    assert "【終了】" not in text and "未承認" not in text and "終了理由：説明会" not in text
    assert text.count("令和　年　月　日") >= 1  # the approval date, to be written
    labels = APPLICATION_LABELS if form == "application" else TERMINATION_LABELS
    position = 0
    for label in labels:
        position = text.find(label, position)
        assert position >= 0, label
    assert "山田 太郎" in text  # what the applicant wrote stays
    if form == "application":
        # The information is class Ⅱ: the 例外承認 box is there, empty; and the box where
        # the administrator acknowledges the risks.
        assert "重要性分類Ⅰ・Ⅱの例外承認" in text
        assert "名簿は説明会の受付に必要" not in text
        assert "特有のリスクの理解" in text and "令和8年3月26日" not in text


def test_a_blank_form_of_class_three_information_has_no_exception_box() -> None:
    record = sample_record(State.APPLIED)
    record.exception = None
    record.application.information = record.application.information[:1]  # class Ⅲ only
    text = render_form(record, sample_config(), "application", "html", blank=True)
    assert "例外承認" not in text


HOSTILE = (
    "<script>alert(1)</script> & <b>太字</b>\n"
    "\u200f\u05e9\u05dc\u05d5\u05dd\u200e 右から左 " + "長" * 600 + "A" * 400
)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_hostile_reason_stays_text(fmt: FormatName) -> None:
    record = closed(State.REJECTED, HOSTILE)
    raw = render_form(record, sample_config(), "application", fmt)
    assert "<script>" not in raw and "<b>" not in raw
    if fmt == "html":
        # The right-to-left text is isolated: it cannot reorder the label before it.
        assert "却下の理由：<bdi>" in raw
    text = plain(raw)
    assert "<script>alert(1)</script> & <b>太字</b>" in text
    assert "長" * 600 + "A" * 400 in text  # whole, not cut


def test_control_characters_print_as_codes() -> None:
    # The model refuses them; a record built in code skips the model's check, the form not.
    record = closed(State.REJECTED, "ok")
    bad = Closure.model_construct(by="sato", on=date(2026, 3, 28), reason="a\x1b[31mb\u202ec")
    record = record.model_copy(update={"closure": bad})
    html = render_form(record, sample_config(), "application", "html")
    assert "\x1b" not in html and "\u202e" not in html
    assert "a&lt;U+001B&gt;[31mb&lt;U+202E&gt;c" in html
    md = render_form(record, sample_config(), "application", "md")
    assert "\x1b" not in md and "\u202e" not in md


def test_finalize() -> None:
    assert finalize("a\x07b\nc\u2066") == "a<U+0007>b\nc<U+2066>"
    assert finalize(3) == 3
    assert finalize(None) is None
