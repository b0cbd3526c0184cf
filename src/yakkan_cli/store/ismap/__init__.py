"""ISMAP snapshots on disk: `.yakkan/ismap/<list>/snapshot.yaml` read and written (issue 22.3).

The newest snapshot of a list is the one in the tree being read: an import replaces the
file, and git keeps the earlier ones. `tables.py` reads the list files a clerk saves.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model.ismap import IsmapList, Snapshot, snapshot_path
from yakkan_cli.store.files import fault
from yakkan_cli.store.yaml import MAX_BYTES, dump_yaml, parse_model

if TYPE_CHECKING:
    from yakkan_cli.store.cache.lists import ListCache

# A list of a few thousand services runs to a few hundred kilobytes of YAML; the strict
# loader's cap is one megabyte, which a snapshot stays under by a wide margin.


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None and v != {}}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def dump_snapshot(snapshot: Snapshot) -> str:
    """The canonical text of a snapshot: what an import commits and `verify` recomputes."""
    return dump_yaml(_prune(snapshot.model_dump(mode="json", by_alias=True)))


def parse_snapshot(text: bytes | str, source: str) -> Snapshot:
    """A snapshot read from `text` (a file's bytes, or a blob of history); YakkanError
    naming `source`, line and field when it is not one."""
    return parse_model(Snapshot, text, source)


def load_snapshot(
    root: Path, list_name: IsmapList | str, cache: ListCache | None = None
) -> Snapshot | None:
    """The list's snapshot in the work tree at `root`, or None when none was imported.
    `cache`: where what the reading commands take of it (or the error that stops it) is
    kept for a read answered without the schemas (store.cache.lists, cli/fast.py)."""
    rel = snapshot_path(list_name)
    path = root / rel
    try:
        st = path.stat()  # before the read: the stat data the kept copy is vouched by
        if st.st_size > MAX_BYTES:
            raise YakkanError(t("store.file_too_large", path=rel, limit=MAX_BYTES))
        text = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        named = fault(err, rel)
        if named is None:
            raise
        raise named from err
    if cache is None:
        return parse_snapshot(text, rel)
    from yakkan_cli.store.cache.codec import plain_snapshot

    try:
        snapshot = parse_snapshot(text, rel)
    except YakkanError as err:
        cache.keep(list_name, st, text, err)
        raise
    cache.keep(list_name, st, text, plain_snapshot(snapshot))
    return snapshot
