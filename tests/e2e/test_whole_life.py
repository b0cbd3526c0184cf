"""One service's whole life through every command, then the audit of that honest history.

Each command is tested on its own elsewhere; this walk proves they agree with one another:
what the operations, the termination and the disposal write is what `audit` accepts, what
`history` reads back, and what `due` schedules.
"""

from __future__ import annotations

import json

from tests.village import Village


def _marks(n: int) -> list[str]:
    return [arg for i in range(1, n + 1) for arg in ("--mark", f"{i}=ok")]


def test_a_whole_life_is_an_honest_history(village: Village) -> None:
    village.approved("somu-drive", date="2026-04-01")
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")
    village.ok(
        "backup-log",
        "somu-drive",
        "--method",
        "エクスポート",
        "--location",
        "庁内サーバ",
        "--date",
        "2026-04-30",
        as_="suzuki",
    )
    village.ok("purpose-check", "somu-drive", "--matches", "--date", "2026-04-30", as_="suzuki")
    village.ok(
        "review",
        "somu-drive",
        "--terms-changed",
        "--note",
        "約款改定",
        "--date",
        "2026-06-30",
        as_="suzuki",
    )
    village.ok("review", "somu-drive", "--decision", "continue", "--date", "2026-07-01", as_="sato")
    village.ok(
        "alert",
        "--title",
        "他団体で設定不備による漏えい",
        "--services",
        "somu-drive",
        "--date",
        "2026-07-10",
        as_="sato",
    )
    alert_id = json.loads(village.ok("show", "somu-drive", "--json").stdout)["alerts"][0]["id"]
    village.ok("warn", alert_id, "--services", "somu-drive", "--date", "2026-07-11", as_="sato")
    village.ok(
        "review",
        "somu-drive",
        "--overseas",
        "--note",
        "海外リージョンへ移転",
        "--date",
        "2026-09-30",
        as_="suzuki",
    )
    village.ok(
        "resume", "somu-drive", "--note", "国内リージョンに限定", "--date", "2026-10-05", as_="sato"
    )
    village.ok(
        "terminate",
        "somu-drive",
        "--reason",
        "庁内システムへ移行",
        "--end",
        "2026-12-31",
        "--attach",
        f"agreement={village.files / 'signup.png'}",
        "--attach",
        f"deletion={village.files / 'terms.pdf'}",
        "--date",
        "2026-12-01",
        as_="suzuki",
    )
    village.ok("check", "somu-drive", *_marks(4), "--date", "2026-12-01", as_="suzuki")
    village.ok(
        "check",
        "somu-drive",
        "--role",
        "responsible",
        *_marks(4),
        "--date",
        "2026-12-02",
        as_="sato",
    )
    village.ok("approve", "somu-drive", "--date", "2026-12-03", as_="sato")

    due = json.loads(village.ok("due", "--json", "--as-of", "2030-01-01").stdout)
    assert [(d["service"], d["task"], d["due"]) for d in due] == [
        ("somu-drive", "disposal", "2029-12-31")
    ]
    # The audit dates a deletion by its commit, so the disposal happens on its day.
    village.ok(
        "dispose",
        "somu-drive",
        "--date",
        "2030-01-01",
        as_="sato",
        when="2030-01-01T09:00:00+09:00",
    )
    assert not (village.path / "records" / "somu" / "somu-drive.yaml").exists()
    assert village.status() == ""

    # The audit runs after the story, on 2030-01-02: no commit of it lies in its future.
    after = "2030-01-02T09:00:00+09:00"
    audit = village.yakkan("audit", "--json", when=after)
    assert audit.code == 0, audit.output
    # `verify` judges its range as a pull request arriving on its day (issue 19.5): the
    # disposal, pushed on its own, is clean; the whole life pushed as one pull request on
    # 2030-01-02 would arrive years after its actions — history on main is `audit`'s.
    verify = village.yakkan("verify", "HEAD~1..HEAD", when=after)
    assert verify.code == 0, verify.output
    first = village.git("rev-list", "--max-parents=0", "HEAD").strip()
    whole = json.loads(village.yakkan("verify", f"{first}..HEAD", "--json", when=after).stdout)
    assert {f["rule"] for f in whole["findings"]} == {"A6", "S5.4"}, whole["findings"]

    history = json.loads(village.ok("history", "somu-drive", "--json").stdout)
    actions = [entry["action"] for entry in history]
    for verb in (
        "apply",
        "check",
        "approve",
        "acknowledge",
        "backup-log",
        "purpose-check",
        "review",
        "decide",
        "alert",
        "warn",
        "resume",
        "terminate",
        "dispose",
    ):
        assert verb in actions, (verb, actions)
