"""A6 (issue 19.5): the mainline keeps the clock — its dates never run backwards.

`audit` asks it of each mainline commit it judges, `verify` of the range's first-parent
line (the commits a fast-forward would put on the mainline), each against its first
parent. The dates a selection's graph does not hold (the parent of the first commit judged)
come from one `git log --no-walk`.
"""

from __future__ import annotations

from yakkan_cli.actions.audit.plan import Plan
from yakkan_cli.rules.audit import Finding
from yakkan_cli.rules.audit.dates import backwards_finding
from yakkan_cli.vcs.git.repository import Git
from yakkan_cli.vcs.graph import committer_dates


def _line(plan: Plan) -> list[str]:
    """The commits judged as steps of the mainline: for `audit` the mainline commits of the
    plan, for `verify` the first-parent line of the range's head."""
    if plan.base is None:
        return [sha for sha, p in plan.placements.items() if p.arrival == sha]
    parents = {c.sha: c.parents for c in plan.graph}
    line: list[str] = []
    commit = plan.graph[0].sha if plan.graph else None
    while commit is not None and commit in parents:
        line.append(commit)
        firsts = parents[commit]
        commit = firsts[0] if firsts else None
    return line


def clock_check(git: Git, plan: Plan) -> list[Finding]:
    parents = {c.sha: c.parents for c in plan.graph}
    steps = [(sha, parents[sha][0]) for sha in _line(plan) if parents.get(sha)]
    missing = {parent for _, parent in steps if parent not in plan.dates}
    dates = {**plan.dates, **committer_dates(git, sorted(missing))}
    found: list[Finding] = []
    for sha, parent in steps:
        if sha in dates and parent in dates:
            finding = backwards_finding(sha, dates[sha], dates[parent])
            if finding is not None:
                found.append(finding)
    return found
