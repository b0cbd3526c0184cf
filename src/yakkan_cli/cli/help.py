"""Help pages in Japanese: the few words typer and click print around our own texts, text
wrapped by display width, commands grouped by stage, and completion wired to the records.

Typer looks its words up through `gettext` at call time, so pointing its `_` at the catalog
translates them; the usage prefix, the help option's text, the help formatter and the
completion of ids and people are set by the command classes below, which every command of
the app uses.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from typing import Any, ClassVar

import typer.core

from yakkan_cli.cli.completion import SHELL_OPTIONS, completer_for, shell_callback, take_shell
from yakkan_cli.cli.layout import wrap
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

# The click typer runs on (its vendored copy in typer >= 0.22), as in cli.main.
_click: Any = sys.modules[typer.BadParameter.__module__.rsplit(".", 1)[0]]


def _translate(text: str) -> str:
    key = _WORDS.get(text)
    return t(key).replace("{{", "{").replace("}}", "}") if key else text


typer.core._ = _translate  # type: ignore[attr-defined,assignment]


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


class JapaneseFormatter(_click.HelpFormatter):  # type: ignore[misc]
    """click's formatter measures width in characters and breaks only at spaces: Japanese
    came out twice too wide, cut mid-word and with a lone 「。」. Here text is measured in
    terminal cells and wrapped by cli.layout.wrap."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for paragraph in text.split("\n\n"):
            for line in wrap(" ".join(paragraph.split()), self.width - self.current_indent):
                self.write(f"{indent}{line}\n")
            self.write("\n")
        self.buffer[-1:] = []  # no blank line after the last paragraph

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        if not rows:
            return
        first_col = min(max(_cells(first) for first, _ in rows), col_max) + col_spacing
        text_width = max(self.width - first_col - self.current_indent, 20)
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if _cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(" ".join(second.split()), text_width)
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{indent}{' ' * first_col}{line}\n")


class _Japanese:
    def get_help(self, ctx: Any) -> str:
        formatter = JapaneseFormatter(width=ctx.terminal_width, max_width=ctx.max_content_width)
        self.format_help(ctx, formatter)  # type: ignore[attr-defined]
        return str(formatter.getvalue()).rstrip("\n")

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=t("cli.usage_lead") + " ")

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = t("help.opt.help")
        return option

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """The usage line in Japanese: [オプション], コマンド [引数]..., and a required
        argument as its bare name (typer writes {ID})."""
        pieces: list[str] = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        said = {
            "[OPTIONS]": t("help.usage.options"),
            "COMMAND [ARGS]...": t("help.usage.command"),
        }
        return [_usage_piece(said.get(p, p)) for p in pieces]

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            _plain_type(param)
            _defer_coercion(param)
            complete = completer_for(param)
            if complete is not None and param._custom_shell_complete is None:
                param._custom_shell_complete = _completion(complete)
            if param.name in SHELL_OPTIONS:
                param.help = t(f"help.opt.{param.name}")
                param.callback = shell_callback
        return params


_PLACEHOLDER = re.compile(
    r"\b(FILE|DIR|PATH|DAYS|NOTE|NAME|KIND|ALERT_ID|N|SECONDS|OLD-ID|NEW-ID|FIELD|VALUE"
    r"|SPEC|PERSON|STATE|YEAR|YYYY-MM-DD|ID|BASE\.\.HEAD)\b"
)


def japanese_metavar(metavar: str) -> str:
    """FILE, DAYS, KIND=FILE, N=ok|ng|na[:NOTE], ID, YYYY-MM-DD, BASE..HEAD … with the
    placeholders in Japanese (issue 18: no English word where a clerk reads); the codes a
    user types stay as they are written."""
    return _PLACEHOLDER.sub(lambda m: t(f"help.metavar.{m.group()}"), metavar)


def _usage_piece(piece: str) -> str:
    """typer writes a required argument as {ID} and wraps an optional one whose metavar
    already has brackets once more ([[DIR]]): one pair of brackets says it."""
    if piece.startswith("{") and piece.endswith("}"):
        return piece[1:-1]
    if piece.startswith("[["):
        inner = piece[1:]
        return inner[:-4] if inner.endswith("]...") else inner.removesuffix("]")
    return piece


def _plain_type(param: Any) -> None:
    """No `<str>` beside a value: an argument's name says what it is; an option without a
    metavar says what it takes in Japanese (文字列, 整数), placeholders are Japanese."""
    if param.metavar is not None and not getattr(param, "_yakkan_said", False):
        param.metavar = japanese_metavar(param.metavar)
        param._yakkan_said = True  # get_params runs more than once per command
    if getattr(param, "param_type_name", "") == "argument":
        param.display_type_rich = lambda ctx=None: None
    elif not getattr(param, "is_flag", True) and not getattr(param, "count", False):
        if param.metavar is None:
            bare = param.bare_type() if hasattr(param, "bare_type") else "str"
            param.metavar = t("help.metavar.int" if bare == "int" else "help.metavar.text")
        metavar = param.metavar
        param.display_type_rich = lambda ctx=None: metavar


# Values typer's pydantic coercion would hand back unchanged: plain scalars of their type.
_PLAIN = (str, int, float)


class _DeferredCoercion:
    """typer coerces each value through a pydantic TypeAdapter that it builds, importing
    pydantic, the first time a parameter is processed: even an option that was left out,
    even on the way to `yakkan due --help`. Here a value that needs no coercion (none
    given, or a default or a string already of the declared plain type) passes as typer's
    own pass-through passes it; any other value gets typer's real coercion, built then."""

    def __init__(self, descriptor: Any) -> None:
        self.descriptor = descriptor
        self.real: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        from typer._coercion import PassThroughRuntimeParam, build_runtime_param

        annotation = self.descriptor.annotation
        info = self.descriptor.parameter_info
        custom = getattr(info, "parser", None) or getattr(info, "click_type", None)
        if self.real is None and (
            value is None
            or (
                not custom
                and annotation in _PLAIN
                and type(value) is annotation
                and (
                    not self.descriptor.is_ranged
                    or ctx.get_parameter_source(param.name) is _click.core.ParameterSource.DEFAULT
                )
            )
        ):
            quick = PassThroughRuntimeParam(parameter_info=info, annotation=annotation)
            return quick.coerce(value, param=param, ctx=ctx)
        if self.real is None:
            self.real = build_runtime_param(self.descriptor)
        return self.real.coerce(value, param=param, ctx=ctx)


def _defer_coercion(param: Any) -> None:
    if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
        param._runtime_param = _DeferredCoercion(param.type_descriptor)


def _completion(complete: Any) -> Any:
    def shell_complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from yakkan_cli.errors import YakkanError

        try:
            found = complete(ctx, incomplete)
        except (YakkanError, OSError):
            return []
        items = []
        for value in found:
            value, help_ = value if isinstance(value, tuple) else (value, None)
            items.append(_click.shell_completion.CompletionItem(value, help=help_))
        return items

    return shell_complete


class JapaneseCommand(_Japanese, typer.core.TyperCommand):
    pass


class ReaderLeft(Exception):
    """stdout's reader went away (`yakkan list | head -1`): not an error of ours.

    Deliberately not an OSError: click answers a broken pipe with exit 1 (PacifyFlushWrapper
    and sys.exit), which would turn a clerk's `| head` into a failure.
    """


class DeferredCommands(MutableMapping[str, Any]):
    """The app's commands by name, each turned into a click command when first asked for.

    typer builds every registered command before it runs one: it reads each function's
    signature and evaluates its type hints, for some thirty commands, on every run. A
    command line needs one (a help page or a completion lists them all, and gets all).
    """

    def __init__(
        self, built: MutableMapping[str, Any], infos: Sequence[Any], build: Callable[[Any], Any]
    ) -> None:
        from typer.main import get_command_name

        self._built = dict(built)
        self._infos = {
            info.name or get_command_name(info.callback.__name__): info for info in infos
        }
        self._build = build

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            info = self._infos[name]  # KeyError: no such command
            self._built[name] = self._build(info)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._infos.pop(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if self._infos.pop(name, None) is None:
            del self._built[name]
        else:
            self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        # The deferred commands in the order the app sorted them, then any added later.
        yield from self._infos
        yield from (name for name in self._built if name not in self._infos)

    def __len__(self) -> int:
        return len(self._infos) + sum(1 for name in self._built if name not in self._infos)


class JapaneseGroup(_Japanese, typer.core.TyperGroup):
    # Set by cli.app on its own subclass: the CommandInfos it keeps from typer's eager
    # build, and the keyword arguments typer would build them with.
    deferred: ClassVar[Sequence[Any]] = ()
    build_options: ClassVar[dict[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.deferred:
            from typer.main import get_command_from_info

            def build(info: Any) -> Any:
                from typer.models import TyperInfo

                if isinstance(info, TyperInfo):  # a group (`yakkan ismap`)
                    from typer.main import get_group_from_info

                    return get_group_from_info(info, suggest_commands=True, **self.build_options)
                return get_command_from_info(command_info=info, **self.build_options)

            self.commands = DeferredCommands(self.commands, self.deferred, build)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: typer's own version builds them all

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:
            args = take_shell(ctx, self.get_params(ctx), args)
        rest: list[str] = super().parse_args(ctx, args)
        return rest

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise ReaderLeft from None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands by stage of the procedure (their rich_help_panel), in that order."""
        panels: dict[str, list[tuple[str, str]]] = {}
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            panel = getattr(command, "rich_help_panel", None) or t("help.panel.other")
            panels.setdefault(panel, []).append((name, command.get_short_help_str(200)))
        for panel, rows in panels.items():
            with formatter.section(panel):
                formatter.write_dl(rows)
