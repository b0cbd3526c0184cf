"""Errors found after reading, mapped back to `source:line:column: field.path: 説明`
through the node tree, and `parse_model`, which reads and validates in one call."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from yakkan_cli import interrupts
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model.base import Loc
from yakkan_cli.store.yaml.errors import visible
from yakkan_cli.store.yaml.load import collector_paused, load_yaml
from yakkan_cli.store.yaml.nodes import compose_or_none


def _find(root: Node | None, loc: Loc) -> tuple[int, int]:
    if root is None:
        return 1, 1
    node = root
    mark = root.start_mark
    for part in loc:
        if isinstance(node, MappingNode):
            name = str(part)
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == name:
                    mark = key_node.start_mark
                    node = value_node
                    break
            else:
                break
        elif (
            isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
        ):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1


def locate(text: str, loc: Loc) -> tuple[int, int]:
    """1-based line and column of the deepest node of `loc` present in `text`.

    A mapping member is pointed at by its key; a missing leaf by its parent's key; a text
    that cannot be read at all by 1, 1.
    """
    return _find(compose_or_none(text), loc)


def _path(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:  # a key of the file: an unknown one is whatever the file says
            name = visible(str(part))
            out += f".{name}" if out else name
    return out


def _line(source: str, root: Node | None, loc: Loc, message: str) -> str:
    line, column = _find(root, loc)
    path = _path(loc)
    return (
        f"{source}:{line}:{column}: {path}: {message}"
        if path
        else (f"{source}:{line}:{column}: {message}")
    )


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return t("store.kind_mapping")
    if isinstance(value, list):
        return t("store.kind_list")
    return visible(str(value))


def _expected(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace(" or ", ", ")


def _describe(err: ErrorDetails) -> str:
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    value = _show(err.get("input"))
    if kind in ("value_error", "assertion_error"):
        msg = err["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            if msg.startswith(prefix):
                return msg[len(prefix) :]
        return msg
    if kind in ("enum", "literal_error"):
        return t("store.v.choice", expected=_expected(ctx), value=value)
    if kind == "string_too_short" and ctx.get("min_length", 1) <= 1:
        return t("store.v.empty")
    if kind in _SIMPLE:
        return t(_SIMPLE[kind], **{**ctx, "value": value})
    return t("store.v.other", msg=err["msg"])


_SIMPLE = {
    "missing": "store.v.missing",
    "extra_forbidden": "store.v.extra",
    "string_type": "store.v.string",
    "int_type": "store.v.int",
    "int_parsing": "store.v.int",
    "int_from_float": "store.v.int",
    "bool_type": "store.v.bool",
    "bool_parsing": "store.v.bool",
    "string_pattern_mismatch": "store.v.pattern",
    "string_too_short": "store.v.min_chars",
    "too_short": "store.v.min_items",
    "string_too_long": "store.v.max_chars",
    "too_long": "store.v.max_items",
    "greater_than_equal": "store.v.ge",
    "less_than_equal": "store.v.le",
    "greater_than": "store.v.gt",
    "less_than": "store.v.lt",
    "list_type": "store.v.list",
    "dict_type": "store.v.mapping",
    "model_type": "store.v.mapping",
    "model_attributes_type": "store.v.mapping",
}


def validation_messages(exc: ValidationError, text: str, source: str) -> list[str]:
    """One `source:line:column: field.path: 説明` line per error of `exc`."""
    root = compose_or_none(text)
    return [_line(source, root, tuple(err["loc"]), _describe(err)) for err in exc.errors()]


def field_messages(exc: ValidationError) -> list[str]:
    """One `field.path: 説明` line per error of `exc`, for values that came from no file
    (command-line flags, prompts)."""
    lines: list[str] = []
    for err in exc.errors():
        path = _path(tuple(err["loc"]))
        lines.append(f"{path}: {_describe(err)}" if path else _describe(err))
    return lines


def problem_messages(problems: list[tuple[Loc, str]], text: str, source: str) -> list[str]:
    """The same lines for problems found after validation (e.g. `Config.problems()`)."""
    root = compose_or_none(text)
    return [_line(source, root, loc, message) for loc, message in problems]


M = TypeVar("M", bound=BaseModel)


def parse_model(model: type[M], text: str | bytes, source: str) -> M:
    """`model` validated from the YAML `text`; YakkanError with one line per fault."""
    with collector_paused():
        return validate_data(model, load_yaml(text, source), text, source)


def validate_data(model: type[M], data: Any, text: str | bytes, source: str) -> M:
    """`model` validated from `data` read from `text`; errors as `parse_model` words them."""
    with collector_paused():  # validation allocates as much as reading: see load.py
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            if interrupts.came_unsettled():
                # Its echo, not the file's fault: a Ctrl-C raised inside a validator comes
                # back from pydantic as a ValidationError (a sha256 "not matching its
                # pattern"). Given back as the interrupt, the command puts back what it
                # wrote and exits 130, instead of blaming a sound record.
                raise KeyboardInterrupt from None
            decoded = text.decode("utf-8") if isinstance(text, bytes) else text
            details = validation_messages(exc, decoded, source)
            raise YakkanError(t("store.invalid", source=source), details=details) from None
