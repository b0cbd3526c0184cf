"""A real records repository in a temporary folder, driven through the installed `yakkan`.

Nothing here is mocked: every call runs the `yakkan` executable of the environment the
tests run in, in its own process, against a real git repository. Dates are frozen with
`--date` and GIT_*_DATE; the acting person is chosen with GIT_AUTHOR_EMAIL, as git
itself would pick the author.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

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

    def ok(self, *args: str, as_: str = "yamada", when: str | None = None) -> Result:
        result = self.yakkan(*args, as_=as_, when=when)
        assert result.code == 0, f"yakkan {' '.join(args)} failed:\n{result.output}"
        assert "Traceback" not in result.output
        return result

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

    def mark_all(self, service_id: str, role: str, person: str, date: str, items: int = 8) -> None:
        marks = [arg for n in range(1, items + 1) for arg in ("--mark", f"{n}=ok")]
        self.ok("check", service_id, "--role", role, *marks, "--date", date, as_=person)

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
