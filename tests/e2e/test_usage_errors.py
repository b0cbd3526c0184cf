"""Mistakes on the command line are answered in Japanese, with the usage line, exit 2."""

from __future__ import annotations

import re

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
        (["show"], "使い方: yakkan show [オプション] 記録ID", "記録ID を指定してください"),
        (["show", "a", "b"], "使い方: yakkan show", "余分な引数があります: b"),
        (["frobnicate"], "使い方: yakkan [オプション]", "そのコマンドはありません: frobnicate"),
        (["apporve", "x"], "使い方: yakkan", "（もしかして: approve）"),
        # click raises this one before it knows the command: no usage line to show
        (["render", "x", "--form"], None, "--form には値を続けて書いてください"),
        (["due", "--within", "abc"], "使い方: yakkan due", "--within には整数を書いてください"),
        # The English sentences click and typer write for path options and flags.
        (["-C", "yakkan.yaml", "list"], None, "-C に指定した yakkan.yaml はファイルです"),
        (["apply", "--from", "."], "使い方: yakkan apply", "--from に指定した . はフォルダです"),
        (["due", "--exit-code=3"], None, "--exit-code は値をとりません"),
        # A number far beyond any date is refused before it reaches the date arithmetic.
        (["due", "--within", "9" * 30], None, "--within は 0 以上 3660 以下の日数です"),
        (
            ["due", "--within", "9" * 5000],
            "使い方: yakkan due",
            "--within には整数を書いてください",
        ),
        # Two marks for one item: neither is kept.
        (
            ["check", "somu-drive", "--mark", "1=ok", "--mark", "1=ng"],
            None,
            "--mark 1 が二度指定されています（1=ok と 1=ng）",
        ),
        (["check", "somu-drive", "--mark", "9" * 5000 + "=ok"], None, "番号=値 の形で"),
        # A date written right that does not exist says so.
        (
            ["backup-log", "somu-drive", "--date", "2026-02-30"],
            None,
            "「2026-02-30」は存在しない日付です",
        ),
        (["render", "x", "-o", "."], "使い方: yakkan render", "はフォルダです"),
        # A global option without a command, and numbers beyond an option's bounds.
        (["-C", "."], "使い方: yakkan [オプション] コマンド", "コマンドを続けて書いてください"),
        (["--wait", "-1", "list"], "使い方: yakkan", "--wait は 0 以上で書いてください（「-1」）"),
        (["--wait", "99999", "list"], None, "--wait は 86400 以下で書いてください（「99999」）"),
        (["--wait", "nan", "list"], None, "--wait の値が正しくありません（数で書いてください）"),
        (["--wait", "abc", "list"], None, "--wait の値が正しくありません（数で書いてください）"),
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


# English words click and typer use in their usage errors: none may reach the reader.
ENGLISH = re.compile(
    r"Usage:|Error:|Missing|Invalid|No such|unexpected|requires|Input should|is not|"
    r"does not|Try '|argument|option"
)
COMMANDS = [
    "apply", "check", "attach", "edit", "approve", "reject", "withdraw", "acknowledge",
    "due", "review", "purpose-check", "backup-log", "suspend", "resume", "alert", "warn",
    "reassign", "notify", "terminate", "dispose", "show", "list", "history", "render",
    "register", "site", "audit", "verify", "validate", "fmt", "schema", "init", "lock",
    "codeowners", "doctor", "recover", "demo",
]  # fmt: skip


NEEDS_AN_ARGUMENT = {"show", "check", "approve", "history", "render", "dispose", "reassign", "demo"}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_says_its_usage_errors_in_japanese(village: Village, command: str) -> None:
    """An unknown option, a missing or extra argument, an option without its value: every
    command answers in Japanese, exit 2, whichever of them it meets first."""
    attempts = [
        [command, "--bogus"],
        [command, "--bogus=1"],
        [command, "a", "b", "c", "d", "e"],
        [command, "--date"],
        # Without its argument (a command that needs none would run: only those that do).
        *([[command]] if command in NEEDS_AN_ARGUMENT else []),
    ]
    for args in attempts:
        result = village.yakkan(*args)
        if result.code != 2:
            continue  # the command takes it (no argument needed) or refuses it otherwise
        assert result.stdout == "", args
        assert "エラー: " in result.stderr, (args, result.stderr)
        english = ENGLISH.search(result.stderr.replace("yakkan", ""))
        assert english is None, (args, result.stderr)
