"""Rows that read at 80 columns and in a pipe: what `list`, `due`, `history` and `audit` print.

A row is one line of short cells (ids, dates, states, names: never folded, never cut) and,
under it, whole sentences (a service's name, a finding) indented by two columns. Widths are
measured in terminal cells (rich's `cell_len`, so 総務課 is six columns). On a terminal the
sentences wrap at the screen's width and a first line too wide for the screen continues on
the next line between cells, never inside one; in a pipe (cron mail, CI logs) every line is
written whole, without styles, so nothing is ever cut.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from yakkan_cli.cli.output import pipe_width, stdout_console, visible

GAP = "  "
INDENT = "  "


@dataclass(frozen=True)
class Row:
    cells: Sequence[str]
    more: Sequence[str] = ()  # sentences under the row
    style: str = ""  # e.g. "red" for what is overdue; only on a terminal with colour


def _pad(text: str, width: int, right: bool) -> str:
    from rich.cells import cell_len

    fill = " " * max(width - cell_len(text), 0)
    return fill + text if right else text + fill


def _fit(cells: Sequence[str], width: int) -> list[str]:
    """Join cells with gaps; when the screen is too narrow, go on to the next line before
    the cell that would not fit, so no cell is ever split."""
    from rich.cells import cell_len

    lines: list[str] = []
    line = ""
    for cell in cells:
        candidate = f"{line}{GAP}{cell}" if line else cell
        if line and cell_len(candidate.rstrip()) > width:
            lines.append(line.rstrip())
            line = INDENT + cell
        else:
            line = candidate
    lines.append(line.rstrip())
    return lines


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` terminal cells: forms.fold (phrases, 禁則, commands whole)."""
    from yakkan_cli.forms.fold import fold

    return fold(text, width)


def print_rows(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Row],
    *,
    right: Sequence[int] = (),
    plain: bool = False,
) -> None:
    """A title, a header line and the rows; `right` lists the columns aligned right.

    Through rich's console; or, when `plain` (a pipe, where that console writes each line
    as it is: output.plain_stdout), written by hand without importing rich's console, for
    a table answered from the record cache (cli/fast.py). The full path keeps rich: it is
    what tests/e2e/test_fast_reads.py holds the plain table to, byte for byte."""
    if plain:
        width = max(pipe_width(), 20)
        lines = _lines(title, headers, rows, right, terminal=False, width=width)
        sys.stdout.write("".join(text + "\n" for text, _ in lines))
        return
    from rich.text import Text

    console = stdout_console()
    lines = _lines(title, headers, rows, right, console.is_terminal, max(console.width, 20))
    for text, style in lines:
        console.print(Text(text, style=style), soft_wrap=True, crop=False, overflow="ignore")


def _lines(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Row],
    right: Sequence[int],
    terminal: bool,
    width: int,
) -> Iterator[tuple[str, str]]:
    """The table's lines with their style: fitted to `width` on a terminal, whole in a
    pipe but for the rule under the headers, never wider than `width`."""
    from rich.cells import cell_len

    cells = [[visible(c, newlines=False) for c in row.cells] for row in rows]
    widths = [
        max([cell_len(h), *(cell_len(line[i]) for line in cells if i < len(line))])
        for i, h in enumerate(headers)
    ]

    def line_of(values: Sequence[str]) -> list[str]:
        padded = [_pad(v, widths[i], i in right) for i, v in enumerate(values) if i < len(widths)]
        return _fit(padded, width) if terminal else [GAP.join(padded).rstrip()]

    shown_title = visible(title, newlines=False)  # a title may quote what was typed
    for text in wrap(shown_title, width) if terminal else [shown_title]:
        yield text, "bold"
    for text in line_of(headers):
        yield text, "bold"
    yield "─" * min(sum(widths) + len(GAP) * (len(widths) - 1), width), ""
    for row, values in zip(rows, cells, strict=True):
        for text in line_of(values):
            yield text, row.style
        for sentence in row.more:
            shown = visible(sentence)
            pieces = wrap(shown, width - len(INDENT)) if terminal else shown.split("\n")
            for piece in pieces:
                yield INDENT + piece, ""
