"""`VersionReader`: reading many versions of the same files in turn (the audit), composing
only the top-level sections and list items whose text changed since the last version."""

from __future__ import annotations

import itertools
import re
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel

from yakkan_cli.errors import YakkanError
from yakkan_cli.store.yaml.errors import MAX_BYTES, decode
from yakkan_cli.store.yaml.fast import read_fast_any
from yakkan_cli.store.yaml.load import collector_paused, load_yaml
from yakkan_cli.store.yaml.nodes import build, compose
from yakkan_cli.store.yaml.report import validate_data

M = TypeVar("M", bound=BaseModel)

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
    data = read_fast_any(text)
    if data is not None:
        return data
    try:
        root = compose(text)
        if root is None:
            raise _Unsplittable
        return build(root, source)
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
        decoded = decode(text, source, MAX_BYTES)
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
        with collector_paused():
            return validate_data(model, self.load(text, source), text, source)

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
