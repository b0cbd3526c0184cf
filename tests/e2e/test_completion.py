"""Shell completion: commands, record ids and people (issue 11 item 6).

The completion functions are called directly, then through the environment variable a
shell's completion script sets (`_YAKKAN_COMPLETE`), as click and typer do it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import typer.core
import typer.main

from tests.village import Village, yakkan_command
from yakkan_cli.cli import completion
from yakkan_cli.cli.app import app


class _Ctx:
    """What the completion functions ask of click's context: the root's -C value."""

    def __init__(self, directory: Path | None) -> None:
        self.params = {"directory": directory}

    def find_root(self) -> _Ctx:
        return self


def test_the_functions_read_the_records_repository(village: Village) -> None:
    village.apply("somu-drive")
    village.apply("somu-mail")
    ctx = _Ctx(village.path)
    assert completion.record_ids(ctx, "somu-") == ["somu-drive", "somu-mail"]
    assert completion.record_ids(ctx, "somu-m") == ["somu-mail"]
    assert completion.record_ids(ctx, "somu-drive,somu-m") == ["somu-drive,somu-mail"]
    assert ("suzuki", "鈴木 次郎") in completion.people(ctx, "su")
    assert completion.departments(ctx, "ki") == [("kikaku", "企画課")]
    # Outside a records repository there is nothing to offer, and no error.
    outside = _Ctx(village.files)
    assert completion.record_ids(outside, "") == []
    assert completion.people(outside, "") == []


def test_every_id_argument_completes_ids() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    with_ids = [
        name
        for name, command in group.commands.items()
        if any(getattr(p, "metavar", None) == "ID" for p in command.params)
    ]
    assert {"show", "approve", "check", "history", "terminate"} <= set(with_ids)
    for name in with_ids:
        command = group.commands[name]
        ctx = typer.core._click.Context(command, info_name=name)  # type: ignore[attr-defined]
        params = command.get_params(ctx)
        # get_params says the placeholder in Japanese (記録ID) before completion is attached
        (argument,) = [p for p in params if getattr(p, "metavar", None) in ("ID", "記録ID")]
        assert argument._custom_shell_complete is not None, name


def _complete(village: Village, words: str, cword: int, **extra: str) -> list[str]:
    env = village._env("yamada", None) | {
        "_YAKKAN_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
    }
    env |= extra
    proc = subprocess.run(
        yakkan_command(), cwd=village.path, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout.split()


def test_completion_through_the_environment_as_a_shell_asks(village: Village) -> None:
    village.apply("somu-drive")
    assert _complete(village, "yakkan appr", 1) == ["approve"]
    assert _complete(village, "yakkan show somu-d", 2) == ["somu-drive"]
    assert _complete(village, "yakkan history ", 2) == ["somu-drive"]
    assert _complete(village, f"yakkan -C {village.path} approve s", 4) == ["somu-drive"]
    assert "--mine" in _complete(village, "yakkan due --m", 2)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_and_install_completion(village: Village, tmp_path: Path, shell: str) -> None:
    env = village._env("yamada", None) | {
        "HOME": str(tmp_path),
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
    }
    shown = subprocess.run(
        [*yakkan_command(), "--show-completion", shell],
        cwd=village.path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "_YAKKAN_COMPLETE" in shown.stdout
    installed = subprocess.run(
        [*yakkan_command(), "--install-completion", shell],
        cwd=village.path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    assert f"{shell} の補完を" in installed.stdout and "設定しました" in installed.stdout
    assert "completion installed" not in installed.stdout + installed.stderr
    assert any(tmp_path.rglob("*")), "nothing was written under HOME"


def test_an_unknown_shell_is_refused_and_a_named_one_is_the_one_set_up(
    village: Village, tmp_path: Path
) -> None:
    """With typer's shell detection on (as a person runs it), the word after
    `--install-completion`/`--show-completion` is the shell: one typer writes no completion
    for is a usage error in Japanese with nothing written, where typer read it as the
    command and installed the detected shell's completion."""
    home = tmp_path / "home"
    home.mkdir()
    env = village._env("yamada", None) | {"HOME": str(home)}
    env.pop("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", None)

    def yakkan(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*yakkan_command(), *args],
            cwd=village.path, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip

    for args, shell in [
        (["--install-completion", "foo"], "foo"),
        (["--install-completion=foo"], "foo"),
        (["--show-completion", "foo"], "foo"),
        (["--install-completion", "list"], "list"),
        (["-C", str(village.path), "--install-completion", "tcsh"], "tcsh"),
    ]:
        refused = yakkan(*args)
        assert refused.returncode == 2, (args, refused.stderr)
        assert refused.stdout == ""
        assert f"エラー: シェル「{shell}」の補完には対応していません" in refused.stderr, args
        assert "bash, zsh, fish, powershell, pwsh" in refused.stderr
        assert "Usage:" not in refused.stderr and "Traceback" not in refused.stderr
    assert not list(home.rglob("*")), "something was written under HOME"
    installed = yakkan("--install-completion", "fish")
    assert installed.returncode == 0, installed.stderr
    assert "fish の補完を" in installed.stdout
    assert (home / ".config" / "fish" / "completions" / "yakkan.fish").is_file()
    shown = yakkan("--show-completion", "zsh")
    assert shown.returncode == 0 and "#compdef yakkan" in shown.stdout
