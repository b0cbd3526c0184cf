"""The one output layer: data on stdout (JSON, rows or a record's story), messages on stderr.

Every string that comes from a record, yakkan.yaml or a commit is data, never markup or
control: the consoles below are made with rich's markup, emoji codes and highlighting off,
and `visible` turns C0/C1 control characters (and the bidirectional overrides that can
disguise text) into their escape (`\\x1b`) before anything reaches a terminal or a pipe, so
a service named `Box [/x]` prints as itself and `"\\e]0;…\\a"` cannot retitle the window.
NO_COLOR is honoured.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# C0 (but newline), DEL, C1, and the Unicode controls that reorder or hide text on screen.
_MARKS = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x09\x0b-\x1f{_MARKS}]")
_CONTROL_OR_NEWLINE = re.compile(f"[\x00-\x1f{_MARKS}]")
# JSON already escapes C0 as \u00XX; C1 and the reordering marks reach the screen unless
# escaped too, and \u escapes keep the document's value unchanged.
_JSON_UNSAFE = re.compile(f"[{_MARKS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = True) -> str:
    """`text` with every control character shown as its escape; newlines kept (or escaped
    too when `newlines` is false, for values that must stay on one line)."""
    pattern = _CONTROL if newlines else _CONTROL_OR_NEWLINE
    return pattern.sub(_escape, text)


def data(text: str, style: str = "") -> Text:
    """A rich Text of a data string: never read as markup, controls shown visibly."""
    from rich.text import Text

    return Text(visible(text), style=style)


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def print_json(document: Any) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2, default=_default)
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text + "\n")


def print_json_list(items: Iterable[Any]) -> None:
    """`print_json(list(items))`, byte for byte, written one item at a time: the list of ten
    thousand records or tasks is never held whole as JSON text (issue 14, peak memory)."""
    write = sys.stdout.write
    opening = "[\n  "
    for item in items:
        text = _indented(item, "  ")
        write(opening + _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
        opening = ",\n  "
    write("[]\n" if opening == "[\n  " else "\n]\n")


_quote = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) quotes with


def _indented(value: Any, indent: str) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2, default=_default)` as it reads at
    `indent` inside a document. json's own encoder drops to pure Python as soon as it
    indents; this one, for the strings, numbers and containers of yakkan's documents, takes
    half the time (tests/test_json_stream.py holds it to json's output)."""
    if isinstance(value, str):
        return _quote(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(isinstance(key, str) for key in value):
            return json.dumps(value, ensure_ascii=False, indent=2, default=_default).replace(
                "\n", "\n" + indent
            )
        inner = indent + "  "
        body = ",\n".join(
            f"{inner}{_quote(key)}: {_indented(item, inner)}" for key, item in value.items()
        )
        return f"{{\n{body}\n{indent}}}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = indent + "  "
        body = ",\n".join(inner + _indented(item, inner) for item in value)
        return f"[\n{body}\n{indent}]"
    if isinstance(value, float):
        return json.dumps(value)
    return _indented(_default(value), indent)


def _no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def _console(*, stderr: bool) -> Console:
    from rich.console import Console

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            # rich's own answer to a reader that left (`yakkan list | head -1`) is
            # SystemExit(1); main() treats BrokenPipeError as the quiet exit 0 it is.
            raise BrokenPipeError

    # rich reads NO_COLOR as "no colours" but still writes bold and italic escapes on a
    # terminal; NO_COLOR users asked for plain text, so no escape sequence at all.
    extra: dict[str, Any] = {"color_system": None} if _no_color() else {}
    return _PipeConsole(
        stderr=stderr, highlight=False, soft_wrap=True, markup=False, emoji=False, **extra
    )


def plain_stdout() -> bool:
    """Whether `stdout_console` would write every line as it is, with no escape sequence
    and no folding: stdout is no terminal by rich's own reading of it (neither
    TTY_COMPATIBLE nor FORCE_COLOR set, which rich reads before isatty) and this is not
    Windows (whose console rich writes through its own calls), and rich's width is not 0
    (COLUMNS=0: rich then writes nothing at all). When in doubt, False: the caller then
    prints through rich."""
    if sys.platform == "win32" or "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return False
    try:
        if sys.stdout.isatty():
            return False
    except (AttributeError, ValueError, OSError):
        return False
    return pipe_width() > 0


def pipe_width() -> int:
    """The width `stdout_console` takes for a pipe (where it folds nothing, but a rule is
    drawn no wider): COLUMNS when it is all digits, else the first of stdin, stdout and
    stderr that is a terminal, else 80; as rich's Console.size reads them off Windows."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80


def stdout_console() -> Console:
    return _console(stderr=False)


def stderr_console() -> Console:
    return _console(stderr=True)


def screen_width(stream: TextIO) -> int | None:
    """The columns of the terminal `stream` writes to (COLUMNS first, as rich and click
    read it), or None when the stream is not a terminal: a pipe is never folded."""
    try:
        if not stream.isatty():
            return None
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(fd).columns or 80
    except OSError:
        return 80


def for_screen(text: str, stream: TextIO) -> str:
    """`text` folded to the width of the terminal `stream` writes to (forms.fold: display
    width, Japanese phrases, 禁則, commands whole); on a pipe, `text` as it is."""
    width = screen_width(stream)
    if width is None:
        return text
    from yakkan_cli.forms.fold import fold

    return "\n".join(fold(text, width))


def write_message(text: str, stream: TextIO | None = None) -> None:
    """A message (already made visible) and its newline, folded when on a terminal."""
    out = sys.stderr if stream is None else stream
    out.write(for_screen(text, out) + "\n")


def print_line(text: str) -> None:
    """A line of the report itself (a total, "nothing due"), on stdout with the data."""
    write_message(visible(text), sys.stdout)


def say(message: str) -> None:
    """A short report of what was done, on stderr so stdout stays data-only."""
    write_message(visible(message))


def print_error(err: YakkanError) -> None:
    lines = [t("cli.error_prefix") + err.message, *("  " + d for d in err.details)]
    write_message(visible("\n".join(lines)))


def write_document(data: bytes, output: Path | None, *, binary: bool) -> None:
    """A rendered document to `output` (atomically) or to stdout. Binary data (PDF, xlsx) is
    not poured onto a terminal: the person is asked for -o instead."""
    from yakkan_cli.store.files import atomic_write, os_reason

    if output is not None:
        try:
            atomic_write(output.resolve(), data)
        except OSError as exc:
            raise YakkanError(t("cli.cannot_write", path=output, reason=os_reason(exc))) from None
        return
    if binary and sys.stdout.isatty():
        raise YakkanError(t("cli.binary_to_terminal"))
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
