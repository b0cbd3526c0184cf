"""`apply`, `check` and `terminate` asked in a real terminal of 80×24, as a clerk answers.

pexpect gives yakkan a pseudo-terminal, so the prompts run with their line editor as on a
clerk's screen: keys are sent as the keyboard sends them (arrows as escape sequences,
Backspace as DEL) and what is stored is read back from the committed record.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pexpect

from tests.village import APPLICATION, Village, yakkan_command

LEFT = "\x1b[D"
BACKSPACE = "\x7f"
CTRL_U = "\x15"  # erase the line before the cursor (an old answer put back to edit)
RETRY = "もう一度入力してください"


def folded(text: str) -> re.Pattern[str]:
    """`text` as the screen may show it: folded to 80 columns at any point (issue 18),
    with the terminal's line breaks and the line editor's escapes where it was folded."""
    between = r"(?:\s|\x1b\[[0-9;?]*[A-Za-z])*"
    return re.compile(between.join(re.escape(char) for char in text))


class Terminal:
    def __init__(self, village: Village, args: list[str], person: str = "yamada") -> None:
        # Work is recorded on the day it is done: the commit (and yakkan's clock) carry the
        # --date, as Village.yakkan does.
        when = None
        if "--date" in args[:-1]:
            when = f"{args[args.index('--date') + 1]}T10:00:00+09:00"
        env = village._env(person, when)
        # No cursor-position queries: nothing on the far side of the pty would answer them.
        env.update(PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", COLUMNS="80", LINES="24")
        env["HOME"] = str(village.files)  # `~/terms.pdf` is a file the test made
        command = yakkan_command()
        self.screen = io.StringIO()
        self.child = pexpect.spawn(
            command[0],
            [*command[1:], *args],
            cwd=str(village.path),
            env=env,
            dimensions=(24, 80),
            encoding="utf-8",
            timeout=60,
        )
        self.child.logfile_read = self.screen

    def answer(self, prompt: str, *keys: str) -> None:
        """Wait for `prompt`, type `keys` and press Enter."""
        self.child.expect(folded(prompt))
        self.child.send("".join(keys) + "\r")

    def refused(self, reason: str) -> None:
        self.child.expect(folded(reason))
        self.child.expect(folded(RETRY))

    def interrupt(self, prompt: str) -> None:
        self.child.expect_exact(prompt)
        self.child.sendcontrol("c")

    def end(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        assert status is not None, self.screen.getvalue()
        return int(status)


def drafts(village: Village) -> list[Path]:
    folder = village.path / ".git" / "yakkan" / "drafts"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def answer_service(term: Terminal, *, attachments: bool = True) -> None:
    """The questions after the provider: a clean run with no typos."""
    term.answer("提供サービス名", "Google ドライブ")
    term.answer("サービス内容", "会議資料の共有")
    answer_rest(term, attachments=attachments)


def answer_rest(term: Terminal, *, attachments: bool = True) -> None:
    term.answer("サービスの種別", "ファイル保管")
    term.answer("約款の URL", "")
    term.answer("データの保存場所", "国内")
    term.answer("利用目的", "会議資料の事前共有")
    term.answer("利用期間の開始日", "令和8年4月1日")
    term.answer("利用期間の終了日", "R9.3.31")
    term.answer("サービス管理担当者", "鈴木 次郎")
    term.answer("取り扱う情報の種類", "会議資料")
    term.answer("重要性分類", "Ⅲ")
    term.answer("個人情報を含みますか", "")
    term.answer("取り扱う情報の種類", "")
    term.answer("利用者", "総務課 職員")
    term.answer("利用者", "")
    term.answer("合計人数", "")
    term.answer("代替サービス", "庁内ファイルサーバ")
    if attachments:
        term.answer("利用申請時の申請内容", str(Path("~/signup.png")))
        term.answer("サービス約款", "~/terms.pdf")
    term.answer("ほかの添付の種類", "1")


def test_apply_refuses_each_typo_at_its_own_prompt(village: Village) -> None:
    village.apply("somu-old")
    term = Terminal(village, ["apply", "--date", "2026-03-20"])
    term.answer("記録 ID", "Somu_Drive")
    term.refused("英小文字・数字")
    term.answer("記録 ID", "somu-old")
    term.refused("もう使われています")
    term.answer("記録 ID", "somu-drive")
    term.answer("利用する課", "総務課")
    # Arrows move inside the line: 「Goole」, two steps left, 「g」 makes 「Google」.
    term.answer("提供会社名", "Goole LLC", LEFT * 6, "g")
    # Backspace over Japanese removes the one character the screen shows last.
    term.answer("提供サービス名", "Google ドライブい", BACKSPACE)
    term.answer("サービス内容", "会議資料の共有")
    term.answer("サービスの種別", "ドライブ")
    term.refused("種別「ドライブ」はありません")
    term.answer("サービスの種別", "ファイル保管")
    term.answer("約款の URL", "")
    term.answer("データの保存場所", "")  # no default: the clerk must say where
    term.refused("保存場所「」はありません")
    term.answer("データの保存場所", "国内")
    term.answer("利用目的", "会議資料の事前共有")
    term.answer("利用期間の開始日", "2026-02-30")
    term.refused("という日はありません")
    term.answer("利用期間の開始日", "令和8年4月1日")
    term.answer("利用期間の終了日", "R8.3.31")
    term.refused("開始日 令和8年4月1日 より前です")
    term.answer("利用期間の終了日", "R9.3.31")
    term.answer("サービス管理担当者", "鈴本")
    term.refused("職員「鈴本」はありません")
    term.answer("サービス管理担当者", "鈴木")  # the only 鈴木 of the village (issue 18)
    term.answer("取り扱う情報の種類", "会議資料")
    term.answer("重要性分類", "5")
    term.refused("重要性分類「5」はありません")
    term.answer("重要性分類", "Ⅱ")
    term.answer("例外の決裁が必要です", "いいえ")  # Ⅱ needs an exception: choose again
    term.answer("重要性分類", "Ⅲ")
    term.answer("個人情報を含みますか", "")
    term.answer("取り扱う情報の種類", "")
    term.answer("利用者", "総務課 職員")
    term.answer("利用者", "")
    term.answer("合計人数", "")
    term.answer("代替サービス", "庁内ファイルサーバ")
    term.answer("利用申請時の申請内容", str(village.files / "missing.png"))
    term.refused("ありません")
    term.answer("利用申請時の申請内容", str(village.files / "signup.png"))
    term.answer("サービス約款", "~/terms.pdf")
    term.answer("ほかの添付の種類", "1")
    term.answer("この内容で申請しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    screen = term.screen.getvalue()
    assert "入力した内容:" in screen
    assert "次の手順:" in screen and "佐藤 花子、田中 一郎" in screen
    record = village.record_text("somu-drive")
    assert "provider: Google LLC" in record
    assert "name: Google ドライブ\n" in record
    assert "category: file_storage" in record
    assert "data_location: domestic" in record
    assert "start: '2026-04-01'" in record and "end: '2027-03-31'" in record
    assert "administrator: suzuki" in record
    assert "class: 3" in record and "personal: false" in record
    assert "users_count: 1" in record
    assert "kind: signup" in record and "kind: terms" in record
    assert village.subjects()[0].startswith("apply(somu-drive):")
    assert village.status() == ""
    assert drafts(village) == []


def test_ctrl_c_and_a_taken_id_lose_nothing(village: Village) -> None:
    term = Terminal(village, ["apply", "--date", "2026-03-20"])
    term.answer("記録 ID", "somu-drive")
    term.answer("利用する課", "1")
    term.answer("提供会社名", "Google LLC")
    term.answer("提供サービス名", "Google ドライブ")
    term.interrupt("サービス内容")
    assert term.end() == 130
    assert "下書きとして保存してあります" in term.screen.getvalue()
    assert [p.name for p in drafts(village)] == ["apply-yamada.json"]
    assert village.status() == "" and len(village.subjects()) == 1

    # The next apply continues where the clerk stopped: the service name is not asked.
    term = Terminal(village, ["apply", "--date", "2026-03-20"])
    term.answer("続きから入力しますか", "")
    term.answer("サービス内容", "会議資料の共有")
    answer_rest(term)
    term.child.expect_exact("この内容で申請しますか")
    village.apply("somu-drive")  # meanwhile someone files the same id
    term.child.send("y\r")
    assert term.end() == 1
    assert "下書きとして保存してあります" in term.screen.getvalue()
    assert "提供サービス名" not in term.screen.getvalue().split("続きから入力しますか")[1]

    # Only the id is asked again, with the old one on the line to edit.
    term = Terminal(village, ["apply", "--date", "2026-03-20"])
    term.answer("続きから入力しますか", "はい")
    term.refused("もう使われています")
    term.answer("記録 ID", CTRL_U, "somu-drive-2")
    term.answer("この内容で申請しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    record = village.record_text("somu-drive-2")
    assert "provider: Google LLC" in record and "purpose: 会議資料の事前共有" in record
    assert drafts(village) == []
    assert village.status() == ""


def test_summary_number_changes_one_answer(village: Village) -> None:
    attach = [f"--attach=signup={village.files / 'signup.png'}", "--attach=terms=~/terms.pdf"]
    term = Terminal(village, ["apply", *attach, "--date", "2026-03-20"])
    term.answer("記録 ID", "somu-drive")
    term.answer("利用する課", "総務課")
    term.answer("提供会社名", "Google LLC")
    answer_service(term, attachments=False)  # --attach gave both: not asked again
    term.answer("この内容で申請しますか", "3")  # the third answer: the provider
    term.interrupt("提供会社名")  # stopping while changing one answer keeps all the others
    assert term.end() == 130

    term = Terminal(village, ["apply", *attach, "--date", "2026-03-20"])
    term.answer("続きから入力しますか", "")
    term.answer("この内容で申請しますか", "3")
    term.answer("提供会社名", CTRL_U, "グーグル合同会社")
    term.answer("この内容で申請しますか", "n")
    assert term.end() == 1
    assert "取りやめました" in term.screen.getvalue()
    assert len(village.subjects()) == 1 and drafts(village)

    term = Terminal(village, ["apply", *attach, "--date", "2026-03-20"])
    term.answer("続きから入力しますか", "")
    term.answer("この内容で申請しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    record = village.record_text("somu-drive")
    assert "provider: グーグル合同会社" in record
    assert record.count("kind: signup") == 1 and record.count("kind: terms") == 1
    assert "のファイル（後で添付するなら空欄）" not in term.screen.getvalue()


def personal_application(village: Village) -> None:
    text = APPLICATION.format(id="somu-drive", info_class=3).replace(
        "personal: false", "personal: true"
    )
    village.ok(
        "apply",
        "--from",
        str(village.write("somu-drive.yaml", text)),
        "--attach",
        f"signup={village.files / 'signup.png'}",
        "--attach",
        f"terms={village.files / 'terms.pdf'}",
        "--date",
        "2026-03-20",
    )


def test_check_refuses_na_on_item_3_at_item_3(village: Village) -> None:
    personal_application(village)
    term = Terminal(village, ["check", "somu-drive", "--date", "2026-03-20"])
    mark = "印［現在: -］"
    term.answer(mark, "可")
    term.answer(mark, "○")
    term.answer(mark, "／")  # personal information is handled: a privacy policy is needed
    term.refused("個人情報")
    term.answer(mark, "ok")
    term.answer(mark, "該当なし")  # ／ elsewhere needs its reason, asked right away
    term.answer("備考", "")
    term.refused("入力が必要です")
    term.answer("備考", "紙の資料のみ")
    for _ in range(5, 9):
        term.answer(mark, "○")
    term.answer("この印を記録しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    record = village.record_text("somu-drive")
    assert record.count("applicant: ok") == 7
    assert "applicant: na" in record and "note: 紙の資料のみ" in record
    assert village.subjects()[0].startswith("check(somu-drive):")


def test_a_continued_check_shows_its_marks_and_its_summary_says_them(village: Village) -> None:
    """Continued from its draft, `check` shows each mark already given where it was typed (the
    note asked next explains a mark the screen did not show), and the summary names each
    item and mark as the form does, not the prompt's 「［現在: -］」 and 「ok」 as typed."""
    village.apply("somu-drive")
    term = Terminal(village, ["check", "somu-drive", "--date", "2026-03-20"])
    mark = "印［現在: -］"
    for answer in ("ok", "○", "○", "○", "○", "／"):
        term.answer(mark, answer)
    term.interrupt("申請者の備考（その印の理由）")
    assert term.end() == 130, term.screen.getvalue()

    term = Terminal(village, ["check", "somu-drive", "--date", "2026-03-20"])
    term.answer("続きから入力しますか", "")
    term.child.expect(folded("申請者の備考（その印の理由）"))
    resumed = term.screen.getvalue().split("続きから入力しますか")[-1]
    assert re.search(folded("項目1の印［現在: -］: ok"), resumed), resumed
    assert re.search(folded("項目6の印［現在: -］: ／"), resumed), resumed
    term.child.send("設立から3年未満\r")
    term.answer(mark, "")  # item 7 left for later
    term.answer(mark, "○")
    term.child.expect(folded("この印を記録しますか"))
    summary = term.screen.getvalue().split("入力した内容:")[-1]
    for line in ("1. 項目1の印: ○", "6. 項目6の印: ／", "7. 項目6の申請者の備考: 設立から3年未満"):
        assert re.search(folded(line), summary), summary
    assert re.search(folded("8. 項目7の印: 未記入"), summary), summary
    assert "［現在" not in summary and "ok" not in summary
    term.child.send("y\r")
    assert term.end() == 0, term.screen.getvalue()
    record = village.record_text("somu-drive")
    assert record.count("applicant: ok") == 6 and "note: 設立から3年未満" in record


def test_a_check_that_changes_nothing_is_not_asked_to_be_recorded(village: Village) -> None:
    """Every mark left as it was: `check` would refuse the commit, so it says so at once,
    without asking 「この印を記録しますか」 and without leaving a draft to continue."""
    village.apply("somu-drive")
    village.mark_all("somu-drive", "applicant", "yamada", "2026-03-20")
    term = Terminal(village, ["check", "somu-drive", "--date", "2026-03-20"])
    for item in range(1, 9):
        term.answer(f"項目{item}の印［現在: ○］", "○" if item == 1 else "")
    assert term.end() == 1
    screen = term.screen.getvalue()
    assert re.search(folded("somu-drive の印と備考は今のままです"), screen), screen
    assert "この印を記録しますか" not in screen and "下書き" not in screen
    assert drafts(village) == [] and village.status() == ""


def test_terminate_asks_what_the_flags_left_out(village: Village) -> None:
    village.approved()
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")
    agreement = village.write("agreement.txt", "終了の承諾")
    deletion = village.write("deletion.txt", "廃棄の証明")
    term = Terminal(
        village, ["terminate", "somu-drive", "--reason", "契約終了", "--date", "2027-03-31"], "sato"
    )
    term.answer("終了日", "令和9年3月32日")
    term.refused("という日はありません")
    term.answer("終了日", "令和9年3月31日")
    term.answer("終了時の承諾内容", str(agreement))
    term.answer("データ廃棄の証明", str(deletion))
    term.answer("終了確認書を提出しますか", "y")
    assert term.end() == 0, term.screen.getvalue()
    record = village.record_text("somu-drive")
    assert "state: terminating" in record and "end_on: '2027-03-31'" in record
