"""Running the installed `yakkan` with stdout and stderr on a pseudo-terminal, as a clerk
would see it (rich then lays out for a screen of COLUMNS columns)."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

from tests.village import yakkan_command


def on_a_terminal(
    cwd: Path,
    env: dict[str, str],
    *args: str,
    columns: int = 80,
    command: list[str] | None = None,
) -> str:
    """What `yakkan ARGS` (or `command` ARGS) shows on a terminal of `columns` columns."""
    main, child = pty.openpty()
    environ = env | {"TERM": "xterm-256color", "COLUMNS": str(columns), "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [*(command or yakkan_command()), *args],
        cwd=cwd,
        env=environ,
        stdout=child,
        stderr=child,
        stdin=subprocess.DEVNULL,
    )
    os.close(child)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(main)
    # A terminal turns "\n" into "\r\n"; compare lines as the program wrote them.
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
