"""`yakkan --version`, `yakkan --help` and a bare `yakkan`, answered without typer.

Importing typer (and the click it carries) costs more than Python's own start-up; these
three answers need none of it. `--version` is one line. The root help page is the one
typer renders, kept in `cli/root_help.py`; a test renders it through typer again and
compares (`YAKKAN_UPDATE_ROOT_HELP=1` rewrites it), so it cannot drift from the app.
Whatever this module cannot answer exactly as typer would (a narrower terminal, shell
completion, other arguments) goes to typer.

Standard library only, like `interrupts`: it runs before anything heavy is imported.
"""

from __future__ import annotations

import os
import sys

from yakkan_cli import __version__
from yakkan_cli.cli.root_help import ROOT_HELP, ROOT_HELP_WIDTH

# `typing` costs a few milliseconds to import; mypy knows this spelling of the guard.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import TextIO

EXIT_OK, EXIT_USAGE = 0, 2

# Written to stdout and stderr by nearly every command: Japanese, the marks and the classes.
_SAMPLE = "恩納村○×／Ⅰ「」"


def utf8_streams() -> None:
    """Switch stdout and stderr to UTF-8 when their encoding cannot write Japanese.

    PYTHONIOENCODING=ascii, a latin-1 locale or an old pipe default would otherwise end
    the first line of output in UnicodeEncodeError (exit 3). UTF-8 is what the records
    themselves are written in, so a file or pipe receiving it reads them as they are.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            _SAMPLE.encode(encoding)
        except (LookupError, UnicodeEncodeError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")


def help_width() -> int:
    """The width click lays a help page out in (its HelpFormatter, max_width 80)."""
    import shutil

    return max(min(shutil.get_terminal_size().columns, 80) - 2, 50)


def _typer_decides(environ: Iterable[str]) -> bool:
    """Shell completion (`_YAKKAN_COMPLETE`) and typer's own switches (`_TYPER_…`,
    `TYPER_…`: shell detection, rich) change what typer prints: let typer print it."""
    return any(
        name == "_YAKKAN_COMPLETE" or name.startswith(("_TYPER_", "TYPER_")) for name in environ
    )


def answer(args: list[str]) -> int | None:
    """The exit code, if `args` was answered here; None when typer must run."""
    if len(args) > 1 or _typer_decides(os.environ):
        return None
    if args == ["--version"]:
        return _write(sys.stdout, f"yakkan {__version__}\n", EXIT_OK)
    if args in ([], ["--help"], ["-h"]) and help_width() == ROOT_HELP_WIDTH:
        # A bare `yakkan` is click's NoArgsIsHelpError: the page on stderr, exit 2.
        stream, code = (sys.stderr, EXIT_USAGE) if not args else (sys.stdout, EXIT_OK)
        return _write(stream, ROOT_HELP + "\n", code)
    return None


def _write(stream: TextIO, text: str, code: int) -> int:
    utf8_streams()
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        # `yakkan --help | head`: the reader left; that is not an error of ours (cli.main).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    return code
