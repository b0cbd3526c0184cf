"""The record cache never lies (issue 14): whatever happens to the records, to yakkan.yaml
or to the cache's own files, every read command prints exactly what it prints without the
cache. Real repositories, real `yakkan` processes; the version bump and planted lies run
in-process, where the cache's key can be changed and read."""

from __future__ import annotations

import json
import marshal
import os
import random
import re
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import yakkan_cli
from tests.factories import all_checks, record_data, termination
from tests.village import Result, Village, copy_village, make_village, yakkan_command
from yakkan_cli.actions.due import due
from yakkan_cli.actions.reading import list_records
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.model import Record
from yakkan_cli.store.cache.index import RecordCache, current_key, index_path, pack, unpack
from yakkan_cli.store.cache.keys import RACY_SLACK_NS
from yakkan_cli.store.repo import dump_record

AS_OF = "2027-06-01"
READS: list[tuple[str, ...]] = [
    ("due", "--json", "--as-of", AS_OF, "--within", "3660"),
    ("list", "--json"),
    ("validate", "--json"),
    ("register", "--format", "csv", "--as-of", AS_OF),
]
APPROVAL = {
    "approved_by": "sato",
    "approved_on": "2026-04-01",
    "risk_acknowledged_by": "suzuki",
    "risk_acknowledged_on": "2026-04-02",
}


def _attachments(service_id: str) -> list[dict[str, str]]:
    return [
        {"kind": "signup", "path": f"attachments/{service_id}/signup.png", "sha256": "0" * 64},
        {"kind": "terms", "path": f"attachments/{service_id}/terms.pdf", "sha256": "0" * 64},
    ]


def _record(service_id: str, department: str, **overrides: Any) -> dict[str, Any]:
    return record_data(
        id=service_id,
        department=department,
        application={"attachments": _attachments(service_id)},
        **overrides,
    )


def _monthly(kind: str, months: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in range(months):
        on = f"2026-{5 + m:02d}-01"
        if kind == "backups":
            out.append({"on": on, "by": "suzuki", "method": "複製", "location": "庁内"})
        else:
            out.append({"on": on, "by": "suzuki", "matches": m != 2})
    return out


RECORDS: list[dict[str, Any]] = [
    _record(
        "somu-active",
        "somu",
        state="active",
        approval=APPROVAL,
        reviews=[{"on": "2026-07-01", "by": "suzuki"}],
        backups=_monthly("backups", 5),
        purpose_checks=_monthly("purpose_checks", 5),
        alerts=[{"id": "a1", "on": "2026-09-01", "by": "sato", "title": "他団体の事故"}],
        service={"ismap": {"registration": "C0001", "valid_until": "2027-06-10"}},
    ),
    _record("somu-applied", "somu", checks=all_checks(responsible=None)),  # type: ignore[arg-type]
    _record(
        "somu-approved",
        "somu",
        state="approved",
        approval={**APPROVAL, "risk_acknowledged_by": None, "risk_acknowledged_on": None},
    ),
    _record(
        "somu-suspended",
        "somu",
        state="suspended",
        approval=APPROVAL,
        suspensions=[{"on": "2026-10-01", "by": "sato", "reason": "海外経由"}],
    ),
    _record(
        "kikaku-ending",
        "kikaku",
        state="terminating",
        approval=APPROVAL,
        termination=termination(
            checks=all_checks(responsible=None, count=4),  # type: ignore[arg-type]
            attachments=[
                {"kind": "agreement", "path": "attachments/kikaku-ending/a.png", "sha256": "0" * 64}
            ],
        ),
    ),
    _record(
        "kikaku-ended",
        "kikaku",
        state="terminated",
        approval=APPROVAL,
        termination=termination(approved_by="takahashi", approved_on="2027-03-31", attachments=[]),
    ),
    _record(
        "kikaku-rejected",
        "kikaku",
        state="rejected",
        closure={"by": "takahashi", "on": "2026-04-10", "reason": "不要"},
    ),
]


def _run(village: Village, *args: str, env: dict[str, str] | None = None) -> Result:
    return village.yakkan(*args, env=env, when="2027-06-01T10:00:00+09:00")


def _same_with_and_without(
    village: Village, step: str, bare: list[Result] | None = None
) -> list[Result]:
    """Each read command with the cache and with --no-cache: the very same answer.

    `bare`: the --no-cache answers already had for records exactly as they stand now (the
    same files, the same clock): --no-cache never opens the cache, so running them again
    would only ask the same question twice."""
    results = []
    for n, args in enumerate(READS):
        cached = _run(village, *args)
        plain = _run(village, "--no-cache", *args) if bare is None else bare[n]
        assert "Traceback" not in cached.output, f"{step}: {args}\n{cached.output}"
        assert (cached.code, cached.stdout, cached.stderr) == (
            plain.code,
            plain.stdout,
            plain.stderr,
        ), f"{step}: yakkan {' '.join(args)} differs with the cache"
        results.append(cached)
    return results


def age(village: Village) -> None:
    """Wait until every file of the work tree is older than the racy slack: from then on
    the cache may take the stat shortcut for files left alone (keys.trusted), which is what
    must not lie. Measured from the files' own timestamps (the later of mtime and ctime,
    which is what keys.trusted compares), so that the time the test already spent since it
    wrote them counts: the cache then sees exactly what it sees after a wait of the whole
    slack."""
    stamps = [
        max(st.st_mtime_ns, st.st_ctime_ns)
        for path in [village.path, *village.path.rglob("*")]
        if ".git" not in path.relative_to(village.path).parts[:1]
        for st in [path.lstat()]
    ]
    wait_ns = max(stamps) + RACY_SLACK_NS + 200_000_000 - time.time_ns()
    if wait_ns > 0:
        time.sleep(wait_ns / 1e9)


def write_records(village: Village) -> None:
    """RECORDS written as yakkan writes them, and one attachment whose sha256 is not the
    recorded one (tests/e2e/test_fast_reads.py adds its own files, then commits)."""
    for data in RECORDS:
        path = village.path / "records" / data["department"] / f"{data['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_record(Record.model_validate(data)), encoding="utf-8")
    folder = village.path / "attachments" / "somu-active"
    folder.mkdir(parents=True)
    (folder / "signup.png").write_bytes(b"screenshot")


@pytest.fixture(scope="session")  # once per process: a worker may interleave modules
def written(tmp_path_factory: pytest.TempPathFactory) -> Village:
    """RECORDS committed by hand, built once per test process (never read by yakkan: no
    cache): each test gets a copy of it."""
    village = make_village(tmp_path_factory.mktemp("written"))
    write_records(village)
    village.hand_commit("yamada", "records by hand")
    return village


@pytest.fixture
def records(written: Village, tmp_path: Path) -> Village:
    return copy_village(written, tmp_path)


@pytest.fixture(scope="session")  # once per process: a worker may interleave modules
def truth(written: Village, tmp_path_factory: pytest.TempPathFactory) -> list[Result]:
    """The answers to READS for RECORDS as committed, with --no-cache, and checked to be
    what a cold cache answers too: once per test process, for the tests that only change
    the cache (never the records) to compare with."""
    village = copy_village(written, tmp_path_factory.mktemp("truth"))
    bare = [_run(village, "--no-cache", *args) for args in READS]
    _same_with_and_without(village, "cold", bare)
    return bare


def _cache_files(village: Village) -> list[Path]:
    folder = village.path / ".git" / "yakkan" / "cache"
    return sorted(p for p in folder.iterdir() if p.name.startswith("index-"))


def _same_size_edit(path: Path, rng: random.Random) -> None:
    """Change one digit of a date, keep the size, and put the old mtime back."""
    before = path.stat()
    text = path.read_text("utf-8")
    # The tens digit of a day (2026-05-01 → 2026-05-11): still a date, same length.
    spots = [m.start(1) for m in re.finditer(r"\d{4}-\d{2}-(\d)\d", text)]
    i = rng.choice(spots)
    digit = "1" if text[i] != "1" else "2"
    path.write_text(text[:i] + digit + text[i + 1 :], "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_random_edits_never_make_the_cache_lie(records: Village, truth: list[Result]) -> None:
    village = records
    first = _same_with_and_without(village, "cold", truth)
    rows = json.loads(first[0].stdout)
    assert {row["task"] for row in rows} >= {"review", "backup", "check", "disposal", "decide"}
    assert len(_cache_files(village)) == 1
    age(village)
    _same_with_and_without(village, "warm", truth)  # the records as they were: the same truth

    rng = random.Random(14)
    folder = village.path / "records"

    def paths() -> list[Path]:
        return sorted(folder.glob("*/*.yaml"))

    def same_size_edit() -> str:
        path = rng.choice(paths())
        _same_size_edit(path, rng)
        return f"same-size edit of {path.name} with its old mtime"

    def rename() -> str:
        path = rng.choice(paths())
        other = "kikaku" if path.parent.name == "somu" else "somu"
        target = folder / other / path.name
        path.rename(target)
        return f"moved {path.name} to {other}"

    def remove() -> str:
        path = rng.choice(paths())
        path.unlink()
        return f"removed {path.name}"

    def break_yaml() -> str:
        path = rng.choice(paths())
        path.write_text(path.read_text("utf-8") + "state: [\n", "utf-8")
        return f"broke {path.name}"

    def copy_as_new() -> str:
        path = rng.choice(paths())
        new_id = f"{path.parent.name}-copy{rng.randrange(1000)}"
        text = path.read_text("utf-8").replace(f"id: {path.stem}\n", f"id: {new_id}\n", 1)
        (path.parent / f"{new_id}.yaml").write_text(text, "utf-8")
        return f"copied {path.name} as {new_id}"

    def config_change() -> str:
        config = village.path / "yakkan.yaml"
        text = config.read_text("utf-8")
        months = rng.choice([1, 2, 4])
        text = text.split("policy:\n")[0] + f"policy:\n  warn_days: 14\n  review_months: {months}\n"
        config.write_text(text, "utf-8")
        return f"yakkan.yaml: review_months {months}"

    def drop_department() -> str:
        config = village.path / "yakkan.yaml"
        text = config.read_text("utf-8")
        line = "  - {id: kikaku, name: 企画課, head: suzuki, responsible: [takahashi]}\n"
        config.write_text(text.replace(line, "") if line in text else text + "", "utf-8")
        return "yakkan.yaml: 企画課 dropped (its records become invalid)"

    steps = [same_size_edit, same_size_edit, rename, remove, break_yaml, copy_as_new]
    history: list[str] = []
    for _ in range(8):
        history.append(rng.choice(steps)())
        _same_with_and_without(village, " / ".join(history))
    history.append(config_change())
    _same_with_and_without(village, " / ".join(history))
    history.append(drop_department())
    results = _same_with_and_without(village, " / ".join(history))
    assert results[1].code == 1  # records of the dropped department: the lists say so


def test_the_environment_variable_bypasses_the_cache(records: Village) -> None:
    result = _run(records, "list", "--json", env={"YAKKAN_NO_CACHE": "1"})
    assert result.code == 0
    assert not (records.path / ".git" / "yakkan").exists()
    assert _run(records, "list", "--json").stdout == result.stdout
    assert len(_cache_files(records)) == 1
    # --no-cache does not read it either: a lie planted in it is served with the cache (the
    # control), never without. (The tests here take the --no-cache answer for records that
    # did not change as the truth, whatever became of the cache since.)
    _lie(records)
    assert "嘘の会社" in _run(records, "list", "--json").stdout
    assert _run(records, "--no-cache", "list", "--json").stdout == result.stdout


@pytest.mark.parametrize(
    "damage",
    ["truncated", "random bytes", "wrong header", "empty", "a folder", "other key"],
)
def test_a_damaged_cache_changes_nothing(
    records: Village, truth: list[Result], damage: str
) -> None:
    """The cache only is damaged, never the records: the answers stay `truth` (with and
    without the cache, checked once per process), with the damaged cache as without it."""
    village = records
    # One read writes the index whole (each read reads every record).
    first = _run(village, *READS[0])
    assert (first.code, first.stdout, first.stderr) == (
        truth[0].code,
        truth[0].stdout,
        truth[0].stderr,
    )
    (index,) = _cache_files(village)
    data = index.read_bytes()
    if damage == "truncated":
        index.write_bytes(data[: len(data) // 2])
    elif damage == "random bytes":
        index.write_bytes(random.Random(1).randbytes(len(data)))
    elif damage == "wrong header":
        index.write_bytes(b"X" + data[1:])
    elif damage == "empty":
        index.write_bytes(b"")
    elif damage == "a folder":
        index.unlink()
        index.mkdir()
        (index / "x").write_bytes(data)
    else:
        index.write_bytes(data[:8] + bytes(32) + data[40:])
    after = _same_with_and_without(village, damage, truth)
    assert [r.stdout for r in after] == [r.stdout for r in truth]
    assert all(r.code == t.code for r, t in zip(after, truth, strict=True))


def test_an_unwritable_cache_folder_changes_nothing(records: Village, truth: list[Result]) -> None:
    """A `.git` yakkan cannot write to (read-only, full): the commands run without a cache.
    A file where the folder should be fails for every user, root included."""
    (records.path / ".git" / "yakkan").write_bytes(b"not a folder")
    results = _same_with_and_without(records, "unwritable", truth)
    assert results[1].code == 0
    assert (records.path / ".git" / "yakkan").read_bytes() == b"not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_git_changes_nothing(records: Village) -> None:
    git_dir = records.path / ".git"
    modes = {p: p.stat().st_mode for p in [git_dir, *git_dir.rglob("*")] if p.is_dir()}
    try:
        for p in modes:
            p.chmod(0o555)
        _same_with_and_without(records, "read-only .git")
        assert not (git_dir / "yakkan").exists()
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


def test_two_processes_at_once(records: Village, truth: list[Result]) -> None:
    village = records
    expected = truth[0].stdout
    for _ in range(2):
        shutil.rmtree(village.path / ".git" / "yakkan", ignore_errors=True)
        env = village._env("yamada", "2027-06-01T10:00:00+09:00")
        procs = [
            subprocess.Popen(
                [*yakkan_command(), *args],
                cwd=village.path,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for args in (READS[0], READS[0], READS[2])
        ]
        outs = [p.communicate() for p in procs]
        assert outs[0][0] == expected
        assert outs[1][0] == expected
        assert json.loads(outs[2][0])["checked"] == len(RECORDS)
    assert _run(village, *READS[0]).stdout == expected
    assert not [
        p
        for p in (village.path / ".git" / "yakkan" / "cache").iterdir()
        if p.name.startswith(".index-")
    ]


# --- in-process: the key guards against what a process cannot change -----------------------


def _open(path: Path) -> Workspace:
    return Workspace.open(path)


def _lie(village: Village) -> None:
    """Rewrite the kept summary of somu-active with another provider, under a valid key and
    checksum: the cache now lies, for as long as its key still holds."""
    ws = _open(village.path)
    cache = ws.record_cache
    assert cache is not None and cache.path is not None
    entries = unpack(cache.path.read_bytes(), cache.key)
    rel = "records/somu/somu-active.yaml"
    kind, summary = marshal.loads(entries[rel][6])
    lie = marshal.dumps((kind, (summary[0], "嘘の会社", *summary[2:])))
    entries[rel] = (*entries[rel][:6], lie)
    cache.path.write_bytes(pack(cache.key, entries))


def _providers(path: Path) -> set[str]:
    ws = _open(path)
    return {item.summary.provider for item in list_records(ws).records}


def _warm(village: Village) -> None:
    list_records(_open(village.path))  # fills the cache
    age(village)
    list_records(_open(village.path))  # renews the racy entries: stat now vouches for them


def test_a_planted_lie_is_believed_only_under_its_own_key(
    records: Village, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control first: a lie planted under the current key is served (so the cache is
    really used, and the checks below could fail); then each part of the key in turn."""
    village = records
    monkeypatch.chdir(village.path)
    _warm(village)
    _lie(village)
    assert "嘘の会社" in _providers(village.path)  # the control: the cache is read

    monkeypatch.setattr(yakkan_cli, "__version__", yakkan_cli.__version__ + ".post1")
    assert "嘘の会社" not in _providers(village.path)  # a new version: parsed again

    _warm(village)
    _lie(village)
    assert "嘘の会社" in _providers(village.path)
    config = village.path / "yakkan.yaml"
    config.write_text(config.read_text("utf-8") + "# a comment\n", "utf-8")
    assert "嘘の会社" not in _providers(village.path)  # another yakkan.yaml: parsed again

    _warm(village)
    _lie(village)
    path = village.path / "records" / "somu" / "somu-active.yaml"
    path.write_bytes(path.read_bytes().replace(b"Google LLC", b"Google Inc"))
    assert "Google Inc" in _providers(village.path)  # its content changed: parsed again


def test_warm_reads_parse_nothing_and_read_no_record(
    records: Village, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yakkan_cli.store.repo import RecordsRepo

    ws = _open(records.path)
    future = time.time_ns() + 10 * RACY_SLACK_NS  # as if every file had long been there
    folder = ws.git.common_dir / "yakkan" / "cache"

    def run() -> tuple[RecordCache, list[Any]]:
        cache = RecordCache.open(folder, ws.repo.root, ws.config_source, clock=lambda: future)
        return cache, [
            (i.rel, i.summary) if not isinstance(i, Exception) else str(i)
            for i in ws.repo.summaries(ws.config, cache)
        ]

    cold, first = run()
    assert cold.parsed == len(RECORDS)
    reads: list[Path] = []
    original = RecordsRepo.read_text
    monkeypatch.setattr(
        RecordsRepo, "read_text", lambda self, path: reads.append(path) or original(self, path)
    )
    warm, second = run()
    assert (warm.parsed, reads, second) == (0, [], first)
    # The same content under a new stat (touched): read and hashed again, not parsed.
    path = records.path / "records" / "somu" / "somu-active.yaml"
    path.touch()
    touched, third = run()
    assert (touched.parsed, reads, third) == (0, [path], first)
    assert index_path(folder, ws.repo.root).is_file()
    assert unpack(index_path(folder, ws.repo.root).read_bytes(), current_key(ws.config_source))


def test_due_from_the_cache_equals_due_from_the_records(records: Village) -> None:
    ws = _open(records.path)
    bare = Workspace.open(records.path, use_cache=False)
    as_of = date(2027, 6, 1)
    for _ in range(2):
        cached = due(_open(records.path), as_of=as_of, within=3660)
        plain = due(bare, as_of=as_of, within=3660)
        assert [i.document() for i in cached.items] == [i.document() for i in plain.items]
    assert ws.record_cache is not None and bare.record_cache is None


def test_where_ctime_is_not_a_change_time_every_record_is_hashed(
    records: Village, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows: stat vouches for nothing, each record is read and hashed, none parsed."""
    from yakkan_cli.store.cache import keys
    from yakkan_cli.store.repo import RecordsRepo

    ws = _open(records.path)
    future = time.time_ns() + 10 * RACY_SLACK_NS
    folder = ws.git.common_dir / "yakkan" / "cache"

    def run() -> RecordCache:
        cache = RecordCache.open(folder, ws.repo.root, ws.config_source, clock=lambda: future)
        list(ws.repo.summaries(ws.config, cache))
        return cache

    run()
    monkeypatch.setattr(keys, "CTIME_IS_CHANGE_TIME", False)
    reads: list[Path] = []
    original = RecordsRepo.read_text
    monkeypatch.setattr(
        RecordsRepo, "read_text", lambda self, path: reads.append(path) or original(self, path)
    )
    assert run().parsed == 0
    assert len(reads) == len(RECORDS)
