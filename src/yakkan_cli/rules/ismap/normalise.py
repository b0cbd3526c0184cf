"""An ISMAP list read from a table of cells into snapshot entries, pure (issue 22.3).

The store reads a file (CSV, xlsx, the page saved as HTML) into tables of text cells; this
module finds the columns by their Japanese headings, reads each row, and says, row and
column, what it cannot read. `verify` and `audit` run it again on the committed file and
compare: a snapshot is honest when it is exactly what this normaliser makes of its source.
Any change to what it makes of a file is a new `NORMALISER_VERSION`, and the old one stays
callable for the snapshots it wrote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from yakkan_cli.messages import t
from yakkan_cli.model.ismap import Column, Entry, Manifest, Snapshot
from yakkan_cli.rules.ismap import registration_key, valid_until_from_audit_end
from yakkan_cli.rules.wareki import parse_date

NORMALISER_VERSION = 1

# The headings each column goes by, compared as `heading_key` makes them: the portal's
# page, the spreadsheets villages keep and the old CSV exports do not agree on one name.
HEADINGS: dict[Column, tuple[str, ...]] = {
    Column.REGISTRATION: ("登録番号", "ISMAP登録番号", "登録No", "登録No."),
    Column.SERVICE: (
        "クラウドサービス名称",
        "クラウドサービス名",
        "サービス名",
        "サービス名称",
        "クラウドサービスの名称",
    ),
    Column.PROVIDER: (
        "事業者名",
        "事業者名称",
        "クラウドサービス事業者名",
        "クラウドサービス事業者",
        "事業者",
        "申請者名",
    ),
    Column.REGISTERED_ON: ("登録日", "登録年月日", "登録開始日"),
    Column.VALID_UNTIL: ("有効期限", "登録有効期限", "有効期間満了日", "登録の有効期限"),
    Column.AUDIT_PERIOD_END: ("監査対象期間末日", "監査対象期間の末日", "監査対象期間終了日"),
    Column.NOTE: ("備考",),
}
REQUIRED = (Column.REGISTRATION, Column.SERVICE, Column.PROVIDER)
# How far down a file the heading row may sit (a title, a date and a blank line above it).
HEADING_ROWS = 30
MAX_PROBLEMS = 20

_BLANKS = re.compile(r"\s+")
_MARKS = re.compile(r"[\s※*＊:：]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_REGISTRATION = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,63}$")


@dataclass(frozen=True)
class Table:
    """The cells of one table of a file, as text, each row with the number a person finds
    it by (the line of a CSV, the row of a sheet, the row of the page's table)."""

    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[int, ...]
    name: str = ""  # which table of the file, when it holds several ("2番目の表")


class ListProblem(ValueError):
    """What the normaliser cannot read, each problem naming its row and column."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def heading_key(text: str) -> str:
    """A heading as compared: NFKC (full-width letters and spaces), no blanks, no footnote
    marks or colons, case folded."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", text)).casefold()


def column_of(field: str) -> Column:
    """A FIELD of `--column FIELD=見出し`; ValueError (Japanese) naming the fields known."""
    try:
        return Column(field.strip())
    except ValueError:
        known = ", ".join(c.value for c in Column)
        raise ValueError(t("ismap.unknown_field", field=field, known=known)) from None


def _aliases(columns: Mapping[Column, str]) -> dict[Column, set[str]]:
    aliases = {column: {heading_key(h) for h in names} for column, names in HEADINGS.items()}
    for column, heading in columns.items():
        aliases[column] = {heading_key(heading)}
    return aliases


def _match(row: Sequence[str], aliases: Mapping[Column, set[str]]) -> dict[Column, list[int]]:
    found: dict[Column, list[int]] = {}
    for index, cell in enumerate(row):
        key = heading_key(cell)
        if not key:
            continue
        for column, names in aliases.items():
            if key in names:
                found.setdefault(column, []).append(index)
    return found


def find_headings(
    table: Table, columns: Mapping[Column, str] = {}
) -> tuple[int, dict[Column, int]] | None:
    """The index of the heading row and where each column is; None when no row of the
    first ones names the registration number. ListProblem for a heading found twice."""
    aliases = _aliases(columns)
    for index, row in enumerate(table.rows[:HEADING_ROWS]):
        found = _match(row, aliases)
        if Column.REGISTRATION not in found:
            continue
        twice = [c for c, at in found.items() if len(at) > 1]
        if twice:
            number = table.numbers[index]
            raise ListProblem(
                [
                    t("ismap.heading_twice", row=number, heading=row[found[c][0]].strip())
                    for c in twice
                ]
            )
        return index, {c: at[0] for c, at in found.items()}
    return None


def _missing(headings: Mapping[Column, int]) -> list[Column]:
    missing = [c for c in REQUIRED if c not in headings]
    if Column.VALID_UNTIL not in headings and Column.AUDIT_PERIOD_END not in headings:
        missing.append(Column.VALID_UNTIL)
    return missing


def _text(cell: str, row: int, heading: str, problems: list[str]) -> str | None:
    """A cell as one line of text: blanks (line breaks of a page's cell) collapsed; a
    control character is a problem, never passed on to a terminal or a form."""
    plain = _BLANKS.sub(" ", cell).strip()
    if not plain:
        return None
    bad = _CONTROL.search(plain)
    if bad:
        code = f"U+{ord(bad.group(0)):04X}"
        problems.append(t("ismap.cell_control", row=row, column=heading, code=code))
        return None
    if len(plain) > 1000:
        problems.append(t("ismap.cell_too_long", row=row, column=heading))
        return None
    return plain


def _date(cell: str, row: int, heading: str, problems: list[str]) -> date | None:
    plain = _text(cell, row, heading, problems)
    if plain is None:
        return None
    try:
        return parse_date(plain)
    except ValueError:
        problems.append(t("ismap.bad_date", row=row, column=heading, value=plain))
        return None


def _cell(row: Sequence[str], at: int | None) -> str:
    return row[at] if at is not None and at < len(row) else ""


def read_entries(table: Table, columns: Mapping[Column, str] = {}) -> list[Entry]:
    """The entries of `table`; ListProblem naming each row and column it cannot read."""
    found = find_headings(table, columns)
    if found is None:
        raise ListProblem([t("ismap.no_headings", rows=HEADING_ROWS)])
    head, at = found
    missing = _missing(at)
    if missing:
        seen = " / ".join(c.strip() for c in table.rows[head] if c.strip())
        raise ListProblem(
            [
                t(
                    "ismap.missing_column",
                    row=table.numbers[head],
                    heading=HEADINGS[c][0],
                    field=c.value,
                    seen=seen,
                )
                for c in missing
            ]
        )
    heading = {c: table.rows[head][i].strip() for c, i in at.items()}
    entries: list[Entry] = []
    problems: list[str] = []
    first_row: dict[str, int] = {}
    for row, number in zip(table.rows[head + 1 :], table.numbers[head + 1 :], strict=True):
        if not any(cell.strip() for cell in row):
            continue
        if len(problems) >= MAX_PROBLEMS:
            problems.append(t("ismap.more_problems"))
            break
        entry = _entry(row, number, at, heading, problems)
        if entry is None:
            continue
        earlier = first_row.get(entry.registration)
        if earlier is not None:
            problems.append(
                t(
                    "ismap.duplicate",
                    row=number,
                    column=heading[Column.REGISTRATION],
                    value=entry.registration,
                    other=earlier,
                )
            )
            continue
        first_row[entry.registration] = number
        entries.append(entry)
    if problems:
        raise ListProblem(problems)
    if not entries:
        raise ListProblem([t("ismap.no_entries", row=table.numbers[head])])
    return entries


def _entry(
    row: Sequence[str],
    number: int,
    at: Mapping[Column, int],
    heading: Mapping[Column, str],
    problems: list[str],
) -> Entry | None:
    before = len(problems)

    def text(column: Column) -> str | None:
        if column not in at:
            return None
        return _text(_cell(row, at[column]), number, heading[column], problems)

    def day(column: Column) -> date | None:
        if column not in at:
            return None
        return _date(_cell(row, at[column]), number, heading[column], problems)

    raw = text(Column.REGISTRATION)
    registration = registration_key(raw) if raw else None
    if raw is not None and registration is not None and not _REGISTRATION.fullmatch(registration):
        problems.append(
            t("ismap.bad_registration", row=number, column=heading[Column.REGISTRATION], value=raw)
        )
        registration = None
    values = {c: text(c) for c in (Column.SERVICE, Column.PROVIDER, Column.NOTE)}
    registered_on = day(Column.REGISTERED_ON)
    valid_until = day(Column.VALID_UNTIL)
    audit_end = day(Column.AUDIT_PERIOD_END)
    for column in (Column.REGISTRATION, Column.SERVICE, Column.PROVIDER):
        value = raw if column is Column.REGISTRATION else values[column]
        if value is None and len(problems) == before:
            problems.append(t("ismap.empty_cell", row=number, column=heading[column]))
    if valid_until is None and audit_end is not None:
        valid_until = valid_until_from_audit_end(audit_end)
    if valid_until is None and len(problems) == before:
        column = Column.VALID_UNTIL if Column.VALID_UNTIL in at else Column.AUDIT_PERIOD_END
        problems.append(t("ismap.empty_cell", row=number, column=heading[column]))
    if len(problems) > before:
        return None
    assert registration is not None and valid_until is not None
    try:
        return Entry.model_validate(
            {
                "registration": registration,
                "service": values[Column.SERVICE],
                "provider": values[Column.PROVIDER],
                "registered_on": registered_on,
                "valid_until": valid_until,
                "audit_period_end": audit_end,
                "note": values[Column.NOTE],
            }
        )
    except ValidationError as err:  # what the checks above let through (should be nothing)
        problems.append(t("ismap.bad_row", row=number, detail=err.errors()[0]["msg"]))
        return None


def pick_table(tables: Sequence[Table], columns: Mapping[Column, str] = {}) -> Table:
    """The table of a file that holds the list: the first whose headings name the
    registration number (a saved page has menus and footers laid out as tables too)."""
    for table in tables:
        if find_headings(table, columns) is not None:
            return table
    raise ListProblem([t("ismap.no_headings", rows=HEADING_ROWS)])


def normalise(
    tables: Sequence[Table], manifest: Manifest, columns: Mapping[Column, str] = {}
) -> Snapshot:
    """The snapshot of a list file read into `tables`, under `manifest`."""
    table = pick_table(tables, columns)
    try:
        entries = read_entries(table, columns)
    except ListProblem as problem:
        if len(tables) < 2 or not table.name:
            raise
        named = [t("ismap.in_table", table=table.name, problem=p) for p in problem.problems]
        raise ListProblem(named) from None
    return Snapshot(manifest=manifest, entries=entries)
