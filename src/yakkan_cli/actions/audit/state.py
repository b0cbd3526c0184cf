"""What the replay carries from one commit to the next, and how it reads a record version.

A full replay streams every commit and keeps, per record path, the last version it saw
(the "before" of the next change) and the last one that validated; a partial one (an
incremental audit) streams only some commits, and raises `NeedsFullReplay` when a step
needs what the commits it skipped would have told (see actions/audit/incremental.py).
"""

from __future__ import annotations

import hashlib
import operator
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yakkan_cli.actions import clock
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Record
from yakkan_cli.model.ismap import Snapshot
from yakkan_cli.rules.audit import record_data
from yakkan_cli.rules.audit.dates import latest_action_text, latest_action_text_since
from yakkan_cli.rules.audit.paths import CONFIG_FILE, RecordPath, attachment_owner, record_path
from yakkan_cli.rules.consistency import people_named, people_named_since
from yakkan_cli.store.repo import RECORDS_DIR
from yakkan_cli.store.yaml import VersionReader
from yakkan_cli.vcs.git.repository import Git
from yakkan_cli.vcs.git.run import GitFailed
from yakkan_cli.vcs.history import BlobReader, LogEntry

_SHA = re.compile(r"[0-9a-f]{40}")
_PARSED = 512  # the versions `ReplayState.parse` keeps, the latest first


def _problems(err: YakkanError) -> list[str]:
    return err.details or [err.message]


@dataclass
class ReplayState:
    git: Git
    blobs: BlobReader
    # path → (blob id, record or None when it does not validate, its `record_data`): the
    # last version seen, which is the "before" of the next change of that path.
    last: dict[str, tuple[str, Record | None, dict[str, Any] | None]] = field(default_factory=dict)
    # path → the last version of it that validated: the "before" when the real one does
    # not, so that a broken version never hides the next step from the checks.
    valid: dict[str, tuple[Record, dict[str, Any] | None]] = field(default_factory=dict)
    # A partial replay (an incremental audit) streams only some commits: what a full one
    # would carry over from commits it skips is missing, and a step that needs it stops
    # the partial replay (`NeedsFullReplay`) rather than be judged without it.
    partial: bool = False
    folders: dict[str, list[str]] = field(default_factory=dict)  # commit → its record folders
    # The audit's own clock: a commit dated after it is a finding (A6).
    today: date = field(default_factory=clock.today)
    digests: dict[str, str] = field(default_factory=dict)  # blob id → sha256 of content
    # path → the day the termination's approval reached the mainline (retention, S5.4).
    approval_arrived: dict[str, date] = field(default_factory=dict)
    # path → (the `record_data` of its last valid version, `latest_action_text` of that
    # data): A6's "latest action date before the step", carried rather than read again.
    latest: dict[str, tuple[dict[str, Any], str | None]] = field(default_factory=dict)
    # path → (its last version, everyone it names): carried as `latest` is.
    people: dict[str, tuple[Record, set[str]]] = field(default_factory=dict)
    # Each version of a record is mostly the one before it: read only what changed.
    reader: VersionReader = field(default_factory=VersionReader)
    # blob id → the ISMAP snapshot it holds (None: it does not parse), read when an
    # approval on the full track is judged against the lists in force.
    snapshots: dict[str, Snapshot | None] = field(default_factory=dict)
    # (path, blob id) → what `parse` made of it, the latest few hundred.
    parsed: OrderedDict[tuple[str, str], tuple[Record | None, bytes, list[str]]] = field(
        default_factory=OrderedDict
    )

    def prefetch(self, entries: Sequence[LogEntry]) -> None:
        """Ask git at once for every blob the steps of `entries` will read."""
        ids: list[str] = []
        fresh: set[str] = set()
        for entry in entries:
            for change in entry.changes:
                if change.path == CONFIG_FILE or record_path(change.path):
                    known = self.last.get(change.path)
                    if change.old_blob not in fresh and not (known and known[0] == change.old_blob):
                        ids.append(change.old_blob)
                    ids.append(change.new_blob)
                    fresh.add(change.new_blob)
                elif (
                    attachment_owner(change.path) is not None
                    and change.new_blob not in self.digests
                ):
                    ids.append(change.new_blob)
        try:
            self.blobs.prefetch(ids)
        except GitFailed:
            self.reopen()  # each read then asks git on its own, and names what fails

    def reopen(self) -> None:
        """A fresh `git cat-file` after git gave up on one request."""
        self.blobs.close()
        self.blobs = BlobReader(self.git)

    def record(self, path: str, blob_id: str) -> tuple[Record | None, bytes, list[str]]:
        cached = self.last.get(path)
        if cached and cached[0] == blob_id and cached[1] is not None:
            return cached[1], b"", []
        return self.parse(path, blob_id)

    def parse(self, path: str, blob_id: str) -> tuple[Record | None, bytes, list[str]]:
        """The record a blob holds at `path`, or the problems that make it invalid.

        The one place a replay turns a blob into a record: a blob met again in the same
        run (a merge bringing a branch's version, a reverted change) is parsed once. A
        cache kept across runs (keyed, like this one, by the blob id) plugs in here."""
        key = (path, blob_id)
        if key in self.parsed:
            self.parsed.move_to_end(key)
            return self.parsed[key]
        blob = self.blobs.read(blob_id)
        if blob is None:
            return None, b"", [t("audit.unreadable", path=path)]
        try:
            found: tuple[Record | None, bytes, list[str]] = (
                self.reader.parse_model(Record, blob.data, path),
                blob.data,
                [],
            )
        except YakkanError as err:
            found = None, blob.data, _problems(err)
        self.parsed[key] = found
        if len(self.parsed) > _PARSED:
            self.parsed.popitem(last=False)
        return found

    def data(self, path: str, blob_id: str) -> dict[str, Any] | None:
        """`record_data` of the version `record` returns from what it kept, if it kept it."""
        cached = self.last.get(path)
        return cached[2] if cached and cached[0] == blob_id else None

    def digest(self, spec: str) -> str | None:
        if spec in self.digests:
            return self.digests[spec]
        blob = self.blobs.read(spec)
        if blob is None:
            return None
        value = self.digests.setdefault(blob.sha, hashlib.sha256(blob.data).hexdigest())
        if _SHA.fullmatch(spec):
            self.digests[spec] = value
        return value

    def record_folders(self, commit: str) -> list[str]:
        """The department folders of the commit's own tree: where a record of it can be.

        Read from the commit rather than gathered along the replay, so that what is found
        depends on the commit alone, whichever commits the replay streamed before it."""
        if commit not in self.folders:
            self.folders = {commit: sorted(self.blobs.tree(f"{commit}:{RECORDS_DIR}") or {})}
        return self.folders[commit]

    def find_path(self, commit: str, service_id: str) -> str | None:
        for folder in self.record_folders(commit):
            path = f"{RECORDS_DIR}/{folder}/{service_id}.yaml"
            if self.blobs.read(f"{commit}:{path}") is not None:
                return path
        return None

    def twins(self, commit: str, added: RecordPath) -> list[str]:
        """Other record files of the commit's tree with the id of an added one (A4)."""
        found = []
        for folder in self.record_folders(commit):
            if folder == added.department:
                continue
            path = f"{RECORDS_DIR}/{folder}/{added.service_id}.yaml"
            if self.blobs.read(f"{commit}:{path}") is not None:
                found.append(path)
        return found


def _shared_fields() -> dict[str, bool]:
    """Record's fields holding sub-models (True: a list of them), each dumped under its own
    name: what a version may share with the one before it."""
    shared: dict[str, bool] = {}
    for name, info in Record.model_fields.items():
        if info.alias is None and info.serialization_alias is None:
            text = str(info.annotation)
            shared[name] = text.startswith("list[")
    return shared


_SHARED = _shared_fields()


def dump_since(
    record: Record, before: Record | None, before_data: dict[str, Any] | None
) -> dict[str, Any]:
    """`record_data(record)`, where `before_data` is `record_data(before)`: what `record`
    shares with `before` (the reader hands back an unchanged section or entry as the very
    sub-model it validated before, see store.yaml.VersionReader) is taken from
    `before_data` instead of being dumped again, so a version with one new backup dumps
    one backup; comparing the two versions (rules.audit.fields) then finds the shared
    parts equal at once. The result is `record_data(record)`, value for value."""
    if before is None or before_data is None:
        return record_data(record)
    whole: set[str] = set()
    kept: dict[str, int] = {}
    for name, is_list in _SHARED.items():
        new, old = getattr(record, name), getattr(before, name)
        if name not in before_data:
            continue
        if not is_list:
            if new is old and new is not None:
                whole.add(name)
        elif new and old and new.__class__ is list and old.__class__ is list:
            same = list(map(operator.is_, new, old))
            n = same.index(False) if False in same else len(same)
            if n:
                kept[name] = n
    if not whole and not kept:
        return record_data(record)
    exclude: dict[str, Any] = dict.fromkeys(whole, True)
    exclude.update((name, set(range(n))) for name, n in kept.items())
    dumped: dict[str, Any] = record.model_dump(mode="json", by_alias=True, exclude=exclude)
    out: dict[str, Any] = {}
    for name in Record.model_fields:
        if name in whole:
            out[name] = before_data[name]
        elif name in kept:
            out[name] = [*before_data[name][: kept[name]], *dumped[name]]
        elif name in dumped:
            out[name] = dumped[name]
    return out


def latest_since(
    state: ReplayState,
    path: str,
    after_data: dict[str, Any],
    before_data: dict[str, Any] | None,
    before_latest: str | None,
) -> None:
    """Carry A6's latest action date of a version that validated to its path's next step:
    read from what it added to `before_data`, whose own is `before_latest`."""
    if before_data is None:
        latest = latest_action_text(after_data)
    else:
        latest = latest_action_text_since(after_data, before_data, before_latest)
    state.latest[path] = (after_data, latest)


def latest_before(state: ReplayState, path: str, before_data: dict[str, Any]) -> str | None:
    """`latest_action_text(before_data)`: carried when `before_data` is the very data the
    path's last step left, read otherwise."""
    held = state.latest.get(path)
    if held is not None and held[0] is before_data:
        return held[1]
    return latest_action_text(before_data)


def people_of(
    state: ReplayState, path: str, record: Record, before_path: str | None, before: Record | None
) -> set[str]:
    """Everyone `record` (at `path`) names, read from what it added to `before` (at
    `before_path`) when the replay holds `before`'s; kept for the path's next step."""
    held = state.people.get(before_path) if before_path is not None else None
    if before is not None and held is not None and held[0] is before:
        people = people_named_since(record, before, held[1])
    else:
        people = people_named(record)
    state.people[path] = (record, people)
    return people


class NeedsFullReplay(Exception):
    """A partial replay met a step whose judgement needs commits it did not stream."""
