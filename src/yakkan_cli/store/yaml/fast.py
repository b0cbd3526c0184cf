"""Reading in one pass over libyaml's events: the fast reader.

The careful reader (`nodes.py`) has libyaml compose a tree of Python node objects and then
walks it; most of a record's reading time went into those nodes (about 750 per record)
and into a second parse of every file holding an `&` or `*` to look for anchors. This
reader builds the dicts and lists straight from the event stream in one loop, with every
rule of the careful reader checked on the way: untagged (or `!`) scalars resolved the same
way, `tag:yaml.org,2002:str/map/seq` accepted and every other tag refused, keys plain
scalars and unique, no anchors or aliases, one document whose top level is a mapping, no
integer literal over `MAX_INT_DIGITS` digits.

It never words an error: on anything it does not accept it answers `None`, and the
careful reader reads the text again and says what is wrong and where, exactly as before.
So the fast reader can only ever accept what the careful reader accepts, with the same
data (`tests/test_yaml_fast.py` checks both on the whole yaml-test-suite and on records).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from yakkan_cli.store.yaml.nodes import (
    INT,
    MAP_TAG,
    MAX_INT_DIGITS,
    PLAIN,
    SEQ_TAG,
    STR_TAG,
    BaseLoader,
)

MAX_DEPTH = 64
"""Deeper nesting is left to the careful reader, whose recursion decides where reading
stops (`store.too_deep`); a record nests four levels deep."""

# Tags that leave a node to our own resolution, as libyaml's composer treats them.
_UNTAGGED = (None, "!")
_MAPPING_TAGS = frozenset((None, "!", MAP_TAG))
_SEQUENCE_TAGS = frozenset((None, "!", SEQ_TAG))
_KEY_TAGS = frozenset((None, "!", STR_TAG))
# What a decimal integer starts with: most plain scalars are words, spared the regex.
_INT_START = frozenset("+-0123456789")


class _Declined(Exception):
    """Something the fast reader leaves to the careful one."""


def read_fast(decoded: str) -> dict[str, Any] | None:
    """The data of `decoded`, or None: then only the careful reader may say what it is."""
    data = read_fast_any(decoded, lists=False)
    return data if data.__class__ is dict else None


def read_fast_any(decoded: str, *, lists: bool = True) -> Any:
    """`read_fast`, also for a text whose top level is a list (`lists`): the pieces of a
    record `VersionReader` reads one by one are top-level keys and list items."""
    loader = BaseLoader(decoded)
    try:
        return _walk(loader.get_event, lists)
    except (_Declined, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


def _walk(get: Any, lists: bool) -> Any:
    if get().__class__ is not StreamStartEvent or get().__class__ is not DocumentStartEvent:
        raise _Declined
    event = get()
    in_mapping = event.__class__ is MappingStartEvent
    if (
        not (in_mapping or (lists and event.__class__ is SequenceStartEvent))
        or event.anchor is not None
        or event.tag not in (_MAPPING_TAGS if in_mapping else _SEQUENCE_TAGS)
    ):
        raise _Declined
    root: Any = {} if in_mapping else []
    # The open collections above the current one: (collection, is a mapping, its key).
    stack: list[tuple[Any, bool, Any]] = []
    current: Any = root
    key: str | None = None
    plain = PLAIN
    while True:
        event = get()
        cls = event.__class__
        if cls is ScalarEvent:
            if event.anchor is not None:
                raise _Declined
            tag = event.tag
            value = event.value
            if in_mapping and key is None:
                if tag not in _KEY_TAGS or value in current:
                    raise _Declined
                key = value
                continue
            if tag in _UNTAGGED:
                if not event.style:  # plain
                    if value in plain:
                        value = plain[value]
                    elif value[0] in _INT_START and INT(value):
                        if len(value.lstrip("+-")) > MAX_INT_DIGITS:
                            raise _Declined
                        value = int(value)
            elif tag != STR_TAG:
                raise _Declined
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            opens_mapping = cls is MappingStartEvent
            if (
                (in_mapping and key is None)  # a mapping or list as a key
                or event.anchor is not None
                or event.tag not in (_MAPPING_TAGS if opens_mapping else _SEQUENCE_TAGS)
                or len(stack) >= MAX_DEPTH
            ):
                raise _Declined
            stack.append((current, in_mapping, key))
            current = {} if opens_mapping else []
            in_mapping = opens_mapping
            key = None
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            if not stack:
                break
            value = current
            current, in_mapping, key = stack.pop()
        else:  # an alias, or anything unexpected
            raise _Declined
        if in_mapping:
            current[key] = value
            key = None
        else:
            current.append(value)
    if get().__class__ is not DocumentEndEvent or get().__class__ is not StreamEndEvent:
        raise _Declined  # a second document: the careful reader words it
    return root
