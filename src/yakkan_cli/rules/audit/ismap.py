"""I1, I2: an imported ISMAP list is an action like any other (issue 22.3).

A list decides which full-track services may be approved, so a commit that changes
`.yakkan/ismap/` is judged as an import, whatever its message says:

- I1 who: the author is a security administrator of the config in force (its
  `security_administrators`), the trailers name the import and that person, the manifest's
  `imported_by` is that person, and the commit is signed when the policy asks for signatures.
- I2 what: the snapshot is exactly what the normaliser makes of the committed source file
  (recomputed by the caller: an entry's `valid_until` moved by hand is named, with the file
  and the entry), the manifest's sha256 is the source file's, the folder is the manifest's
  list, and nothing else is written under `.yakkan/ismap/`.

Pure: the replay reads the blobs and recomputes the snapshot (actions/audit/replay.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from yakkan_cli.messages import t
from yakkan_cli.model import Config
from yakkan_cli.model.ismap import (
    ACTION_IMPORT,
    SNAPSHOT_FILE,
    SOURCE_STEM,
    Entry,
    IsmapList,
    Snapshot,
    SourceFormat,
    snapshot_path,
    source_path,
)
from yakkan_cli.model.places import ISMAP_DIR
from yakkan_cli.rules.audit.dates import commit_time
from yakkan_cli.rules.audit.facts import TRAILER_ACTION, TRAILER_ACTOR, CommitInfo, Finding
from yakkan_cli.rules.audit.signatures import status_findings

RULE_IMPORTER = "I1"
RULE_SNAPSHOT = "I2"
_FILES = {SNAPSHOT_FILE, *(f"{SOURCE_STEM}.{f.value}" for f in SourceFormat)}


def is_ismap_path(path: str) -> bool:
    return path.startswith(f"{ISMAP_DIR}/")


def list_of(path: str) -> IsmapList | None:
    """The list whose folder holds `path`, when it is a file an import writes."""
    rest = path[len(ISMAP_DIR) + 1 :]
    folder, sep, name = rest.partition("/")
    if not sep or name not in _FILES:
        return None
    try:
        return IsmapList(folder)
    except ValueError:
        return None


@dataclass(frozen=True)
class ListAtCommit:
    """One list as a commit that touched it left it, read by the caller."""

    list_name: IsmapList
    touched: tuple[str, ...]  # the paths of the list's folder the commit changed
    snapshot: Snapshot | None  # None: removed, or `problem` says why it did not read
    problem: str | None = None
    source_sha256: str | None = None  # of the file the manifest names, None: not there
    # What the normaliser makes of that file under the manifest; None with `recomputed_problem`
    # saying why (unreadable), or None when there was nothing to recompute.
    recomputed: Snapshot | None = None
    recomputed_problem: str | None = None
    stray: tuple[str, ...] = field(default=())  # other paths under .yakkan/ismap/


def _first_difference(found: Sequence[Entry], made: Sequence[Entry]) -> str:
    """The first entry and field where the committed snapshot departs from the recomputed
    one, in words: the registration, the field, both values."""
    made_by = {e.registration: e for e in made}
    found_by = {e.registration: e for e in found}
    for entry in found:
        other = made_by.get(entry.registration)
        if other is None:
            return t("audit.ismap_entry_added", registration=entry.registration)
        if other != entry:
            for name in Entry.model_fields:
                mine, theirs = getattr(entry, name), getattr(other, name)
                if mine != theirs:
                    return t(
                        "audit.ismap_entry_changed",
                        registration=entry.registration,
                        field=name,
                        found=_shown(mine),
                        expected=_shown(theirs),
                    )
    for entry in made:
        if entry.registration not in found_by:
            return t("audit.ismap_entry_dropped", registration=entry.registration)
    return t("audit.ismap_entry_order")


def _shown(value: object) -> str:
    if value is None:
        return "—"
    return value.isoformat() if isinstance(value, date) else str(value)


def snapshot_findings(commit: CommitInfo, lists: Sequence[ListAtCommit]) -> list[Finding]:
    """I2 for each list the commit touched."""
    found: list[Finding] = []
    for item in lists:
        rel = snapshot_path(item.list_name)

        def add(message: str, path: str = rel) -> None:
            found.append(Finding(commit.sha, path, None, RULE_SNAPSHOT, message))

        for path in item.stray:
            add(t("audit.ismap_stray", path=path), path)
        if not item.touched:  # only files beside the lists: the lists themselves are as before
            continue
        snap = item.snapshot
        if snap is None:
            add(item.problem or t("audit.ismap_removed", path=rel))
            continue
        manifest = snap.manifest
        if manifest.list_ is not item.list_name:
            add(t("audit.ismap_wrong_list", path=rel, list=manifest.list_.value))
        source = source_path(item.list_name, manifest.format)
        if item.source_sha256 is None:
            add(t("audit.ismap_no_source", path=rel, source=source), source)
            continue
        if item.source_sha256 != manifest.sha256:
            add(t("audit.ismap_sha256", path=rel, source=source), source)
        if item.recomputed is None:
            if item.recomputed_problem is not None:
                add(t("audit.ismap_unreadable", source=source, problem=item.recomputed_problem))
            continue
        if item.recomputed != snap:
            difference = _first_difference(snap.entries, item.recomputed.entries)
            if snap.entries == item.recomputed.entries:
                difference = t("audit.ismap_manifest_changed")
            add(t("audit.ismap_doctored", path=rel, source=source, difference=difference))
    return found


def importer_findings(
    commit: CommitInfo, config: Config, lists: Sequence[ListAtCommit], today: date | None
) -> list[Finding]:
    """I1: who imported, as the config in force for the commit says who may."""
    if not lists:
        return []
    rel = snapshot_path(lists[0].list_name)
    found: list[Finding] = []

    def add(rule: str, message: str) -> None:
        found.append(Finding(commit.sha, rel, None, rule, message))

    person = config.person_by_email(commit.author_email)
    allowed = config.security_administrators
    if person is None or person.id not in allowed:
        names = "、".join(config.name_of(p) for p in allowed) or t("ismap.nobody")
        add(
            RULE_IMPORTER,
            t("audit.ismap_not_administrator", author=commit.author_email, names=names),
        )
    if commit.trailers.get(TRAILER_ACTION) != ACTION_IMPORT:
        add(RULE_IMPORTER, t("audit.ismap_no_action", action=ACTION_IMPORT))
    elif person is not None and commit.trailers.get(TRAILER_ACTOR) != person.id:
        add(
            RULE_IMPORTER,
            t("audit.ismap_actor", actor=commit.trailers.get(TRAILER_ACTOR, "—"), id=person.id),
        )
    day = commit_time(commit).date()
    for item in lists:
        snap = item.snapshot
        if snap is None:
            continue
        manifest = snap.manifest
        if person is not None and manifest.imported_by != person.id:
            add(
                RULE_IMPORTER,
                t("audit.ismap_imported_by", named=manifest.imported_by, id=person.id),
            )
        # The import states the day it was made (the village's today), the commit carries
        # it: a day apart at most (a commit made over midnight). The list was saved from the
        # portal before it was imported, not after.
        if not day - timedelta(days=1) <= manifest.imported_on <= day:
            add(
                RULE_IMPORTER,
                t("audit.ismap_imported_on", day=manifest.imported_on, commit_day=day),
            )
        if manifest.retrieved_on > manifest.imported_on:
            add(
                RULE_IMPORTER,
                t(
                    "audit.ismap_retrieved_after",
                    retrieved=manifest.retrieved_on,
                    day=manifest.imported_on,
                ),
            )
    if config.policy.signatures_required:
        what = t("audit.what_ismap_import")
        if commit.signature == "N":
            add(RULE_IMPORTER, t("audit.ismap_unsigned"))
        else:
            status_findings(commit, RULE_IMPORTER, what, commit.author_email, add, today)
    return found
