"""The `yakkan` executable's entry point: Ctrl-C handling first, everything else after.

Importing the command line (typer, rich, pydantic) takes a noticeable moment; an
interrupt during it must still end in 「中断しました」 and exit 130, not a traceback.
`--version` and the help pages are answered before any of it (cli.instant), and so are
the reads the record cache can answer alone (cli.fast).
"""

import sys

from yakkan_cli import interrupts

interrupts.install()


def run() -> int:
    from yakkan_cli.cli.instant import answer

    answered = answer(sys.argv[1:])
    if answered is not None:
        return answered
    from yakkan_cli.cli.fast import answer as answer_from_cache

    answered = answer_from_cache(sys.argv[1:])
    if answered is not None:
        return answered
    from yakkan_cli.cli.main import main

    return main()
