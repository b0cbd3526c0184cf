"""A2: every merge commit recomputed with `git merge-tree` and compared on the guarded paths.

One `git merge-tree --write-tree` per merge; the root trees of the result and of the
merge commit are compared entry by entry for the guarded top-level names, and only when
one differs does a `git diff-tree` name the files.
"""

from __future__ import annotations

from yakkan_cli.actions.audit.plan import Plan
from yakkan_cli.rules.audit import Finding
from yakkan_cli.rules.audit.merges import merge_findings
from yakkan_cli.rules.audit.paths import GUARDED
from yakkan_cli.vcs.git import Git, GitFailed
from yakkan_cli.vcs.graph import changed_paths, merge_tree
from yakkan_cli.vcs.history import BlobReader


def _guarded(blobs: BlobReader, tree: str) -> dict[str, str] | None:
    entries = blobs.tree(tree)
    return None if entries is None else {k: v for k, v in entries.items() if k in GUARDED}


def merge_check(git: Git, blobs: BlobReader, plan: Plan) -> list[Finding]:
    found: list[Finding] = []
    for merge in plan.merges():
        if len(merge.parents) > 2:
            try:
                brought = changed_paths(git, merge.parents[0], merge.sha, GUARDED)
            except GitFailed:
                brought = []
            found += merge_findings(merge.sha, len(merge.parents), brought)
            continue
        recomputed = merge_tree(git, merge.parents[0], merge.parents[1])
        if recomputed is None:
            found += merge_findings(merge.sha, 2, None)
            continue
        try:
            ours = _guarded(blobs, recomputed)
            theirs = _guarded(blobs, merge.sha)
            if ours is None or theirs is None:
                differing = None
            elif ours != theirs:
                differing = changed_paths(git, recomputed, merge.sha, GUARDED)
            else:
                differing = []
        except GitFailed:
            differing = None
        found += merge_findings(merge.sha, 2, differing)
    return found
