"""Where the village's imported lists live in the repository, and their names: standard
library only, so that a read answered from the record cache (cli/fast.py) can find and
name the lists without loading the snapshots' schema (model/ismap.py re-exports these)."""

from __future__ import annotations

from enum import StrEnum

ISMAP_DIR = ".yakkan/ismap"
"""The imported ISMAP lists, one folder per list (model/ismap.py)."""
SNAPSHOT_FILE = "snapshot.yaml"
SOURCE_STEM = "source"


class IsmapList(StrEnum):
    ISMAP = "ismap"
    ISMAP_LIU = "ismap-liu"


def list_folder(list_name: str) -> str:
    """The folder of a list's snapshot and source, relative to the repository root."""
    return f"{ISMAP_DIR}/{IsmapList(list_name).value}"


def list_snapshot(list_name: str) -> str:
    """The list's snapshot, relative to the repository root."""
    return f"{list_folder(list_name)}/{SNAPSHOT_FILE}"


def list_source(list_name: str, fmt: str) -> str:
    """The file a list was imported from (`fmt`: one of model.ismap.SourceFormat's values)."""
    return f"{list_folder(list_name)}/{SOURCE_STEM}.{fmt}"
