"""Where the village's imported lists live in the repository: standard library only, so that
a read answered from the record cache (cli/fast.py) can tell whether a list was imported
without loading the snapshots' schema (model/ismap.py)."""

from __future__ import annotations

ISMAP_DIR = ".yakkan/ismap"
"""The imported ISMAP lists, one folder per list (model/ismap.py)."""
