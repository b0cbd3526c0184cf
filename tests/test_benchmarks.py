"""The benchmark harness runs end to end at a tiny size and writes a report of the right
shape. No time is asserted: the numbers depend on the machine and its load."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from benchmarks.floors import same_tasks
from benchmarks.report import BEGIN, END, HEADER, Row, Target, update_readme

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"^\d+(\.\d+)?$")
RATIO = re.compile(r"^\d+(\.\d+)?×$")


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_rows(text: str) -> list[list[str]]:
    """The data rows of the main table (the one under HEADER)."""
    lines = text.splitlines()
    start = lines.index(HEADER) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(cells(line))
    return rows


def harness(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The harness at five records and a history of 5 × 4, one run of each command; the
    build "before" is this one again (its rows are what is checked, not its numbers)."""
    yakkan = Path(sys.executable).parent / "yakkan"
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "run.py"),
        "--sizes", "5",
        "--runs", "1",
        "--dir", str(tmp_path / "repos"),
        "--audit-records", "5",
        "--audit-commits", "4",
        "--ismap-records", "5",
        "--before-yakkan", str(yakkan),
        "--before-label", "before",
        "--settle", "0",  # no numbers are checked: no need to let the files age
        *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True)


def test_the_harness_at_five_records_writes_every_row(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    before, after = "# Title\n\n## Speed\n\nText.\n\n", "\n\n## Next\n\nMore.\n"
    readme.write_text(before + BEGIN + "\nold table\n" + END + after, encoding="utf-8")
    results = tmp_path / "results.md"
    proc = harness(
        tmp_path,
        "--results", str(results),
        "--readme", str(readme),
        "--update-readme",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = results.read_text(encoding="utf-8")
    rows = table_rows(report)
    width = len(cells(HEADER))
    assert all(len(row) == width for row in rows), rows

    seen = {(row[0], row[1], row[2]): row for row in rows}
    short = "5 × 4 vs 5 × 4"  # the short history is this one at this size
    reads = [
        "`yakkan show ONE-ID`",
        "`yakkan due --json`",
        "`yakkan list --json`",
        "`yakkan validate`",
        "`yakkan register --format csv`",
    ]
    expected = {
        ("`yakkan --help`", "—", "—"),
        ("`yakkan --version`", "—", "—"),
        ("`yakkan due --help`", "—", "—"),
        *((command, "5", cache) for command in reads for cache in ("warm", "cold")),
        # The village on 自治体機密性 that imported an ISMAP list: warm reads.
        *((f"{command}, an ISMAP list imported", "5", "warm") for command in reads),
        ("`yakkan audit --json`", "5 × 4", "cold"),
        ("`yakkan audit --json` as of before", "5 × 4", "cold"),
        ("`yakkan audit --json`, today against before", "5 × 4", "cold"),
        ("`yakkan verify BASE..PR --json`, a 5-commit PR, 21 commits against 21", short, "warm"),
        ("`yakkan audit --json` after merging a 5-commit PR", "5 × 4", "warm"),
        ("`yakkan verify BASE..PR --json`, a 5-commit PR", "5 × 4", "warm"),
        ("`yakkan verify BASE..PR --json`, a 5-commit PR", "5 × 4", "cold"),
    }
    assert set(seen) == expected
    for row in rows:
        _, _, _, seconds, peak, floor, floor_s, ratio, _, target, met = row
        assert NUMBER.match(seconds) and NUMBER.match(peak) and NUMBER.match(floor_s), row
        assert float(peak) > 0, row  # the child's rusage, not nothing
        assert RATIO.match(ratio), row
        assert floor != "—", row
        assert met == "—" if target == "—" else met == "yes" or met.startswith("**no** ("), row

    # Issue 14's targets on the rows they belong to.
    assert seen[("`yakkan --help`", "—", "—")][9] == "≤ 4× floor"
    assert seen[("`yakkan show ONE-ID`", "5", "cold")][9] == "< 0.2 s, ≤ 10× floor"
    listed = seen[("`yakkan due --json`, an ISMAP list imported", "5", "warm")]
    assert listed[5] == "`python -c pass`" and listed[9] == "< 0.2 s, ≤ 10× floor"
    assert seen[("`yakkan due --json`", "5", "warm")][5] == "`python -c pass`"
    assert seen[("`yakkan due --json`", "5", "cold")][5] == "composing the YAML nodes"
    assert seen[("`yakkan audit --json`", "5 × 4", "cold")][5] == "`git log -p`"
    assert seen[("`yakkan audit --json`", "5 × 4", "cold")][9] == "≤ 5× floor"
    # Issue 19: no slower than the build before; issue 23.3: verify as flat as the PR.
    no_slower = ("`yakkan audit --json`, today against before", "5 × 4", "cold")
    assert seen[no_slower][5] == "as of before" and seen[no_slower][9] == "≤ 1× floor"
    flat = seen[
        ("`yakkan verify BASE..PR --json`, a 5-commit PR, 21 commits against 21", short, "warm")
    ]
    assert flat[5] == "the same on 21 commits" and flat[9] == "≤ 1.5× floor"
    merged = ("`yakkan audit --json` after merging a 5-commit PR", "5 × 4", "warm")
    assert seen[merged][9] == "< 1 s"

    floors = report.split("## Floors, same run", 1)[1]
    for name in (
        "`python -c pass`",
        "reading the bytes",
        "composing the YAML nodes",
        "prototype: summary pickle + due",
        "`git log -p`",
    ):
        assert f"| {name} |" in floors, name

    # The README: the old table replaced by the new one, everything else untouched.
    text = readme.read_text(encoding="utf-8")
    assert text.startswith(before + BEGIN) and text.endswith(END + after)
    assert "old table" not in text
    assert table_rows(text) == rows

    assert "building" in proc.stderr


@pytest.fixture
def harness_module(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Any]]:
    """Import a module of the harness as its scripts do (by its bare name), and forget it
    afterwards so that no other test sees a top-level `run` or `measure`."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    before = set(sys.modules)
    yield importlib.import_module
    here = ROOT / "benchmarks"
    for name in set(sys.modules) - before:
        # Only the harness's own: yakkan_cli's modules stay, one class per name.
        if Path(getattr(sys.modules[name], "__file__", None) or "/").parent == here:
            del sys.modules[name]


def test_a_repository_is_built_once_and_again_only_when_its_generator_changes(
    tmp_path: Path, harness_module: Callable[[str], Any]
) -> None:
    run = harness_module("run")
    root = tmp_path / "records-5"
    built: list[str] = []

    def build() -> None:
        root.mkdir()
        built.append("yes")

    run.reuse_or_build(root, "generator 1", build, 0)
    run.reuse_or_build(root, "generator 1", build, 0)
    assert built == ["yes"]
    (root / "leftover").write_text("x")
    run.reuse_or_build(root, "generator 2", build, 0)
    assert built == ["yes", "yes"] and not (root / "leftover").exists()


@pytest.mark.parametrize(
    ("target", "seconds", "floor", "mib", "met"),
    [
        (Target(ratio=4), 0.04, 0.01, 30, "yes"),
        (Target(ratio=4), 0.05, 0.01, 30, "**no** (ratio)"),
        (Target(ratio=10, seconds=0.2), 0.19, 0.02, 30, "yes"),
        (Target(ratio=10, seconds=0.2), 0.25, 0.02, 30, "**no** (time, ratio)"),
        (Target(ratio=10, seconds=0.2), 0.2, 0.05, 30, "**no** (time)"),
        (Target(ratio=3) & Target(mib=100), 0.3, 0.155, 99, "yes"),
        (Target(ratio=3) & Target(mib=100), 0.3, 0.155, 100, "**no** (memory)"),
        (Target(seconds=1), 0.5, None, 30, "yes"),
        (Target(ratio=3), 0.5, None, 30, "**no** (ratio)"),
        (None, 9.0, 0.1, 900, "—"),
    ],
)
def test_a_target_is_met_only_when_every_bound_holds(
    target: Target | None, seconds: float, floor: float | None, mib: float, met: str
) -> None:
    row = Row("`x`", "1", "warm", seconds, mib, "floor", floor, target)
    assert row.met == met


def test_the_readme_table_is_the_harness_s(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "speed.md").read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    block = text[text.index(BEGIN) : text.index(END)]
    assert HEADER in block and table_rows(block)
    # No other speed claim beside it: the old numbers came from no benchmark of today.
    outside = text.replace(block, "")
    for stale in ("bench_due.py", "bench_audit.py", "results-due.md", "0.88×", "13.6×"):
        assert stale not in outside, stale


def test_update_readme_refuses_a_readme_without_one_marked_block(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        update_readme(readme, BEGIN + "\n" + END)
    assert readme.read_text(encoding="utf-8") == "# no markers\n"


def test_the_prototype_must_find_the_very_tasks_due_prints() -> None:
    due = json.dumps(
        [
            {"service": "a", "task": "backup", "due": "2029-02-01", "detail": "", "label": "…"},
            {"service": "b", "task": "review", "due": "2029-03-01", "detail": "mismatch"},
        ]
    ).encode()
    same = [
        {"service": "b", "task": "review", "due": "2029-03-01", "detail": "mismatch"},
        {"service": "a", "task": "backup", "due": "2029-02-01", "detail": ""},
    ]
    assert same_tasks(json.dumps(same).encode(), due)
    for changed in (same[:1], [*same, same[0]], [{**same[0], "due": "2029-03-02"}, same[1]]):
        assert not same_tasks(json.dumps(changed).encode(), due)


def test_a_command_s_peak_memory_is_its_own_not_the_harness_s(
    tmp_path: Path, harness_module: Callable[[str], Any]
) -> None:
    measure = harness_module("measure")
    grown = bytearray(300 * 2**20)  # the harness after building a history
    grown[:: 2**12] = b"\1" * len(grown[:: 2**12])  # touched: resident, not just reserved
    run = measure.run_once([sys.executable, "-c", "pass"], tmp_path, tmp_path / "scratch")
    assert 0 < run.peak_bytes < 100 * 2**20, run.peak_bytes
    big = measure.run_once(
        [sys.executable, "-c", "b = bytearray(200 * 2**20); b[::4096] = b'1' * len(b[::4096])"],
        tmp_path,
        tmp_path / "scratch",
    )
    assert big.peak_bytes > 200 * 2**20 > run.peak_bytes
    del grown
