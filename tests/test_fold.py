"""forms.fold, the one way text meets a terminal's width (issue 18 item 7): a table of
texts and the lines a reader should see, and the rules every fold keeps."""

from __future__ import annotations

import pytest

from yakkan_cli.forms.fold import NO_END, NO_START, fold, width_of

# Sentences of the catalog are long by nature; they are data here.
# ruff: noqa: E501

STEP = "  ・佐藤 花子、田中 一郎: 責任者欄の印を付ける（項目 1、2、3、4、5、6、7、8）（yakkan check somu-box）"


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # what fits stays as it is
        ("記録を作りました", 80, ["記録を作りました"]),
        ("", 80, [""]),
        ("一行目\n二行目", 80, ["一行目", "二行目"]),
        # between Japanese phrases (BudouX), not between any two characters
        (
            "利用責任者がダブルチェックしてください。承認できない理由は次のとおりです",
            30,
            [
                "利用責任者が",
                "ダブルチェックしてください。",
                "承認できない理由は次の",
                "とおりです",
            ],
        ),
        # at spaces between words; an ASCII word is never cut
        ("the quick brown fox jumps over", 12, ["the quick", "brown fox", "jumps over"]),
        # a phrase in brackets goes down whole, its 「（」 with it
        (
            "エラー: 山田 太郎 さんは somu-box の approve をする立場にありません（利用責任者だけができます）",
            80,
            [
                "エラー: 山田 太郎 さんは somu-box の approve をする立場にありません",
                "（利用責任者だけができます）",
            ],
        ),
        # a date and a numbered article stay whole
        (
            "見直しの期限は令和8年11月4日です",
            20,
            ["見直しの期限は", "令和8年11月4日です"],
        ),
        # a command inside a sentence is never broken, and takes its brackets with it
        (
            "記録「nope」が見つかりません（yakkan list --state applied で ID を確認してください）",
            40,
            [
                "記録「nope」が見つかりません",
                "（yakkan list --state applied で ID を",
                "確認してください）",
            ],
        ),
        # a step of 次の手順: its command stands whole on its own line, under the item
        (
            STEP,
            80,
            [
                "  ・佐藤 花子、田中 一郎: 責任者欄の印を付ける（項目 1、2、3、4、5、6、7、8）",
                "      yakkan check somu-box",
            ],
        ),
        # a list item hangs past its 「・」
        (
            "  ・添付「利用申請時の申請内容」がありません。添付してから承認してください",
            40,
            [
                "  ・添付「利用申請時の申請内容」が",
                "    ありません。添付してから",
                "    承認してください",
            ],
        ),
        # a refusal under a question hangs past its arrow
        (
            "  → 「鈴木」という職員は複数います。どの人か、名前まで書いてください（鈴木 次郎（suzuki）、鈴木 三郎（suzuki3））",
            60,
            [
                "  → 「鈴木」という職員は複数います。どの人か、名前まで",
                "    書いてください（鈴木 次郎（suzuki）、鈴木 三郎",
                "    （suzuki3））",
            ],
        ),
        # only a piece wider than the whole line is cut, and never before a closing mark
        (
            "attachments/somu-google-drive/somu-google-drive-signup.txt",
            24,
            ["attachments/somu-google-", "drive/somu-google-drive-", "signup.txt"],
        ),
        # a bracket wider than a line begins where it stands and breaks after a 「・」
        (
            "期限切れ・近日期限の作業（見直し・バックアップ・目的確認・リスク確認・承認・決定・利用期間・注意喚起・ISMAP など）を一覧する。",
            61,
            [
                "期限切れ・近日期限の作業（見直し・バックアップ・目的確認・",
                "リスク確認・承認・決定・利用期間・注意喚起・ISMAP など）を",
                "一覧する。",
            ],
        ),
        # a path begins on a line of its own and breaks after its 「/」 or 「-」
        (
            "添付: attachments/somu-google-drive/somu-google-drive-signup.txt",
            24,
            ["添付:", "attachments/somu-google-", "drive/somu-google-drive-", "signup.txt"],
        ),
        (
            "ダブルチェックシテクダサイマセマセマセ。",
            20,
            ["ダブルチェックシテク", "ダサイマセマセマセ。"],
        ),
        # a numbered item hangs past its number: a check's question, a risk, a summary line
        (
            "8. サービス提供事業者の従事者に対する守秘義務、目的外でのデータ利用の禁止、罰則規定等が明確になっているか？",
            60,
            [
                "8. サービス提供事業者の従事者に対する守秘義務、目的外での",
                "   データ利用の禁止、罰則規定等が明確になっているか？",
            ],
        ),
        (
            " 28. 添付「利用申請時の申請内容」のファイル: ~/signup.png",
            40,
            [" 28. 添付「利用申請時の申請内容」の", "     ファイル: ~/signup.png"],
        ),
        # 禁則 between phrases: no line begins with 「、」「。」「）」
        ("確認しました、承認しました。", 14, ["確認しました、", "承認しました。"]),
        # a full-width space parts fields like a space
        (
            "担当: 鈴木 次郎　総務課　令和8年11月4日　LINE WORKS",
            18,
            ["担当: 鈴木 次郎", "総務課", "令和8年11月4日", "LINE WORKS"],
        ),
    ],
)
def test_fold(text: str, width: int, lines: list[str]) -> None:
    assert fold(text, width) == lines


SENTENCES = [
    STEP,
    "エラー: somu-box は「承認済（リスク説明の確認待ち）」なので dispose はできません（できる状態: 終了、却下、取下げ）",
    "担当: 鈴木 次郎　総務課　令和8年11月4日　LINE WORKS 株式会社 LINE WORKS（フリープラン）",
    "見直し（S6.1、四半期）を記録する。--overseas なら同じコミットで停止（S6.2）。",
    "エラー: /tmp/pytest-of-root/pytest-15/fit0/files/broken.yaml:2:1: YAML として読めません（while parsing a flow sequence: did not find expected ',' or ']'）",
    "  ・山田 太郎: 添付「利用申請時の申請内容」を付ける（yakkan attach somu-box signup=ファイル）",
]


@pytest.mark.parametrize("width", [20, 33, 40, 57, 80])
@pytest.mark.parametrize("text", SENTENCES)
def test_every_fold_fits_keeps_kinsoku_and_loses_nothing(text: str, width: int) -> None:
    lines = fold(text, width)
    for line in lines:
        assert width_of(line) <= width, lines
        assert line.rstrip()[-1:] not in NO_END, lines
    for line in lines[1:]:
        assert line.lstrip()[:1] not in NO_START, lines
    said = "".join(text.split()).replace("（yakkan", "yakkan").replace("）", "")
    assert "".join("".join(lines).split()).replace("（yakkan", "yakkan").replace("）", "") == said
    for word in ("somu-box", "--overseas", "LINE", "令和8年11月4日", "S6.2", "signup=ファイル"):
        if word in text and width_of(word) <= width - 6:
            assert any(word in line for line in lines), (word, lines)


def test_width_is_display_width() -> None:
    assert width_of("総務課") == 6
    assert width_of("○×") == 2
    assert width_of("abc") == 3
