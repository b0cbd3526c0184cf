"""The full track's facts on the application form and in the register's columns (issue 22.5):
tables over built records and snapshots, no I/O."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.factories import config, record, termination
from tests.test_rules_fulltrack import JURISDICTION, snapshot
from yakkan_cli.errors import YakkanError
from yakkan_cli.forms.fulltrack import page_title
from yakkan_cli.forms.register import to_html
from yakkan_cli.forms.render import render_form
from yakkan_cli.model.ismap import IsmapList
from yakkan_cli.rules.register import Register, Row, fields_of, row_of

SNAPSHOTS = {IsmapList.ISMAP: snapshot(("C21-0012-2", "2027-08-31"), retrieved="2026-12-01")}


def _ismap_row(ismap: dict[str, Any], lists: Any, fmt: str = "md") -> str:
    rec = record(service={"ismap": ismap})
    text = render_form(rec, config(), "application", fmt, lists=lists)  # type: ignore[arg-type]
    return next(line for line in text.splitlines() if "ISMAP 登録" in line)


@pytest.mark.parametrize(
    ("ismap", "lists", "shown"),
    [
        (
            {"list": "ismap", "registration": "C21-0012-2"},
            SNAPSHOTS,
            "ISMAP C21-0012-2（有効期限：令和9年8月31日、一覧の取得日：令和8年12月1日）",
        ),
        (
            {"list": "ismap", "registration": "C99-0000-1"},
            SNAPSHOTS,
            "ISMAP C99-0000-1（一覧に見当たりません、一覧の取得日：令和8年12月1日）",
        ),
        (
            {"list": "ismap", "registration": "C21-0012-2"},
            None,
            "ISMAP C21-0012-2（一覧が取り込まれていません）",
        ),
        # Only the list the record names counts.
        (
            {"list": "ismap-liu", "registration": "C21-0012-2"},
            SNAPSHOTS,
            "ISMAP-LIU C21-0012-2（一覧が取り込まれていません）",
        ),
        ({"list": "none"}, SNAPSHOTS, "| なし |"),
        # The old shape prints as it always did: the applicant's own date.
        (
            {"registration": "C21-0012-2", "valid_until": "2027-01-31"},
            SNAPSHOTS,
            "| C21-0012-2（有効期限：令和9年1月31日） |",
        ),
    ],
)
def test_the_ismap_row(ismap: dict[str, Any], lists: Any, shown: str) -> None:
    assert shown in _ismap_row(ismap, lists)


def test_the_jurisdiction_row_only_where_recorded() -> None:
    plain = render_form(record(), config(), "application", "html")
    assert "準拠法" not in plain
    rec = record(service={"jurisdiction": {**JURISDICTION, "storage_countries": ["JP", "US"]}})
    html = render_form(rec, config(), "application", "html")
    assert "保存国：JP・US（確認日：令和8年12月1日）" in html


def test_the_register_gains_its_columns_only_with_such_a_record() -> None:
    day = date(2026, 12, 20)
    plain = row_of(record(), config(), day)
    assert fields_of([plain]) == Row.FIELDS
    rec = record(
        service={
            "ismap": {"list": "ismap", "registration": "C21-0012-2"},
            "jurisdiction": JURISDICTION,
        }
    )
    row = row_of(rec, config(), day, SNAPSHOTS)
    assert fields_of([plain, row]) == (*Row.FIELDS, *Row.FULL_TRACK_FIELDS)
    assert (row.ismap_list, row.ismap_registration) == ("ISMAP", "C21-0012-2")
    assert (row.ismap_valid_until, row.ismap_retrieved_on) == (date(2027, 8, 31), date(2026, 12, 1))
    assert (row.court, row.storage_countries) == ("東京地方裁判所", "JP")
    # Without the snapshots (the record cache's reads), the dates are blank, never guessed.
    bare = row_of(rec, config(), day)
    assert (bare.ismap_valid_until, bare.ismap_retrieved_on) == (None, None)


# --- the termination form (issue 22's gaps) --------------------------------------------------

FULL = {
    "ismap": {"list": "ismap", "registration": "C21-0012-2"},
    "jurisdiction": JURISDICTION,
}
JICHITAI_TERMINATION = termination(information=[{"name": "問合せ", "class": 2, "personal": True}])


def _ended(**overrides: Any) -> Any:
    return record(state="terminating", termination=JICHITAI_TERMINATION, **overrides)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_termination_form_shows_the_registration_and_the_jurisdiction(fmt: str) -> None:
    rec = _ended(scheme="jichitai", service=FULL, application={"information": INFO_2})
    text = render_form(rec, config(), "termination", fmt, lists=SNAPSHOTS)  # type: ignore[arg-type]
    assert "ISMAP C21-0012-2（有効期限：令和9年8月31日、一覧の取得日：令和8年12月1日）" in text
    assert "準拠法：日本法" in text and "保存国：JP（確認日：令和8年12月1日）" in text
    # The same rows, word for word, as the application prints.
    application = render_form(rec, config(), "application", fmt, lists=SNAPSHOTS)  # type: ignore[arg-type]
    for label in ("ISMAP 登録", "準拠法・裁判管轄"):
        assert _line(text, label) == _line(application, label)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_termination_without_them_has_no_such_rows(fmt: str) -> None:
    # An old-shape registration (a 重要性分類 record's own date) is the application's affair.
    old = {"ismap": {"registration": "C21-0012-2", "valid_until": "2027-01-31"}}
    for rec in (_ended(), _ended(service=old)):
        text = render_form(rec, config(), "termination", fmt, lists=SNAPSHOTS)  # type: ignore[arg-type]
        assert "ISMAP" not in text and "準拠法" not in text and "様式への追加項目" not in text


def _line(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if label in line)


# --- the title on 自治体機密性 -----------------------------------------------------------------

INFO_2 = [{"name": "問合せ", "class": 2, "personal": True}]
INFO_1 = [{"name": "会議資料", "class": 1, "personal": False}]
TITLES = {
    "application": "約款による外部サービス利用申請書",
    "termination": "約款による外部サービス終了確認書",
}


@pytest.mark.parametrize("form", ["application", "termination"])
@pytest.mark.parametrize(
    ("information", "sections", "subtitle"),
    [
        (INFO_2, {}, "（自治体機密性2以上の情報を取り扱う外部サービスの利用）"),
        (INFO_1, {}, "（自治体機密性1の情報のみを取り扱う外部サービスの利用）"),
        (
            INFO_2,
            {"full": "外部サービスの利用（自治体機密性2以上の情報を取り扱う場合）"},
            "（機密性2以上（外部サービスの利用（自治体機密性2以上の情報を取り扱う場合）））",
        ),
    ],
)
def test_a_jichitai_form_keeps_the_village_s_title_and_says_its_scale_and_track(
    form: str, information: Any, sections: dict[str, str], subtitle: str
) -> None:
    rec = _ended(scheme="jichitai", application={"information": information})
    settings = config()
    settings = settings.model_copy(
        update={
            "classification": settings.classification.model_copy(
                update={"sections": settings.classification.sections.model_copy(update=sections)}
            )
        }
    )
    html = render_form(rec, settings, form, "html")  # type: ignore[arg-type]
    heading = html.split("<h1>", 1)[1]
    assert heading.startswith(f'{TITLES[form]}</h1>\n<p class="subtitle"')
    assert heading.split("</p>", 1)[0].endswith(f">{subtitle}")
    md = render_form(rec, settings, form, "md")  # type: ignore[arg-type]
    assert md.startswith(f"# {TITLES[form]}\n\n{subtitle}\n\n")


@pytest.mark.parametrize("form", ["application", "termination"])
def test_a_juyosei_form_has_no_subtitle(form: str) -> None:
    html = render_form(_ended(), config(), form, "html")  # type: ignore[arg-type]
    assert "subtitle" not in html and f"<h1>{TITLES[form]}</h1>\n<div" in html


# --- a repository's own template and the class filters ---------------------------------------

# As the packaged macros printed the classes before issue 22, copied into a repository.
OLD_MACRO = (
    "{% for info in information %}"
    "・{{ info.name }}（重要性分類{{ info.info_class|roman }}）\n{% endfor %}"
)
NEW_MACRO = (
    "{% for info in information %}"
    "・{{ info.name }}（{{ info.info_class|class_label }}）\n{% endfor %}"
)


@pytest.mark.parametrize(
    ("scheme", "information", "template", "printed"),
    [
        (
            None,
            [{"name": "会議資料", "class": 3, "personal": False}],
            OLD_MACRO,
            "・会議資料（重要性分類Ⅲ）",
        ),
        ("juyosei", INFO_1, OLD_MACRO, "・会議資料（重要性分類Ⅰ）"),
        (
            None,
            [{"name": "会議資料", "class": 3, "personal": False}],
            NEW_MACRO,
            "・会議資料（重要性分類Ⅲ）",
        ),
        (
            "jichitai",
            [{"name": "住民票", "class": "3A", "personal": True}],
            NEW_MACRO,
            "・住民票（自治体機密性3A）",
        ),
        ("jichitai", INFO_2, NEW_MACRO, "・問合せ（自治体機密性2）"),
    ],
)
def test_the_class_filters_print_on_the_record_s_own_scale(
    tmp_path: Path, scheme: str | None, information: Any, template: str, printed: str
) -> None:
    (tmp_path / "application.md.j2").write_text(template, "utf-8")
    rec = record(scheme=scheme, application={"information": information})
    assert (
        render_form(rec, config(), "application", "md", repo_templates=tmp_path) == printed + "\n"
    )


@pytest.mark.parametrize("value", ["3A", 2, 1])
def test_a_roman_numeral_for_a_jichitai_class_is_refused_naming_the_template(
    tmp_path: Path, value: Any
) -> None:
    """重要性分類Ⅱ for a 自治体機密性2 would read one scale as the other: no form, and the
    message says which template, which line and what to write instead."""
    (tmp_path / "application.md.j2").write_text("# 申請書\n\n" + OLD_MACRO, "utf-8")
    rec = record(
        scheme="jichitai",
        application={"information": [{"name": "x", "class": value, "personal": False}]},
    )
    with pytest.raises(YakkanError) as refused:
        render_form(rec, config(), "application", "md", repo_templates=tmp_path)
    said = str(refused.value)
    assert str(tmp_path / "application.md.j2") in said and "の 3 行目" in said
    assert f"自治体機密性{value}" in said and "|class_label" in said and rec.id in said


@pytest.mark.parametrize(
    ("scheme", "information", "form", "title"),
    [
        (None, None, "application", "約款による外部サービス利用申請書"),
        ("juyosei", INFO_1, "termination", "約款による外部サービス終了確認書"),
        (
            "jichitai",
            INFO_2,
            "application",
            "約款による外部サービス利用申請書（自治体機密性2以上）",
        ),
        (
            "jichitai",
            INFO_1,
            "termination",
            "約款による外部サービス終了確認書（自治体機密性1のみ）",
        ),
    ],
)
def test_the_pdf_s_page_title(scheme: str | None, information: Any, form: str, title: str) -> None:
    rec = record(
        scheme=scheme, **({"application": {"information": information}} if information else {})
    )
    assert page_title(rec, form) == title


def test_only_a_register_with_the_full_track_s_columns_gets_the_tighter_page() -> None:
    """Thirty-one columns do not fit A4 landscape at 7pt (tests/e2e/test_fulltrack_paper.py
    reads the PDF); a register without them keeps its page as it was."""
    day = date(2026, 12, 20)
    rec = record(service=FULL)
    plain = to_html(Register(day, "恩納村", [row_of(record(), config(), day)], []))
    wide = to_html(Register(day, "恩納村", [row_of(rec, config(), day, SNAPSHOTS)], []))
    assert "overflow-wrap" not in plain and "6.5pt" not in plain
    assert "td { overflow-wrap: anywhere; }" in wide and "font-size: 6.5pt" in wide
