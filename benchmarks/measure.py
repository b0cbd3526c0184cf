"""Running a command the way a user does, and what it cost: wall time and peak memory.

Wall time is the median of N runs. Peak memory is the largest resident set of the command's
process (and of the processes it waited for, such as the `git` it runs), read from the
rusage that `os.wait4` returns for that child: the harness's own memory never counts (see
LAUNCHER).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BOT = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "p00@example.jp",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "p00@example.jp",
}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of every child: no GIT_* of the caller's, no user or system git
    config, and the record cache not switched off by a stray YAKKAN_NO_CACHE."""
    # PYTHONDONTWRITEBYTECODE (set on some build machines) would make every run compile
    # yakkan's modules again, which no installed yakkan does.
    dropped = ("YAKKAN_NO_CACHE", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k not in dropped}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, **extra)
    return env


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        ["git", *args],
        cwd=root,
        env=env or clean_env(**BOT),
        check=True,
        capture_output=True,
        text=True,
    )
    return proc.stdout


def yakkan_exe() -> list[str]:
    """The `yakkan` the user runs: the console script beside this Python."""
    exe = Path(sys.executable).parent / "yakkan"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "yakkan_cli"]


def yakkan_dir(repo: Path) -> Path:
    """`<git common dir>/yakkan/`: the record cache and the audit memo live there."""
    common = git(repo, "rev-parse", "--git-common-dir").strip()
    return (repo / common).resolve() / "yakkan"


def make_cold(repo: Path) -> None:
    """Forget everything yakkan keeps beside the repository (always safe to delete)."""
    shutil.rmtree(yakkan_dir(repo), ignore_errors=True)


class CommandFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_bytes: int
    stdout: bytes


# Each command is started by this small launcher, not by the harness: a child's peak
# resident set counts the memory of the process it was forked from (Linux records it at
# exec), and the harness grows to hundreds of MiB building a history. The launcher stays
# near 10 MiB, below any Python program, so the peak measured is the command's own. It
# times the command from spawn to exit and reads its rusage from `os.wait4`.
LAUNCHER = """
import json, os, sys, time
command, cwd, out, err = json.loads(sys.argv[1])
os.chdir(cwd)
flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
o, e = os.open(out, flags, 0o644), os.open(err, flags, 0o644)
start = time.perf_counter()
pid = os.posix_spawnp(
    command[0],
    command,
    os.environ,
    file_actions=[(os.POSIX_SPAWN_DUP2, o, 1), (os.POSIX_SPAWN_DUP2, e, 2)],
)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
print(json.dumps([seconds, os.waitstatus_to_exitcode(status), usage.ru_maxrss]))
"""


def run_once(
    command: Sequence[str], cwd: Path, scratch: Path, env: dict[str, str] | None = None
) -> Run:
    """Run `command` once; its output goes to files (not a pipe the harness would have to
    drain while the clock runs). A non-zero exit stops the benchmark: a number measured on
    a failing command would be meaningless."""
    scratch.mkdir(parents=True, exist_ok=True)
    out_path, err_path = scratch / "stdout", scratch / "stderr"
    spec = json.dumps([list(command), str(cwd), str(out_path), str(err_path)])
    launched = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LAUNCHER, spec],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=clean_env(**(env or {})),
        check=True,
    )
    seconds, code, maxrss = json.loads(launched.stdout)
    if code != 0:
        raise CommandFailed(
            f"{' '.join(command)} (in {cwd}) exited {code}:\n"
            + err_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        )
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    return Run(float(seconds), int(maxrss) * scale, out_path.read_bytes())


@dataclass(frozen=True)
class Measurement:
    seconds: float  # median wall time
    peak_bytes: int  # the largest peak of the runs
    runs: int
    stdout: bytes  # of the last run

    @property
    def peak_mib(self) -> float:
        return self.peak_bytes / 2**20


def measure(
    command: Sequence[str],
    cwd: Path,
    scratch: Path,
    runs: int,
    before: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> Measurement:
    """Median wall time of `runs` runs; `before` (untimed) runs ahead of each one, e.g. to
    make the cache cold."""
    results: list[Run] = []
    for _ in range(runs):
        if before is not None:
            before()
        results.append(run_once(command, cwd, scratch, env))
    return Measurement(
        statistics.median(r.seconds for r in results),
        max(r.peak_bytes for r in results),
        runs,
        results[-1].stdout,
    )
