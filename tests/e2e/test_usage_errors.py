"""Mistakes on the command line are answered in Japanese, with the usage line, exit 2."""

from __future__ import annotations

import pytest

from tests.village import Village


@pytest.mark.parametrize(
    ("args", "usage", "message"),
    [
        (
            ["--badopt"],
            "使い方: yakkan [オプション] コマンド",
            "--badopt というオプションはありません",
        ),
        (["list", "--stat", "x"], "使い方: yakkan list", "（もしかして: --state）"),
        (["show"], "使い方: yakkan show [オプション] ID", "ID を指定してください"),
        (["show", "a", "b"], "使い方: yakkan show", "余分な引数があります: b"),
        (["frobnicate"], "使い方: yakkan [オプション]", "そのコマンドはありません: frobnicate"),
        (["apporve", "x"], "使い方: yakkan", "（もしかして: approve）"),
        # click raises this one before it knows the command: no usage line to show
        (["render", "x", "--form"], None, "--form には値を続けて書いてください"),
        (
            ["due", "--within", "abc"],
            "使い方: yakkan due",
            "--within の値が正しくありません（整数で",
        ),
        (["render", "x", "-o", "."], "使い方: yakkan render", "はフォルダです"),
    ],
)
def test_usage_errors_speak_japanese(
    village: Village, args: list[str], usage: str | None, message: str
) -> None:
    result = village.yakkan(*args)
    assert result.code == 2
    assert result.stdout == ""
    if usage is not None:
        assert usage in result.stderr
    assert (
        "エラー: " + message.split("（もしかして")[0] in result.stderr or message in result.stderr
    )
    assert message in result.stderr
    assert "Usage:" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["due", "--help"], ["check", "-h"]])
def test_help_pages_speak_japanese(village: Village, args: list[str]) -> None:
    result = village.yakkan(*args)
    assert result.code == 0
    assert result.stdout.startswith("使い方: yakkan")
    assert "オプション:" in result.stdout
    assert "この説明を表示して終わる" in result.stdout
    for english in ("Usage:", "Options:", "Commands:", "Show this message"):
        assert english not in result.stdout
