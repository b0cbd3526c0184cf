"""The Typer application. Command modules register themselves; heavy imports stay inside
the commands so that `yakkan --help` starts fast."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, ClassVar

import typer

from yakkan_cli import __version__
from yakkan_cli.cli import (
    amend,
    application,
    audit,
    common,
    documents,
    due,
    fulltrack,
    ismap,
    notify,
    operations,
    reading,
    reclassify,
    recovery,
    setup,
    termination,
)
from yakkan_cli.cli.help import JapaneseCommand, JapaneseGroup
from yakkan_cli.messages import t

app = typer.Typer(
    cls=JapaneseGroup,
    name="yakkan",
    help=t("help.app"),
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (cli.help: Japanese)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"yakkan {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Option("-C", help=t("help.opt.directory"), file_okay=False, metavar="DIR"),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", help=t("help.opt.version"), callback=_version, is_eager=True),
    ] = False,
    wait: Annotated[
        float,
        typer.Option("--wait", help=t("help.opt.wait"), min=0, max=86400, metavar="SECONDS"),
    ] = 30.0,
    no_cache: Annotated[bool, typer.Option("--no-cache", help=t("help.opt.no_cache"))] = False,
) -> None:
    ctx.obj = {"directory": directory, "wait": wait, "no_cache": no_cache}
    common.running(ctx)


for module in (
    application,
    amend,
    operations,
    termination,
    due,
    notify,
    reading,
    reclassify,
    documents,
    audit,
    setup,
    recovery,
):
    module.register(app)
fulltrack.register(ismap.ismap_app)
ismap.register(app)

# Click shortens a help text for the command list at a word boundary near 45 characters;
# Japanese has no spaces between words, so it would cut mid-sentence. List the first
# sentence instead.
# The stage of the procedure each command belongs to, for the grouped command list of
# `yakkan --help` (cli.help.JapaneseGroup.format_commands prints the panels in this order).
STAGES: dict[str, tuple[str, ...]] = {
    "apply": ("apply", "check", "attach", "edit", "approve", "reject", "withdraw", "acknowledge"),
    "operate": (
        "due", "review", "purpose-check", "backup-log", "suspend", "resume", "alert", "warn",
        "reassign", "reclassify", "notify",
    ),
    "close": ("terminate", "dispose"),
    "read": ("show", "list", "history", "render", "register", "site"),
    "admin": (
        "audit", "verify", "validate", "fmt", "schema", "init", "lock", "codeowners", "doctor",
        "recover", "demo", "ismap",
    ),
}  # fmt: skip
_STAGE_OF = {name: stage for stage, names in STAGES.items() for name in names}
_ORDER = [name for names in STAGES.values() for name in names]


def _name(info: typer.models.CommandInfo) -> str:
    return info.name or (info.callback.__name__ if info.callback else "").replace("_", "-")


app.registered_commands.sort(key=lambda i: _ORDER.index(_name(i)) if _name(i) in _ORDER else 999)
for info in app.registered_commands:
    info.cls = JapaneseCommand
    info.rich_help_panel = t(f"help.panel.{_STAGE_OF.get(_name(info), 'admin')}")
    if info.help and not info.short_help:
        info.short_help = info.help.split("。", 1)[0] + "。"


for group in app.registered_groups:
    group.rich_help_panel = t(f"help.panel.{_STAGE_OF.get(group.name or '', 'admin')}")


class _Group(JapaneseGroup):
    """The root group, building each command only when a command line asks for it."""

    # The groups (`yakkan ismap`) too: typer would build each of their commands eagerly.
    deferred = (*app.registered_commands, *app.registered_groups)
    build_options: ClassVar[dict[str, Any]] = {
        "pretty_exceptions_short": app.pretty_exceptions_short,
        "rich_markup_mode": app.rich_markup_mode,
    }


# typer builds every command it finds registered before it runs one; the root group now
# holds them and builds the one a command line names (cli.help.DeferredCommands).
app.registered_commands.clear()
app.registered_groups.clear()
app.info.cls = _Group
