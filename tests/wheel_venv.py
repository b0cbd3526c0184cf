"""yakkan as a user installs it: the wheel of this checkout in a fresh virtual environment,
not the editable checkout, so what the package carries (templates, fonts) is what runs."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.village import Result, Village


def wheel_venv(base: Path, wheel: Path, *, leave_out: tuple[str, ...] = ()) -> Path:
    """A venv in `base` with `wheel` installed and every package of this test environment
    but yakkan and those named in `leave_out` linked in (nothing from any index); its
    `yakkan`."""
    venv = base / "venv"
    # Without a pip of its own (ensurepip is most of a venv's making): this environment's
    # pip installs the wheel into it (`pip --python`), as a user's pip would.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    deps = base / "deps"
    deps.mkdir()
    for entry in Path(sysconfig.get_path("purelib")).iterdir():
        name = entry.name.lower()
        if "yakkan" not in name and not name.startswith(leave_out):
            (deps / entry.name).symlink_to(entry)
    (Path(site) / "deps.pth").write_text(f"{deps}\n", "utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    return venv / "bin" / "yakkan"


def package_folder(exe: Path) -> Path:
    """Where the wheel put `yakkan_cli` in the venv of `exe`."""
    found = subprocess.run(
        [str(exe.parent / "python"), "-c", "import yakkan_cli; print(yakkan_cli.__file__)"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    return Path(found).parent


def run(village: Village, exe: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """`exe` (an installed yakkan) run in `village` as sato would, today."""
    full = village._env("sato", None, now=True)
    full["PATH"] = f"{exe.parent}{os.pathsep}{full.get('PATH', '')}"
    full.update(env or {})
    proc = subprocess.run(
        [str(exe), *args], cwd=village.path, env=full, capture_output=True, text=True
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)
