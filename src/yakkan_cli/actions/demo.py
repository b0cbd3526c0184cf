"""`demo DIR`: a demo village made by running the procedure for a year (issue 11 item 9).

The history must be what real use leaves behind, so that `history`, `audit` and `verify`
show there what they show in a village: every step runs a `yakkan` command line, as the
person who does the work (git identity), on the day it is done (`--date` and
GIT_AUTHOR_DATE/GIT_COMMITTER_DATE frozen to that day), in the order of the calendar.
Nothing is written around the commands.

Who runs a command line is the caller's choice (`Runner`): the CLI runs each one inside its
own process (cli/main.py::run_here: the same parse, rules and commits to the byte, five
times faster than a process per step); by default the installed `yakkan` runs in a process
of its own. Either way a step never asks: its stdin is at end of file, whatever the demo's
own stdin is (a terminal would otherwise wait, unseen, on a confirmation).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from yakkan_cli.actions.clock import CLOCK_VARIABLE
from yakkan_cli.errors import YakkanError
from yakkan_cli.interrupts import EXIT_INTERRUPTED
from yakkan_cli.messages import t
from yakkan_cli.model import Config
from yakkan_cli.store.repo import CONFIG_FILE
from yakkan_cli.store.yaml import parse_model

# The day the village starts keeping its register: before every step of the year.
FIRST_DAY = "2025-09-01"


# Runs `yakkan ARGS` in a folder with exactly the environment given; returns the exit code
# and what the command printed.
Runner = Callable[[Sequence[str], Mapping[str, str], Path], tuple[int, str]]
# Told before each step: its number (from 1), how many there are, and what it does.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Step:
    day: str
    person: str
    args: tuple[str, ...]
    # The catalog's words for what the step does (demo.does.*), when the command line
    # alone does not say it (approving a termination).
    does: str = ""

    def what(self) -> str:
        """What the step does, in the catalog's words (for the progress line)."""
        command, service = self.args[0], self.args[1]
        if command == "apply":  # apply --from FOLDER/ID.yaml
            service = Path(self.args[self.args.index("--from") + 1]).stem
        key = self.does or command
        if command == "check":
            role = self.args[self.args.index("--role") + 1] if "--role" in self.args else ""
            key = f"check_{role or 'again'}"
        elif command == "review" and "--decision" in self.args:
            key = "review_decision"
        return t(f"demo.does.{key}", service=service)


@dataclass(frozen=True)
class Demo:
    root: Path
    commits: int
    steps: int


def _data(name: str) -> str:
    return (resources.files("yakkan_cli") / "scaffold" / "demo" / name).read_text("utf-8")


def _marks(count: int, *special: str) -> tuple[str, ...]:
    given = {s.split("=")[0]: s for s in special}
    return tuple(a for n in range(1, count + 1) for a in ("--mark", given.get(str(n), f"{n}=ok")))


class _Files:
    """The papers the clerks attach: written to a scratch folder outside the repository."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write(self, name: str, text: str) -> str:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def application(self, service: str) -> tuple[str, ...]:
        source = self.write(f"{service}.yaml", _data(f"{service}.yaml"))
        signup = self.write(f"{service}-signup.txt", f"{service}: 登録時の入力画面の写し\n")
        terms = self.write(f"{service}-terms.txt", f"{service}: 利用規約（申請時点）の写し\n")
        return (
            "apply",
            "--from",
            source,
            "--attach",
            f"signup={signup}",
            "--attach",
            f"terms={terms}",
        )


def _somu_google_drive(files: _Files) -> Iterator[Step]:
    """総務課 Google ドライブ: in use since spring; the October backup is late."""
    sid = "somu-google-drive"
    yield Step("2026-03-20", "yamada", files.application(sid))
    yield Step("2026-03-20", "yamada", ("check", sid, "--role", "applicant", *_marks(8)))
    yield Step(
        "2026-03-23",
        "sato",
        ("check", sid, "--role", "responsible", *_marks(8, "4=ng:廃棄証明の発行可否が不明")),
    )
    yield Step("2026-03-24", "sato", ("check", sid, "--mark", "4=ok:サポートに確認済み"))
    yield Step("2026-03-25", "sato", ("approve", sid))
    yield Step("2026-03-26", "suzuki", ("acknowledge", sid))
    for day in ("2026-04-30", "2026-05-29", "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30"):
        backup = ("backup-log", sid, "--method", "エクスポート", "--location", "庁内ファイルサーバ")
        yield Step(day, "suzuki", backup)
    for day in (
        "2026-04-24",
        "2026-05-25",
        "2026-06-25",
        "2026-07-24",
        "2026-08-25",
        "2026-09-25",
        "2026-10-23",
    ):
        yield Step(day, "suzuki", ("purpose-check", sid, "--matches"))
    yield Step("2026-06-25", "suzuki", ("review", sid, "--note", "変更なし"))
    yield Step(
        "2026-09-24",
        "suzuki",
        ("review", sid, "--terms-changed", "--note", "利用規約の改定（保存場所の記載に変更なし）"),
    )
    yield Step(
        "2026-09-28",
        "sato",
        ("review", sid, "--decision", "continue", "--note", "改定内容を確認し継続"),
    )


def _others(files: _Files) -> Iterator[Step]:
    # 総務課 LINE WORKS: approved; the administrator has not yet acknowledged the risks.
    yield Step("2026-10-28", "yamada", files.application("somu-line-works"))
    yield Step(
        "2026-10-28", "yamada", ("check", "somu-line-works", "--role", "applicant", *_marks(8))
    )
    yield Step(
        "2026-11-02", "sato", ("check", "somu-line-works", "--role", "responsible", *_marks(8))
    )
    yield Step("2026-11-04", "sato", ("approve", "somu-line-works"))
    # 企画課 Slack: applied, waiting for the responsible manager's double-check.
    yield Step("2026-11-16", "ito", files.application("kikaku-slack"))
    yield Step(
        "2026-11-16", "ito", ("check", "kikaku-slack", "--role", "applicant", *_marks(8, "3=na"))
    )
    # 企画課 Dropbox: used for a year, then terminated with proof of deletion.
    sid = "kikaku-dropbox"
    yield Step("2025-09-10", "ito", files.application(sid))
    yield Step("2025-09-10", "ito", ("check", sid, "--role", "applicant", *_marks(8, "3=na")))
    yield Step(
        "2025-09-16", "takahashi", ("check", sid, "--role", "responsible", *_marks(8, "3=na"))
    )
    yield Step("2025-09-17", "takahashi", ("approve", sid))
    yield Step("2025-09-18", "ito", ("acknowledge", sid))
    termination = files.write(f"{sid}-termination.yaml", _data(f"{sid}-termination.yaml"))
    agreement = files.write(f"{sid}-agreement.txt", "アカウント削除の確認画面の写し\n")
    deletion = files.write(f"{sid}-deletion.txt", "Dropbox からのデータ削除完了通知の写し\n")
    yield Step(
        "2026-07-01",
        "ito",
        (
            "terminate",
            sid,
            "--from",
            termination,
            "--attach",
            f"agreement={agreement}",
            "--attach",
            f"deletion={deletion}",
        ),
    )
    yield Step("2026-07-01", "ito", ("check", sid, "--role", "applicant", *_marks(4)))
    yield Step("2026-07-03", "takahashi", ("check", sid, "--role", "responsible", *_marks(4)))
    yield Step("2026-07-03", "takahashi", ("approve", sid), does="approve_termination")
    # 企画課 Google フォーム: the survey was cancelled before approval.
    yield Step("2026-06-10", "ito", files.application("kikaku-form"))
    yield Step(
        "2026-06-12", "ito", ("withdraw", "kikaku-form", "--reason", "アンケートを中止したため")
    )
    # 教育委員会 Padlet: children's photos abroad — rejected.
    yield Step("2026-04-15", "nakamura", files.application("kyoiku-padlet"))
    yield Step(
        "2026-04-20",
        "takahashi",
        (
            "reject",
            "kyoiku-padlet",
            "--reason",
            "児童の写真（重要性分類Ⅱ）を海外のサーバに保存するため",
        ),
    )


def year_of_the_village(files: Path) -> list[Step]:
    """Every step of the year, in the order of the calendar (stable within a day)."""
    papers = _Files(files)
    steps = [*_somu_google_drive(papers), *_others(papers)]
    return sorted(steps, key=lambda step: step.day)


def yakkan_command() -> list[str]:
    """The installed entry point beside this interpreter, else the module itself."""
    folder = Path(sys.executable).parent
    for name in ("yakkan", "yakkan.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    return [sys.executable, "-m", "yakkan_cli"]


def in_a_process(args: Sequence[str], env: Mapping[str, str], cwd: Path) -> tuple[int, str]:
    """The installed `yakkan` in a process of its own, its stdin at end of file."""
    proc = subprocess.run(
        [*yakkan_command(), *args],
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        check=False,
    )
    return proc.returncode, proc.stdout


class _Village:
    def __init__(self, root: Path, config: Config, runner: Runner) -> None:
        self.root = root
        self.runner = runner
        self.people = {p.id: p for p in config.people}
        # No GIT_* of the caller (an index, a date), no global or system git config (a
        # signing key, a hook path): the demo is the same on every machine.
        self.base_env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        self.base_env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")

    def _env(self, person: str, day: str) -> dict[str, str]:
        who = self.people[person]
        stamp = f"{day}T10:00:00+09:00"
        return {
            **self.base_env,
            "GIT_AUTHOR_NAME": who.name,
            "GIT_AUTHOR_EMAIL": who.email,
            "GIT_COMMITTER_NAME": who.name,
            "GIT_COMMITTER_EMAIL": who.email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
            # The day the commands check --date against: the step's own day, as the git
            # stamps say (see actions/clock.py).
            CLOCK_VARIABLE: day,
        }

    def run(self, argv: list[str], person: str, day: str) -> str:
        proc = subprocess.run(
            argv,
            cwd=self.root,
            env=self._env(person, day),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        if proc.returncode != 0:
            # Every step is one the procedure allows: a refusal here is a bug of ours.
            raise RuntimeError(f"demo step failed: {argv}\n{proc.stdout}{proc.stderr}")
        return proc.stdout

    def step(self, step: Step) -> None:
        args = [*step.args, "--date", step.day]
        code, output = self.runner(args, self._env(step.person, step.day), self.root)
        if code == EXIT_INTERRUPTED:
            raise KeyboardInterrupt  # Ctrl-C during the step: the demo stops (and is cleared)
        if code != 0:
            # Every step is one the procedure allows: a refusal here is a bug of ours.
            raise RuntimeError(f"demo step failed: yakkan {' '.join(args)}\n{output}")

    def describe(self, step: Step) -> str:
        who = self.people[step.person].name
        return t("demo.step", day=step.day, who=who, what=step.what())


def _is_empty_folder(target: Path) -> bool:
    return target.is_dir() and not any(target.iterdir())


def _clear(target: Path, *, created: bool) -> None:
    """Take back a half-built demo: the folder if we made it, else what we put in it."""
    if created:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def check_target(target: Path) -> None:
    """The demo goes into a folder that does not exist yet or is empty: nothing is lost."""
    if target.exists() and not _is_empty_folder(target):
        raise YakkanError(t("demo.not_empty", path=target))


def build_demo(
    target: Path, *, runner: Runner = in_a_process, progress: Progress | None = None
) -> Demo:
    """Build the demo village in `target`, which must not exist or be an empty folder,
    running each step's command line with `runner` and telling `progress` before each."""
    check_target(target)
    config_text = _data("yakkan.yaml")
    config = parse_model(Config, config_text, CONFIG_FILE)
    created = not target.exists()
    try:
        target.mkdir(parents=True, exist_ok=True)
        village = _Village(target, config, runner)
        (target / CONFIG_FILE).write_text(config_text, encoding="utf-8")
        village.run(["git", "init", "-q", "-b", "main"], "tanaka", FIRST_DAY)
        village.run(["git", "add", CONFIG_FILE], "tanaka", FIRST_DAY)
        village.run(["git", "commit", "-q", "-m", t("demo.first_commit")], "tanaka", FIRST_DAY)
        with tempfile.TemporaryDirectory(prefix="yakkan-demo-") as scratch:
            steps = year_of_the_village(Path(scratch))
            for number, step in enumerate(steps, start=1):
                if progress is not None:
                    progress(number, len(steps), village.describe(step))
                village.step(step)
        commits = village.run(["git", "rev-list", "--count", "HEAD"], "tanaka", FIRST_DAY)
    except BaseException:
        _clear(target, created=created)
        raise
    return Demo(target.resolve(), int(commits.strip()), len(steps))
