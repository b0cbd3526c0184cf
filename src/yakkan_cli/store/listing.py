"""Where the records of a repository are (DESIGN §2), without reading one: the record
files in order, and a summarized record with where it lives. Standard library only, so
that a read answered from the record cache (store.cache.kept, cli/fast.py) lists the same
files in the same order as `store.repo.RecordsRepo` without importing the schemas."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from yakkan_cli.messages import t
from yakkan_cli.model.places import ISMAP_DIR

if TYPE_CHECKING:
    from yakkan_cli.rules.summary import AttachmentRef, RecordSummary

RECORDS_DIR = "records"


@dataclass(frozen=True, slots=True)
class Summarized:
    """A record as the reading commands see it (rules.summary), and where it lives."""

    summary: RecordSummary
    root: Path
    rel: str  # relative to the repository root, POSIX separators

    @property
    def path(self) -> Path:
        """Absolute; made when asked (rarely), not for each of ten thousand records."""
        return self.root / self.rel


def lists_imported(root: Path) -> bool:
    """Whether the village has imported an ISMAP list (issue 22): what depends on one reads
    its snapshot with the snapshots' schema, which a read from the record cache does not load."""
    return (root / ISMAP_DIR).is_dir()


def department_dirs(root: Path) -> list[Path]:
    records = root / RECORDS_DIR
    if not records.is_dir():
        return []
    return sorted(p for p in records.iterdir() if p.is_dir())


def record_names(root: Path) -> Iterator[tuple[Path, str]]:
    """Every `records/<folder>/<name>.yaml` as (folder, name): folders in order, names in
    order within each, the order of sorting the paths without comparing ten thousand Path
    objects (no glob)."""
    for folder in department_dirs(root):
        yield from (
            (folder, name)
            for name in sorted(os.listdir(folder))  # noqa: PTH208 - names, not Path objects
            if name.endswith(".yaml")
        )


def attachment_ref_problems(
    root: Path,
    rel: str,
    refs: Sequence[AttachmentRef],
    stored: Callable[[str], bytes | None] | None = None,
) -> list[str]:
    """Attachments named by the record at `rel` (`refs`, rules.summary) that are missing or
    whose content no longer matches its sha256. `stored` gives what git holds for a path
    the work tree has only converted (line endings of a core.autocrlf clone): that content
    is what the sha256 was taken of."""
    from yakkan_cli.store.files import sha256_of

    found: list[str] = []
    for ref in refs:
        target = root / ref.path
        where = f"{rel}: {ref.section}.attachments[{ref.index}]"
        if not target.is_file():
            found.append(t("store.attachment_gone", where=where, path=ref.path))
        elif sha256_of(target) != ref.sha256 and not _stored_matches(stored, ref.path, ref.sha256):
            found.append(t("store.attachment_changed", where=where, path=ref.path))
    return found


def _stored_matches(stored: Callable[[str], bytes | None] | None, rel: str, sha256: str) -> bool:
    from yakkan_cli.store.files import sha256_bytes

    content = stored(rel) if stored is not None else None
    return content is not None and sha256_bytes(content) == sha256
