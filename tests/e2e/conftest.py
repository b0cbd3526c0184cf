from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pytest
from filelock import FileLock

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


def shared_once(tmp_path_factory: pytest.TempPathFactory, name: str) -> tuple[Path, FileLock]:
    """A folder built once per test run, shared by the run's processes (pytest-xdist's
    workers share the parent of their temporary folders), and the lock to hold while
    building it or looking whether it is built."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    return root / name, FileLock(str(root / f"{name}.lock"))


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built once per test run (by the first process that asks
    for it; the file is read, never written, after that)."""
    wheels, lock = shared_once(tmp_path_factory, "dist")
    with lock:
        found = list(wheels.glob("yakkan-*.whl"))
        if not found:
            found = [_build_wheel(wheels)]
    (wheel,) = found
    return wheel


def _build_wheel(wheels: Path) -> Path:
    building = wheels.with_name(wheels.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(building), str(ROOT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if built.returncode != 0:  # hatchling may be absent: build it in isolation then
        built = subprocess.run(
            [sys.executable, "-m", "build", "-q", "--wheel", "-o", str(building), str(ROOT)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert built.returncode == 0, built.stderr
    building.rename(wheels)
    (wheel,) = wheels.glob("yakkan-*.whl")
    return wheel


def _runner_python(venv: Path) -> None:
    """A fresh Python with the lock `init` writes installed as the jobs install it."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    lock = ROOT / "src" / "yakkan_cli" / "scaffold" / "ci-requirements.txt"
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--require-hashes",
         "--no-deps", "-r", str(lock)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr


def _moved_venv(source: Path, target: Path) -> None:
    """A copy of the virtual environment `source` at `target`, as `python -m venv` would
    have made it there: the files that name the folder (scripts' `#!` lines, `activate`,
    pyvenv.cfg) name the new one. Links (bin/python) are kept as links."""
    shutil.copytree(source, target, symlinks=True)
    old, new = str(source).encode(), str(target).encode()
    for path in [*(target / "bin").iterdir(), target / "pyvenv.cfg"]:
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        if old in data:
            path.write_bytes(data.replace(old, new))


@pytest.fixture(scope="session")
def runner_env(tmp_path_factory: pytest.TempPathFactory, built_wheel: Path) -> dict[str, str]:
    """A fresh Python standing for the CI runner's, made as the generated jobs make it:
    the lock `init` writes (`ci-requirements.txt`) installed with `--require-hashes` from
    the package index, then nothing more from any index (PIP_NO_INDEX). The jobs' own
    install steps then find the lock satisfied and install the wheel of this checkout
    (YAKKAN_SPEC) with `--no-deps`.

    The lock is installed from the index once per test run; each test process gets its
    own copy of that Python (without yakkan: its jobs install it), so no two processes'
    jobs install into one environment."""
    template, lock = shared_once(tmp_path_factory, "runner-python")
    with lock:
        if not (template / "built").exists():  # a process that failed half-way left no mark
            shutil.rmtree(template, ignore_errors=True)
            _runner_python(template / "venv")
            (template / "built").touch()
    venv = tmp_path_factory.mktemp("runner") / "venv"
    _moved_venv(template / "venv", venv)
    env = clean_env()
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        PIP_NO_INDEX="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        YAKKAN_SPEC=str(built_wheel),
    )
    return env
