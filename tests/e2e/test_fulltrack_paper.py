"""The full track on every paper a village files (issue 22's gaps): the register as a workbook,
an HTML page and a PDF carries the ISMAP list, the registration, its validity, the list's
retrieval day, the jurisdiction and the track, as the CSV does (tests/e2e/
test_fulltrack_forms.py); the termination form shows the registration and the jurisdiction as
the application does; a PDF of a full-track form says its track under the village's title and
on every page.

One village is built once for the module and every document made from it, each read back
as its reader would: openpyxl for the workbook, an HTML parser for the page, pdftotext for
the PDFs."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.test_fulltrack import SETUP
from tests.e2e.test_fulltrack_forms import HOSTILE_COURT, _approved
from tests.pdf_reading import assert_nothing_covered, flat, poppler, text_of
from tests.village import Village, copy_village, make_village
from yakkan_cli.forms.render import PACKAGED_TEMPLATES

ID = "somu-mail"
AS_OF = "2026-12-20"
TERMINATION = """\
termination:
  reason: 庁内のメールサーバへ戻すため
  end_on: 2027-01-31
  users: [総務課 職員]
  users_count: 5
"""
# The register's new columns, as the CSV test reads them, with what the village's records say.
EXPECTED = {
    "情報の分類": "自治体機密性2（個人情報あり）",  # on its own scale, never Ⅱ
    "手続き（情報の分類による）": "自治体機密性2以上の情報を取り扱う外部サービスの利用",
    "ISMAP の一覧": "ISMAP",
    "ISMAP 登録番号": "C21-0012-2",
    "ISMAP 登録の有効期限（取り込んだ一覧による）": "2027-08-31",
    "一覧の取得日": "2026-12-01",
    "準拠法": "日本法",
    "裁判管轄": HOSTILE_COURT,
    "事業者の国": "JP",
    "保存国": "JP",
    "準拠法等の確認日": "2026-12-01",
}
ISMAP_ROW = "ISMAP C21-0012-2（有効期限：令和9年8月31日、一覧の取得日：令和8年12月1日）"
SUBTITLE = "（自治体機密性2以上の情報を取り扱う外部サービスの利用）"


@dataclass(frozen=True)
class Paper:
    village: Village
    out: Path


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Paper:
    root = tmp_path_factory.mktemp("paper")
    v = make_village(root / "village")
    v.append("yakkan.yaml", SETUP)
    v.hand_commit("tanaka", "the village's scheme and its security administrator")
    v.env["YAKKAN_TODAY"] = "2027-06-30"
    _approved(v)
    out = root / "out"
    out.mkdir()
    for fmt in ("xlsx", "html", "pdf"):
        target = out / f"register.{fmt}"
        v.ok("register", "--format", fmt, "--as-of", AS_OF, "-o", str(target))
    v.ok("render", ID, "--format", "pdf", "-o", str(out / "application.pdf"))
    form = v.write("termination.yaml", TERMINATION)
    v.ok(
        "terminate", ID, "--from", str(form),
        "--attach", f"agreement={v.files / 'signup.png'}",
        "--attach", f"deletion={v.files / 'terms.pdf'}",
        "--date", "2026-12-15", as_="suzuki",
    )  # fmt: skip
    for fmt in ("html", "md", "pdf"):
        target = out / f"termination.{fmt}"
        v.ok("render", ID, "--form", "termination", "--format", fmt, "-o", str(target))
    return Paper(v, out)


def _pdftotext(pdf: Path) -> str:
    """The text in reading order: a table cell's lines together, cell after cell."""
    return subprocess.run(
        [poppler("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


# --- the register ----------------------------------------------------------------------------


def test_the_workbook_has_the_columns_typed(paper: Paper) -> None:
    sheet = openpyxl.load_workbook(paper.out / "register.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == ID)
    found = dict(zip(header, row, strict=True))
    for name, value in EXPECTED.items():
        cell = found[name]
        if isinstance(cell, datetime):  # a date cell, as Excel sorts and filters it
            assert cell.date().isoformat() == value, name
        else:
            assert cell == value, name
    assert isinstance(found["ISMAP 登録の有効期限（取り込んだ一覧による）"], datetime)
    assert isinstance(found["一覧の取得日"], datetime)


class _Table(HTMLParser):
    """The first table's rows of cells, as a browser shows their text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tables = 0
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "table":
            self.tables += 1
        elif tag == "tr" and self.tables == 1:
            self.rows.append([])
        elif tag in ("td", "th") and self.tables == 1:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def test_the_html_register_has_the_columns(paper: Paper) -> None:
    page = _Table()
    page.feed((paper.out / "register.html").read_text("utf-8"))
    header, *rows = page.rows
    found = dict(zip(header, next(r for r in rows if r[0] == ID), strict=True))
    for name, value in EXPECTED.items():
        assert found[name] == value, name
    # The applicant's court is text on the page, never markup.
    assert "<script>" not in (paper.out / "register.html").read_text("utf-8")


def test_the_pdf_register_prints_the_columns_in_order(paper: Paper) -> None:
    # Thirty-one columns on A4 landscape: every word inside the page, none over another.
    assert_nothing_covered(paper.out / "register.pdf")
    # Read in the order the page was drawn (cell after cell: pdftotext's reading order
    # interleaves the lines of neighbouring narrow cells); flat, a folded cell is whole.
    text = flat("".join(text_of(paper.out / "register.pdf")))
    position = 0
    for name in EXPECTED:
        found = text.find(flat(name), position)
        assert found >= 0, f"{name!r} missing or out of order"
        position = found + len(flat(name))
    for value in EXPECTED.values():
        found = text.find(flat(value), position)
        assert found >= 0, f"{value!r} missing or out of order"
        position = found + len(flat(value))


# --- the termination form ---------------------------------------------------------------------


def test_the_termination_form_shows_the_registration_and_the_jurisdiction(paper: Paper) -> None:
    html = (paper.out / "termination.html").read_text("utf-8")
    assert ISMAP_ROW in html and "準拠法：日本法" in html and "保存国：JP" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    md = (paper.out / "termination.md").read_text("utf-8")
    assert f"| ISMAP 登録 | {ISMAP_ROW} |" in md
    assert md.startswith(f"# 約款による外部サービス終了確認書\n\n{SUBTITLE}\n")
    pdf = flat(_pdftotext(paper.out / "termination.pdf"))
    assert flat(ISMAP_ROW) in pdf and flat("準拠法：日本法") in pdf


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("application.pdf", "約款による外部サービス利用申請書"),
        ("termination.pdf", "約款による外部サービス終了確認書"),
    ],
)
def test_a_full_track_pdf_says_its_track_on_every_page(paper: Paper, name: str, title: str) -> None:
    pages = _pdftotext(paper.out / name).split("\f")
    pages = [p for p in pages if p.strip()]
    assert flat(f"{title}{SUBTITLE}") in flat(pages[0])  # under the heading
    for page in pages:  # and in each page's header, for a loose page
        assert flat(f"{title}（自治体機密性2以上）") in flat(page)


# --- a repository's own templates -------------------------------------------------------------


def test_a_repository_template_written_for_the_seed_s_scale_is_refused_then_fixed(
    paper: Paper, tmp_path: Path
) -> None:
    """A village that copied the packaged macros before issue 22 prints 重要性分類 and |roman:
    for its 自治体機密性2 record that would read 重要性分類Ⅱ. The render is refused naming the
    template and the line; |class_label prints the class on the record's own scale."""
    v = copy_village(paper.village, tmp_path)
    packaged = (PACKAGED_TEMPLATES / "_macros.md.j2").read_text("utf-8")
    assert packaged.count("{{ info.class_label }}") == 1
    macros = v.path / "templates" / "_macros.md.j2"
    macros.parent.mkdir()
    macros.write_text(
        packaged.replace("{{ info.class_label }}", "重要性分類{{ info.info_class|roman }}"),
        "utf-8",
    )
    v.append("yakkan.yaml", "templates:\n  use_repository: true\n")
    v.hand_commit("sato", "the village's own forms")
    refused = v.yakkan("render", ID, "--format", "md")
    assert refused.code == 1 and refused.stdout == "", refused.output
    assert "Traceback" not in refused.output
    assert str(macros) in refused.stderr and "の 2 行目" in refused.stderr
    assert "自治体機密性2" in refused.stderr and "|class_label" in refused.stderr
    macros.write_text(
        packaged.replace("{{ info.class_label }}", "{{ info.info_class|class_label }}"), "utf-8"
    )
    v.hand_commit("sato", "the classes on the record's own scale")
    md = v.ok("render", ID, "--format", "md").stdout
    assert "| 取り扱う情報の種類 | ・問い合わせ内容（自治体機密性2、個人情報あり） |" in md
