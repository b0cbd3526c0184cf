"""人事異動: `yakkan reassign` names a new service administrator (S3.2)."""

from __future__ import annotations

import json

from tests.village import Village

ID = "somu-drive"
BACKUP = ("backup-log", ID, "--method", "手動エクスポート", "--location", "庁内サーバ")


def _refused(village: Village, *args: str, as_: str, phrase: str) -> None:
    head = village.head()
    result = village.yakkan(*args, as_=as_)
    assert result.code == 1, result.output
    assert phrase in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert village.head() == head and village.status() == ""


def test_reassign_hands_the_work_to_the_new_administrator(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-02", as_="suzuki")
    reassign = ("reassign", ID, "--date", "2026-04-10")
    _refused(
        village, *reassign, "--administrator", "takahashi", as_="suzuki", phrase="立場にありません"
    )
    _refused(
        village, *reassign, "--administrator", "nobody", as_="sato", phrase="people にいません"
    )
    _refused(village, *reassign, "--administrator", "suzuki", as_="sato", phrase="既に")

    village.ok(*reassign, "--administrator", "takahashi", "--reason", "4月の人事異動", as_="sato")
    assert village.trailers() == {
        "Yakkan-Action": "reassign",
        "Yakkan-Service": ID,
        "Yakkan-Actor": "sato",
    }
    shown = json.loads(village.ok("show", ID, "--json").stdout)
    assert shown["reassignments"] == [
        {
            "on": "2026-04-10",
            "by": "sato",
            "administrator": "takahashi",
            "previous": "suzuki",
            "reason": "4月の人事異動",
        }
    ]
    assert shown["application"]["administrator"] == "suzuki"  # the form as it was filed

    # The old administrator may no longer log a backup; the new one may.
    _refused(village, *BACKUP, "--date", "2026-04-30", as_="suzuki", phrase="立場にありません")
    village.ok(*BACKUP, "--date", "2026-04-30", as_="takahashi")

    listed = json.loads(village.ok("list", "--json").stdout)
    assert [r["administrator"] for r in listed] == ["takahashi"]
    text = village.ok("show", ID).stdout
    assert "高橋 美咲" in text and "鈴木 次郎" in text
    form = village.ok("render", ID, "--format", "md").stdout
    assert "| サービス管理担当者 | 高橋 美咲 |" in form
    assert "サービス管理担当者の変更（申請時：鈴木 次郎）" in form
    assert "4月の人事異動" in form
    due = json.loads(village.ok("due", "--json", "--as-of", "2026-06-30").stdout)
    assert {d["assignee"] for d in due if d["task"] == "backup"} == {"takahashi"}
    # An honest history: the replay finds nothing in the reassignment.
    audit = village.yakkan("audit")
    assert audit.code == 0, audit.output


def test_reassign_is_refused_on_an_application_and_a_closed_record(village: Village) -> None:
    village.apply(ID)
    args = ("reassign", ID, "--administrator", "takahashi", "--date", "2026-03-21")
    _refused(village, *args, as_="sato", phrase="はできません")
    village.ok("withdraw", ID, "--date", "2026-03-21")
    _refused(village, *args, as_="sato", phrase="はできません")
