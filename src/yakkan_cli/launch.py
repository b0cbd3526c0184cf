"""The `yakkan` executable's entry point: Ctrl-C handling first, everything else after.

Importing the command line (typer, rich, pydantic) takes a noticeable moment; an
interrupt during it must still end in 「中断しました」 and exit 130, not a traceback.
"""

from yakkan_cli import interrupts

interrupts.install()


def run() -> int:
    from yakkan_cli.cli.main import main

    return main()
