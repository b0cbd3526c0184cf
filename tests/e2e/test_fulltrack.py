"""The full track of 自治体機密性 in real repositories (issue 22.2): what `approve` asks of a
service handling 自治体機密性2 or higher information (an ISMAP registration in the newest
imported list, valid on the day; the jurisdiction; no storage abroad; 3A only with an
exception), `show`'s reasons, `ismap check`, `due`, and the audit of a hand-made approval.

Every list is imported through `yakkan ismap import` by the security administrator, from a
cp932 CSV as Excel saves it; nothing is written by hand but the forgeries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.forgeries.found import report
from tests.village import Village, make_village

RECORD = "records/somu/{}.yaml"
SETUP = """\
classification: {scheme: jichitai}
security_administrators: [tanaka]
"""
JURISDICTION = """\
  jurisdiction:
    governing_law: 日本法
    court: 東京地方裁判所
    provider_country: JP
    storage_countries: [{storage}]
    checked_on: 2026-12-01
"""
FORM = """\
id: {id}
department: somu
service:
  provider: 株式会社 南風
  name: クラウドメール Pro
  description: 住民からの問い合わせメールを受ける
  category: email
  data_location: {location}
{ismap}{jurisdiction}application:
  purpose: 問い合わせ窓口
  period: {{start: 2026-12-10}}
  administrator: suzuki
  information:
    - {{name: 問い合わせ内容, class: {info_class}, personal: true}}
  users: [総務課 職員]
  users_count: 5
  alternative: 庁内メールサーバ
"""
LISTED = "  ismap: {list: ismap, registration: C21-0012-2}\n"
HEADINGS = "登録番号,クラウドサービス名称,事業者名,登録日,有効期限,備考"
APPLIED = "2026-12-07"
DAY = "2026-12-10"  # the approval, three days after the rule took effect


def form(
    service_id: str,
    *,
    info_class: str = "2",
    ismap: str = LISTED,
    storage: str | None = "JP",
    location: str = "domestic",
) -> str:
    jurisdiction = JURISDICTION.format(storage=storage) if storage else ""
    return FORM.format(
        id=service_id,
        info_class=info_class,
        ismap=ismap,
        jurisdiction=jurisdiction,
        location=location,
    )


@pytest.fixture
def village(tmp_path: Path) -> Village:
    v = make_village(tmp_path)
    v.append("yakkan.yaml", SETUP)
    v.hand_commit("tanaka", "the village's scheme and its security administrator")
    # The audit's own day, after every commit of these tests (the real clock may be earlier).
    v.env["YAKKAN_TODAY"] = "2027-06-30"
    return v


def clean(v: Village) -> None:
    """`audit` replays the village's history without a finding."""
    data = report(v, "audit")
    assert data["ok"], data["findings"]


def filed(v: Village, service_id: str, text: str) -> None:
    """yamada applies with the form's files; both columns marked ok."""
    source = v.write(f"{service_id}.yaml", text)
    v.ok(
        "apply", "--from", str(source),
        "--attach", f"signup={v.files / 'signup.png'}",
        "--attach", f"terms={v.files / 'terms.pdf'}",
        "--date", APPLIED,
    )  # fmt: skip
    v.mark_all(service_id, "applicant", "yamada", APPLIED)
    v.mark_all(service_id, "responsible", "sato", APPLIED)


def imported(
    v: Village,
    valid_until: str = "2027/08/31",
    retrieved: str = "2026-12-01",
    *,
    with_mail: bool = True,
    on: str = APPLIED,
) -> None:
    """tanaka (the security administrator) imports the ISMAP list saved as a cp932 CSV
    (`with_mail`: holding somu-mail's registration C21-0012-2)."""
    mail = f"C21-0012-2,クラウドメール Pro,株式会社 南風,2022/04/01,{valid_until},"
    rows = [
        "ISMAPクラウドサービスリスト",
        "",
        HEADINGS,
        *([mail] if with_mail else []),
        "C22-0100-1,ファイル共有サービス,美ら海システム株式会社,2022/09/01,2027/03/31,",
    ]
    file = v.files / "ismap.csv"
    file.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp932"))
    result = v.yakkan(
        "ismap", "import", str(file), "--list", "ismap", "--retrieved", retrieved,
        as_="tanaka", when=f"{on}T09:00:00+09:00",
    )  # fmt: skip
    assert result.code == 0, result.output


def approve(v: Village, service_id: str, *flags: str) -> tuple[int, str]:
    result = v.yakkan("approve", service_id, *flags, "--date", DAY, as_="sato")
    assert "Traceback" not in result.output, result.output
    return result.code, result.output


def test_refused_without_a_list_then_approved_once_it_is_imported(village: Village) -> None:
    filed(village, "somu-mail", form("somu-mail"))
    head = village.head()
    code, said = approve(village, "somu-mail")
    assert code == 1
    assert "ISMAP の一覧がまだ取り込まれていません" in said and "田中 一郎" in said
    assert "yakkan ismap import" in said
    assert village.head() == head and village.status() == ""
    # `show` lists the same reason, and the next step names the security administrator.
    shown = village.yakkan("show", "somu-mail", when=f"{DAY}T09:00:00+09:00")
    assert "まだ取り込まれていません" in shown.output
    assert "田中 一郎" in shown.output and "yakkan ismap import" in shown.output
    # Not `ismap check` (it judges services in use): the approval's rule, which it names.
    assert "ISMAP の一覧の登録番号 C21-0012-2（承認の日に有効かは、承認のときに" in shown.output
    assert "yakkan ismap check" not in shown.output

    imported(village)
    code, said = approve(village, "somu-mail")
    assert code == 0, said
    assert "state: approved" in village.record_text("somu-mail")
    clean(village)


def test_an_expired_registration_is_refused(village: Village) -> None:
    filed(village, "somu-mail", form("somu-mail"))
    imported(village, valid_until="2026/12/09")
    code, said = approve(village, "somu-mail")
    assert code == 1
    assert "2022-04-01 から 2026-12-09 までで、承認日 2026-12-10 には有効ではありません" in said
    # The exception, recorded with its reason, approves it.
    code, said = approve(village, "somu-mail", "--ismap-exception-reason", "更新審査中と確認")
    assert code == 0, said
    text = village.record_text("somu-mail")
    assert "ismap_exception:\n  reason: 更新審査中と確認\n  approved_by: sato" in text
    clean(village)


def test_refused_without_the_jurisdiction(village: Village) -> None:
    filed(village, "somu-mail", form("somu-mail", storage=None))
    imported(village)
    code, said = approve(village, "somu-mail")
    assert code == 1 and "service.jurisdiction" in said
    # Recorded by `edit --set` (the manager's marks go: the service changed), then approved.
    village.ok(
        "edit", "somu-mail", "--set",
        "service.jurisdiction={governing_law: 日本法, court: 東京地方裁判所, "
        "provider_country: JP, storage_countries: [JP], checked_on: 2026-12-05}",
        "--date", DAY,
    )  # fmt: skip
    village.mark_all("somu-mail", "responsible", "sato", DAY)
    code, said = approve(village, "somu-mail")
    assert code == 0, said


def test_storage_abroad_is_refused_unless_the_policy_allows_an_exception(village: Village) -> None:
    filed(village, "somu-mail", form("somu-mail", storage="JP, US", location="overseas"))
    imported(village)
    code, said = approve(village, "somu-mail", "--storage-exception-reason", "米国の予備系")
    assert code == 1 and "policy.storage_abroad_by_exception" in said
    code, said = approve(village, "somu-mail")
    assert code == 1 and "日本の外（US）に保存するサービスは承認できません" in said
    village.append("yakkan.yaml", "policy:\n  storage_abroad_by_exception: true\n")
    village.edit("yakkan.yaml", "policy:\n  warn_days: 14\n", "")
    village.hand_commit("tanaka", "the village's policy allows an exception for storage abroad")
    code, said = approve(village, "somu-mail")
    assert code == 1 and "--storage-exception-reason" in said
    code, said = approve(village, "somu-mail", "--storage-exception-reason", "米国の予備系")
    assert code == 0, said
    assert "storage_exception:\n  reason: 米国の予備系" in village.record_text("somu-mail")


def test_3a_is_refused_without_an_exception_and_approved_with_one(village: Village) -> None:
    filed(village, "somu-mail", form("somu-mail", info_class="3A"))
    imported(village)
    code, said = approve(village, "somu-mail")
    assert code == 1 and "自治体機密性3Aの情報を扱うには例外の承認が要ります" in said
    code, said = approve(village, "somu-mail", "--exception-reason", "災害時の連絡に必要")
    assert code == 0, said
    assert "exception:\n  reason: 災害時の連絡に必要" in village.record_text("somu-mail")
    clean(village)


def test_a_light_track_service_needs_no_list(village: Village) -> None:
    filed(village, "somu-light", form("somu-light", info_class="1", ismap="", storage=None))
    code, said = approve(village, "somu-light")
    assert code == 0, said


def test_ismap_check_and_due_once_the_registration_ends(village: Village) -> None:
    filed(village, "somu-mail", form("somu-mail"))
    imported(village, valid_until="2027/01/15")
    assert approve(village, "somu-mail")[0] == 0
    well = village.yakkan("ismap", "check", "--as-of", "2027-01-05")
    assert well.code == 0, well.output
    assert "すべての ISMAP 登録が取り込んだ一覧で有効です" in well.stdout
    assert "○ somu-mail" in well.stdout and "田中 一郎" in well.stderr
    # Within warn_days of its end, the registration is a task of the department's managers.
    due = village.yakkan("due", "--as-of", "2027-01-05", "--json")
    tasks = [t for t in json.loads(due.stdout) if t["task"] == "ismap"]
    assert [(t["service"], t["due"], t["assignees"]) for t in tasks] == [
        ("somu-mail", "2027-01-15", ["sato", "tanaka"])
    ]
    ended = village.yakkan("ismap", "check", "--as-of", "2027-01-20")
    assert ended.code == 1
    assert (
        "× somu-mail" in ended.stdout
        and "2027-01-15 までで、2027-01-20 には有効ではありません" in ended.stdout
    )
    assert "佐藤 花子、田中 一郎" in ended.stderr and "yakkan suspend somu-mail" in ended.stderr
    # Ninety days after its retrieval the list is stale: the security administrator's task.
    late = village.yakkan("due", "--as-of", "2027-03-05", "--json")
    stale = [t for t in json.loads(late.stdout) if t["task"] == "ismap_snapshot"]
    assert [(t["service"], t["due"], t["assignees"]) for t in stale] == [
        ("ismap", "2027-03-01", ["tanaka"])
    ]
    table = village.yakkan("due", "--as-of", "2027-03-05")
    assert "ISMAP の一覧の取り込み直し" in table.stdout
    old = village.yakkan("ismap", "check", "somu-mail", "--as-of", "2027-03-05")
    assert old.code == 1 and "上限 90 日" in old.stdout and "yakkan ismap import" in old.stderr


def test_ismap_check_json_and_due_when_the_registration_leaves_the_list(
    village: Village,
) -> None:
    filed(village, "somu-mail", form("somu-mail"))
    imported(village)
    assert approve(village, "somu-mail")[0] == 0
    well = village.yakkan("ismap", "check", "--as-of", "2026-12-21", "--json")
    assert well.code == 0 and well.stderr == "", well.output
    document = json.loads(well.stdout)
    assert list(document) == [
        "as_of", "ok", "lists", "services", "others", "problems", "errors", "next",
    ]  # fmt: skip
    assert document["ok"] is True and document["problems"] == 0
    assert document["lists"][0] == {
        "list": "ismap", "used": True, "imported": True, "retrieved_on": "2026-12-01",
        "age_days": 20, "max_age_days": 90,
    }  # fmt: skip
    assert document["lists"][1]["imported"] is False
    [service] = document["services"]
    assert service == {
        "service": "somu-mail", "service_name": "株式会社 南風 クラウドメール Pro",
        "department": "somu", "list": "ismap", "registration": "C21-0012-2",
        "status": "valid", "problem": None, "message": None,
    }  # fmt: skip
    assert [s["who"] for s in document["next"]] == [["tanaka"]]
    # A newer list no longer holds the number: `ismap check` and `due` both say it.
    imported(village, retrieved="2026-12-20", with_mail=False, on="2026-12-20")
    bad = village.yakkan("ismap", "check", "--as-of", "2026-12-21", "--json")
    assert bad.code == 1, bad.output
    document = json.loads(bad.stdout)
    assert document["ok"] is False and document["problems"] == 1
    [service] = document["services"]
    assert (service["status"], service["problem"]) == ("problem", "not_found")
    assert "C21-0012-2" in service["message"]
    [step] = document["next"]
    assert step["who"] == ["sato", "tanaka"] and step["command"] == "yakkan suspend somu-mail"
    due = village.yakkan("due", "--as-of", "2026-12-21", "--json")
    missing = [t for t in json.loads(due.stdout) if t["task"] == "ismap_missing"]
    assert [(t["service"], t["due"], t["assignees"], t["detail"]) for t in missing] == [
        ("somu-mail", "2026-12-20", ["sato", "tanaka"], "C21-0012-2")
    ]
    table = village.yakkan("due", "--as-of", "2026-12-21")
    assert "ISMAP 登録が一覧にない" in table.stdout
    assert "yakkan suspend somu-mail" in table.stdout.replace("\n", "")


# --- the interview -------------------------------------------------------------------------


def _form_start(term: object, info_class: str, service_id: str = "somu-mail") -> None:
    from tests.e2e.test_interactive import Terminal

    assert isinstance(term, Terminal)
    term.answer("記録 ID", service_id)
    term.answer("利用する課", "1")
    term.answer("提供会社名", "株式会社 南風")
    term.answer("提供サービス名", "クラウドメール Pro")
    term.answer("サービス内容", "問い合わせメール")
    term.answer("サービスの種別", "電子メール")
    term.answer("約款の URL", "")
    term.answer("データの保存場所", "国内")
    term.answer("利用目的", "問い合わせ窓口")
    term.answer("利用期間の開始日", "2026-12-10")
    term.answer("利用期間の終了日", "")
    term.answer("サービス管理担当者", "鈴木 次郎")
    term.answer("取り扱う情報の種類", "問い合わせ内容")
    term.answer("その情報の自治体機密性", info_class)
    term.answer("個人情報を含みますか", "y")
    term.answer("取り扱う情報の種類", "")
    term.answer("利用者", "総務課 職員")
    term.answer("利用者", "")
    term.answer("合計人数", "")
    term.answer("代替サービス", "庁内メールサーバ")


def _form_end(term: object) -> int:
    from tests.e2e.test_interactive import Terminal

    assert isinstance(term, Terminal)
    term.answer("利用申請時の申請内容", "~/signup.png")
    term.answer("サービス約款", "~/terms.pdf")
    term.answer("ほかの添付の種類", "1")
    term.answer("この内容で申請しますか", "y")
    return term.end()


def test_apply_at_a_terminal_asks_the_full_track_only_of_a_full_track_service(
    village: Village,
) -> None:
    from tests.e2e.test_interactive import Terminal, folded

    imported(village)
    term = Terminal(village, ["apply", "--date", APPLIED])
    _form_start(term, "機密性2")
    term.answer("ISMAP クラウドサービスリストへの登録", "ISMAP")
    term.answer("登録番号", "Ｃ２１－００１２－２")  # full width, as typed from a PDF
    term.child.expect("2027-08-31 まで有効")
    term.answer("準拠法", "")
    term.answer("合意管轄の裁判所", "東京地方裁判所")
    term.answer("提供会社の国", "jp")
    term.answer("データを保存する国", "XX")
    term.refused("ISO 3166-1")
    term.child.send("JP\r")
    term.answer("これらを確かめた日", "2026-12-05")
    assert _form_end(term) == 0, term.screen.getvalue()
    text = village.record_text("somu-mail")
    assert "ismap:\n    list: ismap\n    registration: C21-0012-2\n" in text
    assert "class: 2\n" in text
    assert "governing_law: 日本法" in text and "storage_countries:\n    - JP" in text

    # A service of 自治体機密性1 is never asked (its answers would not be recorded).
    light = Terminal(village, ["apply", "--date", APPLIED])
    _form_start(light, "機密性1", "somu-light")
    light.child.expect(folded("利用申請時の申請内容"))  # the next question: the attachments
    assert "ISMAP" not in light.screen.getvalue()
    light.child.sendcontrol("c")
    light.end()


def test_edit_at_a_terminal_replays_the_full_track_answers(village: Village) -> None:
    """The record's ISMAP and jurisdiction are the answers of a finished form: only the one
    chosen is asked again, and a record without them is asked them (they come last)."""
    from tests.e2e.test_edit_form import CTRL_U, _number_of
    from tests.e2e.test_interactive import Terminal

    filed(village, "somu-mail", form("somu-mail"))
    term = Terminal(village, ["edit", "somu-mail", "--date", APPLIED])
    number = _number_of(term, "合意管轄の裁判所（例: 東京地方裁判所）", "東京地方裁判所")
    term.answer("どの項目を直しますか", number)
    term.answer("合意管轄の裁判所", CTRL_U, "那覇地方裁判所")
    term.answer("どの項目を直しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    assert village.subjects()[0].endswith("利用申請書を修正（service.jurisdiction）")
    text = village.record_text("somu-mail")
    assert "court: 那覇地方裁判所" in text and "registration: C21-0012-2" in text
    assert "class: 2\n" in text  # replayed as 機密性2: the menu's line 2 is 3B

    filed(village, "somu-bare", form("somu-bare", ismap="", storage=None))
    term = Terminal(village, ["edit", "somu-bare", "--date", APPLIED])
    term.answer("ISMAP クラウドサービスリストへの登録", "ISMAP-LIU")
    term.answer("登録番号", "L22-0003-1")
    term.child.expect("まだ取り込まれていない")
    term.answer("準拠法", "")
    term.answer("合意管轄の裁判所", "東京地方裁判所")
    term.answer("提供会社の国", "")
    term.answer("データを保存する国", "")
    term.answer("これらを確かめた日", "")
    term.answer("どの項目を直しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    text = village.record_text("somu-bare")
    assert "list: ismap-liu" in text and "checked_on: '2026-12-07'" in text
