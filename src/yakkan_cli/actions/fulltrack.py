"""The full track's use cases (issue 22.2): the ISMAP snapshots its rules read, and
`yakkan ismap check`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.model import Record
from yakkan_cli.model.ismap import IsmapList, Snapshot
from yakkan_cli.rules import fulltrack
from yakkan_cli.rules.lifecycle import IN_USE
from yakkan_cli.rules.tracks import Track


def all_lists(ws: Workspace) -> dict[IsmapList, Snapshot]:
    """The newest imported snapshot of each ISMAP list, as the working tree has it."""
    from yakkan_cli.store.ismap import load_snapshot

    found: dict[IsmapList, Snapshot] = {}
    cache = ws.list_cache  # what the reads answered from the record cache take (cli/fast.py)
    for which in IsmapList:
        snapshot = load_snapshot(ws.repo.root, which, cache)
        if snapshot is not None:
            found[which] = snapshot
    return found


def lists_for(ws: Workspace, record: Record) -> fulltrack.Lists:
    """The snapshots the full track's rules read for `record`: none off the full track
    (nothing is read for a light-track or 重要性分類 record)."""
    if not fulltrack.is_full_track(record):
        return fulltrack.NO_LISTS
    return all_lists(ws)


# --- ismap check ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """One full-track service in use, as `ismap check` found it."""

    record: Record
    problem: fulltrack.RegistrationProblem | None  # None: the registration vouches for it
    excepted: bool = False  # approved with a recorded exception instead of a registration


@dataclass(frozen=True)
class IsmapCheck:
    as_of: date
    services: list[Checked]  # every full-track service in use checked, in id order
    others: list[str]  # ids asked for that are not full-track services in use
    lists: dict[IsmapList, Snapshot]
    errors: list[YakkanError] = field(default_factory=list)

    @property
    def problems(self) -> list[Checked]:
        return [c for c in self.services if c.problem is not None]


def ismap_check(ws: Workspace, ids: Sequence[str], *, as_of: date) -> IsmapCheck:
    """`yakkan ismap check [ID…]`: each full-track service in use (those of `ids`, or all),
    its registration judged against the newest imported list on `as_of`."""
    lists = all_lists(ws)
    errors: list[YakkanError] = []
    records: list[Record] = []
    if ids:
        records = [ws.load(service_id).record for service_id in dict.fromkeys(ids)]
    else:
        for item in ws.summaries():
            if isinstance(item, YakkanError):
                errors.append(item)
                continue
            summary = item.summary
            # Only a service in use on the full track is read whole.
            if summary.state not in IN_USE or summary.track is not Track.FULL:
                continue
            try:
                records.append(ws.repo.load_path(item.path, ws.config).record)
            except YakkanError as err:
                errors.append(err)
    services: list[Checked] = []
    others: list[str] = []
    for record in sorted(records, key=lambda r: r.id):
        if record.state not in IN_USE or not fulltrack.is_full_track(record):
            others.append(record.id)
            continue
        if record.ismap_exception is not None:
            services.append(Checked(record, None, excepted=True))
            continue
        problem = fulltrack.registration_problem(record, ws.config, lists, as_of)
        services.append(Checked(record, problem))
    return IsmapCheck(as_of, services, others, lists, errors)
