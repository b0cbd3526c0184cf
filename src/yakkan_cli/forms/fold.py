"""Text folded to a terminal's width, as a Japanese reader expects it (issue 18 item 7).

A pure function of (text, width): no terminal, no I/O. The output layer (cli/output.py,
cli/layout.py) calls it only when the stream is a terminal, so a pipe gets every line
whole, byte for byte as before.

- Width is the display width (wcwidth): 総務課 takes six columns, ○ and × one.
- Lines break at spaces and between Japanese phrases (BudouX's model of where a Japanese
  reader pauses: 「利用責任者が|ダブルチェック|してください。」), never inside an ASCII word,
  a date written 令和8年11月4日 or an id.
- 禁則: no line begins with a closing mark (、。」）・ …) and none ends with an opening one
  (「（).
- A command (`yakkan …` up to the first Japanese word) is never broken; in a list item
  ending with 「（yakkan …）」, as each step of 次の手順 does, the command stands on its own
  indented line under the item, to be read and typed whole.
- Continuation lines hang under the text of their first line: under the indent, and past
  the 「・」 of a list item.

Only a piece wider than a whole line (a long path or URL) is ever cut between characters.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budoux import Parser

# 禁則: marks that may not begin a line, and brackets that may not end one.
NO_START = frozenset(
    "、。，．・：；？！ー―…‥）」』】〕〉》〙〗ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々"
    "),.:;!?]}%"
)
NO_END = frozenset("（「『【〔〈《〘〖([{")
BULLETS = ("・", "- ", "* ", "→ ")  # a list item, and a refusal under a question
_NUMBERED = re.compile(r"\d{1,3}\. (?=\S)")
# `yakkan` and the words after it that are not Japanese prose: options, ids, codes, and
# placeholders such as 種類=ファイル (a word with something ASCII in it).
_COMMAND = re.compile(
    r"(?<![\w./-])yakkan(?![\w.-])(?: (?=[^\s、。（）「」]*[!-~])[^\s、。（）「」]+)*"
)
_TRAILING_COMMAND = re.compile(r"^(?P<lead>.*\S)（(?P<command>yakkan [^（）]*)）$")
COMMAND_HANG = 2  # a command's line is indented this much past its item's text


def width_of(text: str) -> int:
    """Columns `text` takes on a terminal (wcwidth; a control character counts as none)."""
    from wcwidth import wcswidth, wcwidth

    total = wcswidth(text)
    if total >= 0:
        return int(total)
    return sum(max(int(wcwidth(c)), 0) for c in text)


@cache
def _parser() -> Parser:
    import budoux

    return budoux.load_default_japanese_parser()


def _ascii_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "-_./:@=+%#~")


def _digit(char: str) -> bool:
    return char.isascii() and char.isdigit()


def _phrases(text: str) -> list[str]:
    """BudouX's phrases of `text`, or `text` whole when it has no Japanese in it."""
    if text.isascii():
        return [text]
    return [p for p in _parser().parse(text) if p]


def _units(paragraph: str) -> list[tuple[str, bool]]:
    """The paragraph as unbreakable pieces, each with whether a space came before it."""
    raw: list[tuple[str, bool, bool]] = []  # piece, space before, is a command
    position = 0
    pieces: list[tuple[str, bool]] = []  # (text, is a command)
    for found in _COMMAND.finditer(paragraph):
        if found.start() > position:
            pieces.append((paragraph[position : found.start()], False))
        pieces.append((found.group(), True))
        position = found.end()
    if position < len(paragraph):
        pieces.append((paragraph[position:], False))
    space = False
    for text, command in pieces:
        if command:
            raw.append((text, space, True))
            space = False
            continue
        for phrase in _phrases(text):
            for n, word in enumerate(phrase.split(" ")):
                space = space or n > 0
                # A full-width space parts fields as a space parts words: a place to break.
                for part in re.split("(\u3000)", word):
                    if part:
                        raw.append((part, space and part != "\u3000", False))
                        space = False
    return _kinsoku(raw)


def _kinsoku(raw: list[tuple[str, bool, bool]]) -> list[tuple[str, bool]]:
    """Glue the pieces where a break would start a line with a closing mark, end one with
    an opening bracket, or cut an ASCII word or a date (令和|8年) in two. A command keeps
    the brackets around it but takes no prose into itself."""
    units: list[list[str | bool]] = []  # [text, space before, is a command]
    for text, space, command in raw:
        if not units or space:
            units.append([text, space, command])
            continue
        before = str(units[-1][0])
        if not command and not units[-1][2]:
            if (
                text[0] in NO_START
                or before[-1] in NO_END
                or (_ascii_word(before[-1]) and _ascii_word(text[0]))
                or _digit(before[-1])
                or _digit(text[0])
            ):
                units[-1][0] = before + text
            else:
                units.append([text, space, command])
            continue
        if command:  # 「（」 goes down with the command it opens
            opening = len(before) - len(before.rstrip("".join(NO_END)))
            if opening:
                text = before[-opening:] + text
                if opening == len(before):
                    space = bool(units.pop()[1])
                else:
                    units[-1][0] = before[:-opening]
            units.append([text, space, command])
            continue
        closing = len(text) - len(text.lstrip("".join(NO_START)))
        if closing:  # 「）」「、」 stay with the command they close
            units[-1][0] = before + text[:closing]
            text = text[closing:]
        if text:
            units.append([text, False, False])
    return [(str(text), bool(space)) for text, space, _ in units]


def _cut(piece: str, width: int, *, first: int | None = None) -> list[str]:
    """A piece wider than a whole line: at its spaces if it has any (a long command), else
    between characters, keeping 禁則 (a closing mark goes with the character before it)."""
    if " " in piece:
        lines: list[str] = []
        for word in piece.split(" "):
            if lines and width_of(lines[-1] + " " + word) <= width:
                lines[-1] += " " + word
            else:
                lines.extend(_cut(word, width) if width_of(word) > width else [word])
        return lines
    lines = [""]
    for char in piece:
        limit = width if first is None or len(lines) > 1 else first
        if lines[-1] and width_of(lines[-1] + char) > limit:
            line = lines[-1]
            at = _soft_break(line + char)
            if at is None and (char in NO_START or line[-1] in NO_END) and len(line) > 1:
                at = len(line) - 1
            if at is None:
                lines.append("")
            else:
                lines[-1], carried = line[:at], line[at:]
                lines.append(carried)
        lines[-1] += char
    return lines


_SOFT = frozenset("、・，,/-_")


def _soft_break(text: str) -> int | None:
    """Where, in the second half of an overfull line, it reads best to end it: after a
    「、」 or 「・」 of a list or a path's 「/」 or 「-」, or where Japanese meets an ASCII
    word; never before a closing mark nor after an opening one."""
    for at in range(len(text) - 1, max(len(text) // 2, 1) - 1, -1):
        before, after = text[at - 1], text[at]
        if after in NO_START or before in NO_END:
            continue
        if before in _SOFT or (before.isascii() != after.isascii() and not _digit(after)):
            return at
    return None


def _hang(paragraph: str) -> tuple[str, str]:
    """The paragraph's indent and the indent its continuation lines take."""
    body = paragraph.lstrip(" ")
    indent = paragraph[: len(paragraph) - len(body)]
    for bullet in BULLETS:
        if body.startswith(bullet) and len(body) > len(bullet):
            return indent, indent + " " * width_of(bullet)
    # A numbered item (a check's question, a risk, a line of the summary) hangs past its
    # number, as the form prints it.
    if numbered := _NUMBERED.match(body):
        return indent, indent + " " * len(numbered.group())
    return indent, indent


def _fill(units: list[tuple[str, bool]], first: str, hang: str, width: int) -> list[str]:
    lines: list[str] = []
    line, lead = "", first
    full = max(width - width_of(hang), 1)  # the room of every line after the first
    for unit, space in units:
        room = width - width_of(lead)
        gap = " " if line and space else ""
        if width_of(line + gap + unit) <= room:
            line += gap + unit
            continue
        left = room - width_of(line + gap)
        if width_of(unit) > full and left >= _WORTH_FILLING and not unit.isascii():
            # Japanese cut anyway may as well begin on this line as on the next (a path or
            # an address begins on a line of its own).
            head, *rest = _cut(unit, full, first=left)
            line += gap + head
        else:
            rest = [] if unit == "\u3000" else [unit]
            if unit != "\u3000" and width_of(unit) > full:
                rest = _cut(unit, full)
        for piece in rest:
            if line:
                lines.append(lead + line)
                lead = hang
            line = piece
    lines.append(lead + line)
    return [text.rstrip(" \u3000") for text in lines]


_WORTH_FILLING = 12  # columns left on a line that a piece cut anyway should begin in


def fold(text: str, width: int) -> list[str]:
    """The lines of `text` at most `width` columns wide (see the module's description);
    joined with newlines and spaces they say the same words."""
    width = max(width, 8)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if width_of(paragraph) <= width and not _trailing_command(paragraph):
            lines.append(paragraph)
            continue
        first, hang = _hang(paragraph)
        body = paragraph[len(first) :]
        command = _trailing_command(paragraph)
        if command is not None:
            body = body[: len(body) - len(command) - 2]  # without 「（command）」
        lines.extend(_fill(_units(body), first, hang, width))
        if command is not None:
            lead = hang + " " * COMMAND_HANG
            lines.extend(_fill([(command, False)], lead, lead, width))
    return lines


def _trailing_command(paragraph: str) -> str | None:
    """The command in brackets that ends a list item (a step of 次の手順), if any."""
    first, hang = _hang(paragraph)
    if first == hang:  # not a list item
        return None
    found = _TRAILING_COMMAND.match(paragraph[len(hang) :])
    return found.group("command") if found else None
