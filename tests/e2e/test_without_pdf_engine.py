"""The core without the PDF engine (issue 21): where WeasyPrint cannot load — a clerk's
Windows PC without GTK — everything but PDF works, and PDF output is a Japanese refusal
that names the alternative. Run in a Python where `import weasyprint` fails, with the
wheel of this checkout installed in it."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.village import Result, Village, make_village


@pytest.fixture(scope="module")
def no_pdf_yakkan(tmp_path_factory: pytest.TempPathFactory, built_wheel: Path) -> Path:
    base = tmp_path_factory.mktemp("nopdf")
    wheel = built_wheel
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # Every package of this test environment but yakkan and the PDF engine.
    deps = base / "deps"
    deps.mkdir()
    for entry in Path(sysconfig.get_path("purelib")).iterdir():
        name = entry.name.lower()
        if "yakkan" not in name and not name.startswith("weasyprint"):
            (deps / entry.name).symlink_to(entry)
    (Path(site) / "deps.pth").write_text(f"{deps}\n", "utf-8")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    gone = subprocess.run([str(python), "-c", "import weasyprint"], capture_output=True)
    assert gone.returncode != 0  # the premise: no PDF engine here
    return venv / "bin" / "yakkan"


def run(village: Village, exe: Path, *args: str) -> Result:
    env = village._env("sato", None, now=True)
    env["PATH"] = f"{exe.parent}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run(
        [str(exe), *args], cwd=village.path, env=env, capture_output=True, text=True
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def test_everything_but_pdf_works_and_pdf_says_what_to_use(
    tmp_path: Path, no_pdf_yakkan: Path
) -> None:
    village = make_village(tmp_path)
    village.approved("somu-drive", date="2026-04-01")
    out = tmp_path / "out"
    out.mkdir()
    for args in (
        ("due", "--as-of", "2026-11-26"),
        ("list",),
        ("show", "somu-drive"),
        ("render", "somu-drive", "--form", "application", "--format", "html"),
        ("render", "somu-drive", "--form", "application", "--format", "md"),
        ("register", "--format", "csv"),
        ("register", "--format", "xlsx", "-o", str(out / "台帳.xlsx")),
        ("register", "--format", "html", "-o", str(out / "台帳.html")),
        ("site", "-o", str(out / "site"), "--no-pdf"),
    ):
        result = run(village, no_pdf_yakkan, *args)
        assert result.code == 0, (args, result.output)
        assert "Traceback" not in result.output
    pdf = run(village, no_pdf_yakkan, "render", "somu-drive", "--form", "application",
              "--format", "pdf", "-o", str(out / "申請書.pdf"))  # fmt: skip
    assert pdf.code == 1, pdf.output
    assert "WeasyPrint" in pdf.stderr and "--format html" in pdf.stderr
    assert "Traceback" not in pdf.output and not (out / "申請書.pdf").exists()
    site = run(village, no_pdf_yakkan, "site", "-o", str(out / "site2"))
    assert site.code == 1, site.output
    assert "yakkan site --no-pdf" in site.stderr and "Traceback" not in site.output
