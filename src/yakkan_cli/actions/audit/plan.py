"""What the replay must know before the history streams: the plan of the walk.

For every commit: where it stands on the mainline (rules/audit/config_in_force.py), the
config in force for it (the last valid `yakkan.yaml` and the `.yakkan/` files as the
mainline had them before it), the day it reached the mainline, and its signature as
checked against the allowed signers in force for it.
"""

from __future__ import annotations

import bisect
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Config
from yakkan_cli.rules.audit.config_in_force import (
    Placement,
    audit_placements,
    mainline_of,
    range_placements,
)
from yakkan_cli.rules.audit.dates import mainline_arrivals
from yakkan_cli.rules.audit.paths import CONFIG_DIR, CONFIG_FILE
from yakkan_cli.rules.audit.signers import key_valid_before
from yakkan_cli.store.yaml import parse_model, problem_messages
from yakkan_cli.vcs.git.repository import Git
from yakkan_cli.vcs.graph import (
    GraphCommit,
    Signature,
    first_parent_changes,
    read_graph,
    signatures,
)
from yakkan_cli.vcs.history import ALLOWED_SIGNERS, ZERO, BlobReader

ACCEPTED_FINDINGS = f"{CONFIG_DIR}/accepted-findings.yaml"


@dataclass(frozen=True)
class InForce:
    """The config in force at one point of the mainline."""

    config: Config | None  # the last valid yakkan.yaml (None: there never was one)
    files: tuple[tuple[str, str], ...] = ()  # config path → blob id, as the mainline has it
    config_blob: str | None = None  # the blob `config` was read from

    def blob(self, path: str) -> str | None:
        return dict(self.files).get(path)


def parse_config(data: bytes | None) -> tuple[Config | None, list[str]]:
    """yakkan.yaml from its bytes, or the problems that make it unusable."""
    if data is None:
        return None, [t("store.no_config", path=CONFIG_FILE)]
    try:
        config = parse_model(Config, data, CONFIG_FILE)
    except YakkanError as err:
        return None, err.details or [err.message]
    found = config.problems()
    if found:
        return None, problem_messages(found, data.decode("utf-8", "replace"), CONFIG_FILE)
    return config, []


@dataclass
class Timeline:
    """The config in force along one mainline, from its config-changing commits."""

    index: dict[str, int]  # mainline commit → position, oldest first
    points: list[int] = field(default_factory=list)  # positions of the changes, ascending
    states: list[InForce] = field(default_factory=list)
    start: InForce = field(default_factory=lambda: InForce(None))  # before the first change
    # Mainline commits off this line whose config is already known (an incremental audit
    # judging again a unit of review it met before: its config was noted then).
    fixed: dict[str, InForce] = field(default_factory=dict)

    def at(self, commit: str | None) -> InForce:
        """The config as the mainline has it at `commit` (after it), None: before all."""
        if commit is not None and commit in self.fixed:
            return self.fixed[commit]
        if commit is None or commit not in self.index:
            return InForce(None)
        i = bisect.bisect_right(self.points, self.index[commit]) - 1
        return self.states[i] if i >= 0 else self.start


def timeline(
    git: Git,
    blobs: BlobReader,
    tip: str,
    mainline: list[str],
    start: InForce | None = None,
    offset: int = 0,
) -> Timeline:
    """The timeline of `mainline` (ending at `tip`); with `start`, the mainline's first
    commit is one whose config is already known and only the changes after it are read.
    `offset`: the position of the mainline's first commit on the whole mainline."""
    index = {sha: offset + i for i, sha in enumerate(mainline)}
    line = Timeline(index, start=start or InForce(None))
    files: dict[str, str] = dict(line.start.files)
    config, config_blob = line.start.config, line.start.config_blob
    parsed: dict[str, Config | None] = {}
    since = mainline[0] if start is not None and mainline else None
    for sha, changes in first_parent_changes(git, tip, [CONFIG_FILE, CONFIG_DIR], since):
        if sha not in line.index:
            continue
        for path, blob in changes.items():
            if blob == ZERO:
                files.pop(path, None)
            else:
                files[path] = blob
        blob_id = files.get(CONFIG_FILE)
        if blob_id is not None:
            if blob_id not in parsed:
                read = blobs.read(blob_id)
                parsed[blob_id] = parse_config(read.data if read else None)[0]
            # An invalid or missing yakkan.yaml is a finding where it happens; checking
            # goes on with the last valid one, so nothing is ever judged by no rules.
            if parsed[blob_id] is not None:
                config, config_blob = parsed[blob_id], blob_id
        line.points.append(line.index[sha])
        line.states.append(InForce(config, tuple(sorted(files.items())), config_blob))
    return line


@dataclass
class Plan:
    """Everything decided before the stream: placements, configs, clocks, signatures."""

    placements: dict[str, Placement]
    timeline: Timeline
    graph: list[GraphCommit]
    dates: dict[str, datetime]
    base: str | None = None
    signatures: dict[str, Signature] = field(default_factory=dict)
    # commit → the `valid-before` day of its good signature's key in the file in force.
    key_until: dict[str, date] = field(default_factory=dict)
    # mainline commit → its arrival: its date, never earlier than its first parent's (19.5).
    arrivals: dict[str, datetime] = field(default_factory=dict)

    def in_force(self, commit: str) -> InForce:
        placement = self.placements.get(commit)
        return self.timeline.at(placement.judge if placement else self.base)

    def arrived(self, commit: str) -> datetime | None:
        placement = self.placements.get(commit)
        if placement is None or placement.arrival is None:
            return None
        return self.arrivals.get(placement.arrival) or self.dates.get(placement.arrival)

    def merges(self) -> list[GraphCommit]:
        return [c for c in reversed(self.graph) if len(c.parents) > 1]


def make_plan(git: Git, blobs: BlobReader, head: str, base: str | None) -> Plan:
    """The plan of `audit` (base None: the whole history of `head`) or `verify BASE..HEAD`."""
    graph = read_graph(git, [head] if base is None else [f"{base}..{head}"])
    dates = {c.sha: c.committer_date for c in graph}
    parents = {c.sha: c.parents for c in graph}
    if base is None:
        mainline = mainline_of(graph[0].sha, parents) if graph else []
        return Plan(
            audit_placements(mainline, parents),
            timeline(git, blobs, head, mainline),
            graph,
            dates,
            arrivals=mainline_arrivals(mainline, dates),
        )
    base_line = [c.sha for c in read_graph(git, ["--first-parent", base])]
    base_line.reverse()
    placements = range_placements([c.sha for c in graph], base_line[-1])
    return Plan(placements, timeline(git, blobs, base, base_line), graph, dates, base_line[-1])


def check_signatures(git: Git, blobs: BlobReader, plan: Plan) -> None:
    """Each commit judged under a policy that asks for signatures, checked against the
    allowed_signers in force for it: one git process per distinct allowed_signers file."""
    groups: dict[str | None, list[str]] = defaultdict(list)
    for commit in plan.graph:
        in_force = plan.in_force(commit.sha)
        if in_force.config is not None and in_force.config.policy.signatures_required:
            groups[in_force.blob(ALLOWED_SIGNERS)].append(commit.sha)
    if not groups:
        return
    with tempfile.TemporaryDirectory(prefix="yakkan-signers-") as folder:
        for n, (blob, commits) in enumerate(sorted(groups.items(), key=lambda kv: kv[0] or "")):
            read = blobs.read(blob) if blob else None
            target = Path(folder) / f"allowed_signers.{n}"
            target.write_bytes(read.data if read else b"")
            checked = signatures(git, commits, target)
            plan.signatures.update(checked)
            text = read.data.decode("utf-8", "replace") if read else ""
            for sha, signature in checked.items():
                if signature.status == "G" and signature.key:
                    until = key_valid_before(text, signature.key)
                    if until is not None:
                        plan.key_until[sha] = until
