"""Rebuild the example village's records of this checkout from `yakkan demo`.

The records under records/ and attachments/ are not written by hand: `yakkan demo` runs a
year of the village's procedure with the real commands in a repository of its own, and
this script copies its records here. Run it after a change to the record format:

    .venv/bin/python examples/build_village.py
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from yakkan_cli.actions.demo import build_demo

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="yakkan-village-") as folder:
        demo = build_demo(Path(folder) / "village")
        for name in ("records", "attachments"):
            shutil.rmtree(ROOT / name, ignore_errors=True)
            shutil.copytree(demo.root / name, ROOT / name)
    print(f"rebuilt {ROOT / 'records'} and {ROOT / 'attachments'} from yakkan demo")


if __name__ == "__main__":
    main()
