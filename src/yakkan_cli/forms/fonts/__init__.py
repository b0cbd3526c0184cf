"""The faces every PDF is set in, shipped beside this module (README.md says which, whence
and under what licence), and what the machine's fontconfig can draw besides.

WeasyPrint is given the faces by `@font-face` (`font_faces`); before a PDF is laid out,
`not_in_bundled_faces` names any character they lack, which an installed font would draw
in their place (a PDF differing from machine to machine) or nothing would (□ while the text
layer still read right). Only where the bundled files are broken does an installed Japanese
font stand in, and then `undrawable` names what no font has.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

FONT_FOLDER = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Face:
    """One `@font-face` of the PDF: a family the templates name, a weight, a bundled file."""

    family: str
    weight: int
    file: str


FACES = (
    Face("yakkan Mincho", 400, "BIZUDMincho-Regular.ttf"),
    # BIZ UD明朝 has no bold; Japanese forms set bold (titles, the stamp) in ゴシック.
    Face("yakkan Mincho", 700, "BIZUDGothic-Bold.ttf"),
    Face("yakkan Gothic", 400, "BIZUDGothic-Regular.ttf"),
    Face("yakkan Gothic", 700, "BIZUDGothic-Bold.ttf"),
)
"""The bundled faces, under names no installed font has: fontconfig never picks a system
copy of another version in their place, so the PDF is the same bytes on every machine."""

_FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true")


def unusable_fonts(folder: Path = FONT_FOLDER) -> list[str]:
    """The bundled font files that are missing or not a font (a broken install)."""
    bad: list[str] = []
    for name in dict.fromkeys(face.file for face in FACES):
        try:
            with (folder / name).open("rb") as handle:
                usable = handle.read(4) in _FONT_MAGIC
        except OSError:
            usable = False
        if not usable:
            bad.append(name)
    return bad


def font_faces(folder: Path = FONT_FOLDER) -> str:
    """`@font-face` rules for the bundled faces; none if one is unusable: its family's other
    weight would stand in for it (every word in bold), where the system's fonts, named next
    in the templates, set the whole page alike."""
    if unusable_fonts(folder):
        return ""
    # as_uri() percent-encodes quotes and spaces: the URL is safe inside url("…").
    return "".join(
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight};'
        f' src: url("{(folder / face.file).as_uri()}"); }}\n'
        for face in FACES
    )


@functools.cache
def bundled_characters(folder: Path = FONT_FOLDER) -> frozenset[int]:
    """The code points the bundled faces draw; none where the files are unusable. The faces
    draw the same characters (tests/test_pdf_fonts.py), so one table is read."""
    if unusable_fonts(folder):
        return frozenset()
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

    return frozenset(TTFont(folder / FACES[0].file, lazy=True).getBestCmap())


EMOJI_PRESENTATION = "\ufe0f"  # VARIATION SELECTOR-16


def printed_characters(text: str) -> list[str]:
    """The characters of `text` a font must draw: not ASCII (every face has it), not a
    control, format or line-separator character, not a variation selector (the engine
    reads those, it draws none) but the emoji one: Pango itemizes a character before
    U+FE0F as an emoji and may take it from the machine's emoji font instead of the page's
    («©️»), so it is named and refused like a character the faces lack (they have none)."""
    found: list[str] = []
    for char in dict.fromkeys(text):
        if ord(char) < 0x80 or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            continue
        if char != EMOJI_PRESENTATION and "VARIATION SELECTOR" in unicodedata.name(char, ""):
            continue
        found.append(char)
    return found


def in_jis_x_0208(char: str) -> bool:
    """Is `char` one of JIS X 0208's (kanji of levels 1 and 2, kana, full-width symbols)?"""
    try:
        encoded = char.encode("euc_jp")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and encoded[0] >= 0xA1  # not half-width kana, not JIS X 0212


def outside(text: str, have: frozenset[int]) -> list[str]:
    """The characters of `text` a font must draw (`printed_characters`) that are not among
    the code points `have`, each once, in the order they first appear."""
    return [c for c in printed_characters(text) if ord(c) not in have]


def not_in_bundled_faces(text: str) -> list[str]:
    """The characters of `text` the bundled faces cannot draw; none where the faces are
    unusable (a broken install: `undrawable` judges then).

    A PDF is set in the bundled faces only. Where they lack a character, Pango would take
    it from whichever installed font has it (an emoji font, DejaVu's ♞, Noto's 𠮷): a
    PDF that differs from machine to machine, and on a machine without that font prints
    □. So such a character is refused, whatever this machine has."""
    if unusable_fonts():
        return []
    # JIS X 0208 is in every face (tests/test_pdf_fonts.py): only a character outside it
    # costs reading a face's table (a fifth of a second), once per process.
    rest = "".join(c for c in printed_characters(text) if not in_jis_x_0208(c))
    return outside(rest, bundled_characters()) if rest else []


def undrawable(text: str) -> list[str]:
    """Where the bundled faces are unusable and an installed Japanese font stands in: the
    characters of `text` no font fontconfig knows can draw, each would print as □. Empty
    where fontconfig cannot be asked, and where the faces are whole (`not_in_bundled_faces`
    judges then)."""
    if not unusable_fonts():
        return []
    missing = printed_characters(text)
    if not missing:
        return []
    counts = fonts_covering(*(f":charset={ord(c):x}" for c in missing))
    if counts is None:
        return []
    return [c for c, count in zip(missing, counts, strict=True) if count == 0]


def fonts_covering(*patterns: str) -> tuple[int, ...] | None:
    """How many fonts fontconfig (which WeasyPrint lays text out with) knows that match each
    of `patterns` (":lang=ja", ":charset=1f600"), or None where it cannot be asked."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("fontconfig") or ctypes.util.find_library("fontconfig-1")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None

    class FontSet(ctypes.Structure):
        _fields_: ClassVar[list[tuple[str, Any]]] = [
            ("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.c_void_p)
        ]  # fmt: skip

    lib.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    lib.FcNameParse.restype = ctypes.c_void_p
    lib.FcNameParse.argtypes = [ctypes.c_char_p]
    lib.FcObjectSetBuild.restype = ctypes.c_void_p
    lib.FcFontList.restype = ctypes.POINTER(FontSet)
    lib.FcFontList.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    lib.FcFontSetDestroy.argtypes = [ctypes.POINTER(FontSet)]
    lib.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    lib.FcObjectSetDestroy.argtypes = [ctypes.c_void_p]
    lib.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    config = lib.FcInitLoadConfigAndFonts()
    if not config:
        return None
    objects = lib.FcObjectSetBuild(b"family", None)
    counts: list[int] = []
    for text in patterns:
        pattern = lib.FcNameParse(text.encode("ascii"))
        found = lib.FcFontList(config, pattern, objects)
        counts.append(int(found.contents.nfont) if found else 0)
        if found:
            lib.FcFontSetDestroy(found)
        lib.FcPatternDestroy(pattern)
    lib.FcObjectSetDestroy(objects)
    lib.FcConfigDestroy(config)
    return tuple(counts)
