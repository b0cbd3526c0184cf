"""Canonical YAML out: block style, key order of the data, `|` for multi-line text, wide
lines, and quotes wherever a YAML 1.1 reader would take a string for something else."""

from __future__ import annotations

import re
from typing import Any

import yaml

from yakkan_cli.store.yaml.nodes import STR_TAG

try:
    _BaseDumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseDumper = yaml.SafeDumper

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
    return dumper.represent_scalar(STR_TAG, str.__str__(data), style=style)


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
