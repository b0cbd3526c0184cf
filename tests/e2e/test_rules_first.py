"""Issue 18, points 3–5, at an 80×24 terminal as people would meet them.

3. An act that cannot happen is refused at once: no 「よろしいですか」, no question at all.
4. Data kept abroad is not approved (S6.2): `approve` refuses it, `show` says why, the
   interactive `apply` says so where 海外 is answered, the quarterly review asks about the
   location as the record states it.
5. A decision is asked of the person who decides: after a review that needs one, the next
   step names the responsible managers and the command; their plain `yakkan review ID`
   shows the findings and asks 継続／停止／終了, and every answer asked is recorded.
"""

from __future__ import annotations

from tests.e2e.test_interactive import Terminal, drafts
from tests.village import Village

ID = "somu-drive"
QUESTION = "よろしいですか"


def screen(term: Terminal) -> str:
    """What the terminal showed, lines joined: a phrase wrapped at 80 columns still reads."""
    return "".join(line.strip() for line in term.screen.getvalue().splitlines())


def nothing_changed(village: Village, head: str) -> None:
    assert village.head() == head
    assert village.status() == ""


def refused_at_once(village: Village, args: list[str], person: str, *phrases: str) -> str:
    """The command ends with exit 1 showing `phrases`, having asked nothing."""
    head = village.head()
    term = Terminal(village, args, person)
    assert term.end() == 1, term.screen.getvalue()
    shown = screen(term)
    for phrase in phrases:
        assert phrase in shown, term.screen.getvalue()
    assert QUESTION not in shown and "（はい/いいえ" not in shown, term.screen.getvalue()
    nothing_changed(village, head)
    return shown


def application(village: Village, where: str) -> str:
    """The usual application file with the data kept `where`."""
    text = village.application_file(ID).read_text("utf-8")
    return str(village.write(f"{ID}.yaml", text.replace("data_location: domestic", where)))


def marked(village: Village, where: str = "data_location: domestic") -> None:
    village.ok(
        "apply",
        "--from",
        application(village, where),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--attach",
        f"terms={village.files / 'terms.pdf'}",
        "--date",
        "2026-03-20",
    )
    village.mark_all(ID, "applicant", "yamada", "2026-03-20")
    village.mark_all(ID, "responsible", "sato", "2026-03-25")


# --- 3. the rules before the question ---------------------------------------------------


def test_an_approval_that_must_be_refused_never_asks(village: Village) -> None:
    village.apply(ID)
    village.mark_all(ID, "applicant", "yamada", "2026-03-20")
    # The responsible column is still empty: refused with the reason, not after 「はい」.
    refused_at_once(
        village, ["approve", ID, "--date", "2026-04-01"], "sato", "まだ承認できません", "責任者欄"
    )
    # Not a responsible manager, and the department head: the same, before any question.
    village.mark_all(ID, "responsible", "sato", "2026-03-25")
    refused_at_once(village, ["approve", ID, "--date", "2026-04-01"], "suzuki", "立場にありません")
    refused_at_once(village, ["approve", ID, "--date", "2026-04-01"], "tanaka", "所属長")
    # A day before the application is refused by the date rule, also before the question.
    refused_at_once(village, ["approve", ID, "--date", "2026-03-19"], "sato", "申請日")
    # When it can happen, the question comes and 「はい」 approves.
    term = Terminal(village, ["approve", ID, "--date", "2026-04-01"], "sato")
    term.answer("利用申請を承認します。よろしいですか", "はい")
    assert term.end() == 0, term.screen.getvalue()
    assert "state: approved" in village.record_text(ID)


def test_a_disposal_inside_the_retention_period_never_asks(village: Village) -> None:
    village.apply(ID)
    village.ok("withdraw", ID, "--reason", "中止", "--date", "2026-03-21")
    refused_at_once(
        village, ["dispose", ID, "--date", "2026-04-01"], "sato", "保存期間中", "2029-03-21"
    )
    refused_at_once(village, ["dispose", ID, "--date", "2026-04-01"], "yamada", "立場にありません")
    assert (village.path / "records" / "somu" / f"{ID}.yaml").is_file()


def test_other_questions_wait_for_the_rules_too(village: Village) -> None:
    village.apply(ID)
    # reject: the reason is not asked of someone who may not reject.
    refused_at_once(village, ["reject", ID, "--date", "2026-03-21"], "suzuki", "立場にありません")
    # withdraw by someone else: refused before 「取り下げます。よろしいですか」.
    refused_at_once(village, ["withdraw", ID, "--date", "2026-03-21"], "suzuki", "立場にありません")
    # Operations on a service not yet approved: no reason, no note, no three questions.
    for args in (["suspend", ID], ["resume", ID], ["review", ID], ["acknowledge", ID]):
        refused_at_once(village, [*args, "--date", "2026-03-21"], "sato", "できません")


# --- 4. data abroad is not approved (S6.2) ------------------------------------------------


def test_data_kept_abroad_is_refused_by_approve_and_explained_by_show(village: Village) -> None:
    marked(village, "data_location: overseas")
    abroad = "海外に保存するサービスは承認できません"
    shown = refused_at_once(village, ["approve", ID, "--date", "2026-04-01"], "sato", abroad)
    assert "S6.2" in shown
    result = village.yakkan("approve", ID, "--yes", "--date", "2026-04-01", as_="sato")
    assert result.code == 1 and abroad in result.stderr
    show = village.ok("show", ID)
    assert "承認できない理由" in show.stdout
    assert abroad in show.stdout.replace("\n", "")
    assert "state: applied" in village.record_text(ID)


def test_an_unknown_location_is_settled_before_approval(village: Village) -> None:
    marked(village, "data_location: unknown")
    result = village.yakkan("approve", ID, "--yes", "--date", "2026-04-01", as_="sato")
    assert result.code == 1 and "「不明」のまま" in result.stderr
    assert f"yakkan edit {ID}" in result.stderr
    assert "「不明」のまま" in village.ok("show", ID).stdout.replace("\n", "")


def test_apply_says_so_where_abroad_is_answered_and_keeps_the_draft(village: Village) -> None:
    term = Terminal(village, ["apply", "--date", "2026-03-20"])
    term.answer("記録 ID", ID)
    term.answer("利用する課", "総務課")
    term.answer("提供会社名", "Padlet")
    term.answer("提供サービス名", "Padlet")
    term.answer("サービス内容", "授業の掲示板")
    term.answer("サービスの種別", "その他")
    term.answer("約款の URL", "")
    term.answer("データの保存場所", "海外")
    term.child.expect_exact("利用目的")
    before = screen(term).split("利用目的")[0]
    assert "承認できません" in before and "S6.2" in before, term.screen.getvalue()
    term.child.sendcontrol("c")
    assert term.end() == 130
    assert "下書きとして保存してあります" in screen(term)
    assert [p.name for p in drafts(village)] == ["apply-yamada.json"]


def test_the_review_asks_about_the_location_the_record_states(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-02", as_="suzuki")
    # A record kept abroad from before the rule (written by hand, as an old record would be).
    village.edit(f"records/somu/{ID}.yaml", "data_location: domestic", "data_location: overseas")
    village.hand_commit("suzuki", "古い記録", when="2026-04-03T10:00:00+09:00")
    term = Terminal(village, ["review", ID, "--date", "2026-06-30"], "suzuki")
    term.answer("サービスの内容に変更がありましたか", "")
    term.answer("約款に変更がありましたか", "")
    term.child.expect_exact("今、データは海外に保存されていますか")
    before = screen(term).split("今、データは海外に保存されていますか")[0]
    assert "保存場所は「海外」です" in before, term.screen.getvalue()
    assert "海外に保存されるようになりましたか" not in before  # not asked as if domestic
    term.child.send("はい\r")
    assert term.end() == 0, term.screen.getvalue()
    record = village.record_text(ID)
    assert "overseas: true" in record and "state: suspended" in record


# --- 5. decisions are asked of the person who decides -------------------------------------


def test_the_pending_decision_is_offered_to_the_responsible_manager(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-02", as_="suzuki")
    result = village.ok(
        "review", ID, "--terms-changed", "--note", "料金表の改定", "--date", "2026-06-01",
        as_="suzuki",
    )  # fmt: skip
    steps = result.stderr.split("次の手順:")[1]
    assert "佐藤 花子、田中 一郎" in steps and f"yakkan review {ID}" in steps
    assert "yakkan due" not in steps

    term = Terminal(village, ["review", ID, "--date", "2026-06-03"], "sato")
    term.child.expect_exact("決定（番号か名前）")
    shown = screen(term)
    assert "2026-06-01 の見直し（鈴木 次郎）" in shown and "約款の変更あり" in shown
    assert "料金表の改定" in shown
    assert "継続" in shown and "停止" in shown and "終了" in shown
    term.child.send("継続\r")
    term.answer("決定の理由", "改定は料金のみで、保存場所・対策に変更なし")
    term.answer("「継続」と決定します。よろしいですか", "はい")
    assert term.end() == 0, term.screen.getvalue()
    # None of the three questions of a new review was asked: nothing thrown away.
    assert "約款に変更がありましたか" not in screen(term)
    record = village.record_text(ID)
    assert record.count("'on':") == 1  # the one review, now decided
    assert "decision: continue" in record and "decided_by: sato" in record
    assert "改定は料金のみ" in record
    assert village.trailers()["Yakkan-Action"] == "decide"


def test_a_given_decision_asks_no_review_questions(village: Village) -> None:
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-02", as_="suzuki")
    village.ok("review", ID, "--content-changed", "--date", "2026-06-01", as_="suzuki")
    # The administrator may not decide: refused before anything is asked.
    refused_at_once(
        village,
        ["review", ID, "--decision", "suspend", "--date", "2026-06-02"],
        "suzuki",
        "立場にありません",
    )
    term = Terminal(village, ["review", ID, "--decision", "停止", "--date", "2026-06-02"], "sato")
    term.answer("「停止」と決定します。よろしいですか", "はい")
    assert term.end() == 0, term.screen.getvalue()
    assert "内容の変更あり" in screen(term)
    assert "サービスの内容に変更がありましたか" not in screen(term)
    record = village.record_text(ID)
    assert "decision: suspend" in record and "state: suspended" in record


def test_a_pending_decision_is_not_buried_under_a_new_review(village: Village) -> None:
    """The administrator's plain review while a review waits for the managers' decision would
    become the last review, and the change found earlier would never be decided on: refused
    before any question, naming who decides and how."""
    village.approved(ID, date="2026-04-01")
    village.ok("acknowledge", ID, "--date", "2026-04-02", as_="suzuki")
    village.ok("review", ID, "--terms-changed", "--date", "2026-06-01", as_="suzuki")
    refused_at_once(
        village,
        ["review", ID, "--date", "2026-06-30"],
        "suzuki",
        "利用責任者（佐藤 花子、田中",
        f"yakkan review {ID}",
    )
    # Without a terminal, the same (a script cannot bury it either).
    plain = village.yakkan("review", ID, "--note", "変更なし", "--date", "2026-06-30", as_="suzuki")
    assert plain.code == 1 and "判断（継続・停止・終了）を待っています" in plain.stderr
    # Once decided, the next quarterly review is recorded as usual.
    village.ok("review", ID, "--decision", "continue", "--note", "影響なし", "--date", "2026-06-30",
               as_="sato")  # fmt: skip
    village.ok("review", ID, "--note", "変更なし", "--date", "2026-09-28", as_="suzuki")


def test_apply_like_refuses_an_open_application_before_asking_the_id(village: Village) -> None:
    village.apply(ID)
    refused_at_once(village, ["apply", "--like", ID, "--date", "2026-03-21"], "yamada", ID)
