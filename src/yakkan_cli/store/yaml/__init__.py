"""Strict YAML in, canonical YAML out (DESIGN §3 "YAML discipline").

- `errors.py`  — `YamlProblem` and its `source:line:column`; size cap and UTF-8 checks.
- `nodes.py`   — the careful reader: libyaml's node tree, walked under our rules; it words
  every error.
- `fast.py`    — the fast reader: one pass over libyaml's events, same rules, declines
  (to the careful reader) whatever it does not accept.
- `load.py`    — `load_yaml`: fast first, careful when declined.
- `dump.py`    — `dump_yaml`, the canonical writer.
- `report.py`  — validation errors mapped to lines; `parse_model` (read + validate).
- `versions.py` — `VersionReader` for the successive versions the audit reads.
"""

from yakkan_cli.store.yaml.dump import dump_yaml
from yakkan_cli.store.yaml.errors import MAX_BYTES, YamlProblem, visible
from yakkan_cli.store.yaml.load import collector_paused, load_yaml
from yakkan_cli.store.yaml.nodes import MAX_INT_DIGITS
from yakkan_cli.store.yaml.report import (
    field_messages,
    locate,
    parse_model,
    problem_messages,
    validate_data,
    validation_messages,
)
from yakkan_cli.store.yaml.versions import VersionReader

__all__ = [
    "MAX_BYTES",
    "MAX_INT_DIGITS",
    "VersionReader",
    "YamlProblem",
    "collector_paused",
    "dump_yaml",
    "field_messages",
    "load_yaml",
    "locate",
    "parse_model",
    "problem_messages",
    "validate_data",
    "validation_messages",
    "visible",
]
