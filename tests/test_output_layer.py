"""The output layer's pure parts: escaping controls, wrapping by display width, fitting rows."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from yakkan_cli.cli.layout import _fit, wrap
from yakkan_cli.cli.output import visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Box [/x]", "Box [/x]"),  # markup is not a control: printed as written
        ("a\x1b]0;t\x07b", "a\\x1b]0;t\\x07b"),
        ("\x1b[2J", "\\x1b[2J"),
        ("csi\x9b", "csi\\x9b"),  # C1
        ("del\x7f", "del\\x7f"),
        ("rtl\u202eevil", "rtl\\u202eevil"),  # a bidi override that reorders what follows
        ("tab\there", "tab\\x09here"),
        ("二行\n目", "二行\n目"),  # multi-line text keeps its lines
        ("総務課", "総務課"),
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_visible_on_one_line() -> None:
    assert visible("a\nb", newlines=False) == "a\\x0ab"


@pytest.mark.parametrize("width", [10, 21, 40, 78])
@pytest.mark.parametrize(
    "text",
    [
        "見直し（S6.1、四半期）を記録する。--overseas なら同じコミットで停止（S6.2）。",
        "担当: 鈴木 次郎　総務課　令和8年11月4日　LINE WORKS 株式会社 LINE WORKS（フリープラン）",
        "attachments/somu-google-drive/somu-google-drive-signup.txt を添付しました。",
    ],
)
def test_wrap_fits_loses_nothing_and_keeps_words(text: str, width: int) -> None:
    lines = wrap(text, width)
    for line in lines:
        assert cell_len(line) <= width
        assert not line.startswith(("。", "、", "）")), lines  # no lone closing mark
    joined = "".join(lines).replace(" ", "").replace("\u3000", "")
    assert joined == text.replace(" ", "").replace("\u3000", "")
    for word in ("--overseas", "LINE", "WORKS", "令和8年11月4日", "S6.2"):
        if word in text and cell_len(word) <= width:
            assert any(word in line for line in lines), (word, lines)


def test_fit_moves_a_cell_to_the_next_line_instead_of_splitting_it() -> None:
    cells = ["2026-11-04", "16日超過", "somu-a-rather-long-service-id", "リスク説明の確認"]
    lines = _fit(cells, 40)
    for cell in cells:
        assert any(cell in line for line in lines)
    assert all(cell_len(line) <= 40 for line in lines)
    assert _fit(cells, 200) == ["  ".join(cells)]
