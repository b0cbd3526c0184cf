"""The core without the PDF engine (issue 21): where WeasyPrint cannot load — a clerk's
Windows PC without GTK — everything but PDF works, and PDF output is a Japanese refusal
that names the alternative. Run in a Python where `import weasyprint` fails, with the
wheel of this checkout installed in it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.village import make_village
from tests.wheel_venv import run, wheel_venv


@pytest.fixture(scope="module")
def no_pdf_yakkan(tmp_path_factory: pytest.TempPathFactory, built_wheel: Path) -> Path:
    base = tmp_path_factory.mktemp("nopdf")
    exe = wheel_venv(base, built_wheel, leave_out=("weasyprint",))
    gone = subprocess.run([str(exe.parent / "python"), "-c", "import weasyprint"],
                          capture_output=True)  # fmt: skip
    assert gone.returncode != 0  # the premise: no PDF engine here
    return exe


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
