"""The replay: the history streamed once, each commit's record versions judged by the
config in force for it.

The git side streams (one `git log`, one `git cat-file --batch`); this module turns the
listing into record versions keyed by their path, parses them, and hands them to the pure
checks of rules/audit/. A git error on one record (a hostile path, an object git cannot
read) is a finding on that record, and the replay goes on with the others.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from yakkan_cli.actions.audit.plan import InForce, Plan, make_plan, parse_config
from yakkan_cli.actions.audit.state import (
    NeedsFullReplay,
    ReplayState,
    dump_since,
    latest_before,
    latest_since,
    people_of,
)
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.model import Config, Record
from yakkan_cli.model.ismap import IsmapList, Snapshot, snapshot_path
from yakkan_cli.rules.audit import (
    CommitInfo,
    Finding,
    RecordVersion,
    attachments_to_check,
    check_config_change,
    check_version,
)
from yakkan_cli.rules.audit.config_in_force import config_removed_finding, missing_config_finding
from yakkan_cli.rules.audit.dates import counted_day
from yakkan_cli.rules.audit.indirections import attributes_finding, nested_attributes
from yakkan_cli.rules.audit.ismap import importer_findings, is_ismap_path, snapshot_findings
from yakkan_cli.rules.audit.paths import (
    CONFIG_DIR,
    CONFIG_FILE,
    attachment_owner,
    bad_attachment_finding,
    duplicate_findings,
    git_error_finding,
    misnamed_finding,
    misnamed_record,
    move_finding,
    record_path,
    safe_attachment_path,
)
from yakkan_cli.rules.audit.retention import retention_findings
from yakkan_cli.rules.audit.signers import signers_findings
from yakkan_cli.rules.consistency import record_problems
from yakkan_cli.rules.fulltrack import Lists
from yakkan_cli.store.ismap import parse_snapshot
from yakkan_cli.store.repo import ATTACHMENTS_DIR, RECORDS_DIR
from yakkan_cli.store.yaml import problem_messages
from yakkan_cli.vcs.git.run import GitFailed
from yakkan_cli.vcs.history import (
    ALLOWED_SIGNERS,
    ZERO,
    BlobReader,
    Change,
    iter_log,
)

WATCHED = (CONFIG_FILE, CONFIG_DIR, RECORDS_DIR, ATTACHMENTS_DIR)
# Commits whose blobs are asked of git at once: a thousand versions held at a time
# (fewer round trips to `git cat-file --batch`, each waited on).
_BATCH = 1024


@dataclass
class Step:
    """One commit of the replay: the record versions it made and the config in force."""

    commit: CommitInfo
    versions: list[tuple[RecordVersion, list[str]]]  # with the attachment paths it touched
    config: Config | None
    config_before: Config | None
    findings: list[Finding] = field(default_factory=list)
    changes: tuple[Change, ...] = ()


def replay(
    ws: Workspace,
    revisions: Sequence[str],
    *,
    paths: Sequence[str] = WATCHED,
    start_config: str | None = None,
    plan: Plan | None = None,
    commits: Sequence[str] | None = None,
    today: date | None = None,
) -> Iterator[Step]:
    """Every commit of `revisions` touching `paths`, oldest first, as record versions.

    `revisions` is `["HEAD"]` (a whole history: each commit judged by the mainline's
    config before it) or `["BASE..HEAD"]` with `start_config` BASE (every commit judged by
    BASE's config). `plan` is the walk's plan when the caller already made it. `commits`:
    only these, in this order (oldest first), a partial replay that raises
    `NeedsFullReplay` when a step needs what the skipped commits would have told.
    """
    git = ws.git
    with BlobReader(git) as blobs:
        state = ReplayState(git, blobs, partial=commits is not None)
        state.today = today if today is not None else ws.today()
        try:
            if plan is None:
                head = revisions[0].split("..")[-1] or "HEAD"
                plan = make_plan(git, blobs, head, start_config)
            entries = iter_log(git, revisions, paths, commits)
            while batch := list(itertools.islice(entries, _BATCH)):
                state.prefetch(batch)
                for entry in batch:
                    if entry.changes:
                        yield _step(state, plan, entry.commit, entry.changes)
        finally:
            state.blobs.close()


def _commit_facts(plan: Plan, commit: CommitInfo) -> CommitInfo:
    signature = plan.signatures.get(commit.sha)
    arrived = plan.arrived(commit.sha)
    if signature is None:
        return commit.with_facts(arrived=arrived)
    return commit.with_facts(
        arrived=arrived,
        signature=signature.status,
        signing_key=signature.key,
        signer=signature.signer,
        key_valid_before=plan.key_until.get(commit.sha),
    )


def _step(state: ReplayState, plan: Plan, raw: CommitInfo, changes: Sequence[Change]) -> Step:
    in_force = plan.in_force(raw.sha)
    config = in_force.config
    commit = _commit_facts(plan, raw)
    if config is not None:
        # Its days are those of the calendar in force when it was made (A1), not HEAD's:
        # a village that moved its `timezone` keeps the days its old commits were judged by.
        commit = commit.on_calendar(config.zone)
    findings: list[Finding] = []
    records: dict[str, tuple[str, str]] = {}  # path → (old blob, new blob)
    touched: dict[str, dict[str, str]] = {}
    lists: list[str] = []  # paths under .yakkan/ismap/ (I1, I2)
    for change in changes:
        if is_ismap_path(change.path):
            lists.append(change.path)
        elif change.path == CONFIG_FILE and not commit.is_merge:
            if change.new_blob == ZERO:
                findings.append(config_removed_finding(commit.sha, CONFIG_FILE))
            else:
                read = state.blobs.read(change.new_blob)
                _, problems = parse_config(read.data if read else None)
                findings += check_config_change(commit, problems)
        elif change.path == ALLOWED_SIGNERS and change.new_blob != ZERO and not commit.is_merge:
            read = state.blobs.read(change.new_blob)
            text = read.data.decode("utf-8", "replace") if read else ""
            findings += signers_findings(commit.sha, ALLOWED_SIGNERS, text)
        elif nested_attributes(change.path):
            if change.new_blob != ZERO and not commit.is_merge:
                findings.append(attributes_finding(commit.sha, change.path))
        elif record_path(change.path):
            records[change.path] = (change.old_blob, change.new_blob)
        elif (owner := attachment_owner(change.path)) is not None:
            touched.setdefault(owner, {})[change.path] = change.new_blob
        elif misnamed_record(change.path) and change.new_blob != ZERO and not commit.is_merge:
            findings.append(misnamed_finding(commit.sha, change.path))
    if lists and not commit.is_merge:
        findings += _list_findings(state, commit, config, lists)
    versions: list[tuple[RecordVersion, list[str]]] = []
    pairs = list(_pair(records, touched, state, commit))
    # How many records the commit changed: several under a one-record action is a squash.
    changed = len({sides.service_id for sides in pairs if sides.before or sides.after})
    for sides in pairs:
        service_id = sides.service_id
        where = sides.after or sides.before or ""
        try:
            version = _version(state, commit, sides, config, touched.get(service_id, {}))
            versions.append((version, sorted(touched.get(service_id, {}))))
            findings += _judge(state, commit, version, in_force, sides, changed)
        except GitFailed as err:
            findings.append(git_error_finding(commit.sha, where, service_id, str(err)))
            state.reopen()
    return Step(commit, versions, config, config, findings, tuple(changes))


def _list_findings(
    state: ReplayState, commit: CommitInfo, config: Config | None, paths: list[str]
) -> list[Finding]:
    """I1 and I2 on a commit that changed an imported ISMAP list (rules/audit/ismap.py)."""
    from yakkan_cli.actions.audit.ismap import lists_at

    try:
        lists = lists_at(state.blobs, commit, paths)
    except GitFailed as err:
        state.reopen()
        return [git_error_finding(commit.sha, paths[0], None, str(err))]
    found = snapshot_findings(commit, lists)
    if config is not None:
        found += importer_findings(commit, config, lists, state.today)
    return found


@dataclass
class _Sides:
    service_id: str
    before: str | None = None  # path of the version before
    before_blob: str = ZERO
    after: str | None = None
    after_blob: str = ZERO
    moved_from: str | None = None
    twins: list[str] = field(default_factory=list)
    bad_paths: list[str] = field(default_factory=list)


def _pair(
    records: dict[str, tuple[str, str]],
    touched: dict[str, dict[str, str]],
    state: ReplayState,
    commit: CommitInfo,
) -> list[_Sides]:
    """The record versions of one commit, keyed by path: a removal and an addition of the
    same id in one commit are one version that moved (A4); attachments alone are the
    record's version at the commit."""
    out: list[_Sides] = []
    removed: dict[str, _Sides] = {}
    for path, (old, new) in sorted(records.items()):
        found = record_path(path)
        assert found is not None
        sides = _Sides(found.service_id)
        if old != ZERO:
            sides.before, sides.before_blob = path, old
        if new != ZERO:
            sides.after, sides.after_blob = path, new
        if old != ZERO and new == ZERO:
            removed[found.service_id] = sides
        out.append(sides)
    for sides in list(out):
        if sides.before is None and sides.after is not None:
            gone = removed.get(sides.service_id)
            if gone is not None and gone in out:
                out.remove(gone)
                sides.before, sides.before_blob = gone.before, gone.before_blob
                sides.moved_from = gone.before
            elif not commit.is_merge:
                found = record_path(sides.after)
                assert found is not None
                sides.twins = state.twins(commit.sha, found)
    known = {s.service_id for s in out}
    for service_id in sorted(touched.keys() - known):
        # Only attachments changed: the record is as the commit has it.
        where = state.find_path(commit.sha, service_id)
        blob = state.blobs.read(f"{commit.sha}:{where}") if where else None
        if where is None or blob is None:
            continue
        out.append(_Sides(service_id, where, blob.sha, where, blob.sha))
    return out


def _version(
    state: ReplayState,
    commit: CommitInfo,
    sides: _Sides,
    config: Config | None,
    touched: dict[str, str],
) -> RecordVersion:
    before: Record | None = None
    before_data: dict[str, Any] | None = None
    before_invalid = False
    if sides.before is not None:
        before_data = state.data(sides.before, sides.before_blob)
        before, _, problems = state.record(sides.before, sides.before_blob)
        if problems and state.partial:
            # Judged against the last version that validated: only a full replay knows it.
            raise NeedsFullReplay(sides.before)
        if problems and sides.before in state.valid:
            # Judged against the last version that validated (its fault was found then).
            before, before_data = state.valid[sides.before]
        else:
            before_invalid = bool(problems)
            if before is not None and not problems and sides.before not in state.valid:
                # The first version seen (a range's base) counts as the last valid one too.
                state.valid[sides.before] = (before, before_data)
    before_latest = (
        latest_before(state, sides.before, before_data)
        if sides.before is not None and before_data is not None
        else None
    )
    after: Record | None = None
    after_data: dict[str, Any] | None = None
    problems_after: list[str] = []
    if sides.after is not None:
        after, text, problems_after = state.record(sides.after, sides.after_blob)
        if after is not None and config is not None:
            stem, folder = sides.after.rsplit("/", 1)[1][:-5], sides.after.split("/")[1]
            people = people_of(state, sides.after, after, sides.before, before)
            found = record_problems(after, config, stem=stem, folder=folder, people=people)
            if found:
                problems_after = problem_messages(
                    found, text.decode("utf-8", "replace"), sides.after
                )
        if after is not None and not problems_after:
            # Dumped once here, compared again as the "before" of the path's next change.
            after_data = dump_since(after, before, before_data)
            state.valid[sides.after] = (after, after_data)
            latest_since(state, sides.after, after_data, before_data, before_latest)
        state.last[sides.after] = (
            sides.after_blob,
            after if not problems_after else None,
            after_data,
        )
    if state.partial and sides.after is None:
        # S5.4 counts a removal's retention from the day the termination's approval reached
        # the mainline, which a full replay notes as it streams the record's whole life: a
        # partial one judges no removal. (A move passes no such day to the rule, in either.)
        raise NeedsFullReplay(sides.before or "")
    if sides.before and sides.before != sides.after:
        state.last.pop(sides.before, None)
        state.valid.pop(sides.before, None)
        state.latest.pop(sides.before, None)
        state.people.pop(sides.before, None)
        state.reader.forget(sides.before)
        if sides.after and sides.before in state.approval_arrived:
            state.approval_arrived[sides.after] = state.approval_arrived.pop(sides.before)
    # Retention counts from when the termination's approval reached the mainline.
    where = sides.after or sides.before or ""
    if (
        after is not None
        and after.termination is not None
        and after.termination.approved_by
        and not (before and before.termination and before.termination.approved_by)
    ):
        state.approval_arrived[where] = counted_day(commit, state.today)
    version = RecordVersion(
        service_id=sides.service_id,
        path_before=sides.before,
        path_after=sides.after,
        before=before,
        after=after if not problems_after else None,
        before_invalid=before_invalid,
        after_problems=tuple(problems_after),
        before_data=before_data,
        after_data=after_data,
        approval_arrived=state.approval_arrived.get(sides.before or where),
        before_latest=before_latest,
    )
    expected = attachments_to_check(version, touched)
    # A8: an attachment path is `attachments/<id>/<file>`; anything else never reaches git.
    sides.bad_paths = [p for p in expected if not safe_attachment_path(p, sides.service_id)]
    safe = [p for p in expected if p not in sides.bad_paths]
    if not safe:
        return version
    actual = {path: state.digest(touched.get(path, f"{commit.sha}:{path}")) for path in safe}
    return replace(version, attachments=actual)


def _lists_in_force(state: ReplayState, in_force: InForce) -> Lists:
    """The ISMAP snapshots the mainline held where the commit is judged (the `.yakkan/`
    files of the config in force): an approval is judged against the lists that had
    reached the mainline when it arrived, as the rules it arrived under (A1). A snapshot
    that does not parse vouches for nothing (its import is judged on its own commit)."""
    found: dict[IsmapList, Snapshot] = {}
    for which in IsmapList:
        path = snapshot_path(which)
        blob = in_force.blob(path)
        if blob is None:
            continue
        if blob not in state.snapshots:
            read = state.blobs.read(blob)
            try:
                state.snapshots[blob] = parse_snapshot(read.data, path) if read else None
            except YakkanError:
                state.snapshots[blob] = None
        snapshot = state.snapshots[blob]
        if snapshot is not None:
            found[which] = snapshot
    return found


def _judge(
    state: ReplayState,
    commit: CommitInfo,
    version: RecordVersion,
    in_force: InForce,
    sides: _Sides,
    records: int = 1,
) -> list[Finding]:
    config = in_force.config
    where = version.path
    found: list[Finding] = [
        bad_attachment_finding(commit.sha, where, version.service_id, p) for p in sides.bad_paths
    ]
    if config is None and not commit.is_merge:
        found.append(missing_config_finding(commit.sha, where, version.service_id))
    found += check_version(
        commit,
        version,
        config,
        config,
        today=state.today,
        records=records,
        lists=lambda: _lists_in_force(state, in_force),
    )
    if commit.is_merge or config is None:
        return found
    if sides.moved_from is not None and sides.after is not None:
        found.append(move_finding(commit.sha, sides.moved_from, sides.after, version.service_id))
        # The old path is removed: it goes through the retention rule like any removal.
        if version.before is not None:

            def add(rule: str, message: str) -> None:
                found.append(
                    Finding(commit.sha, sides.moved_from or "", version.service_id, rule, message)
                )

            retention_findings(
                commit, version.before, config.policy, add, version.approval_arrived, state.today
            )
    if sides.twins and sides.after is not None:
        added = record_path(sides.after)
        assert added is not None
        found += duplicate_findings(commit.sha, added, sides.twins)
    return found
