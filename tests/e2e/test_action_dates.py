"""A6 on the command side: every action's --date against the clock and the record."""

from __future__ import annotations

import subprocess

import pytest

from tests.village import Result, Village, yakkan_command

ID = "somu-drive"
TODAY = "2026-05-20"
NOW = f"{TODAY}T10:00:00+09:00"
TOMORROW = "2026-05-21"


@pytest.fixture
def active(village: Village) -> Village:
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-02", as_="suzuki")
    return village


def _refused(village: Village, result: Result, phrase: str) -> None:
    assert result.code == 1, result.output
    assert phrase in result.stderr, result.stderr
    assert "Traceback" not in result.output


# Every command that records an action, with the flags it needs to get as far as the date.
COMMANDS: list[tuple[str, ...]] = [
    ("apply", "--from", "{files}/new.yaml"),
    ("check", ID, "--mark", "1=ok"),
    ("approve", ID),
    ("reject", ID, "--reason", "不要"),
    ("withdraw", ID),
    ("acknowledge", ID),
    ("backup-log", ID, "--method", "手動", "--location", "庁内"),
    ("purpose-check", ID, "--matches"),
    ("review", ID, "--content-changed"),
    ("suspend", ID, "--reason", "点検"),
    ("resume", ID, "--note", "点検終了"),
    ("alert", "--title", "他団体の漏えい", "--services", ID),
    ("warn", "alert-20260520-1", "--services", ID),
    ("terminate", ID, "--reason", "移行", "--end", "2026-06-30"),
    ("dispose", ID),
    ("reassign", ID, "--administrator", "takahashi"),
    ("attach", ID, "other={files}/signup.png"),
    ("edit", ID, "--set", "application.purpose=別の目的"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_date_after_today_is_refused_for_every_command(
    active: Village, command: tuple[str, ...]
) -> None:
    village = active
    village.application_file("somu-new")
    (village.files / "new.yaml").write_text(
        (village.files / "somu-new.yaml").read_text("utf-8"), encoding="utf-8"
    )
    args = [a.replace("{files}", str(village.files)) for a in command]
    head = village.head()
    result = village.yakkan(*args, "--date", TOMORROW, as_="sato", when=NOW)
    _refused(village, result, "まだ来ていません")
    assert TODAY in result.stderr
    assert village.head() == head and village.status() == ""


def test_back_dating_is_bounded_by_the_policy_and_the_previous_action(active: Village) -> None:
    village = active
    head = village.head()
    backup = ("backup-log", ID, "--method", "手動", "--location", "庁内")
    # 40 days back: further than policy.max_backdate_days (31 by default)
    _refused(
        village,
        village.yakkan(*backup, "--date", "2026-04-10", as_="suzuki", when=NOW),
        "31 日より前",
    )
    assert village.head() == head
    # 31 days back is the limit itself
    village.ok(*backup, "--date", "2026-04-19", as_="suzuki", when=NOW)
    assert village.trailers()["Yakkan-Action"] == "backup-log"
    # not before the record's previous action, even within the limit
    village.ok("purpose-check", ID, "--matches", "--date", "2026-04-25", as_="suzuki", when=NOW)
    head = village.head()
    result = village.yakkan(*backup, "--date", "2026-04-22", as_="suzuki", when=NOW)
    _refused(village, result, "前回の操作の日（2026-04-25）")
    assert village.head() == head and village.status() == ""
    village.ok(*backup, "--date", "2026-04-25", as_="suzuki", when=NOW)


def test_the_policy_number_sets_the_limit(active: Village) -> None:
    village = active
    config = (village.path / "yakkan.yaml").read_text("utf-8")
    (village.path / "yakkan.yaml").write_text(
        config.replace("  warn_days: 14\n", "  warn_days: 14\n  max_backdate_days: 3\n"), "utf-8"
    )
    village.git("commit", "-qam", "policy: max_backdate_days 3")
    backup = ("backup-log", ID, "--method", "手動", "--location", "庁内")
    _refused(
        village,
        village.yakkan(*backup, "--date", "2026-05-16", as_="suzuki", when=NOW),
        "3 日より前",
    )
    village.ok(*backup, "--date", "2026-05-17", as_="suzuki", when=NOW)


def test_git_dates_on_another_day_are_refused_with_advice(active: Village) -> None:
    """`GIT_AUTHOR_DATE=2030 yakkan dispose --date 2030-…` must not pass: the real clock."""
    village = active
    head = village.head()
    for variable in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        env = village._env("suzuki", None, now=True) | {variable: "2030-01-01T10:00:00+09:00"}
        proc = subprocess.run(
            [
                *yakkan_command(),
                "backup-log",
                ID,
                "--method",
                "手動",
                "--location",
                "庁内",
                "--date",
                "2030-01-01",
            ],
            cwd=village.path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 1, proc.stderr
        assert variable in proc.stderr and "2030-01-01" in proc.stderr
        assert "設定せずに" in proc.stderr
    assert village.head() == head and village.status() == ""


def test_a_day_that_does_not_exist(active: Village) -> None:
    result = active.yakkan(
        "backup-log",
        ID,
        "--method",
        "手動",
        "--location",
        "庁内",
        "--date",
        "2026-02-30",
        as_="suzuki",
        when=NOW,
    )
    assert result.code == 2
    assert "2026-02-30" in result.stderr and "存在しない日" in result.stderr
    assert "Traceback" not in result.output


def test_undated_commands_act_on_the_clocks_day(active: Village) -> None:
    village = active
    village.ok("backup-log", ID, "--method", "手動", "--location", "庁内", as_="suzuki", when=NOW)
    assert f"- 'on': '{TODAY}'" in village.record_text(ID)


def test_a_clock_that_is_not_a_day_is_refused(active: Village) -> None:
    env = active._env("suzuki", NOW) | {"YAKKAN_TODAY": "2026-13-01"}
    proc = subprocess.run(
        [*yakkan_command(), "backup-log", ID, "--method", "手動", "--location", "庁内"],
        cwd=active.path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "YAKKAN_TODAY" in proc.stderr and "2026-13-01" in proc.stderr
    assert "Traceback" not in proc.stderr
