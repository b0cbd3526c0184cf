"""Benchmark yakkan's start-up against `python -c pass`, in the same run.

    python benchmarks/bench_startup.py [--rounds 20] [--before SRC]

Runs, on this checkout's own example village (yakkan.yaml and records/ at the root),
`yakkan --version`, `--help`, `due --help`, `show ONE-ID` and `show --json ONE-ID`,
interleaved with `python -c pass` round after round, so that a machine busy with
something else slows the floor as much as the commands. For each it prints the best
wall-clock time, the best CPU time (user + system of the child: steadier on a shared
machine) and both as multiples of the floor's. `--before SRC` adds the same commands
run from another source tree (for example `git archive OLD src | tar -x -C /tmp/old`,
then `--before /tmp/old/src`), for a before/after table from one run.
This is not a test: numbers depend on the machine; the ratios are what matter.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE_ID = "somu-google-drive"
COMMANDS = {
    "--version": ["--version"],
    "--help": ["--help"],
    "due --help": ["due", "--help"],
    "show ONE-ID": ["show", ONE_ID],
    "show --json ONE-ID": ["show", "--json", ONE_ID],
}


def _environment(src: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    # Compiled bytecode, as an installed yakkan has it; a terminal of 80 columns.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["COLUMNS"] = "80"
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def _once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="runs of each command")
    parser.add_argument("--before", type=Path, help="another source tree (its src folder)")
    args = parser.parse_args()
    # `python -m yakkan_cli` is what the `yakkan` script runs (launch.run), and it lets
    # PYTHONPATH choose the source tree.
    runs: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([sys.executable, "-c", "pass"], _environment(None))
    }
    trees = [("", None)] + ([("before: ", args.before.resolve())] if args.before else [])
    for label, src in trees:
        for name, argv in COMMANDS.items():
            runs[label + name] = ([sys.executable, "-m", "yakkan_cli", *argv], _environment(src))
    for command, env in runs.values():
        _once(command, env)  # compile bytecode, warm the disk cache
    best: dict[str, list[float]] = {name: [float("inf"), float("inf")] for name in runs}
    for _ in range(args.rounds):
        for name, (command, env) in runs.items():
            wall, cpu = _once(command, env)
            best[name] = [min(best[name][0], wall), min(best[name][1], cpu)]
    floor_wall, floor_cpu = best["python -c pass"]
    print(f"best of {args.rounds} rounds, interleaved; Python {sys.version.split()[0]}")
    print()
    print("| command | wall | × floor | CPU | × floor |")
    print("|---|---|---|---|---|")
    for name, (wall, cpu) in best.items():
        print(
            f"| `{name}` | {wall * 1000:.0f} ms | {wall / floor_wall:.1f}× "
            f"| {cpu * 1000:.0f} ms | {cpu / floor_cpu:.1f}× |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
