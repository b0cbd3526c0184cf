"""`show`'s blocks folded for a terminal (cli/story.py): no line wider than the screen."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from yakkan_cli.cli.story.block import Block
from yakkan_cli.cli.story.page import _block_lines

# The reason `approve` gives without the jurisdiction: its hanging lines ran two columns past
# the screen, and the terminal put their last character (「:」) alone on the next line.
REASON = (
    "準拠法・裁判管轄・データの保存国（service.jurisdiction）が記録されていません。"
    "約款とアカウントの設定で確かめ、yakkan edit somu-mail で記録してください（例: "
    "--set 'service.jurisdiction={governing_law: 日本法, court: 東京地方裁判所, "
    "provider_country: JP, storage_countries: [JP], checked_on: 2026-12-01}'）"
)
STEP = (
    "自治体機密性2以上の手続きの記録（ISMAP の一覧が古い。ISMAP のポータルから新しく保存して"
    "取り込む: yakkan ismap import ファイル --list ismap --retrieved 取得日）: 田中 一郎"
)
CHECK = "1. ○ ○ " + "本村とサービス事業者間の通信方式はHTTPS等の暗号化が施されているか？" * 3


@pytest.mark.parametrize("width", [60, 79, 80, 81, 100])
@pytest.mark.parametrize("line", [REASON, STEP, CHECK, f"{CHECK}\n申請者の備考: {REASON}"])
def test_no_folded_line_is_wider_than_the_terminal(line: str, width: int) -> None:
    block = Block("承認できない理由", fields=[("ISMAP", REASON)], lines=[line])
    shown = [text for text, _style in _block_lines([block], True, width)]
    assert all(cell_len(text) <= width for text in shown), [t for t in shown if cell_len(t) > width]
    # Nothing is lost to the folding.
    folded = "".join(text.strip() for text in shown).replace(" ", "")
    assert line.replace("\n", "").replace(" ", "") in folded
