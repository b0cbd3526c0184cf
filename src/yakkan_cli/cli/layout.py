"""Rows that read at 80 columns and in a pipe: what `list`, `due`, `history` and `audit` print.

A row is one line of short cells (ids, dates, states, names: never folded, never cut) and,
under it, whole sentences (a service's name, a finding) indented by two columns. Widths are
measured in terminal cells (rich's `cell_len`, so 総務課 is six columns). On a terminal the
sentences wrap at the screen's width and a first line too wide for the screen continues on
the next line between cells, never inside one; in a pipe (cron mail, CI logs) every line is
written whole, without styles, so nothing is ever cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from yakkan_cli.cli.output import stdout_console, visible

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


# Kinsoku: marks that may not begin a line, and brackets that may not end one.
_NO_START = frozenset(
    "、。，．・：；？！ー―…‥）」』】〕〉》ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ),.:;!?]}%"
)
_NO_END = frozenset("（「『【〔〈《([{")


def _breakable(before: str, after: str) -> bool:
    """May a line end between these two characters? Between wide characters (Japanese has
    no spaces) yes, unless a closing mark would start the line or an opening one end it;
    next to ASCII (a word, an id, a path, the digits of a date) never."""
    from rich.cells import cell_len

    if after in _NO_START or before in _NO_END:
        return False
    # Only between two wide characters: 令和8年11月4日 and ISMAP登録 stay whole.
    return cell_len(before) > 1 and cell_len(after) > 1


def _units(paragraph: str) -> list[tuple[str, bool]]:
    """The paragraph as unbreakable pieces, each with whether a space came before it."""
    units: list[tuple[str, bool]] = []
    current, space = "", False
    for char in paragraph:
        if char == " ":
            if current:
                units.append((current, space))
                current = ""
            space = True
            continue
        if current and _breakable(current[-1], char):
            units.append((current, space))
            current, space = "", False
        current += char
    if current:
        units.append((current, space))
    return units


def _loose(unit: str, width: int) -> list[str]:
    """A piece too wide for the line, split where Japanese meets ASCII (「る。」|「--overseas」)
    and, only when that is still too wide, between any two characters."""
    from rich.cells import cell_len

    pieces = [""]
    for char in unit:
        before = pieces[-1][-1:] if pieces[-1] else ""
        mixed = before and (cell_len(before) > 1) != (cell_len(char) > 1)
        if mixed and char not in _NO_START and before not in _NO_END:
            pieces.append("")
        pieces[-1] += char
    split: list[str] = []
    for piece in pieces:
        while cell_len(piece) > width:
            cut = 1
            while cell_len(piece[: cut + 1]) <= width:
                cut += 1
            split.append(piece[:cut])
            piece = piece[cut:]
        split.append(piece)
    return split


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` terminal cells: breaks at spaces and between Japanese
    characters, never inside an ASCII word or a date, nor before a closing mark such as
    「。」 (a word wider than the whole line is the only thing ever split)."""
    from rich.cells import cell_len

    width = max(width, 4)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for unit, space in _units(paragraph):
            pieces = [unit] if cell_len(unit) <= width else _loose(unit, width)
            for n, piece in enumerate(pieces):
                gap = " " if line and space and n == 0 else ""
                if cell_len(line + gap + piece) <= width:
                    line += gap + piece
                    continue
                if line:
                    lines.append(line)
                # A full-width space that ends a line is not shown.
                line = "" if piece == "\u3000" else piece
        lines.append(line)
    return lines


def print_rows(
    title: str, headers: Sequence[str], rows: Sequence[Row], *, right: Sequence[int] = ()
) -> None:
    """A title, a header line and the rows; `right` lists the columns aligned right."""
    from rich.cells import cell_len
    from rich.text import Text

    console = stdout_console()
    terminal = console.is_terminal
    width = max(console.width, 20)
    cells = [[visible(c, newlines=False) for c in row.cells] for row in rows]
    widths = [
        max([cell_len(h), *(cell_len(line[i]) for line in cells if i < len(line))])
        for i, h in enumerate(headers)
    ]

    def line_of(values: Sequence[str]) -> list[str]:
        padded = [_pad(v, widths[i], i in right) for i, v in enumerate(values) if i < len(widths)]
        return _fit(padded, width) if terminal else [GAP.join(padded).rstrip()]

    def emit(text: str, style: str = "") -> None:
        console.print(Text(text, style=style), soft_wrap=True, crop=False, overflow="ignore")

    emit(visible(title, newlines=False), "bold")  # a title may quote what was typed
    for text in line_of(headers):
        emit(text, "bold")
    emit("─" * min(sum(widths) + len(GAP) * (len(widths) - 1), width))
    for row, values in zip(rows, cells, strict=True):
        for text in line_of(values):
            emit(text, row.style)
        for sentence in row.more:
            shown = visible(sentence)
            pieces = wrap(shown, width - len(INDENT)) if terminal else shown.split("\n")
            for piece in pieces:
                emit(INDENT + piece)
