"""A1: the config in force — which `yakkan.yaml` and `.yakkan/` judge each commit.

A commit never vouches for itself. `audit` walks the mainline (the first parents from
HEAD): a commit made on the mainline is judged by its first parent's config; the commits
a merge brings in (`M^1..M^2`) by the config at the merge's first parent. `verify
BASE..HEAD` judges every commit of the range by BASE's config. A unit of review — one
mainline commit with what it brings, or the whole range of `verify` — that changes the
config and also acts on a record is a finding: changing the rules and acting under them
are separate pull requests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from yakkan_cli.messages import t
from yakkan_cli.rules.audit.facts import Finding
from yakkan_cli.rules.audit.paths import record_path

RULE_CONFIG = "A1"


@dataclass(frozen=True)
class Placement:
    """Where a commit stands: `judge` is the mainline commit whose config is in force for
    it (None: before the first commit), `arrival` the mainline commit that brought it
    (itself, or the merge), `unit` the unit of review it belongs to."""

    judge: str | None
    arrival: str | None
    unit: str


def mainline_of(head: str, parents: Mapping[str, Sequence[str]]) -> list[str]:
    """The first-parent chain from `head`, oldest first."""
    chain: list[str] = []
    commit: str | None = head
    seen: set[str] = set()
    while commit is not None and commit not in seen:
        chain.append(commit)
        seen.add(commit)
        firsts = parents.get(commit, ())
        commit = firsts[0] if firsts else None
    chain.reverse()
    return chain


def audit_placements(
    mainline: Sequence[str], parents: Mapping[str, Sequence[str]]
) -> dict[str, Placement]:
    """Every commit reachable from the mainline's tip, placed on the mainline.

    Walking the mainline oldest first, everything reachable from the previous mainline
    commit is already placed, so what a merge's other parents reach and is not yet placed
    is exactly what that merge brought (`M^1..M^2`).
    """
    placed: dict[str, Placement] = {}
    previous: str | None = None
    for commit in mainline:
        here = Placement(previous, commit, commit)
        placed[commit] = here
        stack = list(parents.get(commit, ())[1:])
        while stack:
            other = stack.pop()
            if other in placed:
                continue
            placed[other] = here
            stack.extend(parents.get(other, ()))
        previous = commit
    return placed


def range_placements(commits: Sequence[str], base: str) -> dict[str, Placement]:
    """`verify BASE..HEAD`: every commit judged by BASE, none arrived on the mainline yet."""
    return {commit: Placement(base, None, base) for commit in commits}


@dataclass
class UnitChanges:
    """What the non-merge commits of one unit of review changed."""

    # path → the first commit of the unit that changed it
    config: dict[str, str] = field(default_factory=dict)
    records: dict[str, str] = field(default_factory=dict)

    def add(self, commit: str, path: str, *, config: bool) -> None:
        (self.config if config else self.records).setdefault(path, commit)


def mixed_findings(changes: UnitChanges) -> list[Finding]:
    """One finding per record acted on in a unit that also changed the config."""
    if not changes.config or not changes.records:
        return []
    config_path, config_commit = min(changes.config.items(), key=lambda kv: kv[0])
    out: list[Finding] = []
    seen: set[str] = set()
    for path, commit in sorted(changes.records.items()):
        found = record_path(path)
        service = found.service_id if found else path.split("/")[1]
        if service in seen:
            continue
        seen.add(service)
        out.append(
            Finding(
                commit,
                path,
                service,
                RULE_CONFIG,
                t("audit.config_and_records", config=config_path, commit=config_commit[:10]),
            )
        )
    return out


def missing_config_finding(commit: str, path: str, service: str | None) -> Finding:
    return Finding(commit, path, service, RULE_CONFIG, t("audit.no_config_in_force"))


def config_removed_finding(commit: str, path: str) -> Finding:
    return Finding(commit, path, None, RULE_CONFIG, t("audit.config_removed", path=path))
