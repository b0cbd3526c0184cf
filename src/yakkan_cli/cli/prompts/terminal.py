"""Reading one answer from the terminal, with line editing when there is a terminal.

prompt_toolkit edits the line the way the screen shows it: arrows move, Backspace removes
the character under the cursor whatever its width (「手動あい」 minus one is 「手動あ」 on
screen and in the record), Tab completes the choices offered, and file names complete
from the disk. Prompts are written to stderr, so stdout stays data-only even here.
Without a terminal on both stdin and stderr a plain line is read, as from a pipe.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def _on_screen(question: str) -> str:
    """The question folded to the terminal's width: every line but the last is written
    now, the last stays the prompt the answer is typed after. On a pipe, as it is."""
    from yakkan_cli.cli.output import for_screen

    *above, last = for_screen(question.rstrip(" "), sys.stderr).split("\n")
    if above:
        sys.stderr.write("\n".join(above) + "\n")
    return last + question[len(question.rstrip(" ")) :]


def _plain(label: str, default: str) -> str:
    shown = _on_screen(f"{label} [{default}]: " if default else f"{label}: ")
    sys.stderr.write(shown)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n") or default


def read_line(
    label: str,
    *,
    default: str = "",
    completions: Sequence[str] = (),
    path: bool = False,
) -> str:
    """One line typed by the user, `default` already on the line to edit or accept.

    Ctrl-C raises KeyboardInterrupt and Ctrl-D on an empty line EOFError, as `input` does.
    """
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return _plain(label, default)
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import Completer, PathCompleter, WordCompleter
    from prompt_toolkit.output import create_output

    completer: Completer | None = None
    if path:
        completer = PathCompleter(expanduser=True)
    elif completions:
        completer = WordCompleter(list(completions), sentence=True)
    session: PromptSession[str] = PromptSession(
        output=create_output(stdout=sys.stderr),
        completer=completer,
        complete_while_typing=False,
    )
    return session.prompt(_on_screen(f"{label}: "), default=default)
