"""The files a clerk saves from the ISMAP portal, read into tables of text cells.

- CSV: UTF-8 with or without a BOM, or Shift_JIS as Excel saves it (cp932, Microsoft's
  Shift_JIS with its extra characters). UTF-8 is tried strictly first: a cp932 file is
  almost never valid UTF-8, and a UTF-8 file with Japanese in it is never valid cp932 text
  that means anything, so no guessing library is needed.
- xlsx: every sheet, through openpyxl (already a dependency: the register writes xlsx).
- HTML (the list page saved from a browser): every `<table>`, read with the standard
  library's parser as plain data — no script runs, nothing is fetched, entities decoded.

Each reader is deterministic: `verify` and `audit` read the committed copy again and must
get the very cells the import got.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from html.parser import HTMLParser
from typing import Any

from yakkan_cli.messages import t
from yakkan_cli.model.ismap import SourceFormat
from yakkan_cli.rules.ismap.headings import ListProblem, Table

MAX_SOURCE_BYTES = 20 * 1024 * 1024
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary Excel (OLE2) format
# What a sheet may hold at most: the list has a few thousand rows, a zip bomb millions.
_MAX_CELLS = 2_000_000


def detect_format(name: str, data: bytes) -> SourceFormat | None:
    """The format of a list file, by its first bytes and then its name."""
    suffix = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    if data.startswith(_XLSX_MAGIC):
        return SourceFormat.XLSX
    if data.startswith(_XLS_MAGIC):
        raise ListProblem([t("ismap.old_xls")])
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in ("html", "htm", "xhtml") or head.startswith((b"<!doctype html", b"<html")):
        return SourceFormat.HTML
    if suffix in ("csv", "txt", "tsv"):
        return SourceFormat.CSV
    return None


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM dropped) if the bytes are strictly UTF-8, else cp932; ListProblem when
    they are neither."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        raise ListProblem([t("ismap.encoding")]) from None


def read_tables(fmt: SourceFormat, data: bytes) -> list[Table]:
    """The tables of a list file of format `fmt`; ListProblem when it cannot be read."""
    if fmt is SourceFormat.CSV:
        return [read_csv(decode_text(data))]
    if fmt is SourceFormat.XLSX:
        return read_xlsx(data)
    return read_html(decode_text(data))


def read_csv(text: str) -> Table:
    # A tab-separated file (Excel's 「テキスト (タブ区切り)」) has tabs and no commas in its
    # first line; anything else is read as Excel writes CSV.
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    start = 1
    try:
        for row in reader:
            rows.append(tuple(row))
            numbers.append(start)  # the line the row begins on (a quoted cell may span lines)
            start = reader.line_num + 1
    except csv.Error as err:
        raise ListProblem([t("ismap.bad_row", row=reader.line_num, detail=str(err))]) from None
    return Table(tuple(rows), tuple(numbers))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        # A date cell: Excel keeps days as datetimes at midnight.
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes) -> list[Table]:
    import zipfile

    import openpyxl

    # openpyxl reads a zip of XML written by anyone: a damaged or hostile file fails in
    # many ways (zip, XML, KeyError on a missing part, ValueError on a bad value), and every
    # one of them means the same to the clerk, so all are caught here and nowhere else.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > 20 * MAX_SOURCE_BYTES:
            raise ListProblem([t("ismap.bad_xlsx", reason=f"{unpacked} bytes")])
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ListProblem:
        raise
    except Exception as err:
        raise ListProblem([t("ismap.bad_xlsx", reason=type(err).__name__)]) from None
    tables: list[Table] = []
    cells = 0
    try:
        for sheet in book.worksheets:
            rows: list[tuple[str, ...]] = []
            numbers: list[int] = []
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells += len(row)
                if cells > _MAX_CELLS:
                    raise ListProblem([t("ismap.bad_xlsx", reason=f"> {_MAX_CELLS} cells")])
                rows.append(tuple(_cell_text(v) for v in row))
                numbers.append(number)
            name = t("ismap.sheet_name", name=sheet.title)
            tables.append(Table(tuple(rows), tuple(numbers), name, _merged_cells(sheet)))
    except ListProblem:
        raise
    except Exception as err:
        raise ListProblem([t("ismap.bad_xlsx", reason=type(err).__name__)]) from None
    finally:
        book.close()
    return tables


def _merged_cells(sheet: Any) -> tuple[tuple[int, int, int, int], ...]:
    """The sheet's merged cells as 0-based (top, left, bottom, right). openpyxl's read-only
    sheet does not keep them, so its XML is read once more for its <mergeCell ref="A1:B2">
    elements alone (they follow the cells; nothing else of the sheet is kept)."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    found: list[tuple[int, int, int, int]] = []
    with sheet._get_source() as source:  # the sheet's part of the archive, as openpyxl opens it
        for _event, element in iterparse(source):
            if element.tag.endswith("}mergeCell") or element.tag == "mergeCell":
                left, top, right, bottom = range_boundaries(element.get("ref", ""))
                if None not in (left, top, right, bottom):
                    found.append((top - 1, left - 1, bottom - 1, right - 1))
                if len(found) > _MAX_CELLS:
                    raise ListProblem([t("ismap.bad_xlsx", reason=f"> {_MAX_CELLS} merges")])
            element.clear()
    return tuple(sorted(found))


class _Tables(HTMLParser):
    """Every `<table>` of a page as rows of cell texts; nested tables are tables of their
    own (their text is not part of the outer cell). Script and style text is skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._open: list[list[list[str]]] = []  # the tables being read, innermost last
        self._cell: list[list[str] | None] = []  # per open table: the cell's text parts
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1
        elif tag == "table":
            table: list[list[str]] = []
            self.tables.append(table)
            self._open.append(table)
            self._cell.append(None)
        elif not self._open:
            return
        elif tag == "tr":
            self._end_cell()
            self._open[-1].append([])
        elif tag in ("td", "th"):
            self._end_cell()
            if not self._open[-1]:
                self._open[-1].append([])
            self._cell[-1] = []
        elif tag in ("br", "p", "div", "li") and self._cell[-1] is not None:
            self._cell[-1].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._skip = max(0, self._skip - 1)
        elif not self._open:
            return
        elif tag == "table":
            self._end_cell()
            self._open.pop()
            self._cell.pop()
        elif tag in ("td", "th", "tr"):
            self._end_cell()

    def handle_data(self, data: str) -> None:
        if self._skip or not self._cell or self._cell[-1] is None:
            return
        self._cell[-1].append(data)

    def _end_cell(self) -> None:
        if not self._cell or self._cell[-1] is None:
            return
        table = self._open[-1]
        if not table:
            table.append([])
        table[-1].append("".join(self._cell[-1]))
        self._cell[-1] = None


def read_html(text: str) -> list[Table]:
    parser = _Tables()
    parser.feed(text)
    parser.close()
    tables = [
        Table(
            tuple(tuple(row) for row in rows),
            tuple(range(1, len(rows) + 1)),
            t("ismap.table_name", number=index),
        )
        for index, rows in enumerate(parser.tables, start=1)
    ]
    if not tables:
        raise ListProblem([t("ismap.no_tables")])
    return tables
