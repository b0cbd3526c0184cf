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
from collections.abc import Mapping, Sequence
from datetime import date

from pydantic import ValidationError

from yakkan_cli.messages import t
from yakkan_cli.model.ismap import Column, Entry, Manifest, Snapshot
from yakkan_cli.rules.ismap import registration_key, valid_until_from_audit_end
from yakkan_cli.rules.ismap.headings import (
    HEADING_ROWS,
    HEADINGS,
    ListProblem,
    Table,
    cell,
    filled_down,
    find_headings,
    find_paired_headings,
    missing_columns,
)
from yakkan_cli.rules.wareki import parse_date

NORMALISER_VERSION = 2
"""1: one heading row, cells as the file holds them. 2 (issue 22 follow-up): as 1 when one
row holds every heading; else headings spread over two rows (a group heading above the
column headings, as the published xlsx has) are read together, merged cells resolved, and
a cell merged down over data rows (one provider for several services) read in each row.
Version 1 stays what it was: a snapshot is recomputed with the version it names."""
VERSIONS = frozenset({1, 2})

MAX_PROBLEMS = 20

_BLANKS = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_REGISTRATION = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,63}$")


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


def read_entries(
    table: Table, columns: Mapping[Column, str] = {}, *, version: int = NORMALISER_VERSION
) -> list[Entry]:
    """The entries of `table`; ListProblem naming each row and column it cannot read."""
    names: tuple[str, ...] | None = None
    try:
        found = find_headings(table, columns)
    except ListProblem:
        if version < 2 or find_paired_headings(table, columns) is None:
            raise
        found = None
    if version >= 2 and (found is None or missing_columns(found[1])):
        paired = find_paired_headings(table, columns)
        if paired is not None:
            head, at, names = paired
            found = head, at
            table = filled_down(table, head)
    if found is None:
        raise ListProblem([t("ismap.no_headings", rows=HEADING_ROWS)])
    head, at = found
    missing = missing_columns(at)
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
    heading_row = names if names is not None else table.rows[head]
    heading = {c: heading_row[i].strip() for c, i in at.items()}
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
        return _text(cell(row, at[column]), number, heading[column], problems)

    def day(column: Column) -> date | None:
        if column not in at:
            return None
        return _date(cell(row, at[column]), number, heading[column], problems)

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


def pick_table(
    tables: Sequence[Table], columns: Mapping[Column, str] = {}, *, version: int = 1
) -> Table:
    """The table of a file that holds the list: the first whose headings name the
    registration number (a saved page has menus and footers laid out as tables too); from
    version 2, else the first whose two heading rows read together name every column."""
    for table in tables:
        if find_headings(table, columns) is not None:
            return table
    for table in tables if version >= 2 else ():
        if find_paired_headings(table, columns) is not None:
            return table
    raise ListProblem([t("ismap.no_headings", rows=HEADING_ROWS)])


def normalise(
    tables: Sequence[Table], manifest: Manifest, columns: Mapping[Column, str] = {}
) -> Snapshot:
    """The snapshot of a list file read into `tables`, under `manifest`."""
    version = manifest.normaliser
    table = pick_table(tables, columns, version=version)
    try:
        entries = read_entries(table, columns, version=version)
    except ListProblem as problem:
        if len(tables) < 2 or not table.name:
            raise
        named = [t("ismap.in_table", table=table.name, problem=p) for p in problem.problems]
        raise ListProblem(named) from None
    return Snapshot(manifest=manifest, entries=entries)
