"""`VersionReader`: reading many versions of the same files in turn (the audit), composing
only the top-level sections and list items whose text changed since the last version."""

from __future__ import annotations

import itertools
import operator
import re
import types
from typing import Any, TypeVar, Union, get_args, get_origin

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


def _piece_or_none(text: str, source: str) -> Any:
    try:
        return _piece(text, source)
    except _Unsplittable:
        return None


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
        # name → the data of the last version that validated and the model validated from
        # it: its sub-models are handed back to pydantic where the data is the same (see
        # `parse_model`).
        self._valid: dict[str, tuple[dict[str, Any], BaseModel]] = {}
        # name → the last text read piece by piece, its data, and whether its last section
        # is a list items may still be added to (see `_appended`).
        self._last: dict[str, tuple[str, dict[str, Any], bool]] = {}

    def forget(self, name: str) -> None:
        self._pieces.pop(name, None)
        self._valid.pop(name, None)
        self._last.pop(name, None)

    def load(self, text: str | bytes, source: str, name: str | None = None) -> Any:
        decoded = decode(text, source, MAX_BYTES)
        key = source if name is None else name
        appended = self._appended(key, decoded, source)
        if appended is not None:
            return appended
        if not _NOT_SPLITTABLE(decoded):
            known = self._pieces.get(key, {})
            pieces: dict[str, Any] = {}
            try:
                data, open_list = self._assemble(decoded, source, known, pieces)
            except _Unsplittable:
                pass
            else:
                self._pieces[key] = pieces
                self._last[key] = (decoded, data, open_list)
                return data
        self._pieces.pop(key, None)
        self._last.pop(key, None)
        return load_yaml(decoded, source)

    def _appended(self, key: str, text: str, source: str) -> dict[str, Any] | None:
        """The data of `text` when it is the last text read with items added to its last
        section (a new backup, review … at the end of the file: most versions of a record):
        only the new items are split and read. None: read it the usual way.

        The result is `_assemble`'s: the last text ends a line, and every line of what
        follows that starts in column 0 starts an item ("- "), so the split of the whole
        text is the last one's with these items added to its last section."""
        last = self._last.get(key)
        if last is None:
            return None
        before, data, open_list = last
        if not open_list or len(text) <= len(before) or not before.endswith("\n"):
            return None
        if not text.startswith(before):
            return None
        tail = text[len(before) :]
        if _NOT_SPLITTABLE(tail):  # the last text had none of these: it was split
            return None
        starts = [m.start() for m in _COLUMN_0(tail)]
        if not starts or starts[0] != 0 or any(not tail.startswith("- ", s) for s in starts):
            return None
        pieces = self._pieces[key]
        added = []
        starts.append(len(tail))
        for begin, end in itertools.pairwise(starts):
            item = tail[begin:end]
            one = pieces[item] if item in pieces else _piece_or_none(item, source)
            if one.__class__ is not list or len(one) != 1:
                return None
            pieces[item] = one
            added.append(one[0])
        result = dict(data)
        name = next(reversed(result))
        result[name] = [*(result[name] or ()), *added]
        self._last[key] = (text, result, True)
        return result

    def parse_model(self, model: type[M], text: str | bytes, source: str) -> M:
        """`model` validated from the text, validating again only what changed.

        A top-level section or list item whose text is the last version's is the very same
        data (see `load`); the sub-model validated from it then is handed to pydantic as
        it is (a model instance is taken without validating it again), so each version
        validates only its new pieces. A sub-model's validation depends on its own data
        alone; the record's own validators (the checks' items, the attachments' paths)
        run on every version, and the checks (sorted by the record) are always validated.
        """
        with collector_paused():
            data = self.load(text, source)
            valid = self._valid.get(source)
            given = data
            if valid is not None and data.__class__ is dict and valid[1].__class__ is model:
                given = _reuse(data, _shapes(model), *valid)
            result = validate_data(model, given, text, source)
            if data.__class__ is dict:
                self._valid[source] = (data, result)
            return result

    @staticmethod
    def _assemble(
        text: str, source: str, known: dict[str, Any], pieces: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        """The data, and whether its last section is a list items may be added to."""

        def read(piece: str) -> Any:
            value = known[piece] if piece in known else _piece(piece, source)
            pieces[piece] = value
            return value

        result: dict[str, Any] = {}
        open_list = False
        for head, items in _split(text):
            mapping = read(head)
            if mapping.__class__ is not dict or len(mapping) != 1:
                raise _Unsplittable
            ((key, value),) = mapping.items()
            if key in result:
                raise _Unsplittable  # a duplicate key: the whole text says where
            open_list = value is None
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
        return result, open_list


# model → field → "one" (a sub-model, or None) or "list" (a list of sub-models): the fields
# whose validated sub-models `parse_model` may hand back to pydantic.
_SHAPES: dict[type[BaseModel], dict[str, str]] = {}


def _sub_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        found = [a for a in get_args(annotation) if a is not type(None)]
        if len(found) == 1:
            return _sub_model(found[0])
    return None


def _shapes(model: type[BaseModel]) -> dict[str, str]:
    if model not in _SHAPES:
        # Fields the model's own field validators read (or reorder, as the checks are
        # sorted by item) are left alone: pydantic sees their data every time.
        checked = {
            name
            for decorator in model.__pydantic_decorators__.field_validators.values()
            for name in decorator.info.fields
        }
        shapes: dict[str, str] = {}
        for name, info in model.model_fields.items():
            if name in checked or (info.alias is not None and info.alias != name):
                continue
            if _sub_model(info.annotation) is not None:
                shapes[name] = "one"
            elif get_origin(info.annotation) is list:
                (item,) = get_args(info.annotation) or (None,)
                if isinstance(item, type) and issubclass(item, BaseModel):
                    shapes[name] = "list"
        _SHAPES[model] = shapes
    return _SHAPES[model]


def _reuse(
    data: dict[str, Any], shapes: dict[str, str], old: dict[str, Any], valid: BaseModel
) -> dict[str, Any]:
    """`data` with the sub-models of `valid` (validated from `old`) where its data is the
    very same: a whole section, or the entries a list starts with (compared by identity,
    in C: the entries after the first one that differs are validated again)."""
    given = dict(data)
    for name, shape in shapes.items():
        value, before = data.get(name), old.get(name)
        if value is None or before is None:
            continue
        if value is before:
            given[name] = getattr(valid, name)
        elif shape == "list" and value.__class__ is list and before.__class__ is list:
            same = list(map(operator.is_, value, before))
            kept = same.index(False) if False in same else len(same)
            if kept:
                given[name] = [*getattr(valid, name)[:kept], *value[kept:]]
    return given
