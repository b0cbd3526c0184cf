"""The full track's use cases (issue 22.2): the ISMAP snapshots its rules read, and
`yakkan ismap check`."""

from __future__ import annotations

from yakkan_cli.actions.workspace import Workspace
from yakkan_cli.model import Record
from yakkan_cli.model.ismap import IsmapList, Snapshot
from yakkan_cli.rules import fulltrack


def all_lists(ws: Workspace) -> dict[IsmapList, Snapshot]:
    """The newest imported snapshot of each ISMAP list, as the working tree has it."""
    from yakkan_cli.store.ismap import load_snapshot

    found: dict[IsmapList, Snapshot] = {}
    for which in IsmapList:
        snapshot = load_snapshot(ws.repo.root, which)
        if snapshot is not None:
            found[which] = snapshot
    return found


def lists_for(ws: Workspace, record: Record) -> fulltrack.Lists:
    """The snapshots the full track's rules read for `record`: none off the full track
    (nothing is read for a light-track or 重要性分類 record)."""
    if not fulltrack.is_full_track(record):
        return fulltrack.NO_LISTS
    return all_lists(ws)
