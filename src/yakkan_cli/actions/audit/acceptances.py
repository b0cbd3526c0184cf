"""Where each accepted finding came from (issue 19.4): the commit that first wrote the
entry into `.yakkan/accepted-findings.yaml`, its author, and whether it reached the
mainline in the same unit of review as the finding it accepts.

An acceptance is itself reviewed work: it counts only when it arrived apart from the
finding (a pull request never accepts its own forgery, so `verify`, which reads BASE's
file, and `audit`, which reads HEAD's, agree), written by a responsible manager of the
record's department. git is asked only when an entry matches a finding, and the memo
keeps no acceptance: every audit asks afresh.

The writer of an entry is looked for only among commits that are not ancestors of the
finding's commit: an entry naming a commit cannot have been written before that commit
existed (its id is a hash of its ancestors), so an older entry that happens to match
(a short prefix, the same rule and record) is not a writer, and is not looked at. That
bound is what lets `verify` read what the pull request brings, not the whole history:
`git log BASE ^FINDING -- the file` walks only the mainline's commits since the finding's
branch left it. `audit`, which reads the whole history anyway, lists the file's history
once and drops the finding's ancestors from it. Both list every commit that changed the
file (`--full-history`, merges left out) in `--date-order`, whose order of the commits
that remain does not change when a finding's ancestors are left out: the two agree on
the writer.
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
from yakkan_cli.vcs.git.run import GitFailed
from yakkan_cli.vcs.history import BlobReader

_US = "\x1f"
Key = tuple[str, str, str]


def _key(entry: AcceptedFinding) -> Key:
    return (entry.commit.lower(), entry.rule, entry.record)


Listing = list[tuple[str, str]]  # (commit, author e-mail), oldest first


def _listing(git: Git, tip: str, not_before: str | None = None) -> Listing:
    """The commits that changed the file, oldest first, leaving out the ancestors of
    `not_before` (and it). Merges are left out: a merge adds nothing of its own (A2), so
    an entry only a merge wrote has no author and does not count."""
    args = ["log", "--reverse", "--date-order", "--full-history", "--no-merges"]
    args += [f"--format=%H{_US}%ae", tip]
    if not_before:
        args.append(f"^{not_before}")
    out = git.text(*args, "--", ACCEPTED_FINDINGS)
    found = []
    for line in out.splitlines():
        sha, _, email = line.partition(_US)
        found.append((sha, email))
    return found


class _Entries:
    """The entries of the file as each commit has it, read once per commit."""

    def __init__(self) -> None:
        self.held: dict[str, frozenset[Key]] = {}

    def of(self, sha: str, blobs: BlobReader) -> frozenset[Key]:
        known = self.held.get(sha)
        if known is None:
            known = frozenset()
            blob = blobs.read(f"{sha}:{ACCEPTED_FINDINGS}")
            if blob is not None:
                try:
                    parsed = parse_model(AcceptedFindings, blob.data, ACCEPTED_FINDINGS)
                    known = frozenset(_key(e) for e in parsed.accepted)
                except YakkanError:
                    pass
            self.held[sha] = known
        return known


def _is_ancestor(git: Git, older: str, newer: str) -> bool:
    proc = git.run("merge-base", "--is-ancestor", older, newer, check=False)
    return proc.returncode == 0


def refusal(
    git: Git, plan: Plan, tip: str, config: Config | None, *, bounded: bool = False
) -> Callable[[AcceptedFinding, Finding], str | None]:
    """The `partition` question for the accepted-findings file as `tip` has it.

    `bounded` (`verify`): the file's history is listed from `tip` down to each finding's
    commit, one listing per finding an entry matches. Otherwise (`audit`) it is listed
    once, whole, and each finding's ancestors are passed over in it."""
    whole: Listing | None = None
    bounded_to: dict[str, Listing] = {}
    entries = _Entries()

    def writer(key: Key, finding: str, blobs: BlobReader) -> tuple[str, str] | None:
        nonlocal whole
        if bounded and finding:
            if finding not in bounded_to:
                try:
                    bounded_to[finding] = _listing(git, tip, finding)
                except GitFailed:  # not a commit (a finding of the repository itself)
                    bounded_to[finding] = _listing(git, tip)
            listing = bounded_to[finding]
            return next(((s, e) for s, e in listing if key in entries.of(s, blobs)), None)
        if whole is None:
            whole = _listing(git, tip)
        for sha, email in whole:
            if key in entries.of(sha, blobs) and not (finding and _is_ancestor(git, sha, finding)):
                return sha, email
        return None

    def refused(entry: AcceptedFinding, finding: Finding) -> str | None:
        with BlobReader(git) as blobs:
            origin = writer(_key(entry), finding.commit, blobs)
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
