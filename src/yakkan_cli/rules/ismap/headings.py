"""An ISMAP list's headings (issue 22.3): which row of a table names the columns, and which
column is which, by the Japanese headings the lists use. Pure.

Version 1 of the normaliser reads one heading row; version 2 also reads headings spread
over two rows (a group heading above the column headings, merged cells resolved), which is
`find_paired_headings`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from yakkan_cli.messages import t
from yakkan_cli.model.ismap import Column

_MARKS = re.compile(r"[\s※*＊:：]")

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
        "クラウドサービス事業者名称",
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


@dataclass(frozen=True)
class Table:
    """The cells of one table of a file, as text, each row with the number a person finds
    it by (the line of a CSV, the row of a sheet, the row of the page's table)."""

    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[int, ...]
    name: str = ""  # which table of the file, when it holds several ("2番目の表")
    # Merged cells (an xlsx's), each (top row, left column, bottom row, right column) as
    # 0-based indexes into `rows` and their cells; the text is in the top-left cell only.
    merged: tuple[tuple[int, int, int, int], ...] = ()


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


def aliases_of(columns: Mapping[Column, str]) -> dict[Column, set[str]]:
    aliases = {column: {heading_key(h) for h in names} for column, names in HEADINGS.items()}
    for column, heading in columns.items():
        aliases[column] = {heading_key(heading)}
    return aliases


def match_row(row: Sequence[str], aliases: Mapping[Column, set[str]]) -> dict[Column, list[int]]:
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
    aliases = aliases_of(columns)
    for index, row in enumerate(table.rows[:HEADING_ROWS]):
        found = match_row(row, aliases)
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


def missing_columns(headings: Mapping[Column, int]) -> list[Column]:
    missing = [c for c in REQUIRED if c not in headings]
    if Column.VALID_UNTIL not in headings and Column.AUDIT_PERIOD_END not in headings:
        missing.append(Column.VALID_UNTIL)
    return missing


def cell(row: Sequence[str], at: int | None) -> str:
    return row[at] if at is not None and at < len(row) else ""


def _merge_at(table: Table, row: int, column: int) -> tuple[int, int, int, int] | None:
    for merge in table.merged:
        top, left, bottom, right = merge
        if top <= row <= bottom and left <= column <= right:
            return merge
    return None


def _shown(table: Table, row: int, column: int) -> tuple[str, tuple[int, int, int, int]]:
    """The text a cell shows (a merged cell's is its top-left one's) and the range it
    belongs to (itself when not merged)."""
    merge = _merge_at(table, row, column) or (row, column, row, column)
    return cell(table.rows[merge[0]], merge[1]), merge


def paired_row(table: Table, upper: int, aliases: Mapping[Column, set[str]]) -> tuple[str, ...]:
    """The headings of rows `upper` and `upper + 1` read together, one per column: a
    heading merged down over both rows is itself; under a group heading (merged across its
    columns, or written in the first of them and blank to its right, as a CSV saved from
    the sheet has it), the group and the column heading together when that names a column
    (監査対象期間 + 末日), else the column heading alone; a merged cell counts in its first
    column only, so a heading spread over two columns is not found twice."""
    lower = upper + 1
    width = max(len(table.rows[upper]), len(table.rows[lower]))
    names: list[str] = []
    group = ""
    for column in range(width):
        up, up_merge = _shown(table, upper, column)
        low, low_merge = _shown(table, lower, column)
        if up.strip():
            group = up.strip()
        if low_merge == up_merge:  # one heading merged down over both rows
            names.append(up if column == up_merge[1] else "")
            continue
        if low.strip() and column == low_merge[1]:
            both = f"{group} {low.strip()}".strip()
            key = heading_key(both)
            names.append(both if any(key in n for n in aliases.values()) else low)
            continue
        names.append(up if not low.strip() and column == up_merge[1] else "")
    return tuple(names)


def find_paired_headings(
    table: Table, columns: Mapping[Column, str] = {}
) -> tuple[int, dict[Column, int], tuple[str, ...]] | None:
    """Version 2: the first pair of rows among the first ones whose headings, read together
    (`paired_row`), name every column needed: the index of the lower row, where each column
    is, and the headings as read. None when no pair does."""
    aliases = aliases_of(columns)
    for upper in range(min(HEADING_ROWS, len(table.rows)) - 1):
        names = paired_row(table, upper, aliases)
        found = match_row(names, aliases)
        if Column.REGISTRATION not in found or any(len(at) > 1 for at in found.values()):
            continue
        at = {c: at[0] for c, at in found.items()}
        if not missing_columns(at):
            return upper + 1, at, names
    return None


def filled_down(table: Table, head: int) -> Table:
    """The rows below the headings with a cell merged down over several rows read in each
    of them (the provider of several services, written once); a merge across columns is
    left as it is (its text belongs to its first column)."""
    downs = [m for m in table.merged if m[2] > m[0] and m[0] > head]
    if not downs:
        return table
    rows = [list(r) for r in table.rows]
    for top, left, bottom, _right in downs:
        text = cell(table.rows[top], left)
        for index in range(top + 1, min(bottom, len(rows) - 1) + 1):
            row = rows[index]
            row.extend([""] * (left + 1 - len(row)))
            if not row[left].strip():
                row[left] = text
    return Table(tuple(tuple(r) for r in rows), table.numbers, table.name, table.merged)
