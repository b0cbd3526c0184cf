"""Reading a PDF back as its reader would: its text (pypdf), where each word is printed
(poppler's pdftotext -bbox), its fonts, and a picture of a page (poppler's pdftoppm).

poppler-utils is required, not optional: `.ci/run` installs it, and a test that silently
skipped the look at the page would let a mark that covers a label pass.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader, PdfWriter

if TYPE_CHECKING:
    from PIL import Image

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "images"
"""Where `YAKKAN_UPDATE_SCREENSHOTS=1` writes the README's pictures."""


def png(width: int = 4, height: int = 4) -> bytes:
    """A real (tiny, grey) PNG image."""
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def text_of(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Text compared as printed: line breaks and spaces a layout adds are ignored."""
    return re.sub(r"\s+", "", text)


def assert_in_order(text: str, labels: tuple[str, ...] | list[str]) -> None:
    flat_text, position = flat(text), 0
    for label in labels:
        found = flat_text.find(flat(label), position)
        assert found >= 0, f"{label!r} missing, or not after the label before it"
        position = found + len(flat(label))


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} (poppler-utils) is needed: apt-get install poppler-utils")
    return found


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Word) -> bool:
        # Lines of a paragraph touch: a glyph's box (ascent + descent) is taller than the
        # line's advance. Boxes shrunk by a fifth of their height only meet if one word is
        # printed over another.
        dy, oy = (self.y1 - self.y0) / 5, (other.y1 - other.y0) / 5
        return (
            self.x0 + 0.5 < other.x1 - 0.5
            and other.x0 + 0.5 < self.x1 - 0.5
            and self.y0 + dy < other.y1 - oy
            and other.y0 + oy < self.y1 - dy
        )


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def pages_of(path: Path) -> list[Page]:
    """Every word of every page with its box, as poppler lays the text out."""
    out = subprocess.run(
        [poppler("pdftotext"), "-bbox", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [
        Page(
            float(width),
            float(height),
            [Word(html.unescape(w[4]), *(float(v) for v in w[:4])) for w in _WORD.findall(body)],
        )
        for width, height, body in _PAGE.findall(out)
    ]


def assert_nothing_covered(path: Path) -> None:
    """No word is printed over another one, and every word is inside its page."""
    for number, page in enumerate(pages_of(path), start=1):
        for word in page.words:
            inside = word.x0 >= 0 and word.y0 >= 0
            inside = inside and word.x1 <= page.width and word.y1 <= page.height
            assert inside, f"page {number}: {word} off the page"
        for i, word in enumerate(page.words):
            for other in page.words[i + 1 :]:
                assert not word.overlaps(other), f"page {number}: {word} covers {other}"


def screenshot(pdf: Path, name: str, scratch: Path) -> Path:
    """Page 1 of `pdf` as a small PNG: into docs/images/ with YAKKAN_UPDATE_SCREENSHOTS=1
    (the README shows it), else into `scratch`, so the same code runs in every test run."""
    folder = SCREENSHOTS if os.environ.get("YAKKAN_UPDATE_SCREENSHOTS") == "1" else scratch
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / name
    subprocess.run(
        [poppler("pdftoppm"), "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile",
         str(pdf), str(stem)],
        check=True,
    )  # fmt: skip
    target = stem.with_suffix(".png")
    # A palette of 64 colours keeps a page of black text and a red stamp sharp at a tenth
    # of the size (Pillow comes with WeasyPrint).
    from PIL import Image

    with Image.open(target) as image:
        small = image.convert("RGB").quantize(colors=64)
    small.save(target, optimize=True)
    return target


def red_pixels(picture: Path, *, top: float = 1.0) -> int:
    """How many clearly red pixels the top `top` fraction of a picture holds (the stamp)."""
    from PIL import Image

    with Image.open(picture) as image:
        width, height = image.size
        region = image.convert("RGB").crop((0, 0, width, int(height * top)))
        colours = region.getcolors(maxcolors=width * height) or []
    return sum(n for n, (r, g, b) in colours if r > 150 and g < 90 and b < 90)


# --- what is drawn: glyphs read off a page's picture ----------------------------------------

GLYPH = 32
"""Glyphs are compared as GLYPH×GLYPH black-and-white pictures of their ink."""


def page_picture(pdf: Path, stem: Path, *, dpi: int, page: int = 1) -> Path:
    """Page `page` of `pdf` as a grey PNG at `dpi`, as a printer would see it."""
    subprocess.run(
        [poppler("pdftoppm"), "-png", "-gray", "-r", str(dpi), "-f", str(page), "-l",
         str(page), "-singlefile", str(pdf), str(stem)],
        check=True,
    )  # fmt: skip
    return stem.with_suffix(".png")


def ink_shape(image: Image.Image) -> Image.Image | None:
    """The ink of `image` (dark on light), cropped to it, centred in a square (a bar stays a
    bar) and scaled to GLYPH×GLYPH; None where nothing is drawn."""
    from PIL import Image

    ink = image.convert("L").point(lambda v: 255 if v < 128 else 0)
    box = ink.getbbox()
    if box is None:
        return None
    glyph = ink.crop(box)
    side = max(glyph.size)
    square = Image.new("L", (side, side), 0)
    square.paste(glyph, ((side - glyph.width) // 2, (side - glyph.height) // 2))
    return square.resize((GLYPH, GLYPH)).point(lambda v: 255 if v >= 128 else 0).convert("1")


def likeness(a: Image.Image, b: Image.Image) -> float:
    """How much two ink shapes cover the same cells: 1 the same, 0 nothing in common."""
    from PIL import ImageChops

    both = ImageChops.logical_and(a, b).histogram()[-1]
    either = ImageChops.logical_or(a, b).histogram()[-1]
    return both / either if either else 0.0


def alphabet(characters: str, font_file: Path) -> dict[str, Image.Image]:
    """The ink shape of each character as `font_file` draws it (FreeType, through Pillow)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(font_file), 96)
    shapes: dict[str, Image.Image] = {}
    for character in dict.fromkeys(characters):
        canvas = Image.new("L", (160, 160), 255)
        ImageDraw.Draw(canvas).text((16, 16), character, font=font, fill=0)
        drawn = ink_shape(canvas)
        assert drawn is not None, f"{font_file.name} draws nothing for {character!r}"
        shapes[character] = drawn
    return shapes


def lines_of(page: Page, text: str) -> list[Word]:
    """The boxes of `text` printed on one line, however pdftotext split it into words (a
    letter-spaced title comes out as several), largest type first."""
    found: list[Word] = []
    lines: dict[tuple[float, float], list[Word]] = {}
    for word in page.words:
        lines.setdefault((round(word.y0, 1), round(word.y1, 1)), []).append(word)
    for words in lines.values():
        words.sort(key=lambda w: w.x0)
        for start in range(len(words)):
            joined = ""
            for end in range(start, len(words)):
                joined += words[end].text
                if joined == text:
                    first, last = words[start], words[end]
                    found.append(Word(text, first.x0, first.y0, last.x1, last.y1))
                if not text.startswith(joined):
                    break
    return sorted(found, key=lambda word: word.y0 - word.y1)


def read_glyphs(
    picture: Path,
    line: Word,
    *,
    dpi: int,
    known: dict[str, Image.Image],
    letter_spacing: float = 0.0,
) -> str:
    """The characters drawn in `line` (full-width, `letter_spacing` em apart), each read as
    the most alike of `known`: '□' where it is like none of them (a box drawn for a
    missing glyph is), ' ' where nothing is drawn."""
    from PIL import Image

    scale, count = dpi / 72, len(line.text)
    em = (line.x1 - line.x0) / (count + letter_spacing * (count - 1))
    advance = em * (1 + letter_spacing)
    read = ""
    with Image.open(picture) as page:
        for i in range(count):
            left = line.x0 + i * advance
            x0, x1 = round(left * scale), round((left + em) * scale)
            drawn = ink_shape(page.crop((x0, round(line.y0 * scale), x1, round(line.y1 * scale))))
            if drawn is None:
                read += " "
                continue
            best, score = max(((c, likeness(drawn, s)) for c, s in known.items()),
                              key=lambda pair: pair[1])  # fmt: skip
            read += best if score >= 0.5 else "□"
    return read
