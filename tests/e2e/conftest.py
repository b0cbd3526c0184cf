from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.village import Village, clean_env, yakkan_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Village:
    """The village of `yakkan demo DIR`, built once: a year of the procedure, honestly."""
    root = tmp_path_factory.mktemp("demo")
    proc = subprocess.run(
        [*yakkan_command(), "demo", str(root / "village")],
        env=clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (root / "files").mkdir()
    return Village(root / "village", root / "files")


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
