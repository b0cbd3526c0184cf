"""Writing the register (台帳) as CSV, an Excel workbook, HTML and PDF (issue 12)."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date
from typing import TYPE_CHECKING, Any

from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.rules.register import Register

FORMATS = ("csv", "xlsx", "html", "pdf")


def headers(fields: tuple[str, ...] | None = None) -> list[str]:
    from yakkan_cli.rules.register import Row

    fields = fields or Row.FIELDS
    # Beside a track, the classes may be on either scale: named for both.
    both = "track" in fields
    return [
        t("register.col.classes_any" if both and name == "classes" else f"register.col.{name}")
        for name in fields
    ]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): a provider
# named =HYPERLINK(...) would otherwise become a live link that sends the row elsewhere.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(text: str) -> str:
    """`text` as a spreadsheet shows it and never runs it: a leading formula character is
    escaped with a single quote, as OWASP's CSV-injection guidance recommends."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(register: Register) -> bytes:
    """UTF-8 with a BOM and CRLF line ends: what Excel needs to open Japanese text as such.
    No cell can start a formula (`neutral`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    fields = register.fields
    writer.writerow([neutral(h) for h in headers(fields)])
    for row in register.rows:
        writer.writerow([neutral(_text(v)) for v in row.values(fields)])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def to_xlsx(register: Register, due_rows: list[list[Any]], due_headers: list[str]) -> bytes:
    """Three sheets: the register, the due tasks, and a count per department and state.
    Typed cells (dates as dates), Japanese headers, a frozen header row and filters."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (
            t("register.sheet.register"),
            headers(register.fields),
            [r.values(register.fields) for r in register.rows],
        ),
        (t("register.sheet.due"), due_headers, due_rows),
        (
            t("register.sheet.summary"),
            [t("register.col.department"), t("register.col.state"), t("register.col.count")],
            [list(item) for item in register.summary()],
        ),
    ]
    for index, (title, head, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        sheet.append(head)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in rows:
            sheet.append(values)
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                if isinstance(cell.value, str):
                    _typed_text(cell)
        for column, name in enumerate(head, start=1):
            widest = max(display_width(_text(v)) for v in [name, *(r[column - 1] for r in rows)])
            # Excel's width is in characters of its default font: a full-width character
            # takes two, and the filter button on the header about two more.
            width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
            sheet.column_dimensions[get_column_letter(column)].width = width
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        _print_setup(sheet)
    # Fixed document properties: the same register gives the same workbook.
    stamp = date(register.as_of.year, register.as_of.month, register.as_of.day)
    from datetime import datetime

    book.properties.creator = register.organization
    book.properties.created = datetime.combine(stamp, datetime.min.time())
    book.properties.modified = book.properties.created
    book.properties.title = t("register.title", org=register.organization)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MIN_WIDTH = 8
MAX_WIDTH = 60


def display_width(text: str) -> int:
    """Columns `text` takes on screen and paper: two for a wide or full-width character
    (漢字, かな, ＡＢＣ) and for the ambiguous ones a Japanese font draws wide (Ⅲ, ○), one
    for the others; the widest line of a multi-line text."""
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)
            for line in text.splitlines()
        ),
        default=0,
    )


def _print_setup(sheet: Any) -> None:
    """A4 landscape, every column on one page's width (as many pages down as it needs),
    the header row printed again on each page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.horizontalCentered = True


def _typed_text(cell: Any) -> None:
    """A text cell stays text: openpyxl takes a string starting with = for a formula, and
    Excel would run it. Typed as a string it shows as written; quotePrefix keeps it text
    when a clerk edits the cell (what Excel does for a leading apostrophe)."""
    if cell.data_type != "s":
        cell.data_type = "s"
    if cell.value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def to_html(register: Register) -> str:
    # Here, not at the top: the CSV (cli/fast.py answers it from the record cache) needs
    # neither Jinja2 nor the forms' renderer.
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from yakkan_cli.forms.render import PACKAGED_TEMPLATES, wareki_filter
    from yakkan_cli.rules.register import Row

    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(PACKAGED_TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["wareki"] = wareki_filter
    env.filters["text"] = _text
    env.tests["date"] = lambda value: isinstance(value, date)
    template = env.get_template("register.html.j2")
    title = t("register.title", org=register.organization)
    if register.fiscal_year is not None:
        title += t("register.fiscal_year", year=register.fiscal_year)
    return template.render(
        title=title,
        as_of=register.as_of,
        # The full track's columns need a tighter page; a register without them is as before.
        wide=register.fields[-1] == Row.FULL_TRACK_FIELDS[-1],
        headers=headers(register.fields),
        rows=[r.values(register.fields) for r in register.rows],
        summary=register.summary(),
        summary_headers=[
            t("register.col.department"),
            t("register.col.state"),
            t("register.col.count"),
        ],
    )
