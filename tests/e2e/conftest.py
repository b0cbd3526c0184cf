from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pytest

from tests.village import Village, clean_env, yakkan_command

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class DemoAtATerminal:
    village: Village
    screen: str  # everything `yakkan demo` wrote to its terminal, as the person saw it
    status: int


@pytest.fixture(scope="session")
def demo_at_a_terminal(tmp_path_factory: pytest.TempPathFactory) -> DemoAtATerminal:
    """`yakkan demo DIR` typed at a terminal of 80×24 and left alone (nothing typed, as a
    newcomer waits for it): built once for the session, its screen kept for the tests."""
    root = tmp_path_factory.mktemp("demo")
    command = yakkan_command()
    env = clean_env() | {"TERM": "xterm", "COLUMNS": "80", "LINES": "24"}
    screen = io.StringIO()
    child = pexpect.spawn(
        command[0],
        [*command[1:], "demo", str(root / "village")],
        cwd=str(root),
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        # Generous for a loaded machine: a demo that waits on a hidden question never ends.
        timeout=300,
    )
    child.logfile_read = screen
    child.expect(pexpect.EOF)
    child.close()
    (root / "files").mkdir()
    shown = screen.getvalue().replace("\r\n", "\n")
    status = child.exitstatus
    assert status == 0, shown
    return DemoAtATerminal(Village(root / "village", root / "files"), shown, status)


@pytest.fixture(scope="session")
def demo(demo_at_a_terminal: DemoAtATerminal) -> Village:
    """The village of `yakkan demo DIR`, built once: a year of the procedure, honestly."""
    return demo_at_a_terminal.village


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built once per test run."""
    wheels = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(wheels), str(ROOT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if built.returncode != 0:  # hatchling may be absent: build it in isolation then
        built = subprocess.run(
            [sys.executable, "-m", "build", "-q", "--wheel", "-o", str(wheels), str(ROOT)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("yakkan-*.whl")
    return wheel


@pytest.fixture(scope="session")
def runner_env(tmp_path_factory: pytest.TempPathFactory, built_wheel: Path) -> dict[str, str]:
    """A fresh Python standing for the CI runner's, made as the generated jobs make it:
    the lock `init` writes (`ci-requirements.txt`) installed with `--require-hashes` from
    the package index, then nothing more from any index (PIP_NO_INDEX). The jobs' own
    install steps then find the lock satisfied and install the wheel of this checkout
    (YAKKAN_SPEC) with `--no-deps`."""
    base = tmp_path_factory.mktemp("runner")
    wheel = built_wheel
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    lock = ROOT / "src" / "yakkan_cli" / "scaffold" / "ci-requirements.txt"
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--require-hashes",
         "--no-deps", "-r", str(lock)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    env = clean_env()
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        PIP_NO_INDEX="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        YAKKAN_SPEC=str(wheel),
    )
    return env
