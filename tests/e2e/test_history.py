"""`yakkan history ID`: the timeline from git, across a move between departments and the
record's removal."""

from __future__ import annotations

import json

from tests.village import Village


def test_history_follows_moves_and_deletion(village: Village) -> None:
    village.approved()
    old = village.path / "records/somu/somu-drive.yaml"
    new = village.path / "records/kikaku/somu-drive.yaml"
    new.parent.mkdir()
    new.write_text(old.read_text("utf-8").replace("department: somu", "department: kikaku"))
    old.unlink()
    village.git("add", "-A")
    village.git("commit", "-q", "-m", "企画課へ移管", as_="sato")
    moved = village.head()
    village.git("rm", "-q", "-r", "records/kikaku/somu-drive.yaml", "attachments/somu-drive")
    village.git("commit", "-q", "-m", "削除", as_="takahashi")
    deleted = village.head()

    entries = json.loads(village.ok("history", "somu-drive", "--json").stdout)
    assert [e["action"] for e in entries] == [
        "apply",
        "check",
        "check",
        "approve",
        "manual",
        "manual",
    ]
    actors = ["yamada", "yamada", "sato", "sato", "sato", "takahashi"]
    assert [e["actor"] for e in entries] == actors
    assert entries[0]["date"] == "2026-03-20T10:00:00+09:00"
    assert entries[0]["state_before"] is None and entries[0]["state_after"] == "applied"
    assert entries[4]["commit"] == moved
    assert entries[4]["state_before"] == entries[4]["state_after"] == "approved"
    assert "department" in entries[4]["changes"]
    assert any("moved: records/somu/somu-drive.yaml" in c for c in entries[4]["changes"])
    assert entries[5]["commit"] == deleted
    assert entries[5]["state_after"] is None
    assert entries[5]["changes"][0] == "deleted"

    table = village.ok("history", "somu-drive").stdout
    assert moved[:10] in table
    assert "承認済（リスク説明の確認待ち） → （記録なし）" in table
    assert "移動: records/somu/somu-drive.yaml → records/kikaku/somu-drive.yaml" in table
    assert "手作業の変更" in table and "高橋 美咲" in table


def test_history_of_an_unknown_record(village: Village) -> None:
    village.apply()
    result = village.yakkan("history", "nosuch")
    assert result.code == 1
    assert "nosuch" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_author_is_shown_by_email(village: Village) -> None:
    village.apply()
    path = village.path / "records/somu/somu-drive.yaml"
    path.write_text(path.read_text("utf-8").replace("purpose: ", "purpose: 変更 "), "utf-8")
    village.git("commit", "-q", "-am", "edit", as_="stranger")
    entries = json.loads(village.ok("history", "somu-drive", "--json").stdout)
    assert entries[-1]["actor"] == "stranger@example.jp"
    assert entries[-1]["changes"] == ["application"]
    audit = json.loads(village.yakkan("audit", "--json").stdout)
    # A change by nobody yakkan knows, and with no action (A3).
    assert [f["rule"] for f in audit["findings"]] == ["A3", "S3.1"]
