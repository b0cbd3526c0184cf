"""Printing: data on stdout (JSON or tables), messages on stderr, NO_COLOR honoured by rich."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from rich.console import Console


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")


def _no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def stdout_console() -> Console:
    from rich.console import Console

    class _PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            # rich's own answer to a reader that left (`yakkan list | head -1`) is
            # SystemExit(1); main() treats BrokenPipeError as the quiet exit 0 it is.
            raise BrokenPipeError

    # rich reads NO_COLOR as "no colours" but still writes bold and italic escapes on a
    # terminal; NO_COLOR users asked for plain text, so no escape sequence at all.
    if _no_color():
        return _PipeConsole(highlight=False, soft_wrap=True, color_system=None)
    return _PipeConsole(highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    from rich.console import Console

    if _no_color():
        return Console(stderr=True, highlight=False, soft_wrap=True, color_system=None)
    return Console(stderr=True, highlight=False, soft_wrap=True)


def say(message: str) -> None:
    """A short report of what was done, on stderr so stdout stays data-only."""
    sys.stderr.write(message + "\n")


def print_error(err: YakkanError) -> None:
    lines = [t("cli.error_prefix") + err.message, *("  " + d for d in err.details)]
    sys.stderr.write("\n".join(lines) + "\n")


def write_document(data: bytes, output: Path | None, *, binary: bool) -> None:
    """A rendered document to `output` (atomically) or to stdout. Binary data (PDF, xlsx) is
    not poured onto a terminal: the person is asked for -o instead."""
    from yakkan_cli.store.files import atomic_write

    if output is not None:
        try:
            atomic_write(output.resolve(), data)
        except OSError as exc:
            raise YakkanError(
                t("cli.cannot_write", path=output, reason=exc.strerror or str(exc))
            ) from None
        return
    if binary and sys.stdout.isatty():
        raise YakkanError(t("cli.binary_to_terminal"))
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
