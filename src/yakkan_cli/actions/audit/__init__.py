"""`audit` and `verify`: replay the history of records and check every step (DESIGN §4, §6).

`plan` decides, before the history streams, where each commit stands on the mainline and
which config is in force for it; `replay` streams the history and judges each record's
step; `merges` recomputes every merge; this module puts them together with the accepted
findings into one result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from yakkan_cli.actions.audit.acceptances import refusal
from yakkan_cli.actions.audit.clock import clock_check
from yakkan_cli.actions.audit.incremental import (
    Selection,
    grown_selection,
    keys_of,
    open_unit,
    rememberable,
    whole_selection,
)
from yakkan_cli.actions.audit.memo import Counted, Memo, Tip, context_key, open_memo
from yakkan_cli.actions.audit.merges import merge_check
from yakkan_cli.actions.audit.plan import (
    ACCEPTED_FINDINGS,
    Plan,
    check_signatures,
    make_plan,
)
from yakkan_cli.actions.audit.replay import WATCHED, Step, replay
from yakkan_cli.actions.audit.state import NeedsFullReplay
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import UsageProblem, YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import AcceptedFinding, AcceptedFindings
from yakkan_cli.rules.audit import Finding
from yakkan_cli.rules.audit.accepted import Accepted, invalid_file_findings, partition
from yakkan_cli.rules.audit.config_in_force import UnitChanges, mixed_findings
from yakkan_cli.rules.audit.indirections import replaced_findings
from yakkan_cli.rules.audit.paths import is_config_path, is_record_path
from yakkan_cli.store.yaml import collector_paused, parse_model
from yakkan_cli.vcs.git.run import GitFailed
from yakkan_cli.vcs.graph import require_merge_tree
from yakkan_cli.vcs.history import BlobReader, count_commits, resolve

__all__ = ["WATCHED", "AuditResult", "Step", "parse_range", "replay", "run_audit"]


@dataclass(frozen=True)
class AuditResult:
    revisions: str
    commits: int
    versions: int
    findings: list[Finding]
    accepted: list[Accepted] = field(default_factory=list)
    # `audit`: commits judged now, and commits the memo vouched for (None: `verify`,
    # which always judges its whole range).
    judged: int | None = None
    remembered: int | None = None


Progress = Callable[[int, int], None]  # (commits done, commits in all)


def parse_range(ws: Workspace, spec: str) -> tuple[str, str]:
    base, sep, head = spec.partition("..")
    if not sep or not base or head.startswith("."):
        raise UsageProblem(t("audit.bad_range", value=spec))
    head = head or "HEAD"
    for rev in (base, head):
        if resolve(ws.git, rev) is None:
            raise YakkanError(t("audit.unknown_revision", rev=rev))
    return base, head


def _accepted_entries(
    blobs: BlobReader, revision: str, commit: str
) -> tuple[list[AcceptedFinding], list[Finding]]:
    """The accepted findings as `revision` has them (HEAD for audit, BASE for verify)."""
    blob = blobs.read(f"{revision}:{ACCEPTED_FINDINGS}")
    if blob is None:
        return [], []
    try:
        return parse_model(AcceptedFindings, blob.data, ACCEPTED_FINDINGS).accepted, []
    except YakkanError as err:
        return [], invalid_file_findings(commit, err.details or [err.message])


def run_audit(
    ws: Workspace,
    revision_range: str | None = None,
    progress: Progress | None = None,
    *,
    full: bool = False,
) -> AuditResult:
    """`audit` (whole history of HEAD) or `verify BASE..HEAD` (the commits of a pull request).

    `audit` judges only what its memo does not vouch for (actions/audit/incremental.py);
    `full`: every commit again. `verify` always judges its whole range.
    """
    # An audit holds every record's latest version while it streams millions of short-lived
    # objects and no cycles to speak of: Python's cycle collector, walking what is held
    # again and again, took a fifth of a cold audit (1,000 × 50), and the peak memory is the
    # same without it. It resumes when the audit ends (store.yaml.collector_paused).
    with collector_paused():
        return _run(ws, revision_range, progress, full=full)


def _run(
    ws: Workspace, revision_range: str | None, progress: Progress | None, *, full: bool
) -> AuditResult:
    git = ws.git
    # A shallow clone (CI's default fetch-depth: 1) cuts the history: the replay would judge
    # its first commit against nothing and blame an innocent record. Say what to fetch.
    if git.text("rev-parse", "--is-shallow-repository").strip() == "true":
        raise YakkanError(t("audit.shallow_clone"))
    if revision_range is None:
        if not git.has_head():
            return AuditResult("HEAD", 0, 0, [], judged=0, remembered=0)
        require_merge_tree(git)
        return _audit(ws, progress, full=full)
    base, head = parse_range(ws, revision_range)
    revisions = [f"{base}..{head}"]
    require_merge_tree(git)
    total = count_commits(git, revisions, WATCHED) if progress else 0
    findings: list[Finding] = []
    commits = versions = 0
    with BlobReader(git) as blobs:
        plan = make_plan(git, blobs, head, base)
        check_signatures(git, blobs, plan)
        anchor_sha = resolve(git, base) or base
        entries, bad = _accepted_entries(blobs, base, anchor_sha)
        findings += replaced_findings(git.replaced())
        findings += bad
        findings += merge_check(git, blobs, plan)
        findings += clock_check(git, plan)
    units: dict[str, UnitChanges] = {}
    for step in replay(ws, revisions, start_config=base, plan=plan):
        commits += 1
        versions += len(step.versions)
        findings += step.findings
        _note_unit(plan, step, units)
        if progress:
            progress(commits, total)
    for unit in units.values():
        findings += mixed_findings(unit)
    # Bounded: the file's history from BASE down to each accepted finding's commit, what
    # the pull request brings rather than what the history holds (acceptances.py).
    refused = refusal(git, plan, anchor_sha, plan.timeline.at(plan.base).config, bounded=True)
    still, accepted = partition(findings, entries, refused)
    return AuditResult(revision_range, commits, versions, still, accepted)


@dataclass
class _Judged:
    """One pass of the replay over a selection."""

    findings: list[Finding]  # ordered by unit, then as found
    steps: dict[str, int]  # commit → versions, for each commit that made a step
    dirty: set[str]  # units with a finding


def _audit(ws: Workspace, progress: Progress | None, *, full: bool) -> AuditResult:
    git = ws.git
    head = resolve(git, "HEAD") or "HEAD"
    today = ws.today()  # the audit's own day, on the village's calendar
    with BlobReader(git) as blobs:
        accepted_blob = blobs.read(f"{head}:{ACCEPTED_FINDINGS}")
        context = context_key(
            git.text("version").strip(), accepted_blob.sha if accepted_blob else None
        )
        try:
            kept_in: Path | None = git.common_dir
        except YakkanError:  # git cannot say: audit everything, remember nothing
            kept_in = None
        memo = open_memo(kept_in)
        selection = None
        if not full and (tip := memo.tip(context)) is not None:
            try:
                selection = grown_selection(git, blobs, head, tip, today)
            except GitFailed:
                selection = None  # a tip this repository does not have: a foreign memo
        if selection is None:
            clean = {} if full else memo.clean()
            selection = whole_selection(git, blobs, head, clean, context, today)
        entries, bad = _accepted_entries(blobs, head, head)
        # The repository as it is now, never remembered: found afresh by every audit.
        bad = replaced_findings(git.replaced()) + bad
        try:
            judged = _judge(ws, blobs, selection, today, progress)
        except NeedsFullReplay:
            # A step needed what only the whole stream tells (see state.NeedsFullReplay).
            selection = whole_selection(git, blobs, head, {}, context, today)
            judged = _judge(ws, blobs, selection, today, progress)
    _remember(memo, selection, judged, context)
    steps = len(judged.steps)
    versions = sum(judged.steps.values())
    in_force = selection.plan.timeline.at(selection.head).config
    refused = refusal(git, selection.plan, head, in_force)
    still, accepted = partition(bad + judged.findings, entries, refused)
    return AuditResult(
        "HEAD",
        selection.remembered.steps + steps,
        selection.remembered.versions + versions,
        still,
        accepted,
        steps,
        selection.remembered.steps,
    )


def _judge(
    ws: Workspace,
    blobs: BlobReader,
    selection: Selection,
    today: date,
    progress: Progress | None,
) -> _Judged:
    git, plan = ws.git, selection.plan
    check_signatures(git, blobs, plan)
    findings = merge_check(git, blobs, plan) + clock_check(git, plan)
    commits = selection.stream() if selection.partial else None
    total = 0
    if progress:
        total = len(commits) if commits is not None else count_commits(git, ["HEAD"], WATCHED)
    units: dict[str, UnitChanges] = {}
    steps: dict[str, int] = {}
    stream = (
        ()
        if commits == []
        else replay(ws, [selection.head], plan=plan, commits=commits, today=today)
    )
    for step in stream:
        steps[step.commit.sha] = len(step.versions)
        findings += step.findings
        _note_unit(plan, step, units)
        if progress:
            progress(len(steps), total)
    for unit in units.values():
        findings += mixed_findings(unit)
    # In the order of the mainline, unit by unit, whichever commits were remembered.
    findings.sort(key=lambda f: selection.index_of(f.commit))
    dirty = {placement.unit for f in findings if (placement := plan.placements.get(f.commit))}
    return _Judged(findings, steps, dirty)


def _remember(memo: Memo, selection: Selection, judged: _Judged, context: str) -> None:
    """Note the units judged clean, and where this audit stopped."""
    plan = selection.plan
    clean: dict[str, Counted] = {}
    still_open = []
    latest = selection.latest
    steps, versions = selection.remembered.steps, selection.remembered.versions
    for unit in selection.units.values():
        if unit.sha in judged.dirty or not rememberable(plan, unit):
            still_open.append(open_unit(plan, unit))
            continue
        for commit, key in zip(unit.commits, keys_of(unit, context), strict=True):
            made = commit.sha in judged.steps
            counted = Counted(int(made), judged.steps.get(commit.sha, 0))
            clean[key] = counted
            steps += counted.steps
            versions += counted.versions
            day = commit.committer_date.date()
            latest = day if latest is None or day > latest else latest
    in_force = plan.timeline.at(selection.head)
    arrived = plan.arrivals.get(selection.head) or plan.arrived(selection.head)
    tip = Tip(
        context=context,
        head=selection.head,
        index=selection.head_index,
        config=in_force.config_blob,
        files=in_force.files,
        commits=steps,
        versions=versions,
        latest=(latest or date.min).isoformat(),
        open=tuple(still_open),
        arrived=arrived.isoformat() if arrived is not None else "",
    )
    memo.remember(tip, clean, keep=selection.keep)


def _note_unit(plan: Plan, step: Step, units: dict[str, UnitChanges]) -> None:
    """A1: what each unit of review (a mainline commit with what it brought, or the
    range) changed, from its own commits — a merge's diff only repeats theirs."""
    if step.commit.is_merge:
        return
    placement = plan.placements.get(step.commit.sha)
    key = placement.unit if placement else ""
    for change in step.changes:
        if is_config_path(change.path):
            units.setdefault(key, UnitChanges()).add(step.commit.sha, change.path, config=True)
        elif is_record_path(change.path):
            units.setdefault(key, UnitChanges()).add(step.commit.sha, change.path, config=False)
