"""The ISMAP lists a commit changed, read from git for rules/audit/ismap.py: each list's
snapshot as the commit left it, the sha256 of its source file, and the snapshot the
normaliser makes of that file again (issue 22.3)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from yakkan_cli.actions.ismap import make_snapshot
from yakkan_cli.errors import YakkanError
from yakkan_cli.model.ismap import IsmapList, snapshot_path, source_path
from yakkan_cli.rules.audit.facts import CommitInfo
from yakkan_cli.rules.audit.ismap import ListAtCommit, list_of
from yakkan_cli.rules.ismap.headings import ListProblem
from yakkan_cli.store.files import sha256_bytes
from yakkan_cli.store.ismap import parse_snapshot
from yakkan_cli.vcs.history import BlobReader


def lists_at(blobs: BlobReader, commit: CommitInfo, paths: Sequence[str]) -> list[ListAtCommit]:
    """One `ListAtCommit` per list whose folder the commit touched (`paths`: the changed
    paths under `.yakkan/ismap/`)."""
    touched: dict[IsmapList, list[str]] = {}
    stray: list[str] = []
    for path in paths:
        found = list_of(path)
        if found is None:
            stray.append(path)
        else:
            touched.setdefault(found, []).append(path)
    if stray and not touched:
        # Something written beside the lists: named on the first list's snapshot path.
        return [ListAtCommit(IsmapList.ISMAP, (), None, stray=tuple(stray))]
    lists = []
    for index, (name, mine) in enumerate(sorted(touched.items())):
        item = _read(blobs, commit, name, tuple(mine))
        if index == 0 and stray:
            item = dataclasses.replace(item, stray=tuple(stray))
        lists.append(item)
    return lists


def _read(
    blobs: BlobReader, commit: CommitInfo, name: IsmapList, touched: tuple[str, ...]
) -> ListAtCommit:
    rel = snapshot_path(name)
    blob = blobs.read(f"{commit.sha}:{rel}")
    if blob is None:
        return ListAtCommit(name, touched, None)
    try:
        snapshot = parse_snapshot(blob.data, rel)
    except YakkanError as err:
        return ListAtCommit(name, touched, None, str(err).replace("\n", " / "))
    manifest = snapshot.manifest
    source = blobs.read(f"{commit.sha}:{source_path(name, manifest.format)}")
    if source is None:
        return ListAtCommit(name, touched, snapshot)
    digest = sha256_bytes(source.data)
    try:
        again = make_snapshot(source.data, manifest.format, manifest, manifest.columns)
    except ListProblem as problem:
        return ListAtCommit(
            name, touched, snapshot, source_sha256=digest, recomputed_problem=str(problem)
        )
    return ListAtCommit(name, touched, snapshot, source_sha256=digest, recomputed=again)
