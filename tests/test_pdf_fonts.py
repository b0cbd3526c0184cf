"""The faces every PDF is set in come with the install (issue 21.3): they hold every
character yakkan prints and every character of JIS X 0208 a clerk may type, and a broken
install is named, file by file. Read with fontTools, without the PDF engine; what is drawn
is looked at in tests/e2e/test_pdf_fonts.py."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from yakkan_cli.forms.fonts import (
    FACES,
    FONT_FOLDER,
    bundled_characters,
    font_faces,
    in_jis_x_0208,
    not_in_bundled_faces,
    outside,
    undrawable,
    unusable_fonts,
)
from yakkan_cli.forms.words import MARKS
from yakkan_cli.messages import MESSAGES

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
FILES = sorted({face.file for face in FACES})


@cache
def characters(name: str) -> frozenset[int]:
    return frozenset(TTFont(FONT_FOLDER / name, lazy=True).getBestCmap())


def jis_x_0208() -> set[str]:
    """Every character of JIS X 0208 (levels 1 and 2 of kanji, kana, symbols)."""
    found: set[str] = set()
    for first in range(0xA1, 0xFF):
        for second in range(0xA1, 0xFF):
            try:
                found.add(bytes((first, second)).decode("euc_jp"))
            except UnicodeDecodeError:
                continue
    return found


@pytest.mark.parametrize("name", FILES)
def test_every_character_yakkan_prints_is_in_each_face(name: str) -> None:
    printed = set("".join(MESSAGES.values()))
    for template in TEMPLATES.rglob("*.j2"):
        printed |= set(template.read_text("utf-8"))
    printed |= {choice.label for choice in MARKS}  # ○ × ／, never drawn as ●
    printed -= set("\n\r\t")
    missing = sorted(c for c in printed if ord(c) not in characters(name))
    assert not missing, f"{name} lacks {''.join(missing)!r}"


@pytest.mark.parametrize("name", FILES)
def test_every_character_of_jis_x_0208_is_in_each_face(name: str) -> None:
    table = jis_x_0208()
    assert len(table) == 6879  # the standard's count: the table is whole
    assert all(in_jis_x_0208(c) for c in table)  # undrawable's shortcut knows it so
    assert not in_jis_x_0208("①") and not in_jis_x_0208("ｱ")
    missing = sorted(c for c in table if ord(c) not in characters(name))
    assert not missing, f"{name} lacks {''.join(missing[:20])!r}"


def test_the_faces_draw_the_same_characters() -> None:
    """`bundled_characters` reads one face's table for all of them."""
    tables = {characters(name) for name in FILES}
    assert len(tables) == 1
    assert bundled_characters() == characters(FACES[0].file)


@pytest.mark.parametrize(
    ("text", "have", "named"),
    [
        ("申請書", "申請書", []),
        ("申請書♞と😀と♞", "申請書と", ["♞", "😀"]),  # each once, in order
        ("ASCII only: <b>&amp;</b>", "", []),  # every face has ASCII
        ("改行\nと\tタブ", "改行とタブ", []),  # controls are not drawn
        ("ZWJ\u200dと\u200f印\u2028", "ZWJと印", []),  # format, separator: read, not drawn
        ("葛\U000e0100", "葛", []),  # a variation selector picks a glyph, draws none
        ("©\ufe0f", "©", ["\ufe0f"]),  # but the emoji one sends Pango to an emoji font
        ("©\ufe0e", "©", []),  # the text one keeps the page's
        ("\ue000", "", ["\ue000"]),
    ],
)
def test_what_is_outside_a_face(text: str, have: str, named: list[str]) -> None:
    assert outside(text, frozenset(map(ord, have))) == named


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("申請書 ○×／ ① 髙 ｱ — 令和８年\u3000 ЖΩé€", []),
        ("ZWJ\u200dと異体字セレクタ葛\U000e0100", []),
        # An installed font has these (DejaVu the chess knight, Noto CJK 𠮷, an emoji
        # font the face): a PDF must not depend on it, so they are named.
        ("♞ 吉野の𠮷 😀", ["♞", "𠮷", "😀"]),
        ("\u200fשלום\u200e", list("שלום")),
        ("記録\ue000です\ue000", ["\ue000"]),  # a gaiji, in no font at all
    ],
)
def test_what_the_bundled_faces_lack_is_named(text: str, named: list[str]) -> None:
    assert not_in_bundled_faces(text) == named
    # fontconfig is asked only for a broken install, whose installed fonts stand in.
    assert undrawable(text) == []


def test_the_licence_travels_with_the_faces() -> None:
    licence = (FONT_FOLDER / "OFL.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "BIZ UDMincho Project Authors" in licence and "BIZ UDGothic" in licence
    for name in FILES:  # unmodified, as the licence's notice in each file says
        notice = TTFont(FONT_FOLDER / name, lazy=True)["name"].getDebugName(13) or ""
        assert "SIL Open Font License, Version 1.1" in notice, name


def test_a_whole_install_has_every_face_and_names_each_in_a_font_face() -> None:
    assert unusable_fonts() == []
    rules = font_faces()
    for face in FACES:
        assert (FONT_FOLDER / face.file).as_uri() in rules
    assert rules.count("@font-face") == len(FACES)


def test_a_missing_or_damaged_face_is_named_and_the_faces_left_out(tmp_path: Path) -> None:
    mincho, *others = FILES[::-1]  # BIZUDMincho-Regular.ttf first
    assert mincho.startswith("BIZUDMincho")
    for name in others:
        (tmp_path / name).write_bytes((FONT_FOLDER / name).read_bytes()[:64])
    assert unusable_fonts(tmp_path) == [mincho]
    (tmp_path / mincho).write_bytes(b"<html>not a font</html>")
    assert unusable_fonts(tmp_path) == [mincho]
    damaged = others[0]
    (tmp_path / damaged).write_bytes(b"")
    assert set(unusable_fonts(tmp_path)) == {mincho, damaged}
    # None of them is given then: the other weight of a family would stand in for the lost
    # one (a page all in bold), where the system's fonts set it alike.
    assert font_faces(tmp_path) == ""
