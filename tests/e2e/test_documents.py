"""Documents a village files: forms as PDF, the register as Excel, CSV, HTML and PDF.
Everything is read back as the person receiving it would: pypdf for PDFs (text, fonts,
metadata, page size), openpyxl for the workbook, bytes for the CSV."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.pdf_reading import blank_pdf, pages_of, png, text_of
from tests.village import Village, make_village, yakkan_command

ID = "somu-drive"


def approved_with_real_files(village: Village) -> None:
    (village.files / "signup.png").write_bytes(png())
    (village.files / "terms.pdf").write_bytes(blank_pdf())
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-02", as_="suzuki")


@pytest.fixture(scope="module")
def approved_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The form of `approved_with_real_files` as PDF, rendered once for the module (a
    render costs several times a read): test_application_pdf renders it again, in a
    village of its own, to compare the bytes; test_bundle_appends counts its pages."""
    root = tmp_path_factory.mktemp("approved-pdf")
    village = make_village(root)
    approved_with_real_files(village)
    pdf = root / "a.pdf"
    village.ok("render", ID, "--format", "pdf", "-o", str(pdf))
    return pdf


def test_application_pdf(village: Village, tmp_path: Path, approved_pdf: Path) -> None:
    approved_with_real_files(village)
    first, second = approved_pdf, tmp_path / "b.pdf"
    village.ok("render", ID, "--format", "pdf", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()  # the same record, the same bytes
    reader = PdfReader(first)
    pages = text_of(first)
    assert 1 <= len(pages) <= 2
    for number, page in enumerate(pages, start=1):
        # Every page carries the form's title, the record id and 「n / m」.
        assert "約款による外部サービス利用申請書" in page
        assert f"管理番号：{ID}" in page
        assert f"{number} / {len(pages)}" in page
    # Every label of the seed in order: tests/e2e/test_form_pdf.py.
    if len(pages) == 2:  # a break only between the check table and the risk box
        assert "確認事項" in pages[0] and "特有のリスク" in pages[1]
        assert "利用サービス" not in pages[1]
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.author == "恩納村"
    assert metadata.creation_date is not None
    assert metadata.creation_date.date() == date(2026, 3, 20)  # the application's date
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for font in fonts.values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_bundle_appends_pdf_and_image_attachments(
    village: Village, tmp_path: Path, approved_pdf: Path
) -> None:
    approved_with_real_files(village)
    plain, bundled = approved_pdf, tmp_path / "bundle.pdf"
    village.ok("render", ID, "--format", "pdf", "--bundle", "-o", str(bundled))
    base = len(PdfReader(plain).pages)
    pages = text_of(bundled)
    assert len(pages) == base + 2  # the screenshot's page and the terms' one page
    assert any("添付（利用申請時の申請内容）" in p for p in pages[base:])


def test_a_bundle_is_one_document(village: Village, tmp_path: Path) -> None:
    """Issue 21: every page of a bundle is numbered 「n / N」 over the whole bundle, and
    every appended page — a screenshot's page, the pages of an attached PDF, whatever its
    size — carries the form's title and the record id, so a loose page finds its form."""
    from pypdf import PdfWriter

    village.files.mkdir(exist_ok=True)
    (village.files / "signup.png").write_bytes(png(40, 30))
    writer = PdfWriter()
    writer.add_blank_page(612, 792)  # US Letter: the stamp follows the page's own size
    writer.add_blank_page(842, 595)  # A4 landscape
    terms = io.BytesIO()
    writer.write(terms)
    (village.files / "terms.pdf").write_bytes(terms.getvalue())
    village.approved(ID, date="2026-04-01")
    bundled = tmp_path / "bundle.pdf"
    village.ok("render", ID, "--format", "pdf", "--bundle", "-o", str(bundled))
    pages = text_of(bundled)
    total = len(pages)
    assert total >= 4  # the form, the screenshot, the terms' two pages
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {total}" in page, (number, page)
        assert page.count(" / ") == 1, page  # one numbering, never the part's own
        assert "約款による外部サービス利用申請書" in page, (number, page)
        assert f"管理番号：{ID}" in page, (number, page)
    # The stamp sits on each page as on an A4 page of the form: the title 16 mm from the
    # left, the id ending 15 mm from the right, the number in the bottom margin, the glyphs
    # the size the form prints them at (the same height on every page), whatever the size.
    mm = 72 / 25.4
    heights = set()
    for page in pages_of(bundled):
        header = [w for w in page.words if w.y1 < 16 * mm]
        footer = [w for w in page.words if w.y0 > page.height - 14 * mm]
        assert header and footer, page
        assert abs(min(w.x0 for w in header) - 15 * mm) < 2 * mm, (page.width, header)
        assert abs(max(w.x1 for w in header) - (page.width - 15 * mm)) < 2 * mm, header
        heights |= {round(w.y1 - w.y0) for w in footer}
    assert len(heights) == 1, heights
    # Still the same bytes for the same record.
    again = tmp_path / "again.pdf"
    village.ok("render", ID, "--format", "pdf", "--bundle", "-o", str(again))
    assert again.read_bytes() == bundled.read_bytes()


def test_bundle_lists_what_cannot_be_pages(village: Village, tmp_path: Path) -> None:
    # A pending application: its screenshot and terms become pages, a text file and a
    # damaged PDF are named on a last page, in the order the form lists them.
    (village.files / "signup.png").write_bytes(png(40, 30))
    (village.files / "terms.pdf").write_bytes(blank_pdf())
    village.apply(ID)
    (village.files / "memo.txt").write_text("打合せの記録", "utf-8")
    (village.files / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    memo, broken = village.files / "memo.txt", village.files / "broken.pdf"
    village.ok("attach", ID, f"other={memo}", f"other={broken}", "--date", "2026-03-21")
    plain, bundled = tmp_path / "plain.pdf", tmp_path / "bundle.pdf"
    village.ok("render", ID, "--format", "pdf", "-o", str(plain))
    village.ok("render", ID, "--format", "pdf", "--bundle", "-o", str(bundled))
    base = len(PdfReader(plain).pages)
    pages = text_of(bundled)
    assert len(pages) == base + 3  # the screenshot, the terms' page, the list
    assert "添付（利用申請時の申請内容）" in pages[base] and "signup.png" in pages[base]
    # The terms: the attached PDF's own blank page, with only the bundle's stamp on it.
    total = base + 3
    stamp = f"約款による外部サービス利用申請書 【未承認】 管理番号：{ID}\n{base + 2} / {total}"
    assert pages[base + 1].strip() == stamp
    listing = pages[base + 2]
    assert "PDF・画像以外の添付（別に保管）" in listing
    assert listing.index("memo.txt") < listing.index("broken.pdf")
    assert f"管理番号：{ID}" in listing and "【未承認】" in listing
    assert all("【未承認】" in p for p in pages)


def test_pdf_usage(village: Village) -> None:
    approved_with_real_files(village)
    bad = village.yakkan("render", ID, "--format", "md", "--bundle")
    assert bad.code == 2 and "--bundle" in bad.stderr
    piped = subprocess.run(  # stdout is a pipe: the PDF's bytes go there
        [*yakkan_command(), "render", ID, "--format", "pdf"],
        cwd=village.path, env=village.env, capture_output=True, check=False,
    )  # fmt: skip
    assert piped.returncode == 0 and piped.stdout.startswith(b"%PDF")


def register_rows(path: Path) -> list[dict[str, object]]:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_register_xlsx_equals_list(village: Village, tmp_path: Path) -> None:
    approved_with_real_files(village)
    village.apply("somu-mail", date="2026-05-01")
    target = tmp_path / "register.xlsx"
    village.ok("register", "--as-of", "2026-05-10", "-o", str(target))
    listed = json.loads(village.ok("list", "--json").stdout)
    rows = register_rows(target)
    assert [r["管理番号"] for r in rows] == [r["id"] for r in listed]
    names = {"suzuki": "鈴木 次郎"}
    states = {"active": "利用中", "applied": "申請中"}
    for row, item in zip(rows, listed, strict=True):
        assert row["提供者"] == item["provider"]
        assert row["サービス"] == item["name"]
        assert row["状態"] == states[item["state"]]
        assert row["課"] == "総務課"
        assert row["サービス管理担当者"] == names[item["administrator"]]
        applied = row["申請日"]
        assert hasattr(applied, "date") and applied.date().isoformat() == item["applied_on"]
        approved = row["承認日"]
        expected = item["approved_on"]
        assert (approved.date().isoformat() if approved else None) == expected
    book = openpyxl.load_workbook(target)
    assert [s.title for s in book.worksheets] == ["台帳", "期限のある作業", "課・状態別の件数"]
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref
    due = list(book.worksheets[1].iter_rows(values_only=True))
    assert any(r[0] == ID for r in due[1:])


def test_register_csv_opens_in_excel(village: Village, tmp_path: Path) -> None:
    approved_with_real_files(village)
    target = tmp_path / "register.csv"
    village.ok("register", "--format", "csv", "--as-of", "2026-05-10", "-o", str(target))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert rows[0][0] == "管理番号" and rows[1][0] == ID


def test_register_html_and_pdf(village: Village, tmp_path: Path) -> None:
    approved_with_real_files(village)
    html = village.ok("register", "--format", "html", "--as-of", "2026-05-10").stdout
    assert "<td>somu-drive</td>" in html and "Google ドライブ" in html
    target = tmp_path / "register.pdf"
    village.ok("register", "--format", "pdf", "--as-of", "2026-05-10", "-o", str(target))
    page = PdfReader(target).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width > height  # A4 landscape
    assert "somu-drive" in (page.extract_text() or "")


def test_register_escapes_hostile_text(village: Village) -> None:
    village.apply(ID)
    record = village.path / "records/somu" / f"{ID}.yaml"
    record.write_text(
        record.read_text("utf-8").replace("name: Google ドライブ", "name: <script>x</script>"),
        "utf-8",
    )
    html = village.yakkan("register", "--format", "html").stdout
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(("year", "ids"), [(2025, ["somu-drive"]), (2026, ["somu-drive"]),
                                           (2027, [])])  # fmt: skip
def test_register_for_a_fiscal_year(
    village: Village, tmp_path: Path, year: int, ids: list[str]
) -> None:
    # Applied 2026-03-20 (年度 2025), approved 2026-04-01 (年度 2026).
    approved_with_real_files(village)
    target = tmp_path / "fy.xlsx"
    village.ok("register", "--fiscal-year", str(year), "-o", str(target))
    assert [r["管理番号"] for r in register_rows(target)] == ids
