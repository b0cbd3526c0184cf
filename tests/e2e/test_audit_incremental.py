"""Incremental audit (issue 14 item 3): `audit` remembers, under `<git common dir>/yakkan/
audit/`, the units of review it judged clean and judges only the rest; whatever happened
in between — a new pull request, a forgery, a config or accepted-findings change, a
damaged, foreign or unwritable memo, a rewritten history, a clock set back — its answer is
the one `audit --full` gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.village import Village, copy_village, make_village

RECORD = "records/somu/somu-drive.yaml"


def audit(village: Village, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = village.yakkan("audit", "--json", *args, env=env)
    assert "Traceback" not in result.output, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    assert result.code == (1 if data["findings"] else 0), result.output
    assert data["judged"] + data["remembered"] == data["commits"], data
    return data


def verdict(data: dict[str, Any]) -> tuple[Any, ...]:
    """What an audit answers, whatever it judged or remembered to answer it."""
    return data["ok"], data["commits"], data["versions"], data["findings"], data["accepted"]


def same_as_full(village: Village, env: dict[str, str] | None = None) -> dict[str, Any]:
    """`audit` (with its memo) and `audit --full` answer alike; returns the first."""
    warm = audit(village, env=env)
    full = audit(village, "--full", env=env)
    assert full["remembered"] == 0 and full["judged"] == full["commits"]
    assert verdict(warm) == verdict(full)
    return warm


def memo_folder(village: Village) -> Path:
    common = village.git("rev-parse", "--git-common-dir").strip()
    return (village.path / common).resolve() / "yakkan" / "audit"


def pull_request(village: Village, branch: str) -> str:
    """An honest pull request of three operations, merged with a merge commit."""
    village.git("switch", "-q", "-c", branch)
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")
    backup = ("--method", "手動", "--location", "庁内")
    village.ok("backup-log", "somu-drive", *backup, "--date", "2026-04-03", as_="suzuki")
    village.ok("purpose-check", "somu-drive", "--matches", "--date", "2026-04-04", as_="suzuki")
    return village.merge(branch, when="2026-04-05T10:00:00+09:00")


def forge(village: Village) -> str:
    """Approved content changed by hand, on main, after approval (S5.3 and A3)."""
    village.edit(RECORD, "name: Google ドライブ", "name: Google ドライブ（改）")
    return village.hand_commit("yamada", "手で直した", when="2026-04-06T10:00:00+09:00")


@pytest.fixture(scope="module")
def approved(tmp_path_factory: pytest.TempPathFactory) -> Village:
    village = make_village(tmp_path_factory.mktemp("incremental"))
    village.approved("somu-drive")
    return village


@pytest.fixture
def village(approved: Village, tmp_path: Path) -> Village:
    return copy_village(approved, tmp_path / "copy")


@pytest.fixture(scope="module")
def merged_and_audited(
    approved: Village, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Village, dict[str, Any]]:
    """The approved village with an honest pull request merged, then audited once (its
    memo written) — where a damaged memo and a rewritten commit start: built and audited
    once for the module; each test spoils a copy and keeps the first audit's answer."""
    village = copy_village(approved, tmp_path_factory.mktemp("merged"))
    pull_request(village, "ops")
    return village, audit(village)


def test_a_new_pull_request_is_all_that_is_judged(village: Village) -> None:
    first = audit(village)
    assert first["ok"] and first["remembered"] == 0 and first["judged"] == first["commits"]
    assert (memo_folder(village) / "tip.json").is_file()
    again = audit(village)
    assert (again["judged"], again["remembered"]) == (0, first["commits"])
    assert verdict(again) == verdict(first)

    pull_request(village, "ops")
    grown = same_as_full(village)
    # Three operations and the merge that brought them; nothing below them again.
    assert (grown["judged"], grown["remembered"]) == (4, first["commits"])
    assert grown["ok"]


def test_a_forgery_is_named_on_every_run(village: Village) -> None:
    audit(village)
    forged = forge(village)
    for _ in range(2):
        data = same_as_full(village)
        assert not data["ok"]
        assert {f["commit"] for f in data["findings"]} == {forged}
        assert data["judged"] == 1, "a commit with findings is never remembered"
    # An honest pull request on top: the forgery is still named, the rest remembered.
    pull_request(village, "ops")
    data = same_as_full(village)
    assert {f["commit"] for f in data["findings"]} == {forged}
    assert data["judged"] == 5


def test_a_commit_judged_under_another_config_is_judged_again(village: Village) -> None:
    """The same commit, remembered clean under the config of its own branch, is judged
    again once a merge brings it under the mainline's config (A1): yamada left meanwhile."""
    village.git("switch", "-q", "-c", "ops")
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")
    on_branch = audit(village)
    assert on_branch["ok"]
    village.git("switch", "-q", "main")
    village.edit(
        "yakkan.yaml",
        "  - {id: suzuki, name: 鈴木 次郎, email: suzuki@example.jp",
        "  - {id: suzuki, name: 鈴木 次郎, email: suzuki@example.net",
    )
    village.hand_commit("sato", "鈴木さんのメールアドレスを変更", when="2026-04-02T12:00:00+09:00")
    village.merge("ops", when="2026-04-03T10:00:00+09:00")
    data = same_as_full(village)
    acknowledged = village.git("rev-parse", "ops").strip()
    assert any(f["commit"] == acknowledged and f["rule"] == "S3.1" for f in data["findings"])


def test_accepting_a_finding_and_taking_it_back(village: Village) -> None:
    forged = forge(village)
    audit(village)
    accepted = (
        "accepted:\n"
        f"  - commit: {forged}\n    rule: S5.3\n    record: somu-drive\n"
        "    reason: 訓練で作った記録\n    by: sato\n    on: 2026-04-07\n"
    )
    (village.path / ".yakkan").mkdir()
    (village.path / ".yakkan" / "accepted-findings.yaml").write_text(accepted, "utf-8")
    village.hand_commit("sato", "指摘を承認", when="2026-04-07T10:00:00+09:00")
    data = same_as_full(village)
    assert [a["rule"] for a in data["accepted"]] == ["S5.3"]
    assert all(f["rule"] != "S5.3" for f in data["findings"])
    assert data["remembered"] == 0, "another accepted-findings file: everything judged again"
    village.git("rm", "-q", ".yakkan/accepted-findings.yaml")
    village.hand_commit("sato", "承認を取り消し", when="2026-04-08T10:00:00+09:00")
    back = same_as_full(village)
    assert back["accepted"] == []
    assert any(f["rule"] == "S5.3" and f["commit"] == forged for f in back["findings"])


def test_a_damaged_memo_means_a_full_audit(
    merged_and_audited: tuple[Village, dict[str, Any]], tmp_path: Path
) -> None:
    village, first = copy_village(merged_and_audited[0], tmp_path / "copy"), merged_and_audited[1]
    folder = memo_folder(village)
    # A damaged tip: the whole graph is read, and the commits remembered clean still count.
    (folder / "tip.json").write_text('{"tip": {"head": "x"', "utf-8")
    data = same_as_full(village)
    assert (data["judged"], data["remembered"]) == (0, first["commits"])
    # Both damaged (one digit of one line changed): nothing is taken from them.
    (folder / "tip.json").write_text("garbage", "utf-8")
    lines = (folder / "clean").read_text("ascii").splitlines(keepends=True)
    key, rest = lines[0].split(" ", 1)
    lines[0] = key[:-1] + ("0" if key[-1] != "0" else "1") + " " + rest
    (folder / "clean").write_text("".join(lines), "ascii")
    (folder / "tip.json").unlink()
    data = audit(village)
    assert (data["judged"], data["remembered"]) == (data["commits"], 0)
    assert verdict(data) == verdict(first)


def test_a_memo_from_another_repository_vouches_only_for_the_same_commits(
    village: Village, tmp_path: Path
) -> None:
    (tmp_path / "other").mkdir()
    other = make_village(tmp_path / "other")
    other.approved("somu-drive", date="2026-04-02")
    audit(other)
    shutil.copytree(memo_folder(other), memo_folder(village))
    data = same_as_full(village)
    # Its tip is unknown here; its keys name commits by id, and only the commits both
    # villages made alike (same content, same parents, same dates: the same ids) match.
    assert (data["judged"], data["remembered"]) == (1, data["commits"] - 1)
    assert data["ok"]


def test_nowhere_to_keep_a_memo(village: Village) -> None:
    """A `.git` where yakkan can neither read nor write its folder: every audit is full
    and answers the same, with no error."""
    blocker = memo_folder(village)
    shutil.rmtree(blocker, ignore_errors=True)
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder", "utf-8")
    forge(village)
    for _ in range(2):
        data = same_as_full(village)
        assert (data["judged"], data["remembered"]) == (data["commits"], 0)
        assert not data["ok"]
    assert blocker.read_text("utf-8") == "not a folder"


def test_a_rewritten_commit_is_judged(
    merged_and_audited: tuple[Village, dict[str, Any]], tmp_path: Path
) -> None:
    village, first = copy_village(merged_and_audited[0], tmp_path / "copy"), merged_and_audited[1]
    village.git(
        "commit", "-q", "--amend", "-m", "Merge ops (reworded)", when="2026-04-05T11:00:00+09:00"
    )
    data = same_as_full(village)
    assert (data["judged"], data["remembered"]) == (4, first["commits"] - 4)
    assert data["ok"]


def test_a_clock_set_back_judges_again(village: Village) -> None:
    """A commit dated after the audit's day is a finding (A6): remembered clean on a later
    day, it is judged again when the audit's day goes back before it."""
    audit(village)
    data = same_as_full(village, env={"YAKKAN_TODAY": "2026-03-30"})
    assert data["remembered"] < data["commits"]
    assert any("2026-04-01" in f["message"] for f in data["findings"])


def test_a_removal_is_judged_by_the_whole_history(village: Village) -> None:
    """Retention (S5.4) counts from the day the termination's approval reached the
    mainline, which only the record's whole history tells: a removal among the commits
    to judge makes the audit replay everything."""
    audit(village)
    village.git("rm", "-q", RECORD)
    removed = village.hand_commit("yamada", "記録を削除", when="2026-04-06T10:00:00+09:00")
    for _ in range(2):
        data = same_as_full(village)
        assert (data["judged"], data["remembered"]) == (data["commits"], 0)
        assert any(f["commit"] == removed and f["rule"] == "S5.4" for f in data["findings"])
