"""`audit` and `verify`: replay the history of records and check every step (DESIGN §4).

The git side streams (one `git log`, one `git cat-file --batch`); this module turns the
listing into record versions, parses them with the yakkan.yaml of their commit, and hands
them to the pure checks in rules/audit.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yakkan_cli.actions.workspace import Workspace
from yakkan_cli.errors import UsageProblem, YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record
from yakkan_cli.rules.audit import (
    CommitInfo,
    Finding,
    RecordVersion,
    attachments_to_check,
    check_config_change,
    check_version,
    record_data,
)
from yakkan_cli.rules.consistency import record_problems
from yakkan_cli.store.repo import ATTACHMENTS_DIR, CONFIG_FILE, RECORDS_DIR
from yakkan_cli.store.yamlio import VersionReader, parse_model, problem_messages
from yakkan_cli.vcs.git import Git
from yakkan_cli.vcs.history import (
    ALLOWED_SIGNERS,
    ZERO,
    BlobReader,
    Change,
    count_commits,
    iter_log,
    resolve,
)

_RECORD = re.compile(rf"^{RECORDS_DIR}/([^/]+)/([^/]+)\.yaml$")
_ATTACHMENT = re.compile(rf"^{ATTACHMENTS_DIR}/([^/]+)/")
WATCHED = (CONFIG_FILE, RECORDS_DIR, ATTACHMENTS_DIR)


@dataclass
class Step:
    """One commit of the replay: the record versions it made and the config in force."""

    commit: CommitInfo
    versions: list[tuple[RecordVersion, list[str]]]  # with the attachment paths it touched
    config: Config | None
    config_before: Config | None
    findings: list[Finding] = field(default_factory=list)


def _problems(err: YakkanError) -> list[str]:
    return err.details or [err.message]


@dataclass
class _Replay:
    git: Git
    blobs: BlobReader
    config: Config | None
    # path → (blob id, record or None when it does not validate, its `record_data`): the
    # last version seen, which is the "before" of the next change of that path.
    last: dict[str, tuple[str, Record | None, dict[str, Any] | None]] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)  # service id → last record path
    digests: dict[str, str] = field(default_factory=dict)  # blob id → sha256 of content
    # Each version of a record is mostly the one before it: read only what changed.
    reader: VersionReader = field(default_factory=VersionReader)

    def parse_config(self, spec: str) -> tuple[Config | None, list[str]]:
        blob = self.blobs.read(spec)
        if blob is None:
            return None, [t("store.no_config", path=CONFIG_FILE)]
        try:
            config = parse_model(Config, blob.data, CONFIG_FILE)
        except YakkanError as err:
            return None, _problems(err)
        found = config.problems()
        if found:
            text = blob.data.decode("utf-8", "replace")
            return None, problem_messages(found, text, CONFIG_FILE)
        return config, []

    def record(self, path: str, blob_id: str) -> tuple[Record | None, bytes, list[str]]:
        cached = self.last.get(path)
        if cached and cached[0] == blob_id and cached[1] is not None:
            return cached[1], b"", []
        blob = self.blobs.read(blob_id)
        if blob is None:
            return None, b"", [t("audit.unreadable", path=path)]
        try:
            return self.reader.parse_model(Record, blob.data, path), blob.data, []
        except YakkanError as err:
            return None, blob.data, _problems(err)

    def data(self, path: str, blob_id: str) -> dict[str, Any] | None:
        """`record_data` of the version `record` returns from what it kept, if it kept it."""
        cached = self.last.get(path)
        return cached[2] if cached and cached[0] == blob_id else None

    def digest(self, spec: str) -> str | None:
        if spec in self.digests:
            return self.digests[spec]
        blob = self.blobs.read(spec)
        if blob is None:
            return None
        value = self.digests.setdefault(blob.sha, hashlib.sha256(blob.data).hexdigest())
        if re.fullmatch(r"[0-9a-f]{40}", spec):
            self.digests[spec] = value
        return value

    def find_path(self, commit: str, service_id: str) -> str | None:
        known = self.paths.get(service_id)
        candidates = [known] if known else []
        if self.config:
            candidates += [
                f"{RECORDS_DIR}/{d.id}/{service_id}.yaml" for d in self.config.departments
            ]
        for path in candidates:
            if self.blobs.read(f"{commit}:{path}") is not None:
                return path
        return None


def replay(
    ws: Workspace,
    revisions: Sequence[str],
    *,
    paths: Sequence[str] = WATCHED,
    start_config: str | None = None,
    signatures: bool = False,
    signers: Path | None = None,
) -> Iterator[Step]:
    """Every commit of `revisions` touching `paths`, oldest first, as record versions."""
    git = ws.git
    with BlobReader(git) as blobs:
        state = _Replay(git, blobs, None)
        if start_config is not None:
            state.config, _ = state.parse_config(f"{start_config}:{CONFIG_FILE}")
        for entry in iter_log(
            git, revisions, paths, signatures=signatures, allowed_signers=signers
        ):
            yield _step(state, entry.commit, entry.changes)


def _step(state: _Replay, commit: CommitInfo, changes: Sequence[Change]) -> Step:
    config_before = state.config
    findings: list[Finding] = []
    records: dict[str, dict[str, tuple[str, str]]] = {}
    touched: dict[str, dict[str, str]] = {}
    for change in changes:
        if change.path == CONFIG_FILE:
            config, problems = state.parse_config(change.new_blob)
            if problems and change.new_blob != ZERO:
                findings += check_config_change(commit, problems)
            state.config = config
        elif m := _RECORD.match(change.path):
            sides = records.setdefault(m[2], {})
            if change.old_blob != ZERO:
                sides["before"] = (change.path, change.old_blob)
            if change.new_blob != ZERO:
                sides["after"] = (change.path, change.new_blob)
        elif m := _ATTACHMENT.match(change.path):
            touched.setdefault(m[1], {})[change.path] = change.new_blob
    config = state.config
    versions: list[tuple[RecordVersion, list[str]]] = []
    for service_id in sorted(records.keys() | touched.keys()):
        sides = records.get(service_id, {})
        if not sides:  # only attachments changed: the record is as the commit has it
            path = state.find_path(commit.sha, service_id)
            if path is None:
                continue
            blob = state.blobs.read(f"{commit.sha}:{path}")
            if blob is None:
                continue
            sides = {"before": (path, blob.sha), "after": (path, blob.sha)}
        version = _version(state, commit, service_id, sides, config, touched.get(service_id, {}))
        versions.append((version, sorted(touched.get(service_id, {}))))
        findings += check_version(commit, version, config, config_before)
    return Step(commit, versions, config, config_before, findings)


def _version(
    state: _Replay,
    commit: CommitInfo,
    service_id: str,
    sides: dict[str, tuple[str, str]],
    config: Config | None,
    touched: dict[str, str],
) -> RecordVersion:
    before: Record | None = None
    before_data: dict[str, Any] | None = None
    before_invalid = False
    path_before = path_after = None
    if "before" in sides:
        path_before, blob_id = sides["before"]
        before_data = state.data(path_before, blob_id)
        before, _, problems = state.record(path_before, blob_id)
        before_invalid = bool(problems)
    after: Record | None = None
    after_data: dict[str, Any] | None = None
    problems_after: list[str] = []
    if "after" in sides:
        path_after, blob_id = sides["after"]
        after, text, problems_after = state.record(path_after, blob_id)
        if after is not None and config is not None:
            stem, folder = path_after.rsplit("/", 1)[1][:-5], path_after.split("/")[1]
            found = record_problems(after, config, stem=stem, folder=folder)
            if found:
                problems_after = problem_messages(
                    found, text.decode("utf-8", "replace"), path_after
                )
        if after is not None and not problems_after:
            # Dumped once here, compared again as the "before" of the path's next change.
            after_data = record_data(after)
        state.last[path_after] = (blob_id, after if not problems_after else None, after_data)
        state.paths[service_id] = path_after
    if path_before and path_before != path_after:
        state.last.pop(path_before, None)
        state.reader.forget(path_before)
    version = RecordVersion(
        service_id=service_id,
        path_before=path_before,
        path_after=path_after,
        before=before,
        after=after if not problems_after else None,
        before_invalid=before_invalid,
        after_problems=tuple(problems_after),
        before_data=before_data,
        after_data=after_data,
    )
    expected = attachments_to_check(version, touched)
    if not expected:
        return version
    actual = {path: state.digest(touched.get(path, f"{commit.sha}:{path}")) for path in expected}
    return RecordVersion(
        service_id=service_id,
        path_before=path_before,
        path_after=path_after,
        before=before,
        after=version.after,
        before_invalid=before_invalid,
        after_problems=version.after_problems,
        attachments=actual,
        before_data=before_data,
        after_data=after_data,
    )


# --- the use cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditResult:
    revisions: str
    commits: int
    versions: int
    findings: list[Finding]


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


@contextlib.contextmanager
def _allowed_signers(ws: Workspace, revision: str) -> Iterator[Path | None]:
    """The allowed-signers file as `revision` has it, in a temporary file.

    Taken from the base of the range (or HEAD for `audit`), never from the working tree:
    a pull request must not be able to vouch for the key that signs its own approval.
    """
    if not ws.config.policy.signed_approvals:
        yield None
        return
    proc = ws.git.run("show", f"{revision}:{ALLOWED_SIGNERS}", check=False)
    with tempfile.TemporaryDirectory(prefix="yakkan-") as folder:
        target = Path(folder) / "allowed_signers"
        target.write_bytes(proc.stdout if proc.returncode == 0 else b"")
        yield target


def run_audit(
    ws: Workspace, revision_range: str | None = None, progress: Progress | None = None
) -> AuditResult:
    """`audit` (whole history of HEAD) or `verify BASE..HEAD` (the commits of a pull request)."""
    if revision_range is None:
        if not ws.git.has_head():
            return AuditResult("HEAD", 0, 0, [])
        revisions, start = ["HEAD"], None
    else:
        base, head = parse_range(ws, revision_range)
        revisions, start = [f"{base}..{head}"], base
    total = count_commits(ws.git, revisions, WATCHED) if progress else 0
    findings: list[Finding] = []
    commits = versions = 0
    with _allowed_signers(ws, start or "HEAD") as signers:
        steps = replay(
            ws, revisions, start_config=start, signatures=signers is not None, signers=signers
        )
        for step in steps:
            commits += 1
            versions += len(step.versions)
            findings += step.findings
            if progress:
                progress(commits, total)
    return AuditResult(revision_range or "HEAD", commits, versions, findings)
