"""The village's day on any machine (issue 21.1): at 00:30 in Tokyo a machine in UTC still
shows yesterday on its own calendar; yakkan counts on the village's (yakkan.yaml
`timezone:`, Asia/Tokyo by default).

The clock is the one the tests already use, YAKKAN_TODAY, set to an instant (as libfaketime
would set the process's clock); the machine's zone is TZ. Each test runs under TZ=UTC and
TZ=Asia/Tokyo and must see the same day.
"""

from __future__ import annotations

import email
import json
import subprocess
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from tests.village import CONFIG, Result, Village, yakkan_command

ID = "somu-drive"
# 00:30 on 2026-05-21 in Tokyo is 15:30 on 2026-05-20 in UTC.
MIDNIGHT_HALF = "2026-05-20T15:30:00+00:00"
VILLAGE_DAY = "2026-05-21"
MACHINE_DAY_IN_UTC = "2026-05-20"
MACHINES = ["UTC", "Asia/Tokyo"]


def at(village: Village, instant: str, tz: str, *args: str, as_: str = "yamada") -> Result:
    """`yakkan ARGS` with the clock (and git's stamps) at `instant`, on a machine in `tz`."""
    env = village._env(as_, instant) | {"YAKKAN_TODAY": instant, "TZ": tz}
    proc = subprocess.run(
        [*yakkan_command(), *args],
        cwd=village.path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def active(village: Village) -> Village:
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-02", as_="suzuki")
    return village


@pytest.mark.parametrize("tz", MACHINES)
def test_backup_log_without_date_records_the_villages_day(active: Village, tz: str) -> None:
    result = at(
        active, MIDNIGHT_HALF, tz, "backup-log", ID, "--method", "手動", "--location", "庁内",
        as_="suzuki",
    )  # fmt: skip
    assert result.code == 0, result.output
    assert f"- 'on': '{VILLAGE_DAY}'" in active.record_text(ID)


@pytest.mark.parametrize("tz", MACHINES)
def test_due_without_as_of_counts_from_the_villages_day(active: Village, tz: str) -> None:
    def days(*args: str) -> list[tuple[str, int]]:
        result = at(active, MIDNIGHT_HALF, tz, "due", "--json", *args)
        assert result.code == 0, result.output
        return [(item["task"], item["days_overdue"]) for item in json.loads(result.stdout)]

    undated = days()
    assert undated and undated == days("--as-of", VILLAGE_DAY)
    assert undated != days("--as-of", MACHINE_DAY_IN_UTC)  # the day that would be wrong


@pytest.mark.parametrize("tz", MACHINES)
def test_the_real_clock_is_read_on_the_villages_calendar(active: Village, tz: str) -> None:
    """Without YAKKAN_TODAY: machines 26 hours apart (UTC-12, UTC+14) always disagree on
    their own calendars, and must agree on the village's."""

    def as_of(machine: str) -> str:
        env = active._env("yamada", None, now=True) | {"TZ": machine}
        code = "from yakkan_cli.actions import clock; print(clock.today())"
        proc = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        return proc.stdout.strip()

    for _ in range(3):  # a midnight in Tokyo between the two runs: ask again
        west, east = as_of("Etc/GMT+12"), as_of("Etc/GMT-14")
        if west == east:
            break
    assert west == east
    # And a command acting on that day passes the check against git's own stamps.
    result = active.yakkan(
        "backup-log", ID, "--method", "手動", "--location", "庁内", as_="suzuki",
        env={"TZ": tz},
    )  # fmt: skip
    assert result.code == 0, result.output


@pytest.mark.parametrize("tz", MACHINES)
def test_notify_without_as_of_sends_the_villages_list(
    active: Village, tz: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from aiosmtpd.controller import Controller

    from tests.e2e.test_notify import Inbox, free_port

    inbox = Inbox()
    port = free_port()
    text = CONFIG + (
        f"notify:\n  host: 127.0.0.1\n  port: {port}\n  security: none\n  from: yakkan@example.jp\n"
    )
    (active.path / "yakkan.yaml").write_text(text, "utf-8")
    active.git("commit", "-qam", "notify settings")

    def dry(*args: str) -> str:
        result = at(active, MIDNIGHT_HALF, tz, "notify", "--dry-run", *args)
        assert result.code == 0, result.output
        return result.stdout

    undated = dry()  # one run answers for both comparisons, as in the `due` test above
    assert undated == dry("--as-of", VILLAGE_DAY)
    assert undated != dry("--as-of", MACHINE_DAY_IN_UTC)

    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        sent = at(active, MIDNIGHT_HALF, tz, "notify")
    finally:
        controller.stop()
    assert sent.code == 0, sent.output
    message = email.message_from_bytes(inbox.received[0][1].as_bytes(), policy=default)
    assert isinstance(message, EmailMessage)
    stamp = parsedate_to_datetime(str(message["Date"]))
    assert stamp.date().isoformat() == VILLAGE_DAY
    assert stamp.utcoffset() is not None and stamp.utcoffset().total_seconds() == 9 * 3600


@pytest.mark.parametrize("tz", MACHINES)
def test_an_honest_morning_commit_is_not_after_the_audits_day(active: Village, tz: str) -> None:
    """A backup recorded at 08:30 in Tokyo (23:30 UTC the day before) and audited at 08:40:
    on a machine in UTC, neither the commit nor its --date is after the audit's day."""
    morning = "2026-05-20T23:30:00+00:00"  # written by git as UTC, as a runner would
    result = at(
        active, morning, tz, "backup-log", ID, "--method", "手動", "--location", "庁内",
        "--date", VILLAGE_DAY, as_="suzuki",
    )  # fmt: skip
    assert result.code == 0, result.output
    tokyo = "2026-05-21T08:30:00+09:00"  # the same morning, written with Tokyo's offset
    result = at(
        active, tokyo, tz, "purpose-check", ID, "--matches", "--date", VILLAGE_DAY,
        as_="suzuki",
    )  # fmt: skip
    assert result.code == 0, result.output
    audit = at(active, "2026-05-20T23:40:00+00:00", tz, "audit", "--full", "--json")
    assert audit.code == 0, audit.output
    # The next day's audit in Tokyo's early hours sees a day it has reached.
    assert at(active, MIDNIGHT_HALF.replace("05-20", "05-21"), tz, "audit").code == 0


def test_a_commit_after_the_audits_day_is_still_found(active: Village) -> None:
    """The village's calendar moves the day, not the rule: 09:30 in Tokyo on the 21st is
    after an audit made at 08:40 on the 21st only in hours, and after one on the 20th."""
    result = at(
        active, "2026-05-21T00:30:00+00:00", "UTC", "backup-log", ID, "--method", "手動",
        "--location", "庁内", "--date", VILLAGE_DAY, as_="suzuki",
    )  # fmt: skip
    assert result.code == 0, result.output
    audit = at(active, "2026-05-20T14:00:00+00:00", "UTC", "audit", "--full")
    assert audit.code == 1
    assert "検査の日（2026-05-20）より後" in audit.output


def test_an_unknown_timezone_is_named(village: Village) -> None:
    (village.path / "yakkan.yaml").write_text(CONFIG + "timezone: Asia/Edo\n", "utf-8")
    result = village.yakkan("validate")
    assert result.code == 1
    assert "yakkan.yaml" in result.stderr and "timezone" in result.stderr
    assert "Asia/Edo" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("tz", MACHINES)
def test_another_villages_zone_moves_its_day(active: Village, tz: str) -> None:
    """A village in Honolulu (UTC-10) at 15:30 UTC on the 20th is still at 05:30 that day."""
    text = active.path.joinpath("yakkan.yaml").read_text("utf-8")
    active.path.joinpath("yakkan.yaml").write_text(text + "timezone: Pacific/Honolulu\n", "utf-8")
    active.git("commit", "-qam", "Honolulu")
    result = at(
        active, MIDNIGHT_HALF, tz, "backup-log", ID, "--method", "手動", "--location", "庁内",
        as_="suzuki",
    )  # fmt: skip
    assert result.code == 0, result.output
    assert f"- 'on': '{MACHINE_DAY_IN_UTC}'" in active.record_text(ID)


def test_the_generated_schedule_runs_at_eight_in_japan(tmp_path: Path) -> None:
    """Forges run cron on UTC: the morning job is written as 23:00 UTC, said in a comment."""
    from tests.e2e.test_workflows import init

    workflow = init(tmp_path, "github") / ".github/workflows/yakkan.yml"
    text = workflow.read_text("utf-8")
    (cron,) = [entry["cron"] for entry in yaml.safe_load(text)[True]["schedule"]]
    minute, hour, *rest = cron.split()
    assert rest == ["*", "*", "*"]
    runs = datetime(2026, 5, 20, int(hour), int(minute), tzinfo=UTC)
    in_japan = runs.astimezone(ZoneInfo("Asia/Tokyo"))
    assert (in_japan.hour, in_japan.minute, in_japan.day) == (8, 0, 21)
    comment = text[: text.index("- cron:")].splitlines()[-2]
    assert "UTC" in comment and "日本時間" in comment and "8 時" in comment
    gitlab = (init(tmp_path, "gitlab") / ".gitlab-ci.yml").read_text("utf-8")
    assert "0 23 * * *" in gitlab and "Tokyo" in gitlab


def test_a_village_that_moved_its_zone_keeps_its_old_days(active: Village) -> None:
    """A backup recorded at 00:30 in Tokyo on the 21st (15:30 UTC on the 20th), dated the
    21st: honest on the village's calendar then. The village later keeps its days in UTC;
    the audit reads that old commit on the calendar in force when it was made, not on
    HEAD's, where it would look dated a day after its commit."""
    result = at(
        active, MIDNIGHT_HALF, "UTC", "backup-log", ID, "--method", "手動", "--location", "庁内",
        as_="suzuki",
    )  # fmt: skip
    assert result.code == 0, result.output
    assert f"- 'on': '{VILLAGE_DAY}'" in active.record_text(ID)
    config = active.path / "yakkan.yaml"
    config.write_text(config.read_text("utf-8") + "timezone: UTC\n", "utf-8")
    active.hand_commit("sato", "Keep the village's days in UTC", when="2026-05-22T10:00:00+09:00")
    audit = at(active, "2026-05-22T03:00:00+00:00", "UTC", "audit", "--full", "--json")
    assert audit.code == 0, audit.output
    assert json.loads(audit.stdout)["findings"] == [], audit.stdout
