"""Reading at 80 columns on the example village (issue 11 items 4 and 6).

The example village of this checkout (`yakkan.yaml`, `records/`, `attachments/`) is copied
into a fresh git repository and read with the installed yakkan, on a pseudo-terminal of 80
columns and through a pipe: every id and task appears whole, no line is wider than the
screen, a pipe cuts nothing, and no English word reaches the reader outside ids, e-mail
addresses, file names, the data itself and what a user types (commands, options, codes).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer.core
import typer.main
import yaml
from rich.cells import cell_len

from tests.terminal import on_a_terminal
from tests.village import clean_env, yakkan_command
from yakkan_cli.cli.app import app
from yakkan_cli.forms.items import APPLICATION_ITEM_TEXTS, TERMINATION_ITEM_TEXTS

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-20"  # a day with overdue and upcoming tasks of several kinds


@pytest.fixture(scope="session")  # once per process: a worker may interleave modules
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("example") / "village"
    repo.mkdir()
    shutil.copy(ROOT / "yakkan.yaml", repo / "yakkan.yaml")
    for folder in ("records", "attachments"):
        shutil.copytree(ROOT / folder, repo / folder)
    env = _env()
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "-m", "the example village"],
    ):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    return repo


def _env() -> dict[str, str]:
    return clean_env() | {
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.jp",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.jp",
        "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+09:00",
        "GIT_COMMITTER_DATE": "2026-11-20T10:00:00+09:00",
        "COLUMNS": "80",
    }


# Each page is asked for once per test process (the tests share the example village, which
# no read changes): the help pages, the list and the table of tasks are read by two tests.
@functools.cache
def _piped(repo: Path, *args: str, code: int = 0) -> str:
    proc = subprocess.run(
        [*yakkan_command(), *args], cwd=repo, env=_env(), capture_output=True, text=True
    )
    assert proc.returncode == code, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


@functools.cache
def _json_text(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        [*yakkan_command(), *args, "--json"], cwd=repo, env=_env(), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _json(repo: Path, *args: str) -> Any:
    return json.loads(_json_text(repo, *args))


@functools.cache
def _screen(repo: Path, *args: str) -> str:
    return on_a_terminal(repo, _env(), *args)


def _ids(repo: Path) -> list[str]:
    return sorted(p.stem for p in (repo / "records").glob("*/*.yaml"))


def _whole(word: str, text: str) -> bool:
    return re.search(rf"(?<![a-z0-9-]){re.escape(word)}(?![a-z0-9-])", text) is not None


def test_list_and_due_keep_ids_tasks_and_dates_whole_at_80_columns(example: Path) -> None:
    ids = _ids(example)
    assert len(ids) >= 5
    listing = _screen(example, "list")
    due = _screen(example, "due", "--as-of", AS_OF)
    tasks = _json(example, "due", "--as-of", AS_OF)
    assert len(tasks) >= 4
    for service_id in ids:
        assert _whole(service_id, listing), (service_id, listing)
    for task in tasks:
        assert _whole(task["service"], due), (task["service"], due)
        assert task["label"] in due
        assert task["due"] in due and task["due_wareki"] in due
    for screen in (listing, due):
        for line in screen.splitlines():
            assert cell_len(line) <= 80, line
    # One or two lines a task (a long service name may wrap its second line once).
    rows = len(tasks)
    assert len(due.splitlines()) <= 3 + 3 * rows + 1


def test_a_pipe_cuts_nothing(example: Path) -> None:
    listed = _json(example, "list")
    plain = _piped(example, "list")
    for row in listed:
        assert f"{row['provider']} {row['name']}" in plain
        assert "…" not in plain
    due = _piped(example, "due", "--as-of", AS_OF)
    for line in due.splitlines():
        assert "…" not in line


def _words_of_the_data(repo: Path) -> set[str]:
    """Every word a person wrote into the village (names, services, purposes …)."""
    words: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            words.update(re.findall(r"[A-Za-z]+", value))

    for path in [repo / "yakkan.yaml", *(repo / "records").glob("*/*.yaml")]:
        walk(yaml.safe_load(path.read_text("utf-8")))
    for text in (*APPLICATION_ITEM_TEXTS, *TERMINATION_ITEM_TEXTS):
        words.update(re.findall(r"[A-Za-z]+", text))
    return words


# Names of things, formats and tools the guide itself uses, and placeholders of the usage
# line; anything else in English is a defect (typer's, click's, pydantic's or ours).
PROPER_NOUNS = {
    "yakkan", "git", "YAML", "JSON", "HTML", "Markdown", "CI", "CODEOWNERS", "ISMAP",
    "iCalendar", "Schema", "draft", "ID", "URL", "HEAD",
    "CSV", "Excel", "PDF", "UTF", "pip", "gitattributes", "SMTP", "LIU",  # ISMAP-LIU
}  # fmt: skip
# What a user types: the codes options take and the keys of the YAML files they fill.
CODES = {
    "ok", "ng", "na", "applicant", "responsible", "continue", "suspend", "terminate",
    "application", "termination", "html", "md", "record", "config", "github", "gitlab",
    "gitea", "signup", "terms", "evidence", "agreement", "deletion", "certificate", "other",
    "organization", "reason", "people", "departments", "xlsx", "csv", "pdf", "ics",
    # states, as `list --state` takes them
    "applied", "approved", "active", "suspended", "terminating", "terminated", "rejected",
    "withdrawn",
    # the shells `--install-completion` takes, by the names the shells are typed
    "bash", "zsh", "fish", "powershell", "pwsh",
}  # fmt: skip
_NOT_WORDS = [
    re.compile(p)
    for p in (
        r"https?://\S+",  # addresses
        r"[\w.+-]+@[\w.-]+",  # e-mail
        r"\S*/\S*",  # paths and ranges (records/…, origin/main..HEAD)
        r"[\w-]+\.[A-Za-z_]\w*",  # files and keys: yakkan.yaml, user.email, policy.warn_days
        r"(?<![\w-])--?[A-Za-z][\w-]*",  # options
        r"\b[0-9a-f]{10}\b",  # commit ids
        r"\bpre-commit\b|\bsha256\b",
        r"\b[a-z]+_[a-z_]+\b",  # YAML keys such as end_on
    )
]


# Mistakes anyone makes in a minute, and what yakkan answers (exit code).
ERRORS = [
    (("show", "nope"), 1),
    (("history", "nope"), 1),
    (("apporve", "x"), 2),
    (("list", "--bogus"), 2),
    (("show",), 2),
    (("show", "a", "b"), 2),
    (("due", "--within", "abc"), 2),
    (("due", "--as-of", "2026-02-30"), 2),
    (("render", "x", "--form"), 2),
    (("render", "x", "-o", "."), 2),
    (("apply", "--from", "records"), 2),
    (("-C", "/nonexistent", "list"), 1),
    (("verify", "x"), 2),
    (("approve", "kikaku-slack"), 1),  # the git identity is nobody in yakkan.yaml
]


def _english(text: str, allowed: set[str]) -> set[str]:
    for pattern in _NOT_WORDS:
        text = pattern.sub(" ", text)
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in allowed}


def test_no_english_outside_ids_addresses_file_names_and_data(example: Path) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    commands = sorted(group.commands)
    ids = _ids(example)
    config = yaml.safe_load((example / "yakkan.yaml").read_text("utf-8"))
    allowed = (
        PROPER_NOUNS
        | CODES
        | _words_of_the_data(example)
        | {w for c in commands for w in c.split("-")}
        # the subcommands of a group (`yakkan ismap import`), as its help lists them
        | {
            w
            for c in group.commands.values()
            if isinstance(c, typer.core.TyperGroup)
            for name in c.commands
            for w in name.split("-")
        }
        | {w for i in ids for w in i.split("-")}
        | {p["id"] for p in config["people"]}
        | {d["id"] for d in config["departments"]}
        # what the user typed, quoted back in the error
        | {w for args, _ in ERRORS for a in args for w in re.findall(r"[A-Za-z]+", a)}
    )
    pages = {
        "list": _screen(example, "list"),
        "due": _screen(example, "due", "--as-of", AS_OF),
        "history": _piped(example, "history", ids[0]),
        "--help": _piped(example, "--help"),
    }
    for service_id in ids:
        pages[f"show {service_id}"] = _piped(example, "show", service_id)
    for command in commands:
        pages[f"{command} --help"] = _piped(example, command, "--help")
    for args, code in ERRORS:
        pages[" ".join(args)] = _piped(example, *args, code=code)
    found = {page: words for page, text in pages.items() if (words := _english(text, allowed))}
    if found:
        pytest.fail("\n".join(f"{page}: {sorted(words)}" for page, words in sorted(found.items())))


def test_help_is_wrapped_by_display_width(example: Path) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    for command in ["", *sorted(group.commands)]:
        page = _piped(example, *([command] if command else []), "--help")
        lines = page.splitlines()
        for line in lines:
            assert cell_len(line) <= 80, (command, line)
            assert not line.strip().startswith(("。", "、", "）", "」")), (command, line)
        options = {o for param in (group.commands.get(command) or group).params for o in param.opts}
        for option in {o for o in options if o.startswith("--")}:
            assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", page), (command, option)


def test_commands_are_grouped_by_stage() -> None:
    proc = subprocess.run(
        [*yakkan_command(), "--help"], capture_output=True, text=True, env=_env(), check=True
    )
    stages = ["申請（申請・確認・承認）:", "運用:", "終了と保存:", "参照:", "管理:"]
    positions = [proc.stdout.index(stage) for stage in stages]
    assert positions == sorted(positions)
    section = proc.stdout[positions[2] : positions[3]]
    assert "terminate" in section and "dispose" in section and "approve" not in section
