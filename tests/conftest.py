from __future__ import annotations

from pathlib import Path

import pytest

from tests.village import Village, make_village


@pytest.fixture
def village(tmp_path: Path) -> Village:
    """An empty records repository (yakkan.yaml committed) and a folder of files to attach."""
    return make_village(tmp_path)
