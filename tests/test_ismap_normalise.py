"""Reading an ISMAP list file into a snapshot's entries, as table tests (issue 22.3): the
headings, the dates, each problem named by its row and column, the file formats."""

from __future__ import annotations

import io
from datetime import date

import pytest

from yakkan_cli.model.ismap import Column, SourceFormat
from yakkan_cli.rules.ismap.headings import ListProblem, Table, heading_key
from yakkan_cli.rules.ismap.normalise import normalise, read_entries
from yakkan_cli.store.ismap.tables import decode_text, detect_format, read_html, read_tables

HEAD = ("登録番号", "クラウドサービス名称", "事業者名", "登録日", "有効期限", "備考")
ROW = ("C21-0012-2", "クラウドメール", "株式会社 南風", "2022/04/01", "2027/08/31", "")


def table(*rows: tuple[str, ...], first: int = 1) -> Table:
    return Table(tuple(rows), tuple(range(first, first + len(rows))))


def problems(*rows: tuple[str, ...], columns: dict[Column, str] | None = None) -> list[str]:
    with pytest.raises(ListProblem) as caught:
        read_entries(table(*rows), columns or {})
    return caught.value.problems


@pytest.mark.parametrize(
    ("heading", "key"),
    [("登録 番号", "登録番号"), ("ＣＳＰ事業者名", "csp事業者名"), ("有効期限※", "有効期限"),
     ("クラウドサービス\n名称", "クラウドサービス名称"), ("　備考：", "備考")],
)  # fmt: skip
def test_headings_compare_without_blanks_marks_or_width(heading: str, key: str) -> None:
    assert heading_key(heading) == key


@pytest.mark.parametrize(
    ("text", "day"),
    [("2027/08/31", date(2027, 8, 31)), ("2027-08-31", date(2027, 8, 31)),
     ("令和9年8月31日", date(2027, 8, 31)), ("R9.8.31", date(2027, 8, 31)),
     ("２０２７年８月３１日", date(2027, 8, 31)), ("2027/8/1", date(2027, 8, 1))],
)  # fmt: skip
def test_dates_as_the_lists_write_them(text: str, day: date) -> None:
    (entry,) = read_entries(table(HEAD, (*ROW[:4], text, "")))
    assert entry.valid_until == day


def test_a_title_and_blank_rows_above_the_headings() -> None:
    entries = read_entries(table(("ISMAP クラウドサービスリスト",), (), ("",), HEAD, ROW, ()))
    assert [e.registration for e in entries] == ["C21-0012-2"]


def test_the_audit_period_end_gives_the_expiry() -> None:
    head = ("登録番号", "サービス名", "事業者名", "監査対象期間末日")
    (entry,) = read_entries(table(head, ("C21-0012-2", "メール", "南風", "2025/10/30")))
    assert entry.audit_period_end == date(2025, 10, 30)
    assert entry.valid_until == date(2027, 2, 28)


def test_a_bad_date_is_named_by_row_and_column() -> None:
    found = problems(HEAD, ROW, ("C22-0100-1", "共有", "美ら海", "2022/09/01", "2027/02/30", ""))
    assert found == [
        "3行目「有効期限」列: 「2027/02/30」を日付として読めません"
        "（2027/08/31、2027-08-31、令和9年8月31日 の形で書いてください）"
    ]


def test_an_empty_cell_and_a_bad_number() -> None:
    found = problems(HEAD, ("C21 0012", *ROW[1:]), ("C22-0100-1", "", *ROW[2:]))
    assert found[0].startswith("2行目「登録番号」列: 「C21 0012」は登録番号として読めません")
    assert found[1] == "3行目「クラウドサービス名称」列が空です"


def test_a_control_character_is_refused_not_passed_on() -> None:
    (found,) = problems(HEAD, (ROW[0], "メール\x1b[31m", *ROW[2:]))
    assert found.startswith("2行目「クラウドサービス名称」列: 制御文字 U+001B")


def test_a_number_twice_names_both_rows() -> None:
    (found,) = problems(HEAD, ROW, ROW)
    assert found == "3行目「登録番号」列: 登録番号 C21-0012-2 は 2行目にもあります"


def test_a_missing_column_names_the_headings_seen() -> None:
    (found,) = problems(("登録番号", "名前", "事業者名", "有効期限"), ROW[:4])
    seen = "（見出し: 登録番号 / 名前 / 事業者名 / 有効期限）"
    assert f"「クラウドサービス名称」の列がありません{seen}" in found
    assert "--column service=見出し" in found
    entries = read_entries(
        table(("登録番号", "名前", "事業者名", "有効期限"), (ROW[0], ROW[1], ROW[2], ROW[4])),
        {Column.SERVICE: "名前"},
    )
    assert entries[0].service == "クラウドメール"


def test_two_columns_for_one_field() -> None:
    (found,) = problems(("登録番号", "サービス名", "サービス名称", "事業者名", "有効期限"))
    assert "見出し「サービス名」に当たる列が2つあります" in found


def test_no_heading_row_and_no_rows() -> None:
    assert "見出し「登録番号」の行が見つかりません" in problems(("a", "b"), ("c", "d"))[0]
    assert "サービスの行が1つもありません" in problems(HEAD)[0]


def test_names_keep_their_words_with_blanks_collapsed() -> None:
    (entry,) = read_entries(table(HEAD, (" c21-0012-2 ", "クラウド\n  メール", *ROW[2:])))
    assert entry.registration == "C21-0012-2" and entry.service == "クラウド メール"


# --- the files ---------------------------------------------------------------------------


def test_utf8_then_cp932_strictly() -> None:
    text = ",".join(HEAD)
    assert decode_text(text.encode("cp932")) == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_text(text.encode("utf-8")) == text
    with pytest.raises(ListProblem, match="文字コード"):
        decode_text(b"\x82\xa0\x81\x20")


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [("a.csv", b"x", SourceFormat.CSV), ("A.CSV", b"x", SourceFormat.CSV),
     ("a.htm", b"x", SourceFormat.HTML), ("page", b"<!DOCTYPE html><html>", SourceFormat.HTML),
     ("a.csv", b"PK\x03\x04...", SourceFormat.XLSX), ("a.pdf", b"%PDF", None)],
)  # fmt: skip
def test_the_format_by_its_bytes_then_its_name(name: str, data: bytes, fmt: object) -> None:
    assert detect_format(name, data) == fmt


def test_the_old_excel_format_is_refused_with_what_to_do() -> None:
    with pytest.raises(ListProblem, match=r"\.xlsx"):
        detect_format("a.xls", b"\xd0\xcf\x11\xe0rest")


def test_a_csv_row_number_is_the_line_it_starts_on() -> None:
    text = ",".join(HEAD) + '\r\n"C21-0012-2","クラウド\r\nメール",南風,2022/04/01,2027/13/01,\r\n'
    with pytest.raises(ListProblem) as caught:
        read_entries(read_tables(SourceFormat.CSV, text.encode())[0])
    (found,) = caught.value.problems
    assert found.startswith("2行目「有効期限」列")


def test_a_broken_xlsx_is_named_not_a_traceback() -> None:
    with pytest.raises(ListProblem, match="xlsx ファイルとして開けません"):
        read_tables(SourceFormat.XLSX, b"PK\x03\x04 not really a zip")


def test_an_xlsx_reads_dates_and_numbers() -> None:
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(list(HEAD))
    book.active.append([*ROW[:3], datetime.datetime(2022, 4, 1), datetime.date(2027, 8, 31), 12.0])
    data = io.BytesIO()
    book.save(data)
    (entry,) = read_entries(read_tables(SourceFormat.XLSX, data.getvalue())[0])
    assert entry.registered_on == date(2022, 4, 1) and entry.note == "12"


def test_html_is_data_tables_by_their_headings() -> None:
    page = (
        "<script>var t='<table><tr><td>登録番号</td></tr></table>'</script>"
        "<table><tr><td>メニュー</td></tr></table>"
        "<table><tr><th>登録番号<th>サービス名<th>事業者名<th>有効期限"
        "<tr><td>C21-0012-2<td>メール<table><tr><td>入れ子</td></tr></table><td>南&amp;風"
        "<td>2027/08/31</table>"
    )
    tables = read_html(page)
    assert [t.name for t in tables] == [f"ページの{n}番目の表" for n in (1, 2, 3)]
    snap_entries = read_entries(tables[1])
    assert [(e.service, e.provider) for e in snap_entries] == [("メール", "南&風")]


def test_problems_name_the_table_of_a_page() -> None:
    from yakkan_cli.model.ismap import Manifest

    manifest = Manifest.model_validate(
        {"list": "ismap", "retrieved_on": "2026-12-01", "file": "a.html", "format": "html",
         "sha256": "0" * 64, "imported_by": "higa", "imported_on": "2026-12-01", "normaliser": 1}
    )  # fmt: skip
    page = "<table><tr><td>x</table><table><tr><th>登録番号<th>サービス名<th>事業者名<th>有効期限"
    page += "<tr><td>C21-0012-2<td>メール<td>南風<td>いつか</table>"
    with pytest.raises(ListProblem) as caught:
        normalise(read_html(page), manifest)
    assert caught.value.problems[0].startswith("ページの2番目の表: 2行目「有効期限」列")


# --- headings over two rows, merged cells (normaliser version 2) ------------------------------

TITLE = ("ISMAPクラウドサービスリスト", "", "", "", "", "", "")
GROUPS = ("登録番号", "クラウドサービス", "", "登録日", "監査対象期間", "", "備考")
COLUMNS = ("", "名称", "事業者名", "", "開始日", "末日", "")
MAIL = (
    "C21-0012-2",
    "クラウドメール",
    "株式会社 南風",
    "2022/04/01",
    "2024/04/01",
    "2025/03/31",
    "",
)
DRIVE = ("C22-0100-1", "ファイル共有", "", "2022/09/01", "2024/09/01", "2025/08/31", "")
# As the published xlsx merges them: the title across the sheet, a heading over both heading
# rows, a group heading across its columns, a provider written once for two services.
MERGED = (
    (0, 0, 0, 6), (1, 0, 2, 0), (1, 1, 1, 2), (1, 3, 2, 3), (1, 4, 1, 5), (1, 6, 2, 6),
    (3, 2, 4, 2),
)  # fmt: skip


def merged(*rows: tuple[str, ...], cells: tuple[tuple[int, int, int, int], ...]) -> Table:
    return Table(tuple(rows), tuple(range(1, len(rows) + 1)), "", cells)


@pytest.mark.parametrize(
    ("rows", "cells", "expected"),
    [
        # the published shape: group headings, the provider merged down
        ((TITLE, GROUPS, COLUMNS, MAIL, DRIVE), MERGED,
         [("C21-0012-2", "クラウドメール", "株式会社 南風", date(2026, 7, 31)),
          ("C22-0100-1", "ファイル共有", "株式会社 南風", date(2026, 12, 31))]),
        # the same without merge data (a CSV saved from it): the heading alone in its column
        ((GROUPS, COLUMNS, MAIL), (),
         [("C21-0012-2", "クラウドメール", "株式会社 南風", date(2026, 7, 31))]),
        # a group heading that names no column alone: the rows below the pair are the data
        ((("登録番号", "事業者名", "クラウドサービス", "有効期限"), ("", "", "名称", "")),
         ((0, 0, 1, 0), (0, 1, 1, 1), (0, 3, 1, 3)), []),
        # one heading merged across two columns is one column, not two
        ((("登録番号", "サービス名", "事業者名", "有効期限", ""), ("", "", "", "", ""),
          ("C21-0012-2", "メール", "南風", "2027/08/31", "")),
         ((0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 1, 4)),
         [("C21-0012-2", "メール", "南風", date(2027, 8, 31))]),
    ],
)  # fmt: skip
def test_headings_over_two_rows_are_read_together(
    rows: tuple[tuple[str, ...], ...],
    cells: tuple[tuple[int, int, int, int], ...],
    expected: list[tuple[str, str, str, date]],
) -> None:
    source = merged(*rows, cells=cells)
    if not expected:
        # クラウドサービス + 名称 names the service: the headings are read, no row follows
        with pytest.raises(ListProblem, match="サービスの行が1つもありません"):
            read_entries(source)
        return
    entries = read_entries(source)
    assert [(e.registration, e.service, e.provider, e.valid_until) for e in entries] == expected
    # Version 1 (the lists imported before) reads the file as it always did: refused where
    # the headings need both rows, the very same entries where one row holds them.
    try:
        old = read_entries(source, version=1)
    except ListProblem:
        old = None
    assert old == (entries if not any(rows[1]) else None)


def test_a_problem_under_paired_headings_names_the_heading_as_read() -> None:
    bad = ("C23-0001-1", "", "美ら海", "2023/01/01", "2024/01/01", "2025/01/01", "")
    with pytest.raises(ListProblem) as caught:
        read_entries(merged(TITLE, GROUPS, COLUMNS, bad, cells=MERGED[:-1]))
    assert caught.value.problems == ["4行目「クラウドサービス 名称」列が空です"]


def test_the_published_xlsx_shape_is_read() -> None:
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (TITLE, GROUPS, COLUMNS, MAIL, DRIVE):
        sheet.append([cell or None for cell in row])
    for top, left, bottom, right in MERGED:
        sheet.merge_cells(
            f"{get_column_letter(left + 1)}{top + 1}:{get_column_letter(right + 1)}{bottom + 1}"
        )
    data = io.BytesIO()
    book.save(data)
    (read,) = read_tables(SourceFormat.XLSX, data.getvalue())
    assert read.merged == MERGED[:1] + tuple(sorted(MERGED[1:]))
    entries = read_entries(read)
    assert [e.provider for e in entries] == ["株式会社 南風", "株式会社 南風"]


def test_a_page_without_a_table_says_what_to_save_instead() -> None:
    page = "<html><body><div id='app'>読み込み中…</div><script>load()</script></body></html>"
    with pytest.raises(ListProblem) as caught:
        read_html(page)
    (said,) = caught.value.problems
    assert "表（<table>）がありません" in said and "Excel ファイル（.xlsx）か CSV" in said
