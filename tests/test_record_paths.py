"""RecordsRepo.record_paths lists folder by folder, names sorted within each (no sort of
Path objects, issue 14): the same order as sorting the paths, which every command prints in."""

from __future__ import annotations

from pathlib import Path

from yakkan_cli.store.repo import RecordsRepo

NAMES = [
    "a/x.yaml", "a/x-y.yaml", "a/x_y.yaml", "a/X.yaml", "a/x.yaml.bak", "a-b/x.yaml",
    "a.b/x.yaml", "a_b/x.yaml", "B/x.yaml", "b/x.yaml", "b/.yaml", "b/é.yaml", "b/z.yaml",
]  # fmt: skip


def test_the_order_of_sorted_paths(tmp_path: Path) -> None:
    for name in NAMES:
        target = tmp_path / "records" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("", "utf-8")
    (tmp_path / "records" / "loose.yaml").write_text("", "utf-8")  # not in a folder
    expected = sorted(p for p in (tmp_path / "records").glob("*/*") if p.name.endswith(".yaml"))
    listed = RecordsRepo(tmp_path).record_paths()
    assert listed == expected
    assert [p.relative_to(tmp_path / "records").as_posix() for p in listed][:3] == [
        "B/x.yaml",
        "a/X.yaml",
        "a/x-y.yaml",
    ]
