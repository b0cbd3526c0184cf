"""`audit` and `verify`: replay the history of records and check every step (DESIGN §4, §6).

`plan` decides, before the history streams, where each commit stands on the mainline and
which config is in force for it; `replay` streams the history and judges each record's
step; `merges` recomputes every merge; this module puts them together with the accepted
findings into one result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from yakkan_cli.actions.audit.merges import merge_check
from yakkan_cli.actions.audit.plan import (
    ACCEPTED_FINDINGS,
    Plan,
    check_signatures,
    make_plan,
)
from yakkan_cli.actions.audit.replay import WATCHED, Step, replay
from yakkan_cli.actions.workspace import Workspace
from yakkan_cli.errors import UsageProblem, YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import AcceptedFinding, AcceptedFindings
from yakkan_cli.rules.audit import Finding
from yakkan_cli.rules.audit.accepted import Accepted, invalid_file_findings, partition
from yakkan_cli.rules.audit.config_in_force import UnitChanges, mixed_findings
from yakkan_cli.rules.audit.paths import is_config_path, is_record_path
from yakkan_cli.store.yaml import parse_model
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
    ws: Workspace, revision_range: str | None = None, progress: Progress | None = None
) -> AuditResult:
    """`audit` (whole history of HEAD) or `verify BASE..HEAD` (the commits of a pull request)."""
    git = ws.git
    # A shallow clone (CI's default fetch-depth: 1) cuts the history: the replay would judge
    # its first commit against nothing and blame an innocent record. Say what to fetch.
    if git.text("rev-parse", "--is-shallow-repository").strip() == "true":
        raise YakkanError(t("audit.shallow_clone"))
    if revision_range is None:
        if not git.has_head():
            return AuditResult("HEAD", 0, 0, [])
        revisions, base, head = ["HEAD"], None, "HEAD"
    else:
        base, head = parse_range(ws, revision_range)
        revisions = [f"{base}..{head}"]
    require_merge_tree(git)
    total = count_commits(git, revisions, WATCHED) if progress else 0
    findings: list[Finding] = []
    commits = versions = 0
    with BlobReader(git) as blobs:
        plan = make_plan(git, blobs, head, base)
        check_signatures(git, blobs, plan)
        anchor = base or head
        anchor_sha = resolve(git, anchor) or anchor
        entries, bad = _accepted_entries(blobs, anchor, anchor_sha)
        findings += bad
        findings += merge_check(git, blobs, plan)
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
    still, accepted = partition(findings, entries)
    return AuditResult(revision_range or "HEAD", commits, versions, still, accepted)


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
