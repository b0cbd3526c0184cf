"""`yakkan --version` and the help pages, answered without typer.

Importing typer (and the click it carries) costs several times Python's own start-up;
`--version`, `--help`, a bare `yakkan` and `yakkan COMMAND --help` need none of it.
The help pages are the ones typer renders, kept in `cli/help_pages.py`; a test renders
each through typer again and compares (`YAKKAN_UPDATE_HELP_PAGES=1` rewrites them), so
they cannot drift from the app. Whatever this module cannot answer exactly as typer
would (a narrower terminal, shell completion, any other command line) goes to typer.

Standard library only, like `interrupts`: it runs before anything heavy is imported.
"""

from __future__ import annotations

import os
import sys

from yakkan_cli import __version__

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
    if len(args) > 2 or _typer_decides(os.environ):
        return None
    if args == ["--version"]:
        return _write(sys.stdout, f"yakkan {__version__}\n", EXIT_OK)
    if args and args[-1] not in ("--help", "-h"):
        return None
    command = args[0] if len(args) == 2 else ""
    if command.startswith("-"):
        return None
    from yakkan_cli.cli.help_pages import PAGES, WIDTH

    page = PAGES.get(command)
    if page is None or help_width() != WIDTH:
        return None
    # A bare `yakkan` is click's NoArgsIsHelpError: the page on stderr, exit 2.
    stream, code = (sys.stderr, EXIT_USAGE) if not args else (sys.stdout, EXIT_OK)
    return _write(stream, page + "\n", code)


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
