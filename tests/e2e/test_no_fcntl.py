"""yakkan without `fcntl`, as on Windows (issue 10): every command still works.

A `sitecustomize` on PYTHONPATH puts a finder first on sys.meta_path that refuses to
import `fcntl`, so yakkan and its libraries run as they would where the module does not
exist. The lock then comes from filelock's portable implementation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.village import Village

SITECUSTOMIZE = """\
import sys


class _NoFcntl:
    def find_spec(self, name, path=None, target=None):
        if name == "fcntl":
            raise ImportError("fcntl is not available on this system", name=name)
        return None


sys.modules.pop("fcntl", None)
sys.meta_path.insert(0, _NoFcntl())
"""


@pytest.fixture
def windowsish(village: Village, tmp_path: Path) -> Village:
    site = tmp_path / "no-fcntl"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    village.env["PYTHONPATH"] = str(site)
    return village


def test_fcntl_is_really_gone(windowsish: Village) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", "import fcntl"],
        env=windowsish.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1 and "fcntl is not available" in proc.stderr


def test_the_procedure_runs_without_fcntl(windowsish: Village) -> None:
    village = windowsish
    village.approved()
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")
    village.ok(
        "backup-log", "somu-drive", "--method", "手動", "--location", "庁内",
        "--date", "2026-05-01", as_="suzuki",
    )  # fmt: skip
    for args in (("list",), ("show", "somu-drive"), ("due", "--as-of", "2026-05-02"),
                 ("validate",), ("fmt", "--check"), ("history", "somu-drive"),
                 ("recover",)):  # fmt: skip
        result = village.ok(*args)
        assert "warn" not in result.stderr.lower()
    assert village.status() == ""
