"""A2: every merge commit recomputed with `git merge-tree` and compared on the guarded paths.

One `git merge-tree --write-tree` per merge; the root trees of the result and of the
merge commit are compared entry by entry, and only when one differs does a `git diff-tree`
list the files, of which the guarded ones (rules/audit/paths.py::is_guarded: config,
records, templates, each forge's CI, every CODEOWNERS, `.gitattributes` at any depth) are
findings. A conflict resolved by hand in any other file is no finding.
"""

from __future__ import annotations

from yakkan_cli.actions.audit.plan import Plan
from yakkan_cli.rules.audit import Finding
from yakkan_cli.rules.audit.merges import merge_findings
from yakkan_cli.rules.audit.paths import is_guarded
from yakkan_cli.vcs.git.repository import Git
from yakkan_cli.vcs.git.run import GitFailed
from yakkan_cli.vcs.graph import changed_paths, merge_tree
from yakkan_cli.vcs.history import BlobReader


def _guarded(git: Git, old: str, new: str) -> list[str]:
    return [path for path in changed_paths(git, old, new, ()) if is_guarded(path)]


def merge_check(git: Git, blobs: BlobReader, plan: Plan) -> list[Finding]:
    found: list[Finding] = []
    for merge in plan.merges():
        if len(merge.parents) > 2:
            try:
                brought = _guarded(git, merge.parents[0], merge.sha)
            except GitFailed:
                brought = []
            found += merge_findings(merge.sha, len(merge.parents), brought)
            continue
        recomputed = merge_tree(git, merge.parents[0], merge.parents[1])
        if recomputed is None:
            found += merge_findings(merge.sha, 2, None)
            continue
        try:
            ours = blobs.tree(recomputed)
            theirs = blobs.tree(merge.sha)
            if ours is None or theirs is None:
                differing = None
            elif ours != theirs:
                differing = _guarded(git, recomputed, merge.sha)
            else:
                differing = []
        except GitFailed:
            differing = None
        found += merge_findings(merge.sha, 2, differing)
    return found
