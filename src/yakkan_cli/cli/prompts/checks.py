"""Parsers of free answers: each returns the value or raises ValueError saying why not."""

from __future__ import annotations

from pathlib import Path

from yakkan_cli.messages import t


def any_text(text: str) -> str:
    return text


def required(text: str) -> str:
    if not text:
        raise ValueError(t("prompt.required"))
    return text


def a_file(text: str) -> Path:
    """An existing file; `~` is the home folder, as in the shell."""
    if not text:
        raise ValueError(t("prompt.required"))
    path = Path(text).expanduser()
    if path.is_dir():
        raise ValueError(t("prompt.is_folder", path=text))
    if not path.is_file():
        raise ValueError(t("prompt.no_file", path=text))
    return path


def optional_file(text: str) -> Path | None:
    return a_file(text) if text else None
