"""Where each accepted finding came from (issue 19.4): the commit that first wrote the
entry into `.yakkan/accepted-findings.yaml`, its author, and whether it reached the
mainline in the same unit of review as the finding it accepts.

An acceptance is itself reviewed work: it counts only when it arrived apart from the
finding (a pull request never accepts its own forgery, so `verify`, which reads BASE's
file, and `audit`, which reads HEAD's, agree), written by a responsible manager of the
record's department. One `git log` of the file, and two ancestry questions per accepted
finding: both cheap, and asked afresh by every audit (the memo keeps no acceptance).
"""

from __future__ import annotations

from collections.abc import Callable

from yakkan_cli.actions.audit.plan import ACCEPTED_FINDINGS, Plan
from yakkan_cli.errors import YakkanError
from yakkan_cli.model import AcceptedFinding, AcceptedFindings, Config
from yakkan_cli.rules.audit import Finding
from yakkan_cli.rules.audit.accepted import acceptance_refusal
from yakkan_cli.store.yaml import parse_model
from yakkan_cli.vcs.git.repository import Git
from yakkan_cli.vcs.history import BlobReader

_US = "\x1f"
Key = tuple[str, str, str]


def _key(entry: AcceptedFinding) -> Key:
    return (entry.commit.lower(), entry.rule, entry.record)


def origins(git: Git, blobs: BlobReader, tip: str) -> dict[Key, tuple[str, str]]:
    """entry → (the commit that first wrote it, that commit's author e-mail). Merges are
    left out: a merge adds nothing of its own (A2), so an entry only a merge wrote has no
    author and does not count."""
    out = git.text(
        "log", "--reverse", "--no-merges", f"--format=%H{_US}%ae", tip, "--", ACCEPTED_FINDINGS
    )
    found: dict[Key, tuple[str, str]] = {}
    for line in out.splitlines():
        sha, _, email = line.partition(_US)
        blob = blobs.read(f"{sha}:{ACCEPTED_FINDINGS}")
        if blob is None:
            continue
        try:
            entries = parse_model(AcceptedFindings, blob.data, ACCEPTED_FINDINGS).accepted
        except YakkanError:
            continue
        for entry in entries:
            found.setdefault(_key(entry), (sha, email))
    return found


def _is_ancestor(git: Git, older: str, newer: str) -> bool:
    proc = git.run("merge-base", "--is-ancestor", older, newer, check=False)
    return proc.returncode == 0


def refusal(
    git: Git, plan: Plan, tip: str, config: Config | None
) -> Callable[[AcceptedFinding, Finding], str | None]:
    """The `partition` question for the accepted-findings file as `tip` has it. git is
    asked only when an entry matches a finding (most audits accept nothing)."""
    known: dict[Key, tuple[str, str]] | None = None

    def refused(entry: AcceptedFinding, finding: Finding) -> str | None:
        nonlocal known
        if known is None:
            with BlobReader(git) as blobs:
                known = origins(git, blobs, tip)
        origin = known.get(_key(entry))
        if origin is None:
            return acceptance_refusal(config, finding, None, same_unit=False)
        sha, email = origin
        placement = plan.placements.get(finding.commit)
        same = False
        if placement is not None and placement.unit and placement.unit == placement.arrival:
            unit = placement.unit
            first = git.parent(unit)
            same = _is_ancestor(git, sha, unit) and not (
                first is not None and _is_ancestor(git, sha, first)
            )
        return acceptance_refusal(config, finding, email, same_unit=same)

    return refused
