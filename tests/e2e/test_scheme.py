"""A village on 自治体機密性 (issue 22), driven through the installed `yakkan` in real git
repositories: the scheme a new application is written on, the light track approved as
today, and a village on 重要性分類 unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.village import APPLICATION, Village, make_village

SECTIONS = """\
classification:
  scheme: jichitai
  sections:
    light: 第2-8-2 外部サービスの利用（自治体機密性1の情報のみを取り扱う場合）
    full: 第2-8-3 外部サービス（クラウドサービス）の利用（自治体機密性2以上の情報を取り扱う場合）
"""


def on_jichitai(village: Village) -> Village:
    village.append("yakkan.yaml", SECTIONS)
    village.hand_commit("yamada", "config: 自治体機密性で分類する")
    return village


@pytest.fixture
def jichitai(tmp_path: Path) -> Village:
    return on_jichitai(make_village(tmp_path))


def apply(village: Village, service_id: str, info_class: str, date: str = "2026-03-20") -> None:
    form = village.write(
        f"{service_id}.yaml", APPLICATION.format(id=service_id, info_class=info_class)
    )
    village.ok(
        "apply",
        "--from",
        str(form),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--attach",
        f"terms={village.files / 'terms.pdf'}",
        "--date",
        date,
    )


# What the full track's approval asks besides (issue 22.2): the jurisdiction recorded, and an
# ISMAP registration or, as here, an exception for a service on no list.
FULL_TRACK_JURISDICTION = (
    "service.jurisdiction={governing_law: 日本法, court: 東京地方裁判所, provider_country: JP, "
    "storage_countries: [JP], checked_on: 2026-03-20}"
)


def approved(village: Village, service_id: str, info_class: str, *, full: bool = False) -> None:
    apply(village, service_id, info_class)
    if full:
        village.ok("edit", service_id, "--set", FULL_TRACK_JURISDICTION, "--date", "2026-03-20")
    marks = [arg for n in range(1, 9) for arg in ("--mark", f"{n}=ok")]
    village.ok("check", service_id, "--role", "applicant", *marks, "--date", "2026-03-20")
    village.ok(
        "check", service_id, "--role", "responsible", *marks, "--date", "2026-03-25", as_="sato"
    )
    exception = ("--ismap-exception-reason", "ISMAP 登録なし（試験）") if full else ()
    village.ok("approve", service_id, *exception, "--date", "2026-04-01", as_="sato")


def test_a_light_track_service_is_applied_checked_and_approved_as_today(
    jichitai: Village,
) -> None:
    approved(jichitai, "somu-drive", "1")
    text = jichitai.record_text("somu-drive")
    assert "scheme: jichitai\n" in text
    assert "class: 1," in text or "class: 1\n" in text
    assert "approval:" in text
    assert jichitai.yakkan("validate").code == 0


def test_a_new_application_in_a_jichitai_village_takes_no_old_class(jichitai: Village) -> None:
    form = jichitai.write("x.yaml", APPLICATION.format(id="somu-x", info_class=4))
    result = jichitai.yakkan("apply", "--from", str(form), "--date", "2026-03-20")
    assert result.code == 1
    assert "x.yaml:" in result.stderr
    assert "application.information[0].class" in result.stderr
    assert "3A・3B・3C・2・1" in result.stderr
    assert jichitai.status() == ""
    assert not (jichitai.path / "records" / "somu" / "somu-x.yaml").exists()


def test_a_3a_class_is_written_as_the_village_spells_it(jichitai: Village) -> None:
    apply(jichitai, "somu-drive", "3A")
    assert "class: 3A" in jichitai.record_text("somu-drive")


def test_a_juyosei_village_writes_no_scheme(tmp_path: Path) -> None:
    village = make_village(tmp_path)
    village.approved("somu-drive")
    text = village.record_text("somu-drive")
    assert "scheme" not in text
    assert "class: 3" in text


TWO_ITEMS = APPLICATION.replace(
    "    - {{name: 会議資料（公開前）, class: {info_class}, personal: false}}\n",
    "    - {{name: 会議資料（公開前）, class: {info_class}, personal: false}}\n"
    "    - {{name: 委員名簿, class: 4, personal: true}}\n",
)


def approved_on_juyosei(tmp_path: Path) -> Village:
    """somu-drive applied, checked and approved on 重要性分類 (Ⅲ and Ⅳ); then the village
    moves to 自治体機密性."""
    village = make_village(tmp_path)
    form = village.write("somu-drive.yaml", TWO_ITEMS.format(id="somu-drive", info_class=3))
    village.ok(
        "apply", "--from", str(form),
        "--attach", f"signup={village.files / 'signup.png'}",
        "--attach", f"terms={village.files / 'terms.pdf'}",
        "--date", "2026-03-20",
    )  # fmt: skip
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    village.ok("approve", "somu-drive", "--date", "2026-04-01", as_="sato")
    return on_jichitai(village)


def test_reclassify_asked_item_by_item_at_a_terminal(tmp_path: Path) -> None:
    from tests.e2e.test_interactive import Terminal

    village = approved_on_juyosei(tmp_path)
    term = Terminal(village, ["reclassify", "somu-drive", "--date", "2026-04-10"], person="sato")
    term.child.expect(folded_text("項目1: 会議資料（公開前）（いま 重要性分類Ⅲ"))
    # The old scale's words are not taken for the new one: nothing is mapped.
    term.answer("新しい分類（3A・3B・3C・2・1）", "Ⅲ")
    term.refused("自治体機密性「Ⅲ」はありません")
    term.child.send("３ｂ\r")  # typed full-width, as a Japanese keyboard may
    term.child.expect(folded_text("項目2: 委員名簿（いま 重要性分類Ⅳ、個人情報あり"))
    term.answer("新しい分類", "1")
    term.answer("よろしいですか", "はい")
    assert term.end() == 0, term.screen.getvalue()
    text = village.record_text("somu-drive")
    assert "scheme: jichitai\n" in text
    assert "    class: 3B\n" in text and "    class: 1\n" in text
    assert "  from: juyosei\n  to: jichitai\n" in text
    assert "    old: 3\n    new: 3B\n" in text and "    old: 4\n    new: 1\n" in text
    assert village.trailers()["Yakkan-Action"] == "reclassify"
    # Approved on 重要性分類, now on the full track: the managers have checks to make.
    due = json.loads(village.ok("due", "--as-of", "2026-04-11", "--json").stdout)
    raised = [d for d in due if d["task"] == "full_track"]
    assert [(d["service"], d["due"]) for d in raised] == [("somu-drive", "2026-04-10")]
    assert set(raised[0]["assignees"]) == {"sato", "tanaka"}
    history = village.ok("history", "somu-drive").stdout
    assert "情報の分類のし直し" in history
    assert village.ok("audit").code == 0


def folded_text(text: str) -> Any:
    from tests.e2e.test_interactive import folded

    return folded(text)


def test_reclassify_is_refused_for_a_clerk_before_any_question(tmp_path: Path) -> None:
    from tests.e2e.test_interactive import Terminal

    village = approved_on_juyosei(tmp_path)
    head = village.head()
    term = Terminal(village, ["reclassify", "somu-drive", "--date", "2026-04-10"], person="yamada")
    assert term.end() == 1
    screen = term.screen.getvalue()
    assert "利用責任者" in screen and "新しい分類" not in screen
    flags = village.yakkan(
        "reclassify", "somu-drive", "--class", "1=2", "--class", "2=1", "--date", "2026-04-10"
    )
    assert flags.code == 1 and "利用責任者" in flags.stderr
    assert village.head() == head and village.status() == ""


def test_reclassify_needs_every_item_and_refuses_a_record_on_the_village_scale(
    tmp_path: Path,
) -> None:
    village = approved_on_juyosei(tmp_path)
    head = village.head()
    half = village.yakkan(
        "reclassify", "somu-drive", "--class", "1=2", "--date", "2026-04-10", as_="sato"
    )
    assert half.code == 1 and "項目 2 の新しい分類がありません" in half.stderr
    wrong = village.yakkan(
        "reclassify", "somu-drive", "--class", "1=2", "--class", "3=1", "--date", "2026-04-10",
        as_="sato",
    )  # fmt: skip
    assert wrong.code == 1 and "項目 3 はありません" in wrong.stderr
    assert village.head() == head and village.status() == ""
    village.ok(
        "reclassify", "somu-drive", "--class", "1=1", "--class", "2=1", "--date", "2026-04-10",
        as_="sato",
    )  # fmt: skip
    again = village.yakkan(
        "reclassify", "somu-drive", "--class", "1=1", "--class", "2=1", "--date", "2026-04-11",
        as_="sato",
    )  # fmt: skip
    assert again.code == 1 and "既にこの村の分類" in again.stderr
    # On the light track after the move: nothing for the managers to catch up on.
    due = json.loads(village.ok("due", "--as-of", "2026-04-11", "--json").stdout)
    assert not [d for d in due if d["task"] == "full_track"]


def test_a_pending_application_reclassified_is_checked_again_and_approved(
    tmp_path: Path,
) -> None:
    village = make_village(tmp_path)
    village.apply("somu-drive")
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-25")
    on_jichitai(village)
    moved = village.ok(
        "reclassify", "somu-drive", "--class", "1=1", "--reason", "ポリシー改定",
        "--date", "2026-03-26", as_="sato",
    )  # fmt: skip
    # The double-check was given on the old class: taken back, as an edit would.
    assert "利用責任者の確認欄を消しました" in moved.stderr + moved.stdout
    assert "responsible: ok" not in village.record_text("somu-drive")
    village.mark_all("somu-drive", "responsible", "sato", "2026-03-27")
    village.ok("approve", "somu-drive", "--date", "2026-04-01", as_="sato")
    text = village.record_text("somu-drive")
    assert "  track: light\n" in text
    assert village.ok("audit").code == 0


def test_the_track_is_shown_by_show_list_the_forms_and_the_register(
    jichitai: Village, tmp_path: Path
) -> None:
    approved(jichitai, "somu-drive", "1")
    apply(jichitai, "somu-box", "3B")
    show = jichitai.ok("show", "somu-drive").stdout
    assert "自治体機密性1" in show
    assert "第2-8-2 外部サービスの利用（自治体機密性1の情報のみを取り扱う場合）" in show
    box = jichitai.ok("show", "somu-box").stdout
    assert "自治体機密性3B" in box and "自治体機密性2以上の情報を取り扱う" in box
    listed = jichitai.ok("list").stdout
    assert "機密性1のみ" in listed and "機密性2以上" in listed
    rows = {r["id"]: r for r in json.loads(jichitai.ok("list", "--json").stdout)}
    assert (rows["somu-drive"]["scheme"], rows["somu-drive"]["track"]) == ("jichitai", "light")
    assert rows["somu-box"]["track"] == "full"
    md = jichitai.ok("render", "somu-box", "--format", "md").stdout
    assert "会議資料（公開前）（自治体機密性3B、個人情報なし）" in md
    assert "| 情報の分類・手続き | 自治体機密性（3A・3B・3C・2・1）／" in md
    assert "第2-8-3 外部サービス（クラウドサービス）の利用" in md
    html = jichitai.ok("render", "somu-drive", "--format", "html").stdout
    assert "自治体機密性1、" in html and "情報の分類・手続き" in html
    target = tmp_path / "register.csv"
    jichitai.ok("register", "--format", "csv", "--as-of", "2026-05-10", "-o", str(target))
    csv = target.read_bytes().decode("utf-8-sig")
    header, *lines = csv.splitlines()
    assert "手続き（情報の分類による）" in header and "情報の分類," in header
    assert any("自治体機密性3B" in line and "機密性2以上" in line for line in lines)


def test_a_juyosei_village_shows_no_track(tmp_path: Path) -> None:
    village = make_village(tmp_path)
    village.approved("somu-drive")
    assert "手続き" not in village.ok("show", "somu-drive").stdout.replace("手続きの", "")
    row = json.loads(village.ok("list", "--json").stdout)[0]
    assert (row["scheme"], row["track"]) == ("juyosei", None)
    md = village.ok("render", "somu-drive", "--format", "md").stdout
    assert "（重要性分類Ⅲ、個人情報なし）" in md and "情報の分類・手続き" not in md
    target = tmp_path / "register.csv"
    village.ok("register", "--format", "csv", "--as-of", "2026-05-10", "-o", str(target))
    header = target.read_bytes().decode("utf-8-sig").splitlines()[0]
    assert "手続き" not in header and "情報の重要性分類" in header


def test_apply_at_a_terminal_asks_the_class_on_the_village_scale(jichitai: Village) -> None:
    from tests.e2e.test_interactive import Terminal

    term = Terminal(jichitai, ["apply", "--date", "2026-03-20"])
    term.answer("記録 ID", "somu-drive")
    term.answer("利用する課", "1")
    term.answer("提供会社名", "Google LLC")
    term.answer("提供サービス名", "Google ドライブ")
    term.answer("サービス内容", "会議資料の共有")
    term.answer("サービスの種別", "ファイル保管")
    term.answer("約款の URL", "")
    term.answer("データの保存場所", "国内")
    term.answer("利用目的", "会議資料の事前共有")
    term.answer("利用期間の開始日", "令和8年4月1日")
    term.answer("利用期間の終了日", "R9.3.31")
    term.answer("サービス管理担当者", "鈴木 次郎")
    term.answer("取り扱う情報の種類", "会議資料")
    # 重要性分類's words are not the village's scale any more.
    term.answer("その情報の自治体機密性", "Ⅳ")
    term.refused("自治体機密性「Ⅳ」はありません")
    term.child.send("機密性1\r")
    term.answer("個人情報を含みますか", "")
    term.answer("取り扱う情報の種類", "")
    term.answer("利用者", "総務課 職員")
    term.answer("利用者", "")
    term.answer("合計人数", "")
    term.answer("代替サービス", "庁内ファイルサーバ")
    term.answer("利用申請時の申請内容", "~/signup.png")
    term.answer("サービス約款", "~/terms.pdf")
    term.answer("ほかの添付の種類", "1")
    term.answer("この内容で申請しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    text = jichitai.record_text("somu-drive")
    assert "scheme: jichitai\n" in text and "class: 1\n" in text


def test_the_sites_service_page_names_the_track(jichitai: Village, tmp_path: Path) -> None:
    approved(jichitai, "somu-drive", "2", full=True)
    out = tmp_path / "site"
    jichitai.ok("site", "-o", str(out), "--as-of", "2026-05-10", "--no-pdf")
    page = (out / "services" / "somu-drive" / "index.html").read_text("utf-8")
    assert "手続き（情報の分類による）" in page
    assert "第2-8-3 外部サービス（クラウドサービス）の利用" in page
    assert "自治体機密性2" in page


def test_a_juyosei_record_in_a_jichitai_village_says_how_to_move_it(tmp_path: Path) -> None:
    village = approved_on_juyosei(tmp_path)
    show = village.ok("show", "somu-drive").stdout
    assert "yakkan reclassify somu-drive" in show
    assert "（重要性分類Ⅲ、個人情報なし）" not in show  # show writes the old scale's numeral
    assert "会議資料（公開前）（Ⅲ、個人情報なし）" in show
    # Its form prints as it always did.
    md = village.ok("render", "somu-drive", "--format", "md").stdout
    assert "（重要性分類Ⅲ、個人情報なし）" in md and "情報の分類・手続き" not in md


def test_edit_keeps_the_record_on_its_scale(jichitai: Village) -> None:
    apply(jichitai, "somu-drive", "1")
    items = "application.information=[{name: 会議資料, class: 3A, personal: false}]"
    jichitai.ok("edit", "somu-drive", "--set", items, "--date", "2026-03-21")
    text = jichitai.record_text("somu-drive")
    assert "scheme: jichitai\n" in text and "class: 3A\n" in text
    old = "application.information=[{name: 会議資料, class: 4, personal: false}]"
    refused = jichitai.yakkan("edit", "somu-drive", "--set", old, "--date", "2026-03-21")
    assert refused.code == 1
    assert "application.information[0].class" in refused.stderr
    assert "3A・3B・3C・2・1" in refused.stderr
    assert jichitai.status() == ""
