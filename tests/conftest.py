from __future__ import annotations

import compileall
import os
from pathlib import Path

import pytest

from tests import village as villages
from tests.village import Village, make_village


def pytest_configure(config: pytest.Config) -> None:
    """Compile the installed package once, before the tests run `yakkan` hundreds of times.

    An installed wheel has its bytecode (pip compiles it); an editable install gets it
    only when Python may write it, and with PYTHONDONTWRITEBYTECODE every `yakkan` process
    would compile every module it imports again. Only the controller compiles (the
    xdist workers start after it)."""
    if hasattr(config, "workerinput"):
        return
    import yakkan_cli

    compileall.compile_dir(Path(yakkan_cli.__file__).parent, quiet=1, workers=1)


@pytest.fixture(scope="session", autouse=True)
def _villages_shared_between_workers(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Under xdist, the villages built once are shared by the run's workers: beside their
    temporary folders (popen-gw0, popen-gw1 …), kept and removed as pytest keeps those."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        villages.shared_between_workers[:] = [tmp_path_factory.getbasetemp().parent / "villages"]


@pytest.fixture
def village(tmp_path: Path) -> Village:
    """An empty records repository (yakkan.yaml committed) and a folder of files to attach."""
    return make_village(tmp_path)
