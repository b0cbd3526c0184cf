"""Killing a writer at a chosen step of its work, or a chosen moment after it began.

A SIGKILL timed from outside lands mostly in the interpreter's start-up: a writer spends
three fifths of its run importing, and its whole change (journal, files, `git add`,
`git commit`, journal cleared) takes a few tens of milliseconds at the end. So the tests
choose the moment from inside instead. A `sitecustomize` put on PYTHONPATH of the killed
run only adds an audit hook (PEP 578: it sees every file the process opens for writing,
renames, removes, every folder it makes or removes and every program it starts), and git
gets hooks through `core.hooksPath` in its environment. Nothing yakkan does is changed or
replaced; only the moment of the SIGKILL is chosen, and it is a real one: the whole
process group (yakkan and every git it started) dies at once, as in a crash.

YAKKAN_TEST_TRACE names a file where a run that ends on its own writes its steps, and the
time from its first step to its end (the window where a kill can leave something behind).
YAKKAN_TEST_KILL says when to kill (unset: never):
- `step:K` — kill just before step K (0-based) of the run's writes in the repository:
  a file opened for writing (a temp file, a cache; not the lock's file, which holds
  nothing), a rename, a removal, a folder made or removed, a git command that writes
  (anything but a known read);
- `after:SECONDS` — kill that long after the first step (a moment inside a copy, inside
  `git add` or `git commit`: wherever the clock says);
- `hook:NAME` — kill inside git's hook NAME (`pre-commit`: the files added, git holding
  index.lock; `reference-transaction:prepared`: the commit object written, the branch
  locked, not yet moved; `reference-transaction:committed`: the branch moved, the index
  not yet written).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.village import Village, yakkan_command

# Inside `git commit`, the moments no step of yakkan's marks (after it, the commit has
# landed and the index is written: the kill before the journal is cleared leaves that).
GIT_HOOK_POINTS = (
    "pre-commit",
    "reference-transaction:prepared",
    "reference-transaction:committed",
)

SITECUSTOMIZE = r"""
import os
import sys

_WHEN = os.environ.get("YAKKAN_TEST_KILL", "")
_TRACE = os.environ.get("YAKKAN_TEST_TRACE", "")

# git commands that only read: starting one changes nothing, so it is no step of its own.
_READS = {
    "rev-parse", "var", "symbolic-ref", "status", "log", "show", "cat-file", "ls-files",
    "ls-tree", "diff", "diff-tree", "diff-index", "diff-files", "for-each-ref", "config",
    "rev-list", "merge-base", "check-ignore", "check-attr", "verify-commit", "show-ref",
    "name-rev", "describe", "grep", "version", "--version", "count-objects", "blame",
}
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _install(when, trace):
    import signal
    import threading
    import time

    kind, _, value = when.partition(":")
    root = os.path.realpath(os.getcwd())
    steps = [0]
    first = []
    log = []

    def kill():
        os.killpg(os.getpgrp(), signal.SIGKILL)

    def inside(path):
        if isinstance(path, int):
            return None
        try:
            full = os.path.realpath(os.path.join(root, os.fsdecode(path)))
        except (TypeError, ValueError):
            return None
        return os.path.relpath(full, root) if full.startswith(root + os.sep) else None

    def step(event, args):
        if event == "open":
            path, mode, flags = args
            writes = any(c in mode for c in "wax+") if mode else bool(flags & _WRITING)
            rel = inside(path) if writes else None
            # The lock is the operating system's: its file holds nothing a run reads.
            return None if rel == os.path.join(".git", "yakkan.lock") else rel
        if event == "os.mkdir":  # one that will fail (made already, no parent) is none
            path = os.fsdecode(args[0])
            made = os.path.isdir(path) or not os.path.isdir(os.path.dirname(path) or ".")
            return None if made else inside(path)
        if event in ("os.rename", "os.remove", "os.rmdir"):
            return inside(args[0])
        if event == "subprocess.Popen":
            argv = [os.fsdecode(a) for a in args[1]]
            if argv and os.path.basename(argv[0]) == "git":
                verb = next((a for a in argv[1:] if not a.startswith("-")), "")
                return None if verb in _READS else "git " + verb
        return None

    def hook(event, args):
        if event not in ("open", "os.mkdir", "os.rename", "os.remove", "os.rmdir",
                         "subprocess.Popen"):
            return
        what = step(event, args)
        if what is None:
            return
        number = steps[0]
        steps[0] += 1
        if not first:
            first.append(time.monotonic())
            if kind == "after":
                delay = float(value)
                threading.Thread(target=lambda: (time.sleep(delay), kill()), daemon=True).start()
        if kind == "step" and number == int(value):
            kill()
        log.append(f"{event} {what}")

    if trace:
        import atexit

        def write():
            window = time.monotonic() - first[0] if first else 0.0
            with open(trace, "w", encoding="utf-8") as out:
                out.write(f"{window:.6f}\n" + "".join(line + "\n" for line in log))

        atexit.register(write)
    sys.addaudithook(hook)


if _TRACE or (_WHEN and not _WHEN.startswith("hook:")):
    _install(_WHEN, _TRACE)
"""

# One script for every hook: it kills the whole process group (git's, which is yakkan's)
# when YAKKAN_TEST_KILL names it, and otherwise does what no hook would: nothing.
HOOK = """#!/bin/sh
point="hook:$(basename "$0")"
if [ "$(basename "$0")" = reference-transaction ]; then
    cat >/dev/null
    point="$point:$1"
fi
if [ "$YAKKAN_TEST_KILL" = "$point" ]; then
    kill -9 0
fi
exit 0
"""

_folders: list[Path] = []


def _folder() -> Path:
    """The sitecustomize and the hooks, written once per test process."""
    if not _folders:
        root = Path(tempfile.mkdtemp(prefix="yakkan-kill-points-"))
        atexit.register(shutil.rmtree, root, True)
        (root / "site").mkdir()
        (root / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
        (root / "hooks").mkdir()
        for name in ("pre-commit", "reference-transaction"):
            script = root / "hooks" / name
            script.write_text(HOOK, encoding="utf-8")
            script.chmod(0o755)
        _folders.append(root)
    return _folders[0]


def killer_env(env: dict[str, str], when: str, trace: Path) -> dict[str, str]:
    """`env` for a run killed as `when` says ("" for never), whose steps go to `trace`
    if it ends on its own (see the module's docstring)."""
    folder = _folder()
    site = str(folder / "site")
    path = env.get("PYTHONPATH")
    return {
        **env,
        "PYTHONPATH": site if not path else site + os.pathsep + path,
        "YAKKAN_TEST_KILL": when,
        "YAKKAN_TEST_TRACE": str(trace),
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "core.hooksPath",
        "GIT_CONFIG_VALUE_0": str(folder / "hooks"),
    }


@dataclass(frozen=True)
class Trace:
    steps: list[str]  # each step of the run's writes, in order: "EVENT PATH" or "git VERB"
    window: float  # seconds from the first step to the end of the run

    def distinct(self) -> list[int]:
        """The steps worth a kill before them. A kill before step K leaves what steps 0 to
        K-1 did, with step K about to happen; when the kinds of steps done (a set) and the
        kind of the next step are those of an earlier K, the state left is of the same
        kind: the third record of an alert half-written as the second was, two of three
        files removed as one of three was. A step's kind is its event and whether it is
        git's (.git/…) or the work tree's; for git, its verb."""
        kinds = [_kind(step) for step in self.steps]
        seen: set[tuple[frozenset[str], str]] = set()
        chosen = []
        for k, kind in enumerate(kinds):
            key = (frozenset(kinds[:k]), kind)
            if key not in seen:
                seen.add(key)
                chosen.append(k)
        return chosen


def _kind(step: str) -> str:
    event, _, what = step.partition(" ")
    if event == "subprocess.Popen":
        return what
    return f"{event} {'git' if what.startswith('.git/') else 'tree'}"


@dataclass(frozen=True)
class Run:
    code: int  # -9 (SIGKILL) when it was killed
    trace: Trace | None  # its steps, when it ended on its own


def _env(village: Village, as_: str, args: tuple[str, ...]) -> dict[str, str]:
    when = None
    if "--date" in args:
        when = f"{args[args.index('--date') + 1]}T10:00:00+09:00"
    return village._env(as_, when)


def killed(village: Village, args: tuple[str, ...], as_: str, when: str) -> Run:
    """Run `yakkan args`, killed as `when` says ("": not at all)."""
    out = _folder() / "trace.txt"
    out.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [*yakkan_command(), *args],
        cwd=village.path,
        env=killer_env(_env(village, as_, args), when, out),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    code = proc.wait()
    if not out.exists():
        return Run(code, None)
    window, *steps = out.read_text("utf-8").splitlines()
    return Run(code, Trace(steps, float(window)))


def traced(village: Village, args: tuple[str, ...], as_: str) -> Trace:
    """Run `yakkan args` to its end (it must work), noting its steps."""
    run = killed(village, args, as_, "")
    assert run.code == 0 and run.trace is not None, f"yakkan {' '.join(args)}: {run.code}"
    assert run.trace.steps, "no step seen: the audit hook is not in place"
    return run.trace
