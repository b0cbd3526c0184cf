"""DESIGN §1: the layers import one way only, and `yakkan --help` stays light and complete."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import typer.core
import typer.main

from tests.village import clean_env, yakkan_command
from yakkan_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
FORMS = "yakkan_cli.forms"


def _contract_file(tmp_path: Path) -> Path:
    """pyproject's contract; without the forms package (merged from another branch), the
    same contract with the forms layer left out, so the rest is still enforced here."""
    pyproject = ROOT / "pyproject.toml"
    if importlib.util.find_spec(FORMS) is not None:
        return pyproject
    settings = tomllib.loads(pyproject.read_text("utf-8"))["tool"]["importlinter"]
    lines = [f'[tool.importlinter]\nroot_package = "{settings["root_package"]}"\n']
    for contract in settings["contracts"]:
        layers = [
            " | ".join(p.strip() for p in layer.split("|") if p.strip() != FORMS)
            for layer in contract["layers"]
        ]
        quoted = ", ".join(f'"{layer}"' for layer in layers)
        lines.append(
            f'[[tool.importlinter.contracts]]\nname = "{contract["name"]}"\n'
            f'type = "{contract["type"]}"\nlayers = [{quoted}]\n'
        )
    target = tmp_path / "importlinter.toml"
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def test_import_linter_contract_holds(tmp_path: Path) -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    config = _contract_file(tmp_path)
    proc = subprocess.run(
        [str(lint), "--config", str(config), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_help_lists_every_command() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    proc = subprocess.run(
        [*yakkan_command(), "--help"], capture_output=True, text=True, env=clean_env(), check=False
    )
    assert proc.returncode == 0
    for name in group.commands:
        assert name in proc.stdout, f"yakkan --help does not list {name}"


def test_importing_the_app_stays_light() -> None:
    heavy = ["pydantic", "yaml", "jinja2", "rich.console"]
    code = (
        f"import sys, yakkan_cli.cli.app\nprint(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(), check=True
    )
    assert proc.stdout.strip() == "", f"imported at startup: {proc.stdout.strip()}"


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from yakkan_cli.cli.main import main\n"
        "code = main(['--help'])\n"
        "heavy = [m for m in ('pydantic', 'yaml', 'jinja2', 'rich.console') if m in sys.modules]\n"
        "sys.stderr.write(','.join(heavy))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(), check=False
    )
    assert proc.stderr.strip() == "", f"imported by --help: {proc.stderr.strip()}"


def test_help_lists_each_command_with_its_whole_first_sentence() -> None:
    result = subprocess.run(
        [*yakkan_command(), "--help"], capture_output=True, text=True, env=clean_env(), check=True
    )
    listing = result.stdout.split("申請（申請・確認・承認）:", 1)[1]  # the first stage
    assert "..." not in listing
    assert "  alert          他団体のインシデントについて" in listing
