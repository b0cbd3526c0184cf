"""Reading by way of libyaml's node tree: the careful reader.

libyaml composes the whole node tree; a short walk in Python turns it into
dict/list/str/int/bool/None under our own rules (only `true`/`false`, `null`/`~`/empty and
decimal integers are resolved, everything else is a string). Duplicate keys, anchors,
aliases and tags are errors, each named at its `source:line:column`.

`fast.py` reads well-formed files in one pass over libyaml's events and leaves every file it
does not accept to this reader, which therefore decides every error message. The node tree
also maps validation errors back to lines (`report.py`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from yakkan_cli.messages import t
from yakkan_cli.store.yaml.errors import YamlProblem, visible, yaml_problem

try:
    BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    BaseLoader = yaml.SafeLoader

IMPLICIT = "yakkan:implicit"
"""The tag every untagged node gets; our walk applies its own rules to those."""

STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"

PLAIN: dict[str, bool | None] = {"true": True, "false": False, "null": None, "~": None, "": None}
INT = re.compile(r"0|[-+]?[1-9][0-9]*").fullmatch
MAX_INT_DIGITS = 18
"""Longest integer literal read: every number of a record or the config is far shorter, and
Python refuses to turn a literal of over 4,300 digits into an int at all."""


class _Loader(BaseLoader):  # type: ignore[valid-type,misc]
    """Skips PyYAML's implicit resolvers: the composer tags every untagged node alike."""

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        return IMPLICIT


def _where(source: str, node: Node, description: str) -> YamlProblem:
    mark = node.start_mark
    return YamlProblem(source, mark.line + 1, mark.column + 1, description)


def compose(text: str) -> Node | None:
    """The node tree of a single-document text (YAMLError/RecursionError pass through)."""
    loader = _Loader(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def compose_or_none(text: str) -> Node | None:
    try:
        return compose(text)
    except (yaml.YAMLError, RecursionError):
        return None


def _refuse_anchors(text: str, source: str) -> None:
    for event in yaml.parse(text, Loader=BaseLoader):
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            raise YamlProblem(source, line, column, t("store.anchor"))


def _tagged_scalar(node: ScalarNode, source: str) -> str:
    if node.tag == STR_TAG:
        value: str = node.value
        return value
    raise _where(source, node, t("store.tag", tag=visible(node.tag)))


def build(node: Any, source: str) -> Any:
    """The data of a node tree composed by `compose` (YamlProblem for what we refuse)."""
    cls = node.__class__
    if cls is ScalarNode:
        value = node.value
        if node.tag is not IMPLICIT:
            return _tagged_scalar(node, source)
        if not node.style:  # plain: None from PyYAML, "" from libyaml
            if value in PLAIN:
                return PLAIN[value]
            if INT(value):
                digits = len(value.lstrip("+-"))
                if digits > MAX_INT_DIGITS:
                    raise _where(
                        source, node, t("store.int_too_long", digits=digits, limit=MAX_INT_DIGITS)
                    )
                return int(value)
        return value
    if cls is MappingNode:
        if node.tag is not IMPLICIT and node.tag != MAP_TAG:
            raise _where(source, node, t("store.tag", tag=visible(node.tag)))
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _where(source, key_node, t("store.complex_key"))
            if key_node.tag is not IMPLICIT and key_node.tag != STR_TAG:
                raise _where(source, key_node, t("store.tag", tag=visible(key_node.tag)))
            key = key_node.value
            if key in result:
                raise _duplicate(node, key_node, source)
            result[key] = build(value_node, source)
        return result
    if node.tag is not IMPLICIT and node.tag != SEQ_TAG:
        raise _where(source, node, t("store.tag", tag=visible(node.tag)))
    return [build(item, source) for item in node.value]


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


def read_nodes(decoded: str, source: str) -> Any:
    """The data of a decoded one-document text whose top level is a mapping, read through
    the node tree; YamlProblem for anything else."""
    try:
        if "&" in decoded or "*" in decoded:
            _refuse_anchors(decoded, source)
        root = compose(decoded)
        if root is None or (root.__class__ is ScalarNode and root.value == "" and not root.style):
            raise YamlProblem(source, 1, 1, t("store.empty"))
        if root.__class__ is not MappingNode:
            kind = t("store.kind_list" if root.__class__ is SequenceNode else "store.kind_scalar")
            raise _where(source, root, t("store.not_mapping", kind=kind))
        return build(root, source)
    except yaml.YAMLError as exc:
        raise yaml_problem(exc, source, decoded) from None
    except RecursionError:
        raise YamlProblem(source, 1, 1, t("store.too_deep")) from None
