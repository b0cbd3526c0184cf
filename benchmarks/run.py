"""Benchmark every command against its floors, in one run, and write the report.

    python benchmarks/run.py [--sizes 100,1000,10000] [--runs 3] [--dir /tmp/yakkan-bench]
                             [--audit-records 1000] [--audit-commits 50] [--update-readme]
                             [--only startup,records,ismap,history] [--ismap-records 100]
                             [--before-yakkan PATH --before-label TEXT]

Run it with the Python of the environment yakkan is installed in (`.venv/bin/python`): the
`yakkan` beside that Python is measured. The repositories are built once in `--dir` and
reused while the generator that built them is unchanged. Each command runs warm (one
untimed run first, then `--runs` timed ones) and cold (`<git common dir>/yakkan/`, where
the record cache and the audit memo live, deleted before every run). The table goes to
`benchmarks/results.md` (or `--results`) and, with `--update-readme`, between docs/speed.md's
bench markers. Numbers depend on the machine: the ratios to the floors are what matter.
`--before-yakkan` measures the cold `audit` of another build of yakkan (an earlier commit
installed in its own environment) beside this one's, run for run, in the same run.
The `ismap` part measures the warm reads of a village on 自治体機密性 that imported an ISMAP
list (benchmarks/ismap_repo.py), where `due`, `register` and `validate` read the list too.
This is not a test (`tests/test_benchmarks.py` only runs it at a tiny size).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

import floors
import history_repo
import ismap_repo
import records_repo
from measure import CommandFailed, Measurement, clean_env, git, make_cold, measure, yakkan_exe
from report import Report, Row, Target, update_readme

from yakkan_cli.store.cache.keys import RACY_SLACK_NS

HERE = Path(__file__).resolve().parent

# Issue 14's targets.
HELP = Target(ratio=4)  # `--help` and `--version`: within 4× of `python -c pass`
QUICK = Target(ratio=10, seconds=0.2)  # `show`, and reads of 100 records warm
DUE_WARM = Target(ratio=3)  # 10,000 records, against the prototype
DUE_COLD = Target(ratio=1.3)  # 10,000 records, against composing the nodes
MEMORY = Target(mib=100)  # any read command at 10,000 records
AUDIT_COLD = Target(ratio=5)  # 1,000 × 50, against `git log -p` (issue 23.3)
AUDIT_AFTER_MERGE = Target(seconds=1)
NO_SLOWER = Target(ratio=1)  # the cold audit against the build before issue 19 (issue 19)
# `verify` of a pull request on a 50,000-commit history against a 1,000-commit one (23.3).
FLAT = Target(ratio=1.5)
SHORT_HISTORY = 1000  # commits of the short history `verify` is also measured on
ALL_PARTS = "startup,records,ismap,history"


def fingerprint(*parts: object) -> str:
    """What a built repository depends on: its generator's source and its size."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


# A village's record files are older than the moment yakkan reads them; files younger
# than the record cache's racy-timestamp slack are read again on every run, by design
# (store/cache/keys.py RACY_SLACK_NS). Measured straight after a build, the warm reads
# would measure that guard instead of themselves: the harness waits that long after one.
SETTLE = RACY_SLACK_NS / 1e9 + 0.5


def reuse_or_build(root: Path, key: str, build: Callable[[], None], settle: float = SETTLE) -> None:
    stamp = root.with_name(root.name + ".built")
    if root.is_dir() and stamp.is_file() and stamp.read_text() == key:
        return
    shutil.rmtree(root, ignore_errors=True)
    print(f"building {root} …", file=sys.stderr, flush=True)
    build()
    stamp.write_text(key)
    time.sleep(settle)


def source(module: object) -> str:
    return Path(str(getattr(module, "__file__", ""))).read_text(encoding="utf-8")


def size_text(n: int) -> str:
    return f"{n:,}"


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.runs: int = args.runs
        self.base: Path = args.dir.resolve()
        self.scratch = self.base / "scratch"
        self.report = Report("")
        self.yakkan = yakkan_exe()
        before: Path | None = args.before_yakkan
        self.before = [str(before)] if before is not None else None
        self.before_label: str = args.before_label
        self.settle: float = args.settle

    def time(
        self,
        command: list[str],
        cwd: Path,
        cold: bool = False,
        env: dict[str, str] | None = None,
    ) -> Measurement:
        """Median of the runs; cold deletes `<git common dir>/yakkan/` before each, warm
        runs once untimed first so that whatever yakkan keeps is in place."""
        label = " ".join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))
        print(f"  {label[:70]} ({'cold' if cold else 'warm'}) …", file=sys.stderr, flush=True)
        if cold:
            return measure(command, cwd, self.scratch, self.runs, partial(make_cold, cwd), env=env)
        measure(command, cwd, self.scratch, 1, env=env)
        return measure(command, cwd, self.scratch, self.runs, env=env)

    def floor(self, size: str, name: str, command: list[str], cwd: Path) -> float:
        print(f"  floor: {name} …", file=sys.stderr, flush=True)
        seconds = measure(command, cwd, self.scratch, self.runs).seconds
        self.report.floors.append((size, name, seconds))
        return seconds

    def startup(self) -> float:
        """`--help`, `--version`, `due --help`: no repository is read."""
        where = self.base
        passed = self.floor("—", "`python -c pass`", floors.python(floors.PASS), where)
        for args in (["--help"], ["--version"], ["due", "--help"]):
            m = self.time([*self.yakkan, *args], where)
            row = Row(
                "`" + " ".join(["yakkan", *args]) + "`",
                "—",
                "—",
                m.seconds,
                m.peak_mib,
                "`python -c pass`",
                passed,
                HELP,
            )
            self.report.rows.append(row)
        return passed

    def records(self, n: int, passed: float) -> None:
        root = self.base / f"records-{n}"
        # One record as yakkan's `dump_record` writes it today: a change of the format
        # rebuilds the repositories too.
        sample = records_repo.template(records_repo.DEPARTMENTS[0], 0, 0)
        reuse_or_build(
            root,
            fingerprint(source(records_repo), sample, n),
            partial(records_repo.build, root, n),
            self.settle,
        )
        size = size_text(n)
        print(f"{n} records:", file=sys.stderr, flush=True)
        read = self.floor(size, "reading the bytes", floors.python(floors.READ_BYTES, "."), root)
        compose = self.floor(
            size, "composing the YAML nodes", floors.python(floors.COMPOSE, "."), root
        )
        summary = self.base / f"records-{n}.summary.pickle"
        floors.write_summary(root, date.fromisoformat(records_repo.AS_OF), summary)
        proto = measure(
            floors.python(floors.PROTOTYPE, str(summary)), root, self.scratch, self.runs
        )
        self.report.floors.append((size, "prototype: summary pickle + due", proto.seconds))

        as_of = ["--as-of", records_repo.AS_OF]
        commands = [
            ("`yakkan show ONE-ID`", ["show", records_repo.some_id(n)]),
            ("`yakkan due --json`", ["due", "--json", *as_of]),
            ("`yakkan list --json`", ["list", "--json"]),
            ("`yakkan validate`", ["validate"]),
            ("`yakkan register --format csv`", ["register", "--format", "csv", *as_of]),
        ]
        big = n >= 10_000
        for label, args in commands:
            for cold in (False, True):
                m = self.time([*self.yakkan, *args], root, cold)
                if args[0] == "due" and not floors.same_tasks(proto.stdout, m.stdout):
                    # The floor must do the same work, minus the parsing.
                    raise SystemExit(f"the prototype's tasks differ from `yakkan due` at {n}")
                cache = "cold" if cold else "warm"
                target: Target | None = None
                if args[0] == "show" or (n <= 100 and not cold):
                    floor, floor_s, target = "`python -c pass`", passed, QUICK
                elif args[0] == "due" and not cold:
                    floor, floor_s = "prototype", proto.seconds
                    target = DUE_WARM if big else None
                elif cold:
                    floor, floor_s = "composing the YAML nodes", compose
                    target = DUE_COLD if big and args[0] == "due" else None
                else:
                    floor, floor_s = "reading the bytes", read
                if big:
                    target = MEMORY if target is None else target & MEMORY
                # `show` reads one file: the floors over every file say nothing of it.
                whole = (None, None) if args[0] == "show" else (read, compose)
                row = Row(label, size, cache, m.seconds, m.peak_mib, floor, floor_s, target, *whole)
                self.report.rows.append(row)

    def ismap(self, n: int, passed: float) -> None:
        """The warm reads of a village on 自治体機密性 that imported an ISMAP list: the
        list's snapshot decides tasks, columns and validate's findings (issue 22)."""
        root = self.base / f"ismap-{n}"
        sample = records_repo.template(records_repo.DEPARTMENTS[0], 0, 0)
        reuse_or_build(
            root,
            fingerprint(source(ismap_repo), source(records_repo), sample, n),
            partial(ismap_repo.build, root, n),
            self.settle,
        )
        size = size_text(n)
        print(f"{n} records on 自治体機密性, an ISMAP list imported:", file=sys.stderr, flush=True)
        as_of = ["--as-of", records_repo.AS_OF]
        for label, args in (
            ("`yakkan show ONE-ID`", ["show", ismap_repo.some_id(n)]),
            ("`yakkan due --json`", ["due", "--json", *as_of]),
            ("`yakkan list --json`", ["list", "--json"]),
            ("`yakkan validate`", ["validate"]),
            ("`yakkan register --format csv`", ["register", "--format", "csv", *as_of]),
        ):
            m = self.time([*self.yakkan, *args], root)
            self.report.rows.append(
                Row(
                    f"{label}, an ISMAP list imported",
                    size,
                    "warm",
                    m.seconds,
                    m.peak_mib,
                    "`python -c pass`",
                    passed,
                    QUICK,
                )
            )

    def history_repo(self, records: int, commits: int) -> Path:
        root = self.base / f"history-{records}x{commits}"
        reuse_or_build(
            root,
            fingerprint(source(history_repo), records, commits),
            partial(history_repo.build, root, records, commits),
            self.settle,
        )
        history_repo.reset(root)
        return root

    def side_by_side(self, commands: list[list[str]], cwd: Path) -> list[Measurement]:
        """Cold runs of each command in turn, run after run, so that the load of a shared
        machine falls on each alike: medians of `--runs` runs each. The first command runs
        last in each round: what it leaves beside the repository (its memo) is what the
        rows after this one start from."""
        label = " / ".join(" ".join(c[1:]) for c in commands)
        print(f"  {label[:70]} (cold, side by side) …", file=sys.stderr, flush=True)
        runs: list[list[Measurement]] = [[] for _ in commands]
        for _ in range(self.runs):
            for command, done in reversed(list(zip(commands, runs, strict=True))):
                done.append(measure(command, cwd, self.scratch, 1, partial(make_cold, cwd)))
        return [
            Measurement(
                statistics.median(m.seconds for m in done),
                max(m.peak_bytes for m in done),
                len(done),
                done[-1].stdout,
            )
            for done in runs
        ]

    def history(self, records: int, commits: int) -> None:
        root = self.history_repo(records, commits)
        size = f"{records:,} × {commits}"
        print(f"history {size}:", file=sys.stderr, flush=True)
        log = self.floor(size, "`git log -p`", ["git", "log", "-p", "--no-color"], root)
        pr_log = self.floor(
            size,
            "`git log -p` of the pull request",
            ["git", "log", "-p", "--no-color", "bench-base..bench-pr"],
            root,
        )

        audit = ["audit", "--json"]
        if self.before is None:
            m = self.time([*self.yakkan, *audit], root, cold=True)
        else:
            m, old = self.side_by_side([[*self.yakkan, *audit], [*self.before, *audit]], root)
        self.report.rows.append(
            Row(
                "`yakkan audit --json`",
                size,
                "cold",
                m.seconds,
                m.peak_mib,
                "`git log -p`",
                log,
                AUDIT_COLD,
            )
        )
        if self.before is not None:
            label = f"`yakkan audit --json` as of {self.before_label}"
            self.report.rows.append(
                Row(label, size, "cold", old.seconds, old.peak_mib, "`git log -p`", log)
            )
            self.report.rows.append(
                Row(
                    f"`yakkan audit --json`, today against {self.before_label}",
                    size,
                    "cold",
                    m.seconds,
                    m.peak_mib,
                    f"as of {self.before_label}",
                    old.seconds,
                    NO_SLOWER,
                )
            )

        # After one new merge: yakkan has audited everything up to `bench-base` (the last
        # cold run, and an untimed audit before each run: the previous run's pull request is
        # gone from the history, and the audit of a history that did not grow from the last
        # one audited reads the whole graph); each timed run then audits that history with
        # a freshly merged five-commit pull request, one never seen before.
        print("  yakkan audit --json after a merge (warm) …", file=sys.stderr, flush=True)
        runs = iter(range(self.runs))

        def audited_then_merged() -> None:
            history_repo.reset(root)
            subprocess.run(
                [*self.yakkan, "audit", "--json"],
                cwd=root,
                env=clean_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=True,
            )
            history_repo.merge_pull_request(root, commits, next(runs))

        merged = measure(
            [*self.yakkan, "audit", "--json"],
            root,
            self.scratch,
            self.runs,
            audited_then_merged,
        )
        history_repo.reset(root)
        self.report.rows.append(
            Row(
                "`yakkan audit --json` after merging a 5-commit PR",
                size,
                "warm",
                merged.seconds,
                merged.peak_mib,
                "`git log -p` of the PR",
                pr_log,
                AUDIT_AFTER_MERGE,
            )
        )

        verify = [*self.yakkan, "verify", "bench-base..bench-pr", "--json"]
        # `verify` judges a pull request as arriving on the day it runs (issue 19.5): the
        # generated history's pull request is dated years ago, so the check runs on its day,
        # as CI runs on the day of the push.
        pushed = {"YAKKAN_TODAY": git(root, "log", "-1", "--format=%cs", "bench-pr").strip()}
        warm = self.time(verify, root, env=pushed)
        for cold in (False, True):
            m = self.time(verify, root, cold, env=pushed) if cold else warm
            self.report.rows.append(
                Row(
                    "`yakkan verify BASE..PR --json`, a 5-commit PR",
                    size,
                    "cold" if cold else "warm",
                    m.seconds,
                    m.peak_mib,
                    "`git log -p` of the PR",
                    pr_log,
                )
            )

        # The same pull request on a history of about SHORT_HISTORY commits (records of
        # the same length, fewer of them): what `verify` costs should be what the pull
        # request holds, not what the history holds.
        few = max(5, min(records, SHORT_HISTORY // commits))
        short = root if few == records else self.history_repo(few, commits)
        print(f"history {few:,} × {commits}:", file=sys.stderr, flush=True)
        small = self.time(
            verify,
            short,
            env={"YAKKAN_TODAY": git(short, "log", "-1", "--format=%cs", "bench-pr").strip()},
        )
        long_size, short_size = records * commits + 1, few * commits + 1
        self.report.rows.append(
            Row(
                f"`yakkan verify BASE..PR --json`, a 5-commit PR, {long_size:,} commits "
                f"against {short_size:,}",
                f"{size} vs {few:,} × {commits}",
                "warm",
                warm.seconds,
                warm.peak_mib,
                f"the same on {short_size:,} commits",
                small.seconds,
                FLAT,
            )
        )


def describe(args: argparse.Namespace, here: Path) -> str:
    try:
        revision = git(here, "rev-parse", "--short", "HEAD").strip()
        dirty = git(here, "status", "--porcelain", "--untracked-files=no").strip()
    except subprocess.CalledProcessError:  # not run from a git checkout
        revision, dirty = "unknown", ""
    version = subprocess.run(
        [*yakkan_exe(), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    runs = f"{args.runs} run{'s' if args.runs != 1 else ''}"
    before = f" --only {args.only}" if args.only != ALL_PARTS else ""
    if args.ismap_records != 100:
        before += f" --ismap-records {args.ismap_records}"
    if args.before_yakkan is not None:
        before += f" --before-yakkan {args.before_yakkan} --before-label '{args.before_label}'"
    text = (
        f"Measured {when} by `python benchmarks/run.py --sizes {args.sizes} "
        f"--runs {args.runs} --audit-records {args.audit_records} "
        f"--audit-commits {args.audit_commits}{before}` on {platform.machine()}, "
        f"{os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} at the start), "
        f"Python {platform.python_version()}; {version}, "
        f"commit {revision}{' (with local changes)' if dirty else ''}. "
        f"Wall time: median of {runs}; peak: the largest resident set of the "
        "command's process (or a git process it waited for), from `os.wait4`. "
        "Cold: `<git common dir>/yakkan/` deleted before each run; warm: after one untimed run."
    )
    return textwrap.fill(text, 90, break_on_hyphens=False, break_long_words=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="record counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each command")
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path("/tmp/yakkan-bench"),
        help="where the repositories are built and kept",
    )
    parser.add_argument("--audit-records", type=int, default=1000)
    parser.add_argument("--audit-commits", type=int, default=50)
    parser.add_argument(
        "--only",
        default=ALL_PARTS,
        help="the parts to measure, comma-separated: " + ", ".join(ALL_PARTS.split(",")),
    )
    parser.add_argument(
        "--ismap-records",
        type=int,
        default=100,
        help="records of the village on 自治体機密性 with an imported ISMAP list (part ismap)",
    )
    parser.add_argument(
        "--before-yakkan",
        type=Path,
        help="another build's yakkan (an earlier commit in its own environment): its cold "
        "audit is measured beside this one's",
    )
    parser.add_argument(
        "--before-label", default="the build before", help="how the table names that build"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=SETTLE,
        help="seconds to wait after building a repository, so that warm reads do not "
        "measure the record cache's guard against racy timestamps (0 where only the "
        "table's shape matters, as in tests/test_benchmarks.py)",
    )
    parser.add_argument("--results", type=Path, default=HERE / "results.md")
    parser.add_argument("--readme", type=Path, default=HERE.parent / "docs" / "speed.md")
    parser.add_argument(
        "--update-readme",
        action="store_true",
        help="rewrite the table between the bench markers of docs/speed.md",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.runs < 1 or not sizes or min(sizes) < 1:
        parser.error("--runs and every size must be at least 1")
    if args.audit_records < 5 or args.audit_commits < 4:
        parser.error("the audit history needs --audit-records >= 5 and --audit-commits >= 4")
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    if not parts or parts - set(ALL_PARTS.split(",")):
        parser.error("--only takes " + ", ".join(ALL_PARTS.split(",")))
    if args.ismap_records < 1:
        parser.error("--ismap-records must be at least 1")
    if args.update_readme and parts != set(ALL_PARTS.split(",")):
        parser.error("--update-readme rewrites the whole table: measure every part")

    bench = Bench(args)
    bench.base.mkdir(parents=True, exist_ok=True)
    bench.report.title_line = describe(args, HERE.parent)  # the code as it is at the start
    try:
        if parts & {"startup", "records", "ismap"}:
            passed = bench.startup()
        if "records" in parts:
            for n in sizes:
                bench.records(n, passed)
        if "ismap" in parts:
            bench.ismap(args.ismap_records, passed)
        if "history" in parts:
            bench.history(args.audit_records, args.audit_commits)
    except CommandFailed as failed:
        print(f"benchmark stopped: {failed}", file=sys.stderr)
        return 1
    args.results.write_text(bench.report.markdown(), encoding="utf-8")
    print(bench.report.markdown())
    if args.update_readme:
        update_readme(args.readme, bench.report.readme_block())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
