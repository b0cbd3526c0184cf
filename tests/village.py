"""A real records repository in a temporary folder, driven through the installed `yakkan`.

Nothing here is mocked: every call runs the `yakkan` executable of the environment the
tests run in, in its own process, against a real git repository. Dates are frozen with
`--date` and GIT_*_DATE; the acting person is chosen with GIT_AUTHOR_EMAIL, as git
itself would pick the author.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

CONFIG = """\
schema_version: 1
organization: 恩納村
procedure_version: "1.0"
people:
  - {id: yamada, name: 山田 太郎, email: yamada@example.jp, forge: yamada-t}
  - {id: sato, name: 佐藤 花子, email: sato@example.jp, forge: sato-h}
  - {id: tanaka, name: 田中 一郎, email: tanaka@example.jp, forge: tanaka-i}
  - {id: suzuki, name: 鈴木 次郎, email: suzuki@example.jp, forge: suzuki-j}
  - {id: takahashi, name: 高橋 美咲, email: takahashi@example.jp, forge: takahashi-m}
departments:
  - {id: somu, name: 総務課, head: tanaka, responsible: [sato, tanaka]}
  - {id: kikaku, name: 企画課, head: suzuki, responsible: [takahashi]}
policy:
  warn_days: 14
"""
# In 総務課: yamada applies, sato double-checks and approves, tanaka is the head (and,
# to test the rule, also listed as a responsible manager), suzuki administers.

APPLICATION = """\
id: {id}
department: somu
service:
  provider: Google LLC
  name: Google ドライブ
  description: 会議資料を外部の委員と共有する
  category: file_storage
  terms_url: https://policies.google.com/terms
  data_location: domestic
application:
  purpose: 審議会の会議資料の事前共有
  period: {{start: 2026-04-01, end: 2027-03-31}}
  administrator: suzuki
  information:
    - {{name: 会議資料（公開前）, class: {info_class}, personal: false}}
  users: [総務課 職員, 審議会委員]
  users_count: 12
  alternative: 庁内ファイルサーバ
"""

PEOPLE = {
    "yamada": "山田 太郎",
    "sato": "佐藤 花子",
    "tanaka": "田中 一郎",
    "suzuki": "鈴木 次郎",
    "takahashi": "高橋 美咲",
    "stranger": "部外 者",
}


def yakkan_command() -> list[str]:
    exe = Path(sys.executable).parent / "yakkan"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("yakkan")
    return [found] if found else [sys.executable, "-m", "yakkan_cli"]


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["HOME"] = env.get("YAKKAN_TEST_HOME", env.get("HOME", "/tmp"))
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_CONFIG_GLOBAL"] = os.devnull
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "200"
    return env


# --- villages built once per test run -------------------------------------------------------
# Walking a record through the procedure runs `yakkan` several times, and most end-to-end tests
# start from the same few villages (an application, both columns marked, an approved record). Each
# building step below (`apply`, `mark_all`, `approved`) runs for real the first time a test run
# meets it in a given state (xdist's workers share what they built); later villages in exactly that
# state get a copy of what it built. This is honest because a village is a pure function of its
# steps: dates are frozen (--date, GIT_*_DATE, YAKKAN_TODAY), nothing in a repository holds its own
# path, and so the copy hashes to the very same commits (tests/e2e/test_village_copies.py builds
# twice and compares). A state is everything a step can read: every file of the repository and of
# the files folder, the clock and the environment; a village a test has changed by hand is simply
# another state, built for real. YAKKAN_TEST_REBUILD=1 turns the copies off (every village command
# by command).

_Step = TypeVar("_Step", bound=Callable[..., None])
_built: dict[str, tuple[Path, Any]] = {}
_MISSING = object()
_NOT_STATE = {"PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER"}
# Under xdist, the folder the workers of one run share (set by tests/conftest.py): a state
# one worker built is copied by the others rather than built again by each.
shared_between_workers: list[Path] = []
copies = [0]  # how many steps were copied rather than run, in this test process
_snapshots: list[Path] = []


def rebuilding() -> bool:
    """True when every village is to be built command by command (YAKKAN_TEST_REBUILD=1)."""
    return os.environ.get("YAKKAN_TEST_REBUILD", "") not in ("", "0")


def _digest_entry(digest: Any, path: Path, rel: str) -> None:
    if path.is_symlink():
        digest.update(f"L {rel} {path.readlink()}\n".encode())
    elif path.is_file():
        digest.update(f"F {rel} {os.access(path, os.X_OK)}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    elif path.is_dir():
        digest.update(f"D {rel}\n".encode())


def _digest_tree(digest: Any, root: Path, label: str) -> None:
    """Names, modes and bytes of everything under `root`.

    Under .git, git's objects count by name (they are named by their content) and the
    index not at all: its stat data differs in every copy, and git refreshes it."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[:2] == (".git", "index"):
            continue
        if rel.parts[:2] == (".git", "objects") and path.is_file():
            digest.update(f"O {rel.as_posix()}\n".encode())
            continue
        _digest_entry(digest, path, f"{label}/{rel.as_posix()}")


def _state(village: Village) -> str | None:
    """A key for everything a building step can read, or None when it cannot be copied."""
    repo, files = village.path.resolve(), village.files.resolve()
    if (
        rebuilding()
        or not (repo / ".git").is_dir()
        or repo in files.parents
        or files in repo.parents
        or repo == files
    ):
        return None
    digest = hashlib.sha256()
    _digest_tree(digest, repo, "village")
    _digest_tree(digest, files, "files")
    # pytest names the running test and xdist its worker in the environment; yakkan reads
    # neither (and so a village one worker built is the same state for another).
    env = {k: v for k, v in village.env.items() if k not in _NOT_STATE}
    digest.update(repr((village.clock, sorted(env.items()))).encode())
    return digest.hexdigest()


def _placed(arg: str, places: dict[str, str]) -> str:
    """`arg` with this village's folders named as placeholders (their contents are in
    the state; where they lie is not)."""
    for folder, name in places.items():
        arg = arg.replace(folder + os.sep, name + "/")
    return arg


def _replace(source: Path, target: Path) -> None:
    shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True)


def _snapshot_root() -> Path:
    if not _snapshots:
        root = Path(tempfile.mkdtemp(prefix="yakkan-villages-"))
        atexit.register(shutil.rmtree, root, True)
        _snapshots.append(root)
    return _snapshots[0]


def _put(folder: Path, village: Village) -> None:
    _replace(folder / "village", village.path)
    _replace(folder / "files", village.files)
    copies[0] += 1


def _copied(village: Village, key: str) -> Any:
    """Put the village saved under `key` in place of this one; what its step returned."""
    saved = _built.get(key)
    if saved is None:
        return _MISSING
    folder, returned = saved
    _put(folder, village)
    return returned


def _save(village: Village, key: str, returned: Any) -> None:
    folder = _snapshot_root() / key
    shutil.copytree(village.path, folder / "village", symlinks=True)
    shutil.copytree(village.files, folder / "files", symlinks=True)
    _built[key] = (folder, returned)


@contextlib.contextmanager
def _shared_slot(key: str) -> Any:
    """The shared folder of `key`, held under a lock while it is looked at or built: a
    worker that finds another building the same state waits for it and copies the result
    (it would otherwise have spent the same time building it itself). Steps only nest
    inwards (approved runs apply, never the reverse), so two locks are never awaited in a
    circle. Yields None outside xdist."""
    if not shared_between_workers:
        yield None
        return
    root = shared_between_workers[0]
    root.mkdir(parents=True, exist_ok=True)
    with (root / f"{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield root / key
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _share(village: Village, shared: Path) -> None:
    """Save the built village where the other workers look, whole or not at all."""
    partial = shared.with_name(f"{shared.name}.{os.getpid()}.partial")
    shutil.copytree(village.path, partial / "village", symlinks=True)
    shutil.copytree(village.files, partial / "files", symlinks=True)
    partial.rename(shared)


def _key(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def built_once(step: _Step) -> _Step:
    """Run a building step once per state and test run (xdist's workers share what they
    built); copy its result after that."""

    @functools.wraps(step)
    def wrapper(self: Village, *args: Any, **kwargs: Any) -> None:
        before = _state(self)
        if before is None:
            step(self, *args, **kwargs)
            return
        key = _key(before, step.__name__, args, sorted(kwargs.items()))
        if _copied(self, key) is not _MISSING:
            return
        with _shared_slot(key) as shared:
            if shared is None:
                step(self, *args, **kwargs)
                _save(self, key, None)
                return
            if shared.is_dir():
                _put(shared, self)
            else:
                step(self, *args, **kwargs)
                _share(self, shared)
            _built[key] = (shared, None)  # never changed once there: copied from in place

    return wrapper  # type: ignore[return-value]


@dataclass
class Village:
    path: Path
    files: Path
    clock: str = "2026-03-20T10:00:00+09:00"
    env: dict[str, str] = field(default_factory=clean_env)

    def _env(self, person: str, when: str | None, *, now: bool = False) -> dict[str, str]:
        env = dict(self.env)
        env.update(
            GIT_AUTHOR_NAME=PEOPLE.get(person, person),
            GIT_AUTHOR_EMAIL=f"{person}@example.jp",
            GIT_COMMITTER_NAME=PEOPLE.get(person, person),
            GIT_COMMITTER_EMAIL=f"{person}@example.jp",
        )
        if now:
            # Left undated, a command acts today by the real clock, and so does its commit.
            return env
        stamp = when or self.clock
        env.update(
            GIT_AUTHOR_DATE=stamp,
            GIT_COMMITTER_DATE=stamp,
            # The clock yakkan checks every --date against: the day the commit is made.
            YAKKAN_TODAY=stamp[:10],
        )
        return env

    def yakkan(
        self,
        *args: str,
        as_: str = "yamada",
        when: str | None = None,
        input: str | None = None,
        env: dict[str, str] | None = None,
    ) -> Result:
        if when is None and "--date" in args[:-1]:
            # Work is recorded on the day it is done: the commit carries the --date.
            when = f"{args[args.index('--date') + 1]}T10:00:00+09:00"
        if when is None and args[:1] == ("verify",):
            env = {**self._push_day(), **(env or {})}
        proc = subprocess.run(
            [*yakkan_command(), *args],
            cwd=self.path,
            env={**self._env(as_, when, now=when is None), **(env or {})},
            input=input,
            capture_output=True,
            text=True,
            check=False,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def _push_day(self) -> dict[str, str]:
        """CI verifies a push on the day it is made, and `verify` counts that day as the
        pull request's arrival (issue 19.5): an undated `verify` runs on the village's day —
        the later of its clock and the commit it checks — unless a test set the day, or that
        is after the real clock (a commit dated in the future is judged on the real day).

        Not `at_the_push` (the forge's job): here `verify` is typed in the village, whose
        clock a test moves on past its commits, so the day is the later of the two and a
        day only; the forge's job starts at the very instant of the push, clock and zone."""
        if "YAKKAN_TODAY" in self.env or self._head_or_none() is None:
            return {}
        made = self.git("log", "-1", "--format=%cI", "HEAD").strip()[:10]
        day = max(made, self.clock[:10])
        real = datetime.now(ZoneInfo("Asia/Tokyo")).date().isoformat()
        return {"YAKKAN_TODAY": day} if day < real else {}

    def ok(self, *args: str, as_: str = "yamada", when: str | None = None) -> Result:
        key = self._recording_key(args, as_, when)
        result = _copied(self, key) if key else _MISSING
        if result is _MISSING:
            head = self._head_or_none() if key else None
            result = self.yakkan(*args, as_=as_, when=when)
            if key and result.code == 0 and self._recorded_since(head, result):
                _save(self, key, result)
        assert isinstance(result, Result)
        assert result.code == 0, f"yakkan {' '.join(args)} failed:\n{result.output}"
        assert "Traceback" not in result.output
        return result

    # A dated command that records something (a commit) is a building step too: copied
    # after its first run, with its words. Reads always run, and so does anything on the
    # real clock or whose words name this village's folder.
    def _recording_key(self, args: tuple[str, ...], as_: str, when: str | None) -> str | None:
        if when is None and "--date" not in args[:-1]:
            return None
        state = _state(self)
        if state is None:
            return None
        places = {str(self.files): "{files}", str(self.path): "{village}"}
        named = tuple(_placed(arg, places) for arg in args)
        return _key(state, "ok", named, as_, when)

    def _head_or_none(self) -> str | None:
        proc = subprocess.run(
            ["git", "rev-parse", "-q", "--verify", "HEAD"],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        return proc.stdout.strip() or None

    def _recorded_since(self, head: str | None, result: Result) -> bool:
        here = {str(self.path.parent), str(self.path.resolve().parent)}
        if any(place in result.output for place in here):
            return False
        return self._head_or_none() not in (None, head)

    def git(
        self, *args: str, as_: str = "yamada", when: str | None = None, input: str | None = None
    ) -> str:
        proc = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=self._env(as_, when),
            input=input,
            capture_output=True,
            text=True,
            check=True,
        )
        return proc.stdout

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def status(self) -> str:
        return self.git("status", "--porcelain", "--untracked-files=all")

    def subjects(self) -> list[str]:
        return self.git("log", "--format=%s").splitlines()

    def trailers(self, rev: str = "HEAD") -> dict[str, str]:
        out = self.git("log", "-1", "--format=%(trailers:only,unfold)", rev)
        pairs = [line.split(": ", 1) for line in out.splitlines() if ": " in line]
        return {k: v for k, v in pairs}

    def record_text(self, service_id: str, department: str = "somu") -> str:
        return (self.path / "records" / department / f"{service_id}.yaml").read_text("utf-8")

    def write(self, name: str, text: str) -> Path:
        target = self.files / name
        target.write_text(text, encoding="utf-8")
        return target

    def application_file(self, service_id: str = "somu-drive", info_class: int = 3) -> Path:
        return self.write(
            f"{service_id}.yaml", APPLICATION.format(id=service_id, info_class=info_class)
        )

    # --- walking a record through the procedure ------------------------------------------
    @built_once
    def apply(
        self, service_id: str = "somu-drive", info_class: int = 3, date: str = "2026-03-20"
    ) -> None:
        self.ok(
            "apply",
            "--from",
            str(self.application_file(service_id, info_class)),
            "--attach",
            f"signup={self.files / 'signup.png'}",
            "--attach",
            f"terms={self.files / 'terms.pdf'}",
            "--date",
            date,
        )

    @built_once
    def mark_all(self, service_id: str, role: str, person: str, date: str, items: int = 8) -> None:
        marks = [arg for n in range(1, items + 1) for arg in ("--mark", f"{n}=ok")]
        self.ok("check", service_id, "--role", role, *marks, "--date", date, as_=person)

    @built_once
    def approved(self, service_id: str = "somu-drive", date: str = "2026-04-01") -> None:
        """apply → both columns ok → approve, all by the right people."""
        self.apply(service_id, date="2026-03-20")
        self.mark_all(service_id, "applicant", "yamada", "2026-03-20")
        self.mark_all(service_id, "responsible", "sato", "2026-03-25")
        self.ok("approve", service_id, "--date", date, as_="sato")

    # --- plain git, as a person (or an attacker) would use it ----------------------------
    def edit(self, rel: str, old: str, new: str, *, count: int = 1) -> None:
        """Replace text in a file of the repository by hand (at least `count` times)."""
        path = self.path / rel
        text = path.read_text("utf-8")
        assert text.count(old) >= count, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new), "utf-8")

    def append(self, rel: str, text: str) -> None:
        path = self.path / rel
        path.write_text(path.read_text("utf-8") + text, "utf-8")

    def hand_commit(
        self, person: str, message: str, *, when: str | None = None, trailers: str = ""
    ) -> str:
        """`git add -A && git commit` by `person`; `trailers` = "action service actor"."""
        if trailers:
            action, service, actor = trailers.split()
            message += (
                f"\n\nYakkan-Action: {action}\nYakkan-Service: {service}\nYakkan-Actor: {actor}\n"
            )
        self.git("add", "-A", as_=person, when=when)
        self.git("commit", "-q", "-m", message, as_=person, when=when)
        return self.head()

    def merge(
        self, branch: str, *, into: str = "main", as_: str = "sato", when: str | None = None
    ) -> str:
        """Merge `branch` into `into` with a merge commit, as the README asks."""
        self.git("switch", "-q", into, as_=as_)
        self.git("merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch, as_=as_, when=when)
        return self.head()


def make_village(root: Path) -> Village:
    """An empty village: yakkan.yaml committed, three files to attach (built once, copied)."""
    if rebuilding():
        return _init_village(root)
    template = _snapshot_root() / "fresh"
    if not template.exists():
        _init_village(template.with_name("fresh.building"))
        (template.with_name("fresh.building")).rename(template)
    template_village = Village(template / "village", template / "files")
    return copy_village(template_village, root)


def _init_village(root: Path) -> Village:
    root.mkdir(parents=True, exist_ok=True)
    repo = root / "village"
    files = root / "files"
    repo.mkdir()
    files.mkdir()
    (repo / "yakkan.yaml").write_text(CONFIG, encoding="utf-8")
    (files / "signup.png").write_bytes(b"\x89PNG\r\n\x1a\n signup screenshot")
    (files / "terms.pdf").write_bytes(b"%PDF-1.4 terms of service")
    (files / "evidence.png").write_bytes(b"\x89PNG\r\n\x1a\n evidence")
    village = Village(repo, files)
    village.git("init", "-q", "-b", "main")
    village.git("add", "yakkan.yaml")
    village.git("commit", "-q", "-m", "init: yakkan.yaml")
    return village


def at_the_push(checkout: Path, env: dict[str, str]) -> dict[str, str]:
    """`env` of a forge's job started by the push of `checkout`'s HEAD: unless the test gives
    the runner's clock (YAKKAN_TODAY), the job runs at the moment of the push — the commit's
    own instant, with its zone — as a forge starts it, and `verify` judges a pull request as
    arriving then. (A village's `verify` keeps its own rule: `Village._push_day`.)"""
    if "YAKKAN_TODAY" in env:
        return dict(env)
    pushed = subprocess.run(
        ["git", "log", "-1", "--format=%cI", "HEAD"],
        cwd=checkout, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    return {**env, "YAKKAN_TODAY": pushed}


def copy_village(village: Village, root: Path) -> Village:
    """A copy of a village (repository and files) to spoil without rebuilding it."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(village.path, root / "village", symlinks=True)
    shutil.copytree(village.files, root / "files", symlinks=True)
    return Village(root / "village", root / "files", clock=village.clock)


def origin(village: Village) -> Path:
    """A bare remote made from the village, as the forge would hold it; `origin` of it."""
    remote = village.path.parent / "origin.git"
    village.git("clone", "-q", "--bare", str(village.path), str(remote))
    village.git("remote", "add", "origin", str(remote))
    village.git("fetch", "-q", "origin")
    return remote


def clone(village: Village, remote: Path, name: str) -> Village:
    """A person's own clone of the remote (the clerk's, the reviewer's)."""
    target = village.path.parent / name
    village.git("clone", "-q", str(remote), str(target))
    return Village(target, village.files, clock=village.clock)


def keygen(folder: Path, name: str) -> Path:
    """An SSH signing key (ed25519, no passphrase) made with ssh-keygen."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key


def public_key(key: Path) -> str:
    return " ".join(key.with_suffix(".pub").read_text().split()[:2])
