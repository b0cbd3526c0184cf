"""`yakkan ismap import` and `yakkan ismap find` (issue 22.3).

An import is one action of a security administrator: the file as the clerk saved it from
the portal and the snapshot the normaliser makes of it land in one commit, with trailers
as every action's, so `verify` and `audit` judge it (rules/audit/ismap.py) by recomputing
the snapshot from the committed file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Person
from yakkan_cli.model.ismap import (
    ACTION_IMPORT,
    TRAILER_LIST,
    Column,
    Entry,
    IsmapList,
    Manifest,
    Snapshot,
    SourceFormat,
    snapshot_path,
    source_path,
)
from yakkan_cli.rules.ismap import is_valid_on, registration_key
from yakkan_cli.rules.ismap.headings import ListProblem
from yakkan_cli.rules.ismap.normalise import NORMALISER_VERSION, VERSIONS, normalise
from yakkan_cli.rules.violation import RuleViolation
from yakkan_cli.store.cache.codec import PlainSnapshot, plain_snapshot
from yakkan_cli.store.files import fault, sha256_bytes
from yakkan_cli.store.ismap import dump_snapshot, load_snapshot
from yakkan_cli.store.ismap.tables import MAX_SOURCE_BYTES, detect_format, read_tables
from yakkan_cli.store.yaml import MAX_BYTES, field_messages, visible

_URL = re.compile(r"^https?://[^\s]+$")


@dataclass(frozen=True)
class Imported:
    """What an import did, for the command line to report."""

    list_name: IsmapList
    commit: str | None  # None: the very same list was already imported; nothing committed
    message: str
    count: int
    next_who: tuple[str, ...]  # the security administrators, who run `ismap check` next


def list_title(list_name: IsmapList) -> str:
    return t(f"ismap.list.{list_name.value}")


def administrators(ws: Workspace) -> str:
    names = [ws.config.name_of(p) for p in ws.config.security_administrators]
    return "、".join(names) or t("ismap.nobody")


def may_import(ws: Workspace) -> Person:
    """The person acting, when they may import a list: refused before any file is read."""
    actor = ws.actor()
    allowed = ws.config.security_administrators
    if not allowed:
        raise RuleViolation(t("ismap.no_administrators"))
    if actor.id not in allowed:
        raise RuleViolation(t("ismap.not_administrator", names=administrators(ws)))
    return actor


def _read_source(file: Path) -> bytes:
    shown = visible(str(file))
    try:
        if file.stat().st_size > MAX_SOURCE_BYTES:
            raise YakkanError(t("ismap.too_large", path=shown, limit=MAX_SOURCE_BYTES))
        return file.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise YakkanError(t("ismap.missing_file", path=shown)) from None
    except OSError as err:
        named = fault(err, shown)
        if named is None:
            raise
        raise named from err


def make_snapshot(
    data: bytes, fmt: SourceFormat, manifest: Manifest, columns: Mapping[Column, str]
) -> Snapshot:
    """What the normaliser makes of a list file: the import's snapshot, and what `verify`
    and `audit` recompute from the committed file. ListProblem when it cannot be read."""
    if manifest.normaliser not in VERSIONS:
        # Every version stays callable for the lists it read; a later one is unknown here.
        raise ListProblem([f"normaliser {manifest.normaliser}"])
    return normalise(read_tables(fmt, data), manifest, columns)


def import_list(
    ws: Workspace,
    file: Path,
    *,
    list_name: IsmapList,
    retrieved: date,
    source_url: str | None,
    columns: Mapping[Column, str],
) -> Imported:
    actor = may_import(ws)
    today = ws.today()
    if retrieved > today:
        raise YakkanError(
            t("ismap.retrieved_future", day=retrieved.isoformat(), today=today.isoformat())
        )
    if source_url is not None and not _URL.fullmatch(source_url):
        raise YakkanError(t("ismap.source_url", value=visible(source_url)))
    data = _read_source(file)
    shown = visible(str(file))
    try:
        fmt = detect_format(file.name, data)
        if fmt is None:
            raise YakkanError(t("ismap.unknown_format", path=shown))
        manifest = Manifest.model_validate(
            {
                "list": list_name,
                "source_url": source_url,
                "retrieved_on": retrieved,
                "file": file.name,
                "format": fmt,
                "sha256": sha256_bytes(data),
                "columns": dict(columns),
                "imported_by": actor.id,
                "imported_on": today,
                "normaliser": NORMALISER_VERSION,
            }
        )
        snapshot = make_snapshot(data, fmt, manifest, columns)
    except ListProblem as problem:
        raise YakkanError(t("ismap.unreadable", path=shown), details=problem.problems) from None
    except ValidationError as exc:  # a file name or --source holding a control character
        raise YakkanError(t("actions.input_invalid"), details=field_messages(exc)) from None
    text = dump_snapshot(snapshot).encode("utf-8")
    if len(text) > MAX_BYTES:  # the strict reader would refuse it on every later read
        raise YakkanError(t("ismap.snapshot_too_large", path=shown, limit=MAX_BYTES))
    title = list_title(list_name)
    count = len(snapshot.entries)
    done = t("ismap.imported", list=title, day=retrieved.isoformat(), count=count)
    source_rel = source_path(list_name, fmt)
    snapshot_rel = snapshot_path(list_name)
    # The other formats' copies of an earlier import go: one source per list, the one
    # the snapshot was made from.
    stale = [source_path(list_name, f) for f in SourceFormat if f is not fmt]
    with ws.transaction_files(
        [source_rel, snapshot_rel, *stale], actor, on=today, label=title
    ) as tx:
        # Compared under the lock, once an interrupted import has been refused (`yakkan
        # recover`) and the list's files are known to be HEAD's: a snapshot written by a
        # killed run but never committed must not pass for the list already imported.
        try:
            previous = load_snapshot(ws.repo.root, list_name)
        except YakkanError:
            previous = None  # a snapshot that no longer reads is what an import replaces
        if previous is not None and _same(previous, snapshot):
            same = t("ismap.same", list=title, day=retrieved.isoformat(), count=count)
            admins = tuple(ws.config.security_administrators)
            return Imported(list_name, None, same, count, admins)
        tx.put(source_rel, data)
        tx.put(snapshot_rel, text)
        for rel in stale:
            if (ws.repo.root / rel).exists():
                tx.remove(rel)
        summary = t("ismap.summary", list=title, day=retrieved.isoformat(), count=count)
        commit = tx.commit(
            f"{ACTION_IMPORT}({list_name.value}): {summary}",
            [("Yakkan-Action", ACTION_IMPORT), (TRAILER_LIST, list_name.value)],
            sign=ws.config.policy.signatures_required,
        )
    return Imported(list_name, commit, done, count, tuple(ws.config.security_administrators))


def _same(before: Snapshot, after: Snapshot) -> bool:
    """The same file read the same way, retrieved the same day: nothing to record."""
    keep = ("list_", "retrieved_on", "sha256", "columns", "source_url", "normaliser")
    return before.entries == after.entries and all(
        getattr(before.manifest, k) == getattr(after.manifest, k) for k in keep
    )


def snapshots_read(ws: Workspace) -> Iterator[tuple[IsmapList, PlainSnapshot | YakkanError]]:
    """`validate`: each imported list's snapshot as the work tree has it, or the error that
    stops it (actions.validation.list_problems judges them); what was read is kept for a
    `validate` answered from the record cache (store.cache.lists)."""
    cache = ws.list_cache
    for list_name in IsmapList:
        try:
            snapshot = load_snapshot(ws.repo.root, list_name, cache)
        except YakkanError as err:
            yield list_name, err
            continue
        if snapshot is not None:
            yield list_name, plain_snapshot(snapshot)


# --- find ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    list_name: IsmapList
    retrieved_on: date
    valid: bool  # on the day asked


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _score(entry: Entry, words: Sequence[str]) -> int | None:
    """How well `words` name the entry (lower is better); None when they do not."""
    service, provider = _key(entry.service), _key(entry.provider)
    whole = "".join(words)
    if registration_key(whole) == entry.registration:  # a number looked up, not a name
        return 0
    if whole in (service, provider):
        return 0
    if service.startswith(whole) or provider.startswith(whole):
        return 1
    if whole in service or whole in provider:
        return 2
    both = provider + service
    if all(word in both for word in words):
        return 3
    return None


def find_entries(
    ws: Workspace, name: str, *, lists: Sequence[IsmapList], on: date, limit: int = 20
) -> tuple[list[Candidate], list[IsmapList]]:
    """List entries whose service or provider name holds `name` (NFKC, blanks ignored),
    best first; and the lists that have a snapshot at all."""
    words = [_key(w) for w in unicodedata.normalize("NFKC", name).split() if _key(w)]
    if not words:
        raise YakkanError(t("ismap.empty_query"))
    scored: list[tuple[int, int, str, Candidate]] = []
    present: list[IsmapList] = []
    for list_name in lists:
        snapshot = load_snapshot(ws.repo.root, list_name)
        if snapshot is None:
            continue
        present.append(list_name)
        for entry in snapshot.entries:
            score = _score(entry, words)
            if score is None:
                continue
            candidate = Candidate(
                entry, list_name, snapshot.manifest.retrieved_on, is_valid_on(entry, on)
            )
            closeness = len(_key(entry.service)) + len(_key(entry.provider))
            scored.append((score, closeness, entry.registration, candidate))
    scored.sort(key=lambda s: (s[0], not s[3].valid, s[1], s[2]))
    return [s[3] for s in scored[:limit]], present
