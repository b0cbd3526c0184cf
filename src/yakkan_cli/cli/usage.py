"""Usage errors from the command-line parser, said in Japanese.

Typer runs on (a copy of) click, whose messages are English and not translatable; the
common ones are recognised here by their kind and said again from the catalog. Anything
unrecognised is said in general words (with the usage line and the way to the help page),
never in click's English.
"""

from __future__ import annotations

import re
from typing import Any

from yakkan_cli.messages import t


def _name(param: Any) -> str:
    if param is None:
        return "?"
    opts = getattr(param, "opts", None) or []
    if getattr(param, "param_type_name", "") == "argument":
        return str(getattr(param, "metavar", None) or param.name).upper()
    return "/".join(opts) or str(param.name)


# What typer, click and pydantic say of a bad value, and the catalog's words for it.
_BAD_VALUES = (
    (re.compile(r"valid integer"), "cli.usage_want_int"),
    (re.compile(r"valid number|valid float"), "cli.usage_want_number"),
    (re.compile(r"^file '(?P<value>.*)' is a directory", re.I), "cli.usage_value_is_directory"),
    (re.compile(r"^dir(ectory)? '(?P<value>.*)' is a file", re.I), "cli.usage_value_is_file"),
    (
        re.compile(r"^(file|dir|path|directory) '(?P<value>.*)' does not exist", re.I),
        "cli.usage_no_path",
    ),
)


def _bad_value(message: str) -> str:
    """click's or pydantic's English about a value, said from the catalog; an unknown
    message is not shown (it would be English) but the option's name still is."""
    for pattern, key in _BAD_VALUES:
        found = pattern.search(message)
        if found:
            return t(key, value=found.groupdict().get("value") or "")
    return t("cli.usage_bad_value_other")


def _did_you_mean(exc: Exception, name: str) -> str:
    """「もしかして: approve」 for `yakkan apporve`: the close command names (difflib)."""
    import difflib

    ctx = getattr(exc, "ctx", None)
    group = getattr(ctx, "command", None)
    if group is None or not hasattr(group, "list_commands"):
        return ""
    names = [n for n in group.list_commands(ctx) if not group.get_command(ctx, n).hidden]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    return t("cli.usage_did_you_mean_command", commands=", ".join(close)) if close else ""


def describe(exc: Exception) -> str:
    """The Japanese sentence for one of click's usage errors."""
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        possible = getattr(exc, "possibilities", None) or []
        hint = t("cli.usage_did_you_mean", options=", ".join(sorted(possible))) if possible else ""
        return t("cli.usage_no_such_option", option=getattr(exc, "option_name", "?")) + hint
    if kind == "MissingParameter":
        return t("cli.usage_missing", name=_name(getattr(exc, "param", None)))
    if kind == "BadParameter":
        return _bad_parameter(exc)
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if message.startswith("Option '") and message.endswith("does not take a value."):
        return t("cli.usage_takes_no_value", option=message.split("'")[1])
    if message.startswith("Got unexpected extra argument"):
        extra = message.rsplit("(", 1)[-1].rstrip(")")
        return t("cli.usage_extra_argument", value=extra)
    if message.startswith("Option '") and "requires an argument" in message:
        return t("cli.usage_needs_value", option=message.split("'")[1])
    if message == "Missing command.":
        return t("cli.usage_missing_command")
    if message.startswith("No such command"):
        name = message.split("'")[1] if message.count("'") >= 2 else message
        return t("cli.usage_no_such_command", detail=name) + _did_you_mean(exc, name)
    # click's sentence for anything else is English: the reader gets the usage line above
    # and the way to the help page, not words they may not read.
    return t("cli.usage_other")


# The checks of path options (exists, file or folder) end their English sentence so, in
# click and in the typer that vendors it; the path itself is quoted before.
_PATH_PROBLEMS = (
    (" is a directory.", "cli.usage_is_directory"),
    (" is a file.", "cli.usage_is_file"),
    (" does not exist.", "cli.usage_not_found"),
)


def _bad_parameter(exc: Exception) -> str:
    name = _name(getattr(exc, "param", None))
    detail = str(getattr(exc, "message", exc))
    for ending, key in _PATH_PROBLEMS:
        if detail.endswith(ending) and detail.count("'") >= 2:
            path = detail[detail.index("'") + 1 : detail.rindex("'")]
            return t(key, name=name, path=path)
    # typer checks with pydantic (the bad input is in the error it was raised from: int_parsing,
    # int_parsing_size for 5,000 digits …), older click says "'x' is not a valid integer."
    errors = getattr(exc.__cause__, "errors", None)
    found = errors() if callable(errors) else []
    if "valid integer" in detail or any(str(e.get("type", "")).startswith("int_") for e in found):
        from yakkan_cli.store.yaml import visible

        value = str(found[0].get("input", "")) if found else ""
        if not value and detail.count("'") >= 2:
            value = detail.split("'")[1]
        return t("cli.usage_not_integer", name=name, value=visible(value, limit=30))
    bound = _out_of_bounds(name, found)
    if bound is not None:
        return bound
    return t("cli.usage_bad_value", name=name, detail=_bad_value(detail))


# pydantic's error types for a number outside an option's min/max (typer checks with it),
# and the catalog's words for each bound.
_BOUNDS = {
    "greater_than_equal": ("ge", "cli.usage_at_least"),
    "greater_than": ("gt", "cli.usage_more_than"),
    "less_than_equal": ("le", "cli.usage_at_most"),
    "less_than": ("lt", "cli.usage_less_than"),
}


def _out_of_bounds(name: str, errors: list[Any]) -> str | None:
    """「--wait は 0 以上で書いてください（「-1」）」 for a number beyond an option's bound;
    None when pydantic's error is of another kind."""
    if not errors or not isinstance(errors[0], dict):
        return None
    from yakkan_cli.store.yaml import visible

    error = errors[0]
    value = visible(str(error.get("input", "")), limit=30)
    if value.strip().lower().lstrip("+-") == "nan":
        # Not a number at all, whichever bound pydantic happened to compare it with.
        return t("cli.usage_bad_value", name=name, detail=t("cli.usage_want_number"))
    kind = _BOUNDS.get(str(error.get("type", "")))
    bound = (error.get("ctx") or {}).get(kind[0]) if kind else None
    if kind is None or bound is None:
        return None
    if isinstance(bound, float) and bound.is_integer():
        bound = int(bound)  # 0, not 0.0: the bound as the help page writes it
    return t(kind[1], name=name, bound=bound, value=value)


def show_usage_error(exc: Exception) -> None:
    ctx = getattr(exc, "ctx", None)
    lines: list[str] = []
    if ctx is not None:
        lines.append(ctx.get_usage())  # the app's command classes write it in Japanese
        lines.append(t("cli.usage_help_hint", command=ctx.command_path))
        lines.append("")
    lines.append(t("cli.error_prefix") + describe(exc))
    from yakkan_cli.cli.output import write_message

    write_message("\n".join(lines))
