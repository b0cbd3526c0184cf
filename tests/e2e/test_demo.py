"""`yakkan demo DIR`: the example village, built by running the procedure for a year."""

from __future__ import annotations

import json
from pathlib import Path

from tests.village import Village

ROOT = Path(__file__).resolve().parents[2]


def files_under(root: Path, *folders: str) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for folder in folders
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }


def test_demo_is_the_example_village_of_this_checkout(demo: Village) -> None:
    """The records here are the demo's (examples/build_village.py copies them)."""
    assert files_under(demo.path, "records", "attachments") == files_under(
        ROOT, "records", "attachments"
    )
    assert (demo.path / "yakkan.yaml").read_bytes() == (ROOT / "yakkan.yaml").read_bytes()
    assert demo.status() == ""


def test_demo_reads_like_real_use(demo: Village) -> None:
    history = json.loads(demo.ok("history", "somu-google-drive", "--json").stdout)
    actions = [(e["action"], e["actor"]) for e in history]
    assert actions[:5] == [
        ("apply", "yamada"),
        ("check", "yamada"),
        ("check", "sato"),
        ("check", "sato"),
        ("approve", "sato"),
    ]
    assert history[0]["date"].startswith("2026-03-20")
    due = json.loads(demo.ok("due", "--as-of", "2026-11-26", "--json").stdout)
    assert ("somu-google-drive", "backup") in {(d["service"], d["task"]) for d in due}
    dates = demo.git("log", "--reverse", "--format=%cs").split()
    assert dates == sorted(dates)  # the calendar's order, as the village lived it


def test_demo_refuses_a_folder_that_is_not_empty(village: Village, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "memo.txt").write_text("大事なメモ", "utf-8")
    result = village.yakkan("demo", str(target))
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    assert str(target) in result.stderr and "空のフォルダ" in result.stderr
    assert [p.name for p in target.iterdir()] == ["memo.txt"]
