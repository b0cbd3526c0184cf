"""cli/usage.py: click's usage errors said from the catalog, never in click's English."""

from __future__ import annotations

import sys

import pytest
import typer

from yakkan_cli.cli.usage import describe

# The click typer runs on (its vendored copy or click itself), as cli/main.py finds it.
_click = sys.modules[typer.BadParameter.__module__]


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (_click.UsageError("Missing command."), "コマンドを続けて書いてください"),
        (_click.NoSuchOption("--bogus"), "--bogus というオプションはありません"),
        (_click.UsageError("Got unexpected extra arguments (b c)"), "余分な引数があります: b c"),
        # A sentence click may add one day: general Japanese words, not its English.
        (
            _click.UsageError("Option '--x' requires 2 arguments."),
            "コマンドラインを読めません。書き方は -h で確かめてください",
        ),
        (
            _click.BadParameter("Something entirely new."),
            "の値が正しくありません（この値は使えません。-h で書き方を確認してください）",
        ),
    ],
)
def test_usage_errors_are_said_from_the_catalog(exc: Exception, expected: str) -> None:
    said = describe(exc)
    assert expected in said
    assert not any(word in said for word in ("Missing", "requires", "Something", "Option"))
