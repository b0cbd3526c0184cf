from __future__ import annotations

import subprocess

import pytest

from tests.village import Village, clean_env, yakkan_command


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
