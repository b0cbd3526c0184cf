"""People's words (issue 18 item 9): a person named as people name each other, counts
written as clerks write them, attachment kinds in Japanese, and no English placeholder
where a clerk reads.

Run with the installed yakkan on real repositories; the questions in a pseudo-terminal of
80×24 (tests/e2e/test_interactive.py's Terminal), reading the screen as a person would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.test_interactive import Terminal
from tests.village import Village

SABURO = "  - {id: suzuki3, name: 鈴木 三郎, email: suzuki3@example.jp, forge: suzuki-s}\n"


def _second_suzuki(village: Village) -> None:
    text = (village.path / "yakkan.yaml").read_text("utf-8")
    head = "  - {id: takahashi"
    (village.path / "yakkan.yaml").write_text(text.replace(head, SABURO + head, 1), "utf-8")
    village.git("commit", "-q", "-am", "a second 鈴木")


@pytest.mark.parametrize(
    ("named", "person"),
    [("鈴木", "suzuki"), ("鈴木次郎", "suzuki"), ("高橋", "takahashi"), ("高橋美咲", "takahashi")],
)
def test_a_unique_surname_or_a_name_without_its_space_names_the_person(
    village: Village, named: str, person: str
) -> None:
    village.approved()
    if person == "suzuki":  # the administrator is suzuki already: hand it on first
        village.ok(
            "reassign", "somu-drive", "--administrator", "takahashi", "--reason", "異動", as_="sato"
        )
    village.ok("reassign", "somu-drive", "--administrator", named, "--reason", "異動", as_="sato")
    assert re.search(rf"administrator: {person}\b", village.record_text("somu-drive"))


def test_a_surname_two_people_share_is_refused_with_both_named(village: Village) -> None:
    village.approved()
    _second_suzuki(village)
    head = village.head()
    result = village.yakkan(
        "reassign", "somu-drive", "--administrator", "鈴木", "--reason", "異動", as_="sato"
    )
    assert result.code == 2, result.output
    assert "「鈴木」という職員は複数います" in result.stderr
    assert "鈴木 次郎（suzuki）" in result.stderr and "鈴木 三郎（suzuki3）" in result.stderr
    assert "Traceback" not in result.output
    assert village.head() == head and village.status() == ""
    # Named in full, the same person is found.
    village.ok(
        "reassign", "somu-drive", "--administrator", "鈴木三郎", "--reason", "異動", as_="sato"
    )
    assert "administrator: suzuki3" in village.record_text("somu-drive")


def test_the_question_asks_again_until_one_person_is_meant(village: Village) -> None:
    village.approved()
    _second_suzuki(village)
    args = ["reassign", "somu-drive", "--reason", "異動", "--date", "2026-04-02"]
    term = Terminal(village, args, person="sato")
    term.answer("新しいサービス管理担当者", "鈴木")
    term.refused("鈴木 三郎（suzuki3）")
    term.answer("新しいサービス管理担当者", "鈴木 三郎")
    assert term.end() == 0, term.screen.getvalue()
    assert "administrator: suzuki3" in village.record_text("somu-drive")


def test_apply_takes_a_surname_a_count_in_full_width_with_its_unit_and_kinds_in_japanese(
    village: Village,
) -> None:
    term = Terminal(village, ["apply", "--date", "2026-03-20"])
    term.answer("記録 ID", "somu-drive")
    term.answer("利用する課", "総務課")
    term.answer("提供会社名", "Google LLC")
    term.answer("提供サービス名", "Google ドライブ")
    term.answer("サービス内容", "会議資料の共有")
    term.answer("サービスの種別", "ファイル保管")
    term.answer("約款の URL", "")
    term.answer("データの保存場所", "国内")
    term.answer("利用目的", "会議資料の事前共有")
    term.answer("利用期間の開始日", "令和8年4月1日")
    term.answer("利用期間の終了日", "R9.3.31")
    term.answer("サービス管理担当者", "鈴木")
    term.answer("取り扱う情報の種類", "会議資料")
    term.answer("重要性分類", "Ⅲ")
    term.answer("個人情報を含みますか", "")
    term.answer("取り扱う情報の種類", "")
    term.answer("利用者", "総務課 職員")
    term.answer("利用者", "")
    term.answer("合計人数", "12名ほど")
    term.refused("「12名ほど」は人数として読めません")
    term.answer("合計人数", "１２人")
    term.answer("代替サービス", "庁内ファイルサーバ")
    term.answer("利用申請時の申請内容", "~/signup.png")
    term.answer("サービス約款", "~/terms.pdf")
    term.answer("ほかの添付の種類", "証跡")
    term.answer("ファイル", "~/evidence.png")
    term.answer("ほかの添付の種類", "1")
    term.answer("この内容で申請しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    record = village.record_text("somu-drive")
    assert "administrator: suzuki" in record
    assert "users_count: 12\n" in record
    assert "kind: evidence" in record


def test_attach_takes_the_kind_in_japanese_and_offers_the_kinds_in_japanese(
    village: Village,
) -> None:
    village.apply()
    village.ok(
        "attach", "somu-drive", f"証跡={village.files / 'evidence.png'}", "--date", "2026-03-21"
    )
    assert "kind: evidence" in village.record_text("somu-drive")
    result = village.yakkan("attach", "somu-drive", f"写真={village.files / 'evidence.png'}")
    assert result.code == 2
    assert "添付の種類「写真」はありません" in result.stderr
    for offered in ("申込画面（signup）", "約款（terms）", "証跡（evidence）"):
        assert offered in result.stderr, result.stderr


# Placeholders that were English: what a clerk reads now says them in Japanese. (記録 ID
# and 職員 ID are the Japanese words for ids; a usage line's bare ID was a placeholder.)
ENGLISH = re.compile(r"(?<![\w-])(FILE|DATE|PATH|KIND|YYYY-MM-DD|NAME|PERSON|DIR)(?![\w-])")
USAGE_ID = re.compile(r"^使い方:.*(?<![\w-])ID(?![\w-])", re.M)


def test_no_english_placeholder_in_next_steps_refusals_and_usage(village: Village) -> None:
    village.ok(
        "apply", "--from", str(village.application_file()), "--date", "2026-03-20"
    )  # no attachments yet: the next steps ask for them
    pages = {
        "show": village.yakkan("show", "somu-drive").output,
        "approve without an id": village.yakkan("approve").output,
        "approve too early": village.yakkan("approve", "somu-drive", "--yes", as_="sato").output,
        "a bad date": village.yakkan("due", "--as-of", "2026-02-30").output,
        "a day nobody can read": village.yakkan("due", "--as-of", "あした").output,
        "reassign --help": village.yakkan("reassign", "--help").output,
        "attach --help": village.yakkan("attach", "--help").output,
        "approve --help": village.yakkan("approve", "--help").output,
    }
    next_steps = village.yakkan("attach", "somu-drive", f"terms={village.files / 'terms.pdf'}")
    pages["next steps"] = next_steps.output
    assert "yakkan attach somu-drive signup=ファイル" in next_steps.output
    found = {page: ENGLISH.findall(text) + USAGE_ID.findall(text) for page, text in pages.items()}
    assert not any(found.values()), found
    assert "記録ID を指定してください" in pages["approve without an id"]


def test_the_help_of_attach_offers_the_kinds_in_japanese(tmp_path: Path) -> None:
    village = Village(tmp_path, tmp_path)
    page = village.yakkan("attach", "--help").stdout
    assert "約款・terms" in page and "申込画面・signup" in page
