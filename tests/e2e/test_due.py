"""`yakkan due`: table, JSON, iCalendar, exit code, --mine, month-end clamping."""

from __future__ import annotations

import json
from pathlib import Path

from icalendar import Calendar

from tests.village import Village

ID = "somu-drive"


def test_due_human_output(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    result = village.ok("due", "--as-of", "2026-05-10")
    out = result.stdout
    assert ID in out
    assert "総務課" in out
    assert "リスク説明の確認" in out
    assert "バックアップ（毎月）" in out
    assert "令和8年5月1日" in out
    assert "鈴木 次郎" in out
    assert "期限切れ 3 件、近日 0 件" in out
    # The review (due 2026-07-01) is beyond the 14-day window: hidden.
    assert "見直し（四半期）" not in out
    assert "見直し（四半期）" in village.ok("due", "--as-of", "2026-05-10", "--within", "60").stdout


def test_due_json_fields(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-01", as_="suzuki")
    rows = json.loads(village.ok("due", "--as-of", "2026-04-25", "--json").stdout)
    assert rows == [
        {
            "service": ID,
            "service_name": "Google LLC Google ドライブ",
            "department": "somu",
            "department_name": "総務課",
            "task": "backup",
            "label": "バックアップ（毎月）",
            "due": "2026-05-01",
            "due_wareki": "令和8年5月1日",
            "days_overdue": -6,
            "assignee": "suzuki",
            "assignees": ["suzuki"],
            "detail": "",
        },
        {
            "service": ID,
            "service_name": "Google LLC Google ドライブ",
            "department": "somu",
            "department_name": "総務課",
            "task": "purpose_check",
            "label": "利用目的・情報の確認（毎月）",
            "due": "2026-05-01",
            "due_wareki": "令和8年5月1日",
            "days_overdue": -6,
            "assignee": "suzuki",
            "assignees": ["suzuki"],
            "detail": "",
        },
    ]


def test_due_applied_record_and_approve_task(village: Village) -> None:
    village.apply(ID)
    rows = json.loads(village.ok("due", "--as-of", "2026-03-21", "--json").stdout)
    # The managers' double-check waits for the applicant's marks.
    assert [(r["task"], r["assignees"]) for r in rows] == [("check", ["yamada"])]
    village.mark_all(ID, "applicant", "yamada", "2026-03-20")
    rows = json.loads(village.ok("due", "--as-of", "2026-03-21", "--json").stdout)
    assert [(r["task"], r["assignees"]) for r in rows] == [("check", ["sato", "tanaka"])]
    village.mark_all(ID, "responsible", "sato", "2026-03-25")
    rows = json.loads(village.ok("due", "--as-of", "2026-03-26", "--json").stdout)
    assert [(r["task"], r["assignee"]) for r in rows] == [("approve", "sato")]


def test_a_location_that_stops_approval_is_the_applicants_task(village: Village) -> None:
    """S6.2: `approve` refuses data of unknown location; `due` asks the applicant to settle
    it, and names the command, instead of asking a manager for an approval that fails."""
    text = village.application_file(ID).read_text("utf-8")
    unknown = village.write(
        f"{ID}.yaml", text.replace("data_location: domestic", "data_location: unknown")
    )
    village.ok(
        "apply",
        "--from",
        str(unknown),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--attach",
        f"terms={village.files / 'terms.pdf'}",
        "--date",
        "2026-03-20",
    )
    village.mark_all(ID, "applicant", "yamada", "2026-03-20")
    village.mark_all(ID, "responsible", "sato", "2026-03-25")
    assert village.yakkan("approve", ID, "--date", "2026-03-26", as_="sato").code == 1
    rows = json.loads(village.ok("due", "--as-of", "2026-03-26", "--json").stdout)
    assert [(r["task"], r["assignees"], r["detail"]) for r in rows] == [
        ("location", ["yamada"], "unknown")
    ]
    shown = village.ok("due", "--as-of", "2026-03-26").stdout
    assert "データ保存場所の確定" in shown and f"yakkan edit {ID}" in shown, shown
    assert "佐藤" not in shown, shown
    # The manager's own list holds nothing to approve; the applicant's holds the task.
    assert "location" not in village.ok("due", "--as-of", "2026-03-26", "--mine", as_="sato").stdout
    mine = json.loads(
        village.ok("due", "--as-of", "2026-03-26", "--mine", "--json", as_="yamada").stdout
    )
    assert [r["task"] for r in mine] == ["location"]


def test_due_exit_code(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-01", as_="suzuki")
    assert village.yakkan("due", "--as-of", "2026-04-20", "--exit-code").code == 0
    late = village.yakkan("due", "--as-of", "2026-05-02", "--exit-code")
    assert late.code == 1
    assert "Traceback" not in late.output
    # Without --exit-code, overdue tasks are reported but the command succeeds.
    assert village.yakkan("due", "--as-of", "2026-05-02").code == 0


def test_due_mine_and_department(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    mine = json.loads(village.ok("due", "--as-of", "2026-05-10", "--json", "--mine",
                                 as_="suzuki").stdout)  # fmt: skip
    assert mine and all("suzuki" in r["assignees"] for r in mine)
    assert json.loads(village.ok("due", "--as-of", "2026-05-10", "--json", "--mine",
                                 as_="yamada").stdout) == []  # fmt: skip
    assert json.loads(village.ok("due", "--as-of", "2026-05-10", "--json",
                                 "--department", "kikaku").stdout) == []  # fmt: skip
    bad = village.yakkan("due", "--department", "nowhere")
    assert bad.code == 1 and "nowhere" in bad.stderr


def test_due_ics(village: Village, tmp_path: Path) -> None:
    village.approved(ID, date="2026-04-01")
    target = tmp_path / "due.ics"
    village.ok("due", "--as-of", "2026-05-10", "--ics", str(target))
    calendar = Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert any("バックアップ（毎月）" in s for s in summaries)
    starts = {e.decoded("DTSTART").isoformat() for e in events}
    assert starts == {"2026-04-01", "2026-05-01"}
    uids = {str(e["UID"]) for e in events}
    assert f"{ID}/backup@yakkan" in uids  # the task, not its date: doing it moves the event
    # Stable UIDs: writing again gives the same events.
    village.ok("due", "--as-of", "2026-05-11", "--ics", str(target))
    again = Calendar.from_ical(target.read_bytes())
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == uids


def test_due_month_end_clamping(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-01", as_="suzuki")
    village.ok("backup-log", ID, "--method", "m", "--location", "l", "--date", "2027-01-31",
               as_="suzuki")  # fmt: skip
    rows = json.loads(village.ok("due", "--as-of", "2027-02-20", "--json").stdout)
    backup = next(r for r in rows if r["task"] == "backup")
    assert backup["due"] == "2027-02-28"
    assert backup["days_overdue"] == -8


def test_due_lists_broken_records_but_shows_the_others(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    broken = village.path / "records" / "somu" / "somu-broken.yaml"
    broken.write_text("id: somu-broken\nstate: nonsense\n", encoding="utf-8")
    result = village.yakkan("due", "--as-of", "2026-05-10", "--json")
    assert result.code == 0
    assert "somu-broken" in result.stderr
    assert any(r["service"] == ID for r in json.loads(result.stdout))
    assert village.yakkan("due", "--as-of", "2026-04-01", "--within", "0",
                          "--exit-code").code == 1  # fmt: skip


def test_due_bad_as_of(village: Village) -> None:
    result = village.yakkan("due", "--as-of", "2026-02-30")
    assert result.code == 2
    assert "--as-of" in result.stderr
