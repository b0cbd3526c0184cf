"""Operations while in use (S5.3, S6.1–S6.7), through the installed `yakkan`."""

from __future__ import annotations

import pytest

from tests.village import Village

ID = "somu-drive"


def refused(village: Village, *args: str, as_: str, phrase: str) -> None:
    """Exit 1, the Japanese reason on stderr, and nothing changed."""
    head = village.head()
    result = village.yakkan(*args, as_=as_)
    assert result.code == 1, result.output
    assert phrase in result.stderr
    assert "Traceback" not in result.output
    assert village.head() == head
    assert village.status() == ""


def active(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-02", as_="suzuki")


def test_acknowledge_makes_active(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    refused(
        village, "acknowledge", ID, "--date", "2026-04-02", as_="sato", phrase="立場にありません"
    )
    refused(village, "acknowledge", ID, "--date", "2026-03-31", as_="suzuki", phrase="より前です")
    village.ok("acknowledge", ID, "--date", "2026-04-02", as_="suzuki")
    text = village.record_text(ID)
    assert "state: active" in text
    assert "risk_acknowledged_by: suzuki" in text
    assert "risk_acknowledged_on: '2026-04-02'" in text
    assert village.trailers() == {
        "Yakkan-Action": "acknowledge",
        "Yakkan-Service": ID,
        "Yakkan-Actor": "suzuki",
    }
    refused(village, "acknowledge", ID, as_="suzuki", phrase="確認済み")


def test_acknowledge_refused_while_applied(village: Village) -> None:
    village.apply(ID)
    refused(village, "acknowledge", ID, as_="suzuki", phrase="はできません")


def test_backup_log(village: Village) -> None:
    active(village)
    village.ok(
        "backup-log", ID, "--method", "エクスポート", "--location", "庁内サーバ",
        "--note", "全件", "--date", "2026-04-30", as_="suzuki",
    )  # fmt: skip
    text = village.record_text(ID)
    assert "method: エクスポート" in text
    assert "location: 庁内サーバ" in text
    assert village.subjects()[0].startswith(f"backup-log({ID}):")


def test_backup_log_without_method_and_no_tty_names_the_flag(village: Village) -> None:
    active(village)
    head = village.head()
    result = village.yakkan("backup-log", ID, "--location", "x", as_="suzuki")
    assert result.code == 2
    assert "--method" in result.stderr
    result = village.yakkan("backup-log", ID, "--method", "x", as_="suzuki")
    assert result.code == 2
    assert "--location" in result.stderr
    assert village.head() == head


def test_backup_log_refusals(village: Village) -> None:
    village.apply(ID)
    args = ("backup-log", ID, "--method", "m", "--location", "l", "--date", "2026-04-30")
    refused(village, *args, as_="suzuki", phrase="申請中")  # wrong state
    village.mark_all(ID, "applicant", "yamada", "2026-03-20")
    village.mark_all(ID, "responsible", "sato", "2026-03-25")
    village.ok("approve", ID, "--date", "2026-04-01", as_="sato")
    refused(village, *args, as_="yamada", phrase="立場にありません")  # wrong role
    refused(
        village, "backup-log", ID, "--method", "m", "--location", "l", "--date", "2026-03-01",
        as_="suzuki", phrase="承認日",
    )  # fmt: skip


def test_purpose_check_mismatch_needs_note_and_makes_review_due(village: Village) -> None:
    active(village)
    village.ok("purpose-check", ID, "--matches", "--date", "2026-05-01", as_="suzuki")
    refused(village, "purpose-check", ID, "--mismatch", "--date", "2026-05-10", as_="suzuki",
            phrase="--note")  # fmt: skip
    refused(village, "purpose-check", ID, "--matches", as_="yamada", phrase="立場にありません")
    village.ok("purpose-check", ID, "--mismatch", "--note", "個人情報を扱い始めた",
               "--date", "2026-05-10", as_="suzuki")  # fmt: skip
    assert "matches: false" in village.record_text(ID)
    due = village.ok("due", "--as-of", "2026-05-12", "--json")
    import json

    reviews = [r for r in json.loads(due.stdout) if r["task"] == "review"]
    assert reviews and reviews[0]["due"] == "2026-05-10"


def test_review_plain_and_wrong_state(village: Village) -> None:
    village.apply(ID)
    refused(village, "review", ID, as_="suzuki", phrase="できません")
    village.mark_all(ID, "applicant", "yamada", "2026-03-20")
    village.mark_all(ID, "responsible", "sato", "2026-03-25")
    village.ok("approve", ID, "--date", "2026-04-01", as_="sato")
    village.ok("review", ID, "--note", "変更なし", "--date", "2026-07-01", as_="suzuki")
    text = village.record_text(ID)
    assert "reviews:" in text
    assert "note: 変更なし" in text
    assert village.trailers()["Yakkan-Action"] == "review"


def test_overseas_review_suspends_in_the_same_commit(village: Village) -> None:
    active(village)
    village.ok("review", ID, "--overseas", "--date", "2026-06-01", as_="suzuki")
    shown = village.git("show", f"HEAD:records/somu/{ID}.yaml")
    assert "state: suspended" in shown
    assert "overseas: true" in shown
    assert "S6.2" in shown  # the suspension's reason cites the rule
    before = village.git("show", f"HEAD~1:records/somu/{ID}.yaml")
    assert "state: active" in before
    assert village.trailers()["Yakkan-Action"] == "review"
    # Only a responsible manager resumes, and only with a note.
    refused(village, "resume", ID, "--note", "x", "--date", "2026-06-02", as_="suzuki",
            phrase="立場にありません")  # fmt: skip
    refused(village, "resume", ID, "--note", " ", "--date", "2026-06-02", as_="sato",
            phrase="--note")  # fmt: skip
    result = village.yakkan("resume", ID, "--date", "2026-06-02", as_="sato")
    assert result.code == 2 and "--note" in result.stderr
    village.ok("resume", ID, "--note", "国内リージョンに限定", "--date", "2026-06-03", as_="sato")
    text = village.record_text(ID)
    assert "state: active" in text
    assert "resumed_by: sato" in text
    assert "resume_note: 国内リージョンに限定" in text
    assert village.trailers()["Yakkan-Action"] == "resume"


def test_changed_review_pending_then_decided(village: Village) -> None:
    active(village)
    village.ok("review", ID, "--terms-changed", "--date", "2026-06-01", as_="suzuki")
    due = village.ok("due", "--as-of", "2026-06-02")
    assert "継続・停止・終了の決定" in due.stdout
    # The administrator may not decide; the responsible manager decides the pending review.
    refused(
        village, "review", ID, "--decision", "continue", as_="suzuki", phrase="立場にありません"
    )
    village.ok("review", ID, "--decision", "continue", "--date", "2026-06-03", as_="sato")
    text = village.record_text(ID)
    assert text.count("'on':") == 1  # decided the pending review, did not add one
    assert "decision: continue" in text
    assert "decided_by: sato" in text
    assert village.trailers()["Yakkan-Action"] == "decide"
    assert "継続・停止・終了の決定" not in village.ok("due", "--as-of", "2026-06-04").stdout


def test_review_decision_suspend_and_terminate(village: Village) -> None:
    active(village)
    result = village.ok("review", ID, "--content-changed", "--decision", "terminate",
                        "--date", "2026-06-01", as_="sato")  # fmt: skip
    assert "yakkan terminate" in result.stderr
    assert "state: active" in village.record_text(ID)
    village.ok("review", ID, "--content-changed", "--decision", "suspend",
               "--date", "2026-06-02", as_="sato")  # fmt: skip
    assert "state: suspended" in village.git("show", f"HEAD:records/somu/{ID}.yaml")


def test_review_decision_by_administrator_refused(village: Village) -> None:
    active(village)
    refused(village, "review", ID, "--content-changed", "--decision", "continue",
            "--date", "2026-06-01", as_="suzuki", phrase="立場にありません")  # fmt: skip


def test_suspend_and_resume_refusals(village: Village) -> None:
    active(village)
    refused(village, "resume", ID, "--note", "x", as_="sato", phrase="できません")  # not suspended
    refused(village, "suspend", ID, "--reason", "調査", as_="yamada", phrase="立場にありません")
    village.ok("suspend", ID, "--reason", "調査のため", "--date", "2026-05-01", as_="suzuki")
    assert "state: suspended" in village.record_text(ID)
    refused(village, "suspend", ID, "--reason", "再度", as_="suzuki", phrase="停止中")
    refused(village, "resume", ID, "--note", "x", "--date", "2026-04-30", as_="sato",
            phrase="停止日")  # fmt: skip


def test_resume_returns_to_approved_when_not_acknowledged(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    village.ok("suspend", ID, "--reason", "調査", "--date", "2026-04-05", as_="sato")
    village.ok("resume", ID, "--note", "問題なし", "--date", "2026-04-06", as_="sato")
    assert "state: approved" in village.record_text(ID)


@pytest.fixture
def two_services(village: Village) -> Village:
    active(village)
    village.approved("somu-mail", date="2026-04-01")
    return village


def test_alert_and_warn(two_services: Village) -> None:
    village = two_services
    refused(village, "alert", "--title", "x", "--services", f"{ID},somu-mail", as_="suzuki",
            phrase="立場にありません")  # fmt: skip
    village.ok("alert", "--title", "他団体で情報漏えい", "--services", f"{ID},somu-mail",
               "--date", "2026-05-06", as_="sato")  # fmt: skip
    # One commit over both records, one Yakkan-Service trailer each.
    changed = village.git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == ["records/somu/somu-drive.yaml", "records/somu/somu-mail.yaml"]
    body = village.git("log", "-1", "--format=%B")
    assert f"Yakkan-Service: {ID}" in body and "Yakkan-Service: somu-mail" in body
    # The audit reads every Yakkan-Service of the commit, not the first alone.
    audited = village.yakkan("audit", "--json")
    assert audited.code == 0, audited.output
    text = village.record_text(ID)
    assert "id: alert-20260506-1" in text
    assert "審議会委員" in text.split("alerts:")[1]  # users default to the application's
    due = village.ok("due", "--as-of", "2026-05-07", "--json")
    import json

    warns = [r for r in json.loads(due.stdout) if r["task"] == "warn"]
    assert {r["service"] for r in warns} == {ID, "somu-mail"}
    assert warns[0]["detail"] == "alert-20260506-1"
    refused(village, "warn", "alert-20260506-9", "--services", ID, as_="suzuki",
            phrase="ありません")  # fmt: skip
    village.ok("warn", "alert-20260506-1", "--services", ID, "--date", "2026-05-07", as_="suzuki")
    assert "warned_by: suzuki" in village.record_text(ID)
    refused(village, "warn", "alert-20260506-1", "--services", ID, as_="suzuki",
            phrase="伝達済み")  # fmt: skip
    due = village.ok("due", "--as-of", "2026-05-08", "--json")
    warns = [r for r in json.loads(due.stdout) if r["task"] == "warn"]
    assert [r["service"] for r in warns] == ["somu-mail"]
    # A second alert on the same day gets the next number (on the record whose last action
    # is that day's alert: an action may not be dated before the record's previous one).
    village.ok("alert", "--title", "別件", "--services", "somu-mail", "--users", "総務課 職員",
               "--date", "2026-05-06", as_="sato")  # fmt: skip
    assert "id: alert-20260506-2" in village.record_text("somu-mail")


def test_alert_refused_for_one_record_changes_none(two_services: Village) -> None:
    village = two_services
    village.apply("somu-new", date="2026-04-02")
    refused(village, "alert", "--title", "x", "--services", f"{ID},somu-new", as_="sato",
            phrase="申請中")  # fmt: skip


def test_warn_refused_on_the_second_record_rolls_back_the_first(two_services: Village) -> None:
    village = two_services
    village.ok("alert", "--title", "x", "--services", ID, "--date", "2026-05-06", as_="sato")
    # somu-drive is written first, then somu-mail (which has no such alert) is refused.
    refused(village, "warn", "alert-20260506-1", "--services", f"{ID},somu-mail",
            "--date", "2026-05-07", as_="sato", phrase="somu-mail")  # fmt: skip
    assert "warned_on" not in village.record_text(ID)


def test_alert_refuses_a_dirty_record(two_services: Village) -> None:
    village = two_services
    path = village.path / "records" / "somu" / "somu-mail.yaml"
    path.write_text(path.read_text("utf-8") + "# edit\n", encoding="utf-8")
    head = village.head()
    result = village.yakkan("alert", "--title", "x", "--services", f"{ID},somu-mail", as_="sato")
    assert result.code == 1
    assert "コミットされていない変更" in result.stderr
    assert village.head() == head
    assert village.git("status", "--porcelain") == " M records/somu/somu-mail.yaml\n"
