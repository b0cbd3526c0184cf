"""`yakkan edit` as a form, and which edits take back the double-check (issue 18 item 6).

In a terminal the pending application is asked like `apply`: the clerk picks an item by its
number, finds the old answer on the line, and each answer is checked where it is typed; a
change is kept as a draft. The responsible manager's eight marks go only when the service
or the information changes; other edits keep them, and the approver is told what changed
after the double-check. The audit draws the same line over hand-made commits.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.e2e.test_interactive import CTRL_U, Terminal, drafts
from tests.village import Village

ID = "somu-drive"
RECORD = f"records/somu/{ID}.yaml"
EDIT_TRAILERS = "edit somu-drive yamada"


def _record(village: Village) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(village.ok("show", ID, "--json").stdout)
    return data


def _responsible(record: dict[str, Any]) -> list[str | None]:
    """The responsible manager's eight marks of a record as `_record` read it (one `show`
    answers for everything a test asks of one version)."""
    return [c.get("responsible") for c in record["checks"]]


def _double_checked(village: Village) -> None:
    village.apply(ID)
    village.mark_all(ID, "applicant", "yamada", "2026-03-21")
    village.mark_all(ID, "responsible", "sato", "2026-03-23")


def _flat(screen: str) -> str:
    """The screen's text without escape sequences, line breaks and spaces: a phrase reads
    whole wherever the terminal broke the line."""
    return "".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen).split())


def _draft_of(path: Path) -> str:
    """A draft's command, record and person (its name without the record version)."""
    match = re.fullmatch(r"(edit-.+)-[0-9a-f]{12}\.json", path.name)
    assert match is not None, path.name
    return match[1]


def _number_of(term: Terminal, label: str, answer: str) -> str:
    """The number the summary on the screen gives to the item `label` answered `answer`."""
    term.child.expect(rf"(\d+)\. {re.escape(label)}[^:\r\n]*: {re.escape(answer)}\r?\n")
    match = term.child.match
    assert match is not None
    return str(match.group(1))


# --- which edits keep the double-check -------------------------------------------------------


def test_a_users_count_edit_keeps_the_marks_and_the_approver_is_told(village: Village) -> None:
    _double_checked(village)
    result = village.ok("edit", ID, "--set", "application.users_count=15", "--date", "2026-03-24")
    assert "利用責任者の確認欄はそのままです" in result.output
    assert "利用者の合計人数はダブルチェックの対象外です" in result.output
    assert "消しました" not in result.output
    record = _record(village)
    assert _responsible(record) == ["ok"] * 8
    assert record["application"]["users_count"] == 15

    # show tells the approver what the double-check did not see …
    shown = village.ok("show", ID, "--as-of", "2026-03-24").stdout
    assert "ダブルチェックの後に変わった項目（確認欄はそのまま）" in shown
    after = shown.split("ダブルチェックの後に変わった項目（確認欄はそのまま）")[1]
    assert "利用者の合計人数" in after.split("\n\n")[0]
    # … and so does approve's question, before anything is recorded.
    head = village.head()
    term = Terminal(village, ["approve", ID, "--date", "2026-03-25"], person="sato")
    term.answer("よろしいですか", "y")
    assert term.end() == 0, term.screen.getvalue()
    asked = _flat(term.screen.getvalue()).split("よろしいですか")[0]
    assert "ダブルチェックの後に変わった項目があります" in asked
    assert "利用者の合計人数" in asked.split("ダブルチェックの後に変わった項目")[1]
    assert village.head() != head
    assert village.trailers()["Yakkan-Action"] == "approve"
    audit = village.yakkan("audit")
    assert audit.code == 0, audit.output


def test_nothing_changed_since_the_double_check_is_not_mentioned(village: Village) -> None:
    _double_checked(village)
    shown = village.ok("show", ID, "--as-of", "2026-03-24").stdout
    assert "ダブルチェックの後に変わった項目" not in shown
    # An edit before the double-check is what the manager saw: not a change after it.
    village.ok("edit", ID, "--set", "application.users_count=15", "--date", "2026-03-24")
    village.ok("edit", ID, "--set", "service.provider=グーグル合同会社", "--date", "2026-03-24")
    village.mark_all(ID, "responsible", "sato", "2026-03-25")
    shown = village.ok("show", ID, "--as-of", "2026-03-25").stdout
    assert "ダブルチェックの後に変わった項目" not in shown


def test_a_provider_edit_clears_the_marks_and_says_so(village: Village) -> None:
    _double_checked(village)
    result = village.ok(
        "edit", ID, "--set", "service.provider=グーグル合同会社", "--date", "2026-03-24"
    )
    assert "提供会社名が変わったので、利用責任者の確認欄を消しました" in result.output
    assert "もう一度確認を受けてください（消した項目: 1、2、3、4、5、6、7、8）" in result.output
    record = _record(village)
    assert _responsible(record) == [None] * 8
    assert all(c["applicant"] == "ok" for c in record["checks"])
    refused = village.yakkan("approve", ID, "--date", "2026-03-24", as_="sato")
    assert refused.code == 1 and "責任者欄が未記入" in refused.stderr
    village.mark_all(ID, "responsible", "sato", "2026-03-25")
    village.ok("approve", ID, "--date", "2026-03-25", as_="sato")
    audit = village.yakkan("audit")
    assert audit.code == 0, audit.output


def test_an_information_edit_clears_the_marks(village: Village) -> None:
    _double_checked(village)
    result = village.ok(
        "edit",
        ID,
        "--set",
        "application.information=[{name: 会議資料, class: 3, personal: true}]",
        "--set",
        "application.users_count=15",
        "--date",
        "2026-03-24",
    )
    assert "取り扱う情報が変わったので、利用責任者の確認欄を消しました" in result.output
    assert _responsible(_record(village)) == [None] * 8


# --- the audit draws the same line -------------------------------------------------------------


def test_a_hand_commit_changing_the_provider_but_leaving_the_marks_is_a_finding(
    village: Village,
) -> None:
    _double_checked(village)
    # The users' number by hand, marks left standing: what `edit` itself does, no finding.
    village.edit(RECORD, "users_count: 12", "users_count: 15")
    honest = village.hand_commit(
        "yamada", "利用人数を修正", when="2026-03-24T10:00:00+09:00", trailers=EDIT_TRAILERS
    )
    audit = village.yakkan("audit", "--json")
    assert audit.code == 0, audit.output
    # The provider by hand, marks left standing: the double-check no longer covers the form.
    village.edit(RECORD, "provider: Google LLC", "provider: 別の会社")
    bad = village.hand_commit(
        "yamada", "提供会社を修正", when="2026-03-24T11:00:00+09:00", trailers=EDIT_TRAILERS
    )
    audit = village.yakkan("audit", "--json")
    assert audit.code == 1, audit.output
    findings = json.loads(audit.stdout)["findings"]
    stale = [f for f in findings if f["rule"] == "A5"]
    assert [f["commit"] for f in stale] == [bad], findings
    assert "service.provider" in stale[0]["message"]
    assert "利用責任者欄の確認" in stale[0]["message"]
    assert honest not in {f["commit"] for f in findings}


# --- the form in a terminal -----------------------------------------------------------------


def test_the_form_changes_an_item_chosen_by_number(village: Village) -> None:
    _double_checked(village)
    term = Terminal(village, ["edit", ID, "--date", "2026-03-24"])
    term.child.expect_exact("いまの内容:")
    term.child.expect_exact("提供会社名: Google LLC")  # the old answers, in the form's words
    term.child.expect_exact("サービス管理担当者: 鈴木 次郎")
    number = _number_of(term, "利用者の合計人数", "12")
    term.answer("どの項目を直しますか", number)
    # The old answer stands on the line, to edit or to keep.
    term.child.expect_exact("利用者の合計人数（空欄なら 2）: ")
    term.child.expect_exact("12")
    term.child.send(CTRL_U + "たくさん\r")
    term.refused("人数として読めません")
    term.answer("利用者の合計人数", CTRL_U, "15")
    assert _number_of(term, "利用者の合計人数", "15") == number
    term.answer("どの項目を直しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    assert "利用責任者の確認欄はそのままです" in term.screen.getvalue()
    record = _record(village)
    assert record["application"]["users_count"] == 15
    assert record["application"]["administrator"] == "suzuki"
    assert record["service"]["terms_url"] == "https://policies.google.com/terms"
    assert _responsible(record) == ["ok"] * 8
    assert village.trailers()["Yakkan-Action"] == "edit"
    # The old answers put back into the form change nothing else of the record.
    assert village.subjects()[0].endswith("利用申請書を修正（application.users_count）"), (
        village.subjects()[0]
    )
    assert drafts(village) == [] and village.status() == ""


def test_ctrl_c_keeps_the_change_as_a_draft_that_resumes(village: Village) -> None:
    _double_checked(village)
    head = village.head()
    term = Terminal(village, ["edit", ID, "--date", "2026-03-24"])
    number = _number_of(term, "提供会社名", "Google LLC")
    term.answer("どの項目を直しますか", number)
    term.answer("提供会社名", CTRL_U, "グーグル合同会社")
    term.interrupt("どの項目を直しますか")
    assert term.end() == 130
    assert "下書きとして保存してあります" in term.screen.getvalue()
    assert [_draft_of(p) for p in drafts(village)] == [f"edit-{ID}-yamada"]
    assert village.head() == head and village.status() == ""

    # The next edit offers the draft; the change is there, and saving commits it.
    term = Terminal(village, ["edit", ID, "--date", "2026-03-24"])
    term.answer("続きから入力しますか", "")
    assert _number_of(term, "提供会社名", "グーグル合同会社") == number
    term.answer("どの項目を直しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    assert "提供会社名が変わったので、利用責任者の確認欄を消しました" in term.screen.getvalue()
    record = _record(village)
    assert record["service"]["provider"] == "グーグル合同会社"
    assert _responsible(record) == [None] * 8
    assert drafts(village) == [] and village.status() == ""


def test_stopping_an_unchanged_form_leaves_no_draft(village: Village) -> None:
    village.apply(ID)
    head = village.head()
    term = Terminal(village, ["edit", ID, "--date", "2026-03-24"])
    term.answer("どの項目を直しますか", "y")
    assert term.end() == 1
    assert "内容は変わっていません" in term.screen.getvalue()
    term = Terminal(village, ["edit", ID, "--date", "2026-03-24"])
    term.interrupt("どの項目を直しますか")
    assert term.end() == 130
    assert "下書き" not in term.screen.getvalue()
    assert drafts(village) == [] and village.head() == head


def test_without_a_terminal_edit_still_needs_its_flags(village: Village) -> None:
    village.apply(ID)
    result = village.yakkan("edit", ID, "--date", "2026-03-24")
    assert result.code == 2, result.output
    assert "--set / --from" in result.stderr
    result = village.yakkan("edit", ID, "--yaml", "--set", "application.users_count=3")
    assert result.code == 2 and "--yaml" in result.stderr


def test_a_pending_termination_is_asked_as_its_own_form(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    agreement, deletion = village.files / "agreement.png", village.files / "deletion.pdf"
    agreement.write_bytes(b"\x89PNG\r\n\x1a\n agreement at the end")
    deletion.write_bytes(b"%PDF-1.4 data deletion")
    village.ok("terminate", ID, "--reason", "移行", "--end", "2026-11-30",
               "--attach", f"agreement={agreement}", "--attach", f"deletion={deletion}",
               "--date", "2026-11-20", as_="suzuki")  # fmt: skip
    marks = [a for n in range(1, 5) for a in ("--mark", f"{n}=ok")]
    village.ok("check", ID, "--role", "applicant", *marks, "--date", "2026-11-21", as_="suzuki")
    village.ok("check", ID, "--role", "responsible", *marks, "--date", "2026-11-21", as_="sato")
    application = _record(village)["application"]

    term = Terminal(village, ["edit", ID, "--date", "2026-11-22"], person="suzuki")
    term.child.expect_exact("終了確認書を直します")
    number = _number_of(term, "終了理由", "移行")
    term.child.expect_exact("終了日（")  # the old answers in the form's words
    term.child.expect_exact("令和8年11月30日")
    term.answer("どの項目を直しますか", number)
    term.answer("終了理由", CTRL_U, "庁内システムへ移行")
    term.answer("どの項目を直しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    # Every field of the termination form is what its four checks are about.
    assert "終了理由が変わったので、利用責任者の確認欄を消しました" in term.screen.getvalue()
    record = _record(village)
    assert record["termination"]["reason"] == "庁内システムへ移行"
    assert record["termination"]["users_count"] == 12
    assert all("responsible" not in c for c in record["termination"]["checks"])
    assert record["application"] == application
    audit = village.yakkan("audit")
    assert audit.code == 0, audit.output


def test_a_class_two_record_goes_through_the_form_unchanged_but_for_the_edit(
    village: Village,
) -> None:
    # Class Ⅱ asks whether to go on with an exception: the record's answer (yes) is replayed.
    village.apply(ID, info_class=2)
    term = Terminal(village, ["edit", ID, "--date", "2026-03-24"])
    number = _number_of(term, "利用目的", "審議会の会議資料の事前共有")
    term.answer("どの項目を直しますか", number)
    term.answer("利用目的", CTRL_U, "委員会の資料共有")
    term.answer("どの項目を直しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    assert village.subjects()[0].endswith("利用申請書を修正（application.purpose）")
    information = _record(village)["application"]["information"]
    assert information == [{"name": "会議資料（公開前）", "class": 2, "personal": False}]


def test_a_refusal_at_the_commit_keeps_the_change_as_a_draft(village: Village) -> None:
    village.apply(ID)
    term = Terminal(village, ["edit", ID, "--date", "2026-03-24"])
    number = _number_of(term, "代替サービス", "庁内ファイルサーバ")
    term.answer("どの項目を直しますか", number)
    term.answer("代替サービス", CTRL_U, "紙の資料を郵送")
    term.child.expect_exact("どの項目を直しますか")
    # Meanwhile the application is withdrawn: the edit can no longer be committed.
    village.ok("withdraw", ID, "--reason", "不要になった", "--date", "2026-03-24")
    term.child.send("y\r")
    assert term.end() == 1
    screen = _flat(term.screen.getvalue())
    assert "下書きとして保存してあります" in screen
    assert [_draft_of(p) for p in drafts(village)] == [f"edit-{ID}-yamada"]
    kept = drafts(village)[0].read_text("utf-8")
    assert "紙の資料を郵送" in kept


def test_a_draft_left_before_someone_else_changed_the_record_is_not_replayed(
    village: Village,
) -> None:
    village.apply(ID)
    term = Terminal(village, ["edit", ID, "--date", "2026-03-24"])
    number = _number_of(term, "利用目的", "審議会の会議資料の事前共有")
    term.answer("どの項目を直しますか", number)
    term.answer("利用目的", CTRL_U, "委員会の資料共有")
    term.interrupt("どの項目を直しますか")
    assert term.end() == 130
    assert len(drafts(village)) == 1
    # Meanwhile the provider is corrected by flags: the draft would put the old one back.
    village.ok("edit", ID, "--set", "service.provider=グーグル合同会社", "--date", "2026-03-24")
    term = Terminal(village, ["edit", ID, "--date", "2026-03-24"])
    term.child.expect_exact("記録が変わったので")
    _number_of(term, "提供会社名", "グーグル合同会社")
    _number_of(term, "利用目的", "審議会の会議資料の事前共有")
    term.answer("どの項目を直しますか", "n")
    assert term.end() == 1
    assert "続きから入力しますか" not in term.screen.getvalue()
    assert drafts(village) == []
    assert _record(village)["service"]["provider"] == "グーグル合同会社"
