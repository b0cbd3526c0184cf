"""The whole hand-off of the full track of 自治体機密性 (issue 22), walked by the village's people
at a terminal of 80×24, in one village: the security administrator imports the ISMAP list; the
clerk applies for a service handling 自治体機密性2 information and marks the eight checks; the
responsible manager double-checks seeing the clerk's marks and notes, and approves through the
full track's gate; the administrator confirms the risks; the list grows old in `due`; another
service is reclassified onto the full track; the service ends with proof of deletion.

Each screen is read as the next person reads it: every line fits 80 columns, and 次の手順 names
that person and the command they type next; `due` shows the task to the one who does it.
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from tests.e2e.test_interactive import Terminal, folded
from tests.terminal import on_a_terminal
from tests.village import Village

SETUP = """\
classification: {scheme: jichitai}
security_administrators: [tanaka]
"""
ID = "somu-mail"
NOTE = "設立から3年未満で実績がない"
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


def lines_of(screen: str) -> list[str]:
    """The screen's lines as a person sees them (the line editor's escapes taken out)."""
    return ESCAPES.sub("", screen).split("\n")


def read(screen: str, *, next_person: str, command: str) -> str:
    """What the command printed after its last question fits 80 columns, and its 次の手順
    names `next_person` and `command`."""
    # The line editor redraws its line in place; what follows it is printed as is.
    shown = lines_of(screen.split("\x1b[?2004l")[-1])
    wide = [line for line in shown if cell_len(line) > 80]
    assert not wide, screen
    assert "Traceback" not in screen and "内部エラー" not in screen, screen
    steps = "\n".join(shown).split("次の手順:")
    assert len(steps) > 1, screen
    told = steps[-1]
    assert f"・{next_person}" in told or f"、{next_person}" in told, told
    assert re.search(rf"^\s+{re.escape(command)}\s*$", told, re.MULTILINE), told
    return told


def at_terminal(v: Village, person: str, day: str, *args: str) -> str:
    """A command that asks nothing, on a terminal of 80 columns, as `person` on `day`."""
    screen = on_a_terminal(v.path, v._env(person, f"{day}T10:00:00+09:00"), *args)
    assert all(cell_len(line) <= 80 for line in screen.splitlines()), screen
    return screen


def done(term: Terminal) -> str:
    status = term.end()
    screen = term.screen.getvalue()
    assert status == 0, screen
    return screen


@pytest.fixture
def village(village: Village) -> Village:
    # A service in use since before the village moved to 自治体機密性 (on 重要性分類).
    village.approved("somu-drive", date="2026-04-01")
    village.ok("acknowledge", "somu-drive", "--date", "2026-04-02", as_="suzuki")
    village.append("yakkan.yaml", SETUP)
    village.hand_commit("tanaka", "自治体機密性で分類し、情報セキュリティ管理者を置く")
    rows = [
        "ISMAPクラウドサービスリスト（2026年12月1日現在）",
        "",
        "登録番号,クラウドサービス名称,事業者名,登録日,有効期限,備考",
        "C21-0012-2,クラウドメール Pro,株式会社 南風,2022/04/01,2027/08/31,",
        "C22-0100-1,ファイル共有サービス,美ら海システム株式会社,2022/09/01,令和9年3月31日,",
    ]
    (village.files / "ismap.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("cp932"))
    (village.files / "deletion.png").write_bytes(b"\x89PNG\r\n\x1a\n deletion proof")
    (village.files / "agreement.pdf").write_bytes(b"%PDF-1.4 agreement")
    return village


def test_the_full_track_handed_from_person_to_person(village: Village) -> None:
    v = village
    # --- 田中 一郎 (security administrator) imports the list saved from the portal.
    screen = at_terminal(
        v, "tanaka", "2026-12-07", "ismap", "import", str(v.files / "ismap.csv"),
        "--list", "ismap", "--retrieved", "2026-12-01",
    )  # fmt: skip
    assert "ISMAP クラウドサービスリスト を取り込みました（2026-12-01 取得、2 件）" in screen
    read(screen, next_person="田中 一郎", command="yakkan ismap check")

    # --- 山田 太郎 (clerk) applies at the terminal; 「2」 at the class is 自治体機密性2.
    term = Terminal(v, ["apply", "--date", "2026-12-07"], "yamada")
    for prompt, answer in (
        ("記録 ID", ID),
        ("利用する課", "総務課"),
        ("提供会社名", "株式会社 南風"),
        ("提供サービス名", "クラウドメール Pro"),
        ("サービス内容", "住民からの問い合わせメールを受ける"),
        ("サービスの種別", "電子メール"),
        ("約款の URL", ""),
        ("データの保存場所", "国内"),
        ("利用目的", "問い合わせ窓口"),
        ("利用期間の開始日", "令和8年12月15日"),
        ("利用期間の終了日", ""),
        ("サービス管理担当者", "鈴木 次郎"),
        ("取り扱う情報の種類", "問い合わせ内容"),
        ("その情報の自治体機密性（一覧の名前で）", "2"),
        ("個人情報を含みますか", "はい"),
        ("取り扱う情報の種類", ""),
        ("利用者", "総務課 職員"),
        ("利用者", ""),
        ("合計人数", "5"),
        ("代替サービス", "庁内メールサーバ"),
        ("ISMAP クラウドサービスリストへの登録（番号か名前）", "1"),
        ("登録番号", "C21-0012-2"),
    ):
        term.answer(prompt, answer)
    # The number is looked up in the list just imported, before the next question.
    term.child.expect(folded("一覧では クラウドメール Pro（株式会社 南風）、2027-08-31 まで有効"))
    for prompt, answer in (
        ("準拠法（空欄なら 日本法）", ""),
        ("合意管轄の裁判所", "那覇地方裁判所"),
        ("提供会社の国", ""),
        ("データを保存する国", ""),
        ("これらを確かめた日", ""),
        ("利用申請時の申請内容", "~/signup.png"),
        ("サービス約款", "~/terms.pdf"),
        ("ほかの添付の種類", "1"),
    ):
        term.answer(prompt, answer)
    term.child.expect(folded("この内容で申請しますか"))
    summary = lines_of(term.screen.getvalue().split("入力した内容:")[-1])
    # The summary says what will be recorded, the defaults taken as what they stand for.
    assert any(re.search(r"準拠法.*: 日本法$", line) for line in summary), summary
    assert any(re.search(r"データを保存する国.*: JP$", line) for line in summary), summary
    term.child.send("y\r")
    read(done(term), next_person="山田 太郎", command=f"yakkan check {ID}")
    record = v.record_text(ID)
    assert "scheme: jichitai" in record and "class: 2\n" in record
    assert "list: ismap\n    registration: C21-0012-2" in record
    assert "governing_law: 日本法\n    court: 那覇地方裁判所" in record

    # --- 山田 太郎 marks the applicant's column: ／ on item 6, with its reason.
    term = Terminal(v, ["check", ID, "--date", "2026-12-07"], "yamada")
    for item in range(1, 9):
        term.answer(f"項目{item}の印", "／" if item == 6 else "○")
        if item == 6:
            term.answer("申請者の備考（その印の理由）", NOTE)
    term.answer("この印を記録しますか", "y")
    read(done(term), next_person="佐藤 花子", command=f"yakkan check {ID}")

    # --- 佐藤 花子 (responsible manager) double-checks, seeing the clerk's mark and note.
    term = Terminal(v, ["check", ID, "--date", "2026-12-08"], "sato")
    for item in range(1, 9):
        term.child.expect(folded(f"項目{item}の印"))
        if item == 6:
            seen = lines_of(term.screen.getvalue().split("6. 過去3年間")[-1])
            assert any(line.strip() == "申請者の印: ／" for line in seen), seen
            assert any(line.strip() == f"申請者の備考: {NOTE}" for line in seen), seen
        term.child.send("／\r" if item == 6 else "○\r")
    term.answer("この印を記録しますか", "y")
    read(done(term), next_person="佐藤 花子", command=f"yakkan approve {ID}")
    screen = at_terminal(v, "sato", "2026-12-08", "due", "--mine")
    assert re.search(rf"{ID}\s+承認", screen), screen

    # --- 佐藤 花子 approves: the full track's gate passes (list, jurisdiction, storage).
    term = Terminal(v, ["approve", ID, "--date", "2026-12-08"], "sato")
    # Told with the question: what the gate vouches for, as the list and the clerk have it.
    for told in (
        "ISMAP: 登録番号 C21-0012-2（クラウドメール Pro、株式会社 南風）は ISMAP の一覧"
        "（2026-12-01 取得）で 2027-08-31 まで有効",
        "準拠法・裁判管轄: 日本法、那覇地方裁判所（保存国 JP、2026-12-07 確認）",
    ):
        term.child.expect(folded(told))
    term.answer("よろしいですか", "はい")
    read(done(term), next_person="鈴木 次郎", command=f"yakkan acknowledge {ID}")
    assert "track: full" in v.record_text(ID)

    # --- 鈴木 次郎 (administrator) confirms the risks; then the periodic tasks are his.
    term = Terminal(v, ["acknowledge", ID, "--date", "2026-12-09"], "suzuki")
    term.answer("「理解しました」と入力", "理解しました")
    read(done(term), next_person="鈴木 次郎", command="yakkan due --mine")

    # --- The list grows old: due tells the security administrator, and no one else.
    screen = at_terminal(v, "tanaka", "2027-02-20", "due", "--mine")
    assert re.search(r"2027-03-01\s+あと9日\s+ismap\s+ISMAP の一覧の取り込み直し", screen), screen
    assert "ISMAP の一覧" in screen and "2026-12-01 に取得した一覧" in screen
    assert "取り込み直し" not in at_terminal(v, "sato", "2027-02-20", "due", "--mine")

    # --- 佐藤 花子 reclassifies the older service onto 自治体機密性: it comes onto the full
    # track without an approval on it, and she decides what happens to it.
    term = Terminal(v, ["reclassify", "somu-drive", "--date", "2027-02-20"], "sato")
    term.answer("新しい分類（3A・3B・3C・2・1）", "2")
    term.answer("よろしいですか", "はい")
    read(done(term), next_person="佐藤 花子", command="yakkan terminate somu-drive")
    screen = at_terminal(v, "sato", "2027-02-20", "due", "--mine")
    assert re.search(r"somu-drive\s+自治体機密性2以上の手続きの確認", screen), screen

    # --- 鈴木 次郎 ends the service, with the provider's proof of deletion.
    term = Terminal(v, ["terminate", ID, "--date", "2027-03-31"], "suzuki")
    term.answer("終了理由", "庁内メールサーバへ移行するため")
    term.answer("終了日", "令和9年3月31日")
    term.answer("終了時の承諾内容", "~/agreement.pdf")
    term.answer("データ廃棄の証明", "~/deletion.png")
    term.answer("終了確認書を提出しますか", "y")
    read(done(term), next_person="鈴木 次郎", command=f"yakkan check {ID}")
    marks = [arg for n in range(1, 5) for arg in ("--mark", f"{n}=ok")]
    said = at_terminal(v, "suzuki", "2027-03-31", "check", ID, *marks)
    read(said, next_person="佐藤 花子", command=f"yakkan check {ID}")
    said = at_terminal(v, "sato", "2027-03-31", "check", ID, *marks)
    read(said, next_person="佐藤 花子", command=f"yakkan approve {ID}")
    term = Terminal(v, ["approve", ID, "--date", "2027-03-31"], "sato")
    term.answer("よろしいですか", "はい")
    read(done(term), next_person="佐藤 花子", command=f"yakkan dispose {ID}")
    record = v.record_text(ID)
    assert "state: terminated" in record and "kind: deletion" in record
