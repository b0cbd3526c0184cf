"""Strict YAML in, canonical YAML out (DESIGN §3 "YAML discipline").

Reading: libyaml composes the node tree; a short walk in Python turns it into
dict/list/str/int/bool/None under our own rules (only `true`/`false`, `null`/`~`/empty and
decimal integers are resolved, everything else is a string). Duplicate keys, anchors,
aliases and tags are errors; every error names `source:line:column`.

Writing: block style, key order of the data, `|` for multi-line text, wide lines, and
quotes wherever a YAML 1.1 reader would take a string for something else.
"""

from __future__ import annotations

import itertools
import re
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model.base import Loc

__all__ = [
    "MAX_BYTES",
    "VersionReader",
    "YamlProblem",
    "dump_yaml",
    "field_messages",
    "load_yaml",
    "locate",
    "parse_model",
    "problem_messages",
    "validation_messages",
    "visible",
]

MAX_BYTES = 1_048_576
"""Largest file accepted by `load_yaml`: a record is a few kilobytes."""

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
    _BaseDumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
    _LIBYAML = True
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader
    _BaseDumper = yaml.SafeDumper
    _LIBYAML = False

_IMPLICIT = "yakkan:implicit"
"""The tag every untagged node gets; our walk applies its own rules to those."""

_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

_PLAIN: dict[str, bool | None] = {"true": True, "false": False, "null": None, "~": None, "": None}
_INT = re.compile(r"0|[-+]?[1-9][0-9]*").fullmatch
MAX_INT_DIGITS = 18
"""Longest integer literal read: every number of a record or the config is far shorter, and
Python refuses to turn a literal of over 4,300 digits into an int at all."""


class YamlProblem(YakkanError):
    """A file that is not acceptable YAML for yakkan, with the place of the fault."""

    def __init__(self, source: str, line: int, column: int, description: str) -> None:
        super().__init__(f"{source}:{line}:{column}: {description}")
        self.source = source
        self.line = line
        self.column = column
        self.description = description


def visible(text: str, limit: int = 80) -> str:
    """`text` as an error message may quote it: control characters written out (`\x1b`,
    `\n`, `\u202e`) so that a hostile key or value cannot drive the terminal, and at most
    `limit` characters."""
    shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text[: limit + 1])
    return shown if len(text) <= limit else shown[:limit] + "…"


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Skips PyYAML's implicit resolvers: the composer tags every untagged node alike."""

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        return _IMPLICIT


# --- reading ---------------------------------------------------------------------------------


def _where(source: str, node: Node, description: str) -> YamlProblem:
    mark = node.start_mark
    return YamlProblem(source, mark.line + 1, mark.column + 1, description)


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    offset = max(0, min(offset, len(data)))
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", "replace")) + 1


def _yaml_problem(exc: yaml.YAMLError, source: str, text: str) -> YamlProblem:
    if isinstance(exc, yaml.reader.ReaderError):
        data = text.encode("utf-8", "replace")
        # libyaml counts bytes of the UTF-8 text, PyYAML characters
        offset = exc.position if _LIBYAML else len(text[: exc.position].encode("utf-8", "replace"))
        line, column = _line_column(data, offset)
        description = t("store.bad_character", problem=exc.reason, code=f"{exc.character:#x}")
        return YamlProblem(source, line, column, description)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if exc.context == "expected a single document in the stream":
            return YamlProblem(source, line, column, t("store.many_documents"))
        problem = exc.problem or exc.context or type(exc).__name__
        if exc.context and exc.problem:
            problem = f"{exc.context}: {exc.problem}"
        return YamlProblem(source, line, column, t("store.syntax", problem=problem))
    return YamlProblem(source, 1, 1, t("store.syntax", problem=str(exc)))  # pragma: no cover


def _compose(text: str) -> Node | None:
    """The node tree of a single-document text (YAMLError/RecursionError pass through)."""
    loader = _Loader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _refuse_anchors(text: str, source: str) -> None:
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            raise YamlProblem(source, line, column, t("store.anchor"))


def _tagged_scalar(node: ScalarNode, source: str) -> str:
    if node.tag == _STR_TAG:
        value: str = node.value
        return value
    raise _where(source, node, t("store.tag", tag=visible(node.tag)))


def _build(node: Any, source: str) -> Any:
    cls = node.__class__
    if cls is ScalarNode:
        value = node.value
        if node.tag is not _IMPLICIT:
            return _tagged_scalar(node, source)
        if not node.style:  # plain: None from PyYAML, "" from libyaml
            if value in _PLAIN:
                return _PLAIN[value]
            if _INT(value):
                digits = len(value.lstrip("+-"))
                if digits > MAX_INT_DIGITS:
                    raise _where(
                        source, node, t("store.int_too_long", digits=digits, limit=MAX_INT_DIGITS)
                    )
                return int(value)
        return value
    if cls is MappingNode:
        if node.tag is not _IMPLICIT and node.tag != _MAP_TAG:
            raise _where(source, node, t("store.tag", tag=visible(node.tag)))
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _where(source, key_node, t("store.complex_key"))
            if key_node.tag is not _IMPLICIT and key_node.tag != _STR_TAG:
                raise _where(source, key_node, t("store.tag", tag=visible(key_node.tag)))
            key = key_node.value
            if key in result:
                raise _duplicate(node, key_node, source)
            result[key] = _build(value_node, source)
        return result
    if node.tag is not _IMPLICIT and node.tag != _SEQ_TAG:
        raise _where(source, node, t("store.tag", tag=visible(node.tag)))
    return [_build(item, source) for item in node.value]


def _duplicate(mapping: Node, again: Node, source: str) -> YamlProblem:
    first = next(k for k, _ in mapping.value if k.value == again.value)
    return _where(
        source,
        again,
        t(
            "store.duplicate_key",
            key=visible(again.value),
            first=first.start_mark.line + 1,
            second=again.start_mark.line + 1,
        ),
    )


def _decode(text: str | bytes, source: str, max_bytes: int) -> str:
    if isinstance(text, str):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate
            before = text[: exc.start].encode("utf-8", "replace")
            line, column = _line_column(before, len(before))
            raise YamlProblem(source, line, column, t("store.not_utf8")) from None
    else:
        data = text
    if len(data) > max_bytes:
        raise YamlProblem(source, 1, 1, t("store.too_large", size=len(data), limit=max_bytes))
    if isinstance(text, str):
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(data, exc.start)
        raise YamlProblem(source, line, column, t("store.not_utf8")) from None


def load_yaml(text: str | bytes, source: str, *, max_bytes: int = MAX_BYTES) -> Any:
    """The data of a one-document YAML file whose top level is a mapping.

    Raises YamlProblem (a YakkanError) for anything else, with `source:line:column`.
    """
    decoded = _decode(text, source, max_bytes)
    try:
        if "&" in decoded or "*" in decoded:
            _refuse_anchors(decoded, source)
        root = _compose(decoded)
        if root is None or (root.__class__ is ScalarNode and root.value == "" and not root.style):
            raise YamlProblem(source, 1, 1, t("store.empty"))
        if root.__class__ is not MappingNode:
            kind = t("store.kind_list" if root.__class__ is SequenceNode else "store.kind_scalar")
            raise _where(source, root, t("store.not_mapping", kind=kind))
        return _build(root, source)
    except yaml.YAMLError as exc:
        raise _yaml_problem(exc, source, decoded) from None
    except RecursionError:
        raise YamlProblem(source, 1, 1, t("store.too_deep")) from None


# --- writing ---------------------------------------------------------------------------------

_WIDTH = 1_000_000_000
_NEEDS_QUOTES = re.compile("[\r\x85\u2028\u2029]").search


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the same object twice is written twice: we never read anchors


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style: str | None = None
    if _NEEDS_QUOTES(data):
        # Line breaks that YAML 1.1 and 1.2 readers disagree on: escape them.
        style = '"'
    elif "\n" in data and not data.endswith("\n\n") and data != "\n":
        # `|`, or `|-` without a final newline; the emitter itself falls back to double
        # quotes where a literal block cannot hold the text (trailing spaces, tabs …).
        # Texts ending in blank lines would need `|+` and a `...` marker: quote those.
        style = "|"
    elif "\n" in data:
        style = '"'
    # str.__str__: the text itself, also for a (str, Enum) member
    return dumper.represent_scalar(_STR_TAG, str.__str__(data), style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_multi_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """Canonical block-style YAML: `load_yaml(dump_yaml(x)) == x` for plain data."""
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=_WIDTH,
    )
    return text


# --- locating and reporting ------------------------------------------------------------------


def _root_or_none(text: str) -> Node | None:
    try:
        return _compose(text)
    except (yaml.YAMLError, RecursionError):
        return None


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
    return _find(_root_or_none(text), loc)


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
    root = _root_or_none(text)
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
    root = _root_or_none(text)
    return [_line(source, root, loc, message) for loc, message in problems]


M = TypeVar("M", bound=BaseModel)


def parse_model(model: type[M], text: str | bytes, source: str) -> M:
    """`model` validated from the YAML `text`; YakkanError with one line per fault."""
    return _validate(model, load_yaml(text, source), text, source)


def _validate(model: type[M], data: Any, text: str | bytes, source: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        decoded = text.decode("utf-8") if isinstance(text, bytes) else text
        details = validation_messages(exc, decoded, source)
        raise YakkanError(t("store.invalid", source=source), details=details) from None


# --- reading successive versions of the same files ------------------------------------------

_KEY_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
# Characters YAML reads as line breaks (or anchors/aliases) that a split on "\n" would miss.
_NOT_SPLITTABLE = re.compile("[\r\x85\u2028\u2029&*]").search


# Lines starting in column 0 with anything but a blank or a comment: keys, items, oddities.
_COLUMN_0 = re.compile(r"^[^ #\n]", re.MULTILINE).finditer


class _Unsplittable(Exception):
    """The text is not plain enough to be read section by section: read it whole."""


def _split(text: str) -> list[tuple[str, list[str]]]:
    """The top-level sections of a block mapping: (key line and its lines, list items).

    A section starts at each line beginning in column 0 with a key character; a line
    beginning with "- " in column 0 starts an item of the section's block sequence. In a
    mapping at indent 0 such lines always end whatever came before (block scalars need
    indented content, plain scalars indented continuations); quoted or flow scalars that
    run on over them leave the earlier piece unreadable alone, and the caller then reads the
    whole text.
    """
    starts = [m.start() for m in _COLUMN_0(text)]
    if not starts:
        raise _Unsplittable
    preamble = text[: starts[0]]
    if preamble.startswith(" ") or "\n " in preamble:  # indented lines before any key
        raise _Unsplittable
    starts.append(len(text))
    sections: list[tuple[str, list[str]]] = []
    for begin, end in itertools.pairwise(starts):
        first = text[begin]
        if first in _KEY_START:
            sections.append((text[begin:end], []))
        elif first == "-" and text.startswith(" ", begin + 1) and sections:
            sections[-1][1].append(text[begin:end])
        else:
            raise _Unsplittable
    if preamble:  # blank and comment lines before the first key go with it
        sections[0] = (preamble + sections[0][0], sections[0][1])
    return sections


def _piece(text: str, source: str) -> Any:
    try:
        root = _compose(text)
        if root is None:
            raise _Unsplittable
        return _build(root, source)
    except (YakkanError, yaml.YAMLError, RecursionError):
        raise _Unsplittable from None


class VersionReader:
    """`load_yaml`/`parse_model` for reading many versions of the same files in turn.

    Successive versions of a record differ in a section or a list item; this keeps the data
    of each top-level section and top-level list item of the last version read under each
    name, and composes only the pieces whose text changed. The result is `load_yaml`'s:
    any text that cannot be split cleanly, and any piece that does not read alone, falls
    back to reading the whole text, which also gives the usual errors. The data returned
    shares lists and mappings with earlier results: validate it, do not modify it.
    """

    def __init__(self) -> None:
        self._pieces: dict[str, dict[str, Any]] = {}

    def forget(self, name: str) -> None:
        self._pieces.pop(name, None)

    def load(self, text: str | bytes, source: str, name: str | None = None) -> Any:
        decoded = _decode(text, source, MAX_BYTES)
        key = source if name is None else name
        if not _NOT_SPLITTABLE(decoded):
            known = self._pieces.get(key, {})
            pieces: dict[str, Any] = {}
            try:
                data = self._assemble(decoded, source, known, pieces)
            except _Unsplittable:
                pass
            else:
                self._pieces[key] = pieces
                return data
        self._pieces.pop(key, None)
        return load_yaml(decoded, source)

    def parse_model(self, model: type[M], text: str | bytes, source: str) -> M:
        return _validate(model, self.load(text, source), text, source)

    @staticmethod
    def _assemble(
        text: str, source: str, known: dict[str, Any], pieces: dict[str, Any]
    ) -> dict[str, Any]:
        def read(piece: str) -> Any:
            value = known[piece] if piece in known else _piece(piece, source)
            pieces[piece] = value
            return value

        result: dict[str, Any] = {}
        for head, items in _split(text):
            mapping = read(head)
            if mapping.__class__ is not dict or len(mapping) != 1:
                raise _Unsplittable
            ((key, value),) = mapping.items()
            if key in result:
                raise _Unsplittable  # a duplicate key: the whole text says where
            if items:
                if value is not None:
                    raise _Unsplittable
                value = []
                for item in items:
                    one = read(item)
                    if one.__class__ is not list or len(one) != 1:
                        raise _Unsplittable
                    value.append(one[0])
            result[key] = value
        return result
