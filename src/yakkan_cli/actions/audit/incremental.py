"""Incremental audit: which units of review need judging, and which the memo vouches for.

The memo (actions/audit/memo.py) remembers commits an audit judged clean, each under a
key of: the commit id; the unit of review it arrived in (the mainline commit that brought
it: itself, or the merge); the config in force for it, by content (the last valid
`yakkan.yaml` the rules were read from and every `yakkan.yaml`/`.yakkan/` blob as the
mainline had them before the unit, `allowed_signers` included); and the audit's context
(the memo's format, yakkan's code, git's version, the accepted-findings file as HEAD has
it, the audit's options — `audit` has none that change a judgement). A unit is skipped
only when every commit of it is remembered under its key, and no commit of it is dated
after the audit's day. Everything else is judged, whole units at a time.

Why that key covers every judgement — each rule of rules/audit/, and what it reads:

- D3 schema (version.py, replay `_version`): the record's blob at the commit (after) and
  its first parent (before), and the config in force → commit id, config in key. When
  the before does not validate, a full replay judges against the last version that did,
  which only the whole stream knows: a partial replay stops and a full one runs.
- D4 transitions and trailers (actions.py), A3 permitted fields (permitted.py, fields.py),
  S3.1/S5.2 roles (actors.py), A5 readiness and stale marks (approvals.py), S5.3 approved
  content (version.py): the commit's message, author, the before/after records and the
  config in force → commit id (content-addressed: message, author and both trees), config.
- A6 dates (dates.py): the stated dates of the step, the before record's last action
  date, the commit's committer date and its unit's arrival (the unit's committer date,
  never earlier than the arrival before it on the mainline: a running latest, fixed by the
  unit's id, which fixes every commit below it; `tip.json` keeps the arrival where the
  last audit stopped and each open unit's, so a grown history runs on from there),
  `max_backdate_days` → commit id, unit, config. And "no commit
  dated after the audit's day": it only gets stricter as the day goes back, so a unit is
  judged again when one of its commits is dated after today (a clock set back, as tests
  do with YAKKAN_TODAY); days otherwise only grow, and a commit not after an earlier day
  is not after a later one.
- S5.1.5 attachments (attachments.py): the blobs of the commit's tree → commit id.
- S5.4 retention (retention.py): the removed record, the removal's day (the unit's day)
  and the day the termination's approval reached the mainline, which the replay notes
  when it streams that approval, maybe many units earlier: a partial replay judges no
  removal and runs the full replay instead (rare: a disposal after years of retention).
- A1 config in force (config_in_force.py): which config judges a commit is its unit's
  (in the key); a unit that changes config and records is a finding on its records, made
  from all the unit's commits: units are judged whole, and a unit with a finding is
  never remembered (none of its commits), so the finding is made again every time.
  A removed or invalid yakkan.yaml is a finding of that commit → commit id.
- A2 merges (merges.py): git's own merge of the merge's parents → commit id and git's
  version (its merge may change between versions: in the context).
- A4 paths (paths.py): twins are looked for in the commit's own tree, folders included;
  a move is a removal and an addition in one commit → commit id.
- A7/S5.3 signatures (signatures.py): the commit's signature checked against the
  allowed_signers in force (in the config key) at the commit's time → commit id, config.
  SSH signatures are checked by `ssh-keygen` from those alone; an OpenPGP or X.509
  signature's verdict also depends on the local keyring and today's clock (expiry,
  revocation), so a unit judged under a policy that asks for signatures is remembered only
  when each of its signatures is absent or SSH.
- A8 attachment paths (paths.py): the record's text → commit id.
- A9 squash (squash.py): the commit's whole message and how many records it changed →
  commit id; a rebased signed action: the commit's dates and signature → commit id.
  Accepted findings (accepted.py): a commit is remembered only when it had no finding at
  all, accepted or not, so the file cannot turn a finding into "clean"; it is in the
  context besides (a change of it judges everything once again), and an invalid file is
  a finding made afresh by every audit.

Issue 19's rules, and what they read:

- A9 squash as a sequence (sequence.py): the commit's message and both records → commit id.
- A7 one key line, one person (signers.py): the allowed_signers blob a commit wrote →
  commit id. A key judged at arrival: the file in force (config key) and the unit's day
  (unit in key; `verify`, which uses today instead, keeps no memo).
- A8 nested `.gitattributes`, A4 misnamed record files: the commit's paths → commit id.
  Replace refs and grafts are the repository's state, not a commit's: found afresh by
  every audit, outside the memo.
- A2 guarded paths: the merge's tree and git's merge of its parents → commit id, git.
- S5.3 briefing (actors.py): both records → commit id.
- A6 the mainline's clock (clock.py): a mainline commit's date and its first parent's, both
  fixed by the commit id; a unit with such a finding is never remembered.
- A9 acceptances (acceptances.py): where each entry came from is asked afresh by every
  audit, after the judging; the memo never holds an accepted finding as clean.

Which commits form a unit, and which config is in force for it, come from the mainline.
When the new HEAD has the memo's last HEAD on its first-parent chain (the history only
grew), every unit below that HEAD keeps its commits, config and day: only the commits it
cannot reach are listed (`git log HEAD ^TIP`), and the units that had findings are judged
again from the facts the memo kept for them. Otherwise (a rewritten history, another
branch, a damaged `tip.json`) the whole graph is read and each commit's key looked up:
rewritten commits have new ids, so they are judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from yakkan_cli.actions.audit.memo import (
    Counted,
    OpenCommit,
    OpenUnit,
    Tip,
    commit_key,
    in_force_key,
)
from yakkan_cli.actions.audit.plan import InForce, Plan, make_plan, parse_config, timeline
from yakkan_cli.rules.audit.config_in_force import Placement, audit_placements
from yakkan_cli.rules.audit.dates import mainline_arrivals
from yakkan_cli.vcs.git.repository import Git
from yakkan_cli.vcs.graph import GraphCommit, read_graph
from yakkan_cli.vcs.history import BlobReader

# A key of ssh-keygen's (git's %GK for an SSH signature): its verdict needs nothing local.
_SSH_KEY = "SHA256:"


@dataclass
class Unit:
    """A unit of review: the mainline commit `sha` with the commits it brought."""

    sha: str
    index: int  # position on the mainline
    in_force: InForce
    commits: list[GraphCommit] = field(default_factory=list)  # children before parents


@dataclass
class Selection:
    """What an audit judges (`plan.graph` holds only those commits) and what it takes
    from the memo."""

    plan: Plan
    head: str
    head_index: int
    units: dict[str, Unit]  # the units to judge
    partial: bool  # some units are taken from the memo
    remembered: Counted = field(default_factory=lambda: Counted(0, 0))  # their totals
    latest: date | None = None  # the latest committer day of a remembered commit
    keep: dict[str, Counted] | None = None  # the clean keys read, to write back

    def stream(self) -> list[str]:
        """The commits to judge, oldest first."""
        return [c.sha for c in reversed(self.plan.graph)]

    def index_of(self, commit: str) -> int:
        placement = self.plan.placements.get(commit)
        unit = self.units.get(placement.unit) if placement else None
        return unit.index if unit else -1


def unit_key(unit: Unit) -> str:
    return in_force_key(unit.in_force.config_blob, unit.in_force.files)


def keys_of(unit: Unit, context: str) -> list[str]:
    forced = unit_key(unit)
    return [commit_key(context, c.sha, unit.sha, forced) for c in unit.commits]


def _units(plan: Plan) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for commit in plan.graph:
        placement = plan.placements.get(commit.sha)
        if placement is None:
            continue
        unit = units.get(placement.unit)
        if unit is None:
            index = plan.timeline.index.get(placement.unit, -1)
            unit = Unit(placement.unit, index, plan.in_force(commit.sha))
            units[placement.unit] = unit
        unit.commits.append(commit)
    return units


def whole_selection(
    git: Git,
    blobs: BlobReader,
    head: str,
    clean: Mapping[str, Counted],
    context: str,
    today: date,
) -> Selection:
    """The whole graph read; units whose every commit the memo knows clean are skipped."""
    plan = make_plan(git, blobs, head, None)
    units = _units(plan)
    judged: dict[str, Unit] = {}
    steps = versions = 0
    latest: date | None = None
    for unit in units.values():
        keys = keys_of(unit, context) if clean else []
        days = [c.committer_date.date() for c in unit.commits]
        if keys and all(k in clean for k in keys) and max(days) <= today:
            steps += sum(clean[k].steps for k in keys)
            versions += sum(clean[k].versions for k in keys)
            latest = max([*days, *([latest] if latest else [])])
        else:
            judged[unit.sha] = unit
    partial = len(judged) < len(units)
    if partial:
        plan.graph = [c for c in plan.graph if plan.placements[c.sha].unit in judged]
    head_index = plan.timeline.index.get(head, len(plan.timeline.index) - 1)
    return Selection(
        plan,
        head,
        head_index,
        judged,
        partial,
        Counted(steps, versions),
        latest,
        dict(clean),
    )


def grown_selection(
    git: Git, blobs: BlobReader, head: str, tip: Tip, today: date
) -> Selection | None:
    """The commits HEAD has beyond the memo's tip, and the units that had findings; None
    when the history did not just grow on top of the tip (then `whole_selection`)."""
    if date.fromisoformat(tip.latest) > today:
        return None
    graph = [] if head == tip.head else read_graph(git, [head, f"^{tip.head}"])
    parents = {c.sha: c.parents for c in graph}
    chain: list[str] = []
    commit: str | None = head
    while commit is not None and commit in parents:
        chain.append(commit)
        firsts = parents[commit]
        commit = firsts[0] if firsts else None
    if commit != tip.head:
        return None  # the tip is not on HEAD's first-parent chain: history was rewritten
    chain.reverse()
    mainline = [tip.head, *chain]
    start = _in_force(blobs, tip.config, tip.files)
    if start is None:
        return None
    # Everything the tip reaches was placed when it was: only new commits are placed now
    # (a merge's walk stops at them, as the whole walk would find them placed already).
    placements = {
        sha: p for sha, p in audit_placements(mainline, parents).items() if sha in parents
    }
    line = timeline(git, blobs, head, mainline, start=start, offset=tip.index)
    dates = {c.sha: c.committer_date for c in graph}
    # Arrivals run on from the tip's, which the memo kept: the mainline below is not read.
    tip_arrived = git.moment(tip.arrived)
    arrivals = {tip.head: tip_arrived, **mainline_arrivals(chain, dates, tip_arrived)}
    judged: list[GraphCommit] = []
    units: dict[str, Unit] = {}
    for old in sorted(tip.open, key=lambda u: u.index):
        forced = _in_force(blobs, old.judge_config, old.judge_files)
        if forced is None:
            return None
        judge = f"memo:{old.unit}"  # its judge lies below the tip: its config was kept
        line.fixed[judge] = forced
        unit = Unit(old.unit, old.index, forced)
        for c in old.commits:
            made = GraphCommit(c.sha, c.parents, git.moment(c.committed))
            unit.commits.append(made)
            placements[c.sha] = Placement(judge, old.unit, old.unit)
            dates[c.sha] = made.committer_date
        arrivals[old.unit] = git.moment(old.arrived)
        units[old.unit] = unit
        judged = unit.commits + judged  # children before parents: later units first
    plan = Plan(placements, line, graph + judged, dates, arrivals=arrivals)
    for sha, unit in _units(plan).items():
        units.setdefault(sha, unit)
    latest = date.fromisoformat(tip.latest)
    return Selection(
        plan,
        head,
        tip.index + len(chain),
        units,
        True,
        Counted(tip.commits, tip.versions),
        latest,
        None,
    )


def _in_force(
    blobs: BlobReader, config_blob: str | None, files: tuple[tuple[str, str], ...]
) -> InForce | None:
    """The config in force the memo noted, read again from its blob (None: unreadable)."""
    if config_blob is None:
        return InForce(None, files, None)
    read = blobs.read(config_blob)
    config = parse_config(read.data if read else None)[0]
    return InForce(config, files, config_blob) if config is not None else None


def rememberable(plan: Plan, unit: Unit) -> bool:
    """Whether the unit's verdict rests on nothing but the commits and the key (above)."""
    for commit in unit.commits:
        config = unit.in_force.config
        if config is None or not config.policy.signatures_required:
            continue
        signature = plan.signatures.get(commit.sha)
        if signature is None:
            return False
        if signature.status != "N" and not signature.key.startswith(_SSH_KEY):
            return False
    return True


def open_unit(plan: Plan, unit: Unit) -> OpenUnit:
    arrived = plan.arrived(unit.sha)
    return OpenUnit(
        unit.sha,
        unit.index,
        unit.in_force.config_blob,
        unit.in_force.files,
        tuple(OpenCommit(c.sha, c.parents, c.committer_date.isoformat()) for c in unit.commits),
        arrived.isoformat() if arrived is not None else unit.commits[0].committer_date.isoformat(),
    )
