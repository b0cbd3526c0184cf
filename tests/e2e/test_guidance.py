"""Guidance (issue 11 item 7): next steps after a command, `due --mine` for the applicant,
questions and confirmations on a terminal, none of them without one; the user's words on
flags."""

from __future__ import annotations

from tests.e2e.test_interactive import Terminal
from tests.village import Village


def test_after_apply_the_next_steps_name_who_takes_them(village: Village) -> None:
    result = village.ok(
        "apply",
        "--from",
        str(village.application_file()),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--date",
        "令和8年3月20日",
        when="2026-03-20T10:00:00+09:00",  # the helper reads only ISO --date for git's clock
    )
    assert "次の手順:" in result.stderr
    assert "山田 太郎: 添付「サービス約款」を付ける" in result.stderr
    assert "山田 太郎: 申請者欄の印を付ける" in result.stderr
    # The managers' double-check comes after the applicant's marks, not beside them.
    assert "責任者欄の印を付ける" not in result.stderr
    assert "applied_on: '2026-03-20'" in village.record_text("somu-drive")


def test_flags_take_the_users_words(village: Village) -> None:
    village.apply()
    village.ok("check", "somu-drive", "--mark", "1=可", "--mark", "2=×:不明", "--mark", "3=○")
    record = village.record_text("somu-drive")
    assert record.count("applicant: ok") == 2 and "applicant: ng" in record
    listed = village.ok("list", "--state", "申請中", "--department", "総務課", "--json")
    assert '"id": "somu-drive"' in listed.stdout
    refused = village.yakkan("list", "--state", "承認")
    assert refused.code == 2 and "承認" in refused.stderr


def test_due_mine_shows_the_applicants_waiting_and_rejected_forms(village: Village) -> None:
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    mine = village.ok("due", "--mine", "--as-of", "2026-03-21", "--json")
    assert '"task": "own_waiting"' in mine.stdout and "佐藤 花子" in mine.stdout
    village.ok(
        "reject", "somu-drive", "--reason", "目的が不明確", "--date", "2026-03-22", as_="sato"
    )
    mine = village.ok("due", "--mine", "--as-of", "2026-03-23", "--json")
    assert '"task": "own_rejected"' in mine.stdout and "目的が不明確" in mine.stdout
    others = village.ok("due", "--mine", "--as-of", "2026-03-23", "--json", as_="sato")
    assert "own_" not in others.stdout


def test_approve_confirms_on_a_terminal_and_not_in_scripts(village: Village) -> None:
    village.apply()
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    term = Terminal(village, ["approve", "somu-drive", "--date", "2026-04-01"], "sato")
    term.answer("利用申請を承認します。よろしいですか", "いいえ")
    assert term.end() == 1
    assert "取りやめました" in term.screen.getvalue()
    assert "state: applied" in village.record_text("somu-drive")
    term = Terminal(village, ["approve", "somu-drive", "--date", "2026-04-01"], "sato")
    term.answer("よろしいですか", "はい")
    assert term.end() == 0, term.screen.getvalue()
    assert "state: approved" in village.record_text("somu-drive")
    # The administrator reads the four risks and says so in words.
    term = Terminal(village, ["acknowledge", "somu-drive", "--date", "2026-04-02"], "suzuki")
    term.child.expect_exact("サービス提供者は、保存された情報を自由に利用することが可能である。")
    term.answer("「理解しました」と入力", "はい")
    term.refused("「理解しました」と入力してください")
    term.answer("「理解しました」と入力", "理解しました")
    assert term.end() == 0, term.screen.getvalue()
    assert "risk_acknowledged_by: suzuki" in village.record_text("somu-drive")


def test_withdraw_with_yes_on_a_terminal_asks_nothing(village: Village) -> None:
    village.apply()
    term = Terminal(village, ["withdraw", "somu-drive", "--yes", "--date", "2026-03-21"])
    assert term.end() == 0, term.screen.getvalue()
    assert "よろしいですか" not in term.screen.getvalue()
    assert "state: withdrawn" in village.record_text("somu-drive")


def test_review_and_purpose_check_ask_on_a_terminal(village: Village) -> None:
    village.approved()
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")
    term = Terminal(village, ["purpose-check", "somu-drive", "--date", "2026-05-01"], "suzuki")
    term.answer("申請どおりですか", "いいえ")
    term.answer("申請と違う点", "住民の名簿も保存していた")
    assert term.end() == 0, term.screen.getvalue()
    record = village.record_text("somu-drive")
    assert "matches: false" in record and "note: 住民の名簿も保存していた" in record
    term = Terminal(village, ["review", "somu-drive", "--date", "2026-06-30"], "suzuki")
    term.answer("サービスの内容に変更がありましたか", "")
    term.answer("約款に変更がありましたか", "はい")
    term.answer("海外に保存されるようになりましたか", "いいえ")
    assert term.end() == 0, term.screen.getvalue()
    assert "terms_changed: true" in village.record_text("somu-drive")
