"""Help pages in Japanese: the few words typer and click print around our own texts.

Typer looks its words up through `gettext` at call time, so pointing its `_` at the catalog
translates them; the usage prefix and the help option's text are set by the command
classes below, which every command of the app uses.
"""

from __future__ import annotations

from typing import Any

import typer.core

from yakkan_cli.messages import t

_WORDS = {
    "Options": "help.word.options",
    "Arguments": "help.word.arguments",
    "Commands": "help.word.commands",
    "required": "help.word.required",
    "default: {default}": "help.word.default",
    "(dynamic)": "help.word.dynamic",
    "env var: {var}": "help.word.env_var",
    "Aborted!": "cli.interrupted",
}


def _translate(text: str) -> str:
    key = _WORDS.get(text)
    return t(key).replace("{{", "{").replace("}}", "}") if key else text


typer.core._ = _translate  # type: ignore[attr-defined,assignment]


class _Japanese:
    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=t("cli.usage_lead") + " ")

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = t("help.opt.help")
        return option


class JapaneseCommand(_Japanese, typer.core.TyperCommand):
    pass


class ReaderLeft(Exception):
    """stdout's reader went away (`yakkan list | head -1`): not an error of ours.

    Deliberately not an OSError: click answers a broken pipe with exit 1 (PacifyFlushWrapper
    and sys.exit), which would turn a clerk's `| head` into a failure.
    """


class JapaneseGroup(_Japanese, typer.core.TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise ReaderLeft from None
