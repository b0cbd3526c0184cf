"""The printed forms: golden files, the seed's fields and order, escaping, template lookup."""

from __future__ import annotations

import os
import re
from datetime import date
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from tests.forms_fixtures import (
    APPLICATION_LABELS,
    TERMINATION_LABELS,
    sample_config,
    sample_record,
)
from yakkan_cli.errors import YakkanError
from yakkan_cli.forms import (
    PACKAGED_TEMPLATES,
    RISK_HEADING,
    FormatName,
    FormName,
    render_form,
)
from yakkan_cli.forms import render as render_module
from yakkan_cli.forms.render import mark_filter, md_escape, roman_filter, wareki_filter
from yakkan_cli.messages import t
from yakkan_cli.model import AttachmentKind, Category, DataLocation, Mark, State

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("YAKKAN_UPDATE_GOLDEN") == "1"
PERSON_IDS = ("yamada", "sato", "tanaka", "higa", "chinen")

APPLICATION_VALUES = (
    "恩納村",
    "総務課",
    "令和8年3月20日",  # applied_on
    "山田 太郎",  # applicant
    "Google LLC",
    "Google ドライブ",
    "クラウド上のファイル保存・共有サービス",
    "関係課",
    "・住民説明会の配布資料（重要性分類Ⅲ、個人情報なし）",
    "・説明会参加者の名簿（重要性分類Ⅱ、個人情報あり）",
    "・比嘉 次郎",
    "・知念 三郎",
    "（合計人数：3人）",
    "令和8年4月1日 〜 令和9年3月31日",
    "田中 一郎",  # department head
    "利用申請時の申請内容",
    "signup.png",
    "aaaaaaaaaaaa",
    "サービス約款",
    "terms.pdf",
    "確認資料",
    "https.png",
    "備考：個人情報を含む資料は保存しないため該当なし",
    "○",
    "×",
    "／",
    "佐藤 花子",  # approver
    "令和8年3月25日",  # approved_on
    "重要性分類Ⅰ・Ⅱの例外承認",
    "名簿は説明会の受付に必要で、閲覧者を課内に限定するため",
    "令和8年3月26日",  # risk acknowledged
    "ファイルストレージ",
    "https://policies.google.com/terms?hl=ja",
    "C21-0047-1",
    "令和9年6月30日",
    "庁内ファイルサーバ（共有フォルダ）",
    "上記内容に違反した場合は、地方公務員法に基づき、処罰の対象となる。",
)
TERMINATION_VALUES = (
    "恩納村",
    "総務課",
    "令和9年3月15日",  # filed_on
    "比嘉 次郎",  # applicant and administrator
    "Google LLC",
    "Google ドライブ",
    "説明会が終了し、共有の必要がなくなったため",
    "・説明会参加者の名簿（重要性分類Ⅱ、個人情報あり）",
    "・山田 太郎",
    "（合計人数：3人）",
    "令和9年3月31日",  # end_on and approval
    "田中 一郎",
    "終了時の承諾内容",
    "agreement.png",
    "データ廃棄の証明",
    "deletion.png",
    "eeeeeeeeeeee",
    "備考：無償版のため廃棄証明は発行されない",
    "○",
    "×",
    "／",
    "佐藤 花子",
)

CASES: list[tuple[FormName, FormatName]] = [
    ("application", "html"),
    ("application", "md"),
    ("termination", "html"),
    ("termination", "md"),
]


def render(form: FormName, fmt: FormatName, **kwargs: Path) -> str:
    record = sample_record(State.TERMINATING, terminated=True)
    return render_form(record, sample_config(), form, fmt, **kwargs)


def plain(text: str) -> str:
    """The text a reader sees: Markdown backslash escapes and HTML entities undone."""
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# --- golden files --------------------------------------------------------------------------


@pytest.mark.parametrize(("form", "fmt"), CASES)
def test_golden(form: FormName, fmt: FormatName) -> None:
    actual = render(form, fmt).encode("utf-8")
    path = GOLDEN / f"{form}.{fmt}"
    if UPDATE:  # YAKKAN_UPDATE_GOLDEN=1 pytest tests/test_forms.py
        path.write_bytes(actual)
        return
    assert path.exists(), f"{path} is missing: run with YAKKAN_UPDATE_GOLDEN=1"
    assert actual == path.read_bytes(), f"{path} differs: review, then YAKKAN_UPDATE_GOLDEN=1"


# --- the seed's fields, values and order ---------------------------------------------------


def assert_in_order(text: str, labels: tuple[str, ...]) -> None:
    position = 0
    for label in labels:
        found = text.find(label, position)
        assert found >= 0, f"{label!r} missing, or not after the label before it"
        position = found + len(label)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_application_has_the_seed_fields_in_order_and_every_value(fmt: FormatName) -> None:
    text = plain(render("application", fmt))
    assert_in_order(text, APPLICATION_LABELS)
    for value in APPLICATION_VALUES:
        assert value in text, value
    for person_id in PERSON_IDS:
        assert person_id not in text, f"the id {person_id!r} is printed instead of the name"


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_termination_has_the_seed_fields_in_order_and_every_value(fmt: FormatName) -> None:
    text = plain(render("termination", fmt))
    assert_in_order(text, TERMINATION_LABELS)
    for value in TERMINATION_VALUES:
        assert value in text, value
    for person_id in PERSON_IDS:
        assert person_id not in text
    assert RISK_HEADING not in text  # the risk box is on the application form only


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_check_rows_print_both_marks(fmt: FormatName) -> None:
    lines = render("application", fmt).splitlines()
    if fmt == "md":
        row6 = next(line for line in lines if line.startswith("| 6 |"))
        assert row6.endswith("| × | × |")
        row3 = next(line for line in lines if line.startswith("| 3 |"))
        assert row3.endswith("| ／ | ／ |")
    else:
        assert lines.count('<td class="mark">×</td>') == 2
        assert lines.count('<td class="mark">／</td>') == 2
        assert lines.count('<td class="mark">○</td>') == 12


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_unfilled_application_prints_blanks_like_the_paper_form(fmt: FormatName) -> None:
    record = sample_record(State.APPLIED)
    record.checks = []
    record.approval = None
    record.exception = None
    text = plain(render_form(record, sample_config(), "application", fmt))
    assert "令和　年　月　日" in text  # the approval date, still to be filled
    assert "○" not in text.split("該当なし→／）")[1].split("※確認できる資料")[0]
    assert "重要性分類Ⅰ・Ⅱの例外承認" not in text
    assert "特有のリスクの理解" not in text


# --- escaping ------------------------------------------------------------------------------


def test_html_escapes_user_text() -> None:
    html = render("application", "html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 関係課 &amp; 委託業者" in html


def test_html_is_a_standalone_a4_document() -> None:
    html = render("application", "html")
    assert html.startswith("<!DOCTYPE html>\n")
    assert '<html lang="ja">' in html
    assert '<meta charset="utf-8">' in html
    assert "@page { size: A4 portrait; margin: 15mm; }" in html
    assert '"Yu Mincho"' in html and '"Noto Serif JP"' in html
    for external in ("<link", "<script", "src=", "url(", "@import"):
        assert external not in html


class _TagBalance(HTMLParser):
    VOID = frozenset({"meta", "br", "col", "link", "img", "hr", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


@pytest.mark.parametrize("form", ["application", "termination"])
def test_html_tags_are_balanced(form: FormName) -> None:
    parser = _TagBalance()
    parser.feed(render(form, "html"))
    assert parser.stack == []


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


@pytest.mark.parametrize("form", ["application", "termination"])
def test_markdown_tables_keep_their_columns(form: FormName) -> None:
    record = sample_record(State.TERMINATING, terminated=True)
    record.application.purpose = "A | B\nC *D* _E_ `F`"
    record.service.description = "x|y"
    text = render_form(record, sample_config(), form, "md")
    tables: list[list[str]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(line)
        previous = line
    assert tables
    for table in tables:
        columns = _unescaped_pipes(table[0])
        assert re.fullmatch(r"(\| *:?-+:? *)+\|", table[1]), table[:2]
        for row in table:
            assert _unescaped_pipes(row) == columns, row
    if form == "application":
        assert "| 利用目的 | A \\| B<br>C \\*D\\* \\_E\\_ \\`F\\` |" in text.splitlines()
        assert "備考：2024年に障害報告あり \\| 影響は限定的" in text


def test_markdown_escapes_html_in_user_text() -> None:
    text = render("application", "md")
    assert "<script>" not in text
    assert "\\<script\\>alert(1)\\</script\\>" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain 日本語", "plain 日本語"),
        ("a|b", "a\\|b"),
        ("*x* _y_ `z`", "\\*x\\* \\_y\\_ \\`z\\`"),
        ("<b>", "\\<b\\>"),
        ("a\\b", "a\\\\b"),
        ("line1\nline2\r\nline3", "line1<br>line2<br>line3"),
        ("A & B &amp;", "A & B \\&amp;"),
        ("[link](x)", "\\[link\\](x)"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


# --- filters -------------------------------------------------------------------------------


def test_filters() -> None:
    assert wareki_filter(date(2026, 3, 20)) == "令和8年3月20日"
    assert wareki_filter(None) == "令和　年　月　日"
    assert wareki_filter(date(1800, 1, 1)) == "1800-01-01"
    assert [mark_filter(m) for m in (Mark.OK, Mark.NG, Mark.NA, None)] == ["○", "×", "／", ""]
    assert [roman_filter(n) for n in (1, 2, 3, 4)] == ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"]


# --- template lookup and errors ------------------------------------------------------------


def test_packaged_templates_are_found() -> None:
    for form, fmt in CASES:
        assert (PACKAGED_TEMPLATES / f"{form}.{fmt}.j2").is_file()


def test_repository_template_wins_over_the_packaged_one(tmp_path: Path) -> None:
    (tmp_path / "application.md.j2").write_text(
        "村の様式 {{ record_id }} {{ applied_on|wareki }}"
        " {{ record.application.applicant|person }}\n",
        encoding="utf-8",
    )
    assert render("application", "md", repo_templates=tmp_path) == (
        "村の様式 somu-google-drive 令和8年3月20日 山田 太郎\n"
    )
    # Templates the repository does not override still come from the package.
    assert render("termination", "md", repo_templates=tmp_path) == render("termination", "md")


def test_a_missing_repository_folder_falls_back_to_the_packaged_templates(
    tmp_path: Path,
) -> None:
    assert render("application", "md", repo_templates=tmp_path / "nope") == render(
        "application", "md"
    )


def test_unknown_variable_is_a_user_error_naming_the_template(tmp_path: Path) -> None:
    (tmp_path / "application.html.j2").write_text("<p>\n{{ no_such_field }}</p>\n", "utf-8")
    with pytest.raises(YakkanError) as caught:
        render("application", "html", repo_templates=tmp_path)
    message = caught.value.message
    assert "application.html.j2" in message
    assert "2 行目" in message
    assert "no_such_field" in message
    assert isinstance(caught.value.__cause__, jinja2.UndefinedError)


def test_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "termination.md.j2").write_text("# 終了\n\n{% if %}\n", "utf-8")
    with pytest.raises(YakkanError) as caught:
        render("termination", "md", repo_templates=tmp_path)
    message = caught.value.message
    assert str(tmp_path / "termination.md.j2") in message
    assert "3 行目" in message


def test_missing_template_is_a_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module, "PACKAGED_TEMPLATES", tmp_path)
    with pytest.raises(YakkanError, match=r"application\.html\.j2」が見つかりません"):
        render("application", "html")


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_termination_form_needs_a_termination(fmt: FormatName) -> None:
    record = sample_record(State.ACTIVE)
    with pytest.raises(YakkanError, match=r"終了の申請（termination）がないため、終了確認書"):
        render_form(record, sample_config(), "termination", fmt)


def test_error_in_an_overridden_macro_file_names_that_file(tmp_path: Path) -> None:
    macros = (PACKAGED_TEMPLATES / "_macros.md.j2").read_text("utf-8")
    broken = macros.replace("approval.approved_on|wareki", "approval.signed_on|wareki", 1)
    assert broken != macros
    (tmp_path / "_macros.md.j2").write_text(broken, "utf-8")
    with pytest.raises(YakkanError) as caught:
        render("termination", "md", repo_templates=tmp_path)
    message = caught.value.message
    assert str(tmp_path / "_macros.md.j2") in message
    line = 1 + broken[: broken.index("approval.signed_on")].count("\n")
    assert f"{line} 行目" in message
    assert "signed_on" in message


@pytest.mark.parametrize(
    ("prefix", "enum"),
    [
        ("forms.kind.", AttachmentKind),
        ("forms.category.", Category),
        ("forms.location.", DataLocation),
    ],
)
def test_every_enum_value_has_a_japanese_label(prefix: str, enum: type[StrEnum]) -> None:
    for member in enum:
        assert t(prefix + member.value)


# --- reassignment (S3.2) ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_forms_print_the_administrator_now_and_the_changes(fmt: FormatName) -> None:
    from yakkan_cli.model import Reassignment

    record = sample_record(terminated=True)
    record.reassignments.append(
        Reassignment(
            on=date(2026, 4, 1), by="sato", administrator="chinen", previous="higa",
            reason="4月の人事異動",
        )
    )  # fmt: skip
    config = sample_config()
    application = render_form(record, config, "application", fmt)
    assert "知念 三郎" in application and "比嘉 次郎" in application
    assert "サービス管理担当者の変更（申請時：比嘉 次郎）" in application
    assert "令和8年4月1日" in application and "4月の人事異動" in application
    termination = render_form(record, config, "termination", fmt)
    assert "知念 三郎" in termination
    # a form never reassigned prints no such table
    assert "サービス管理担当者の変更" not in render_form(
        sample_record(), config, "application", fmt
    )
