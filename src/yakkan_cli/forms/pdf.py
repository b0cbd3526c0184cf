"""PDF from the HTML forms and the register, with WeasyPrint (issue 12).

WeasyPrint lays out the same HTML and CSS the browser shows, with real paged media: page
margin boxes carry the form's title, the record id and 「n / m」 on every page, fonts are
embedded as subsets, and the document's metadata is set from the record, never from the
clock, so the same record gives the same bytes.

The faces come with the install (BIZ UD明朝・ゴシック in `forms/fonts/`, see its README),
handed to WeasyPrint by `@font-face` under names no system font has, which the templates
ask for first: a PDF is set in the same faces on a CI runner or a PC without Japanese
fonts, and never draws a kanji as □; a character the faces lack is refused before layout,
though an installed font has it (it would make the PDF differ from machine to machine).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from yakkan_cli.errors import YakkanError
from yakkan_cli.forms.fonts import (
    FACES,
    FONT_FOLDER,
    font_faces,
    fonts_covering,
    not_in_bundled_faces,
    undrawable,
    unusable_fonts,
)
from yakkan_cli.messages import t

# Yakkan's own pages (an image attachment, the list of other attachments) have no
# template: they are set in the bundled Mincho too, else (the files gone) the system's.
_FONTS = (
    '"yakkan Mincho", "BIZ UDMincho", "Noto Serif CJK JP", "Noto Sans CJK JP", "IPAexMincho", serif'
)


def _css_string(value: str) -> str:
    """`value` as a CSS string literal: only quotes, backslashes and line breaks need care."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\A ").replace("\r", "")
    return f'"{escaped}"'


@dataclass(frozen=True)
class PageFrame:
    """What every page carries: the document's title (left), an id (right), 「n / m」."""

    title: str
    reference: str
    landscape: bool = False
    state: str = ""
    """The form's state mark (却下・取下げ・終了・未承認), repeated on every page: a loose
    page of a rejected application must not pass for a live one."""
    numbered: bool = True
    """False in a bundle: 「n / N」 over the whole bundle is stamped afterwards."""

    def css(self) -> str:
        size = "A4 landscape" if self.landscape else "A4 portrait"
        state = (
            f"@top-center {{ content: {_css_string('【' + self.state + '】')}; color: #c00;"
            " font-size: 9pt; font-weight: bold; }"
            if self.state
            else ""
        )
        number = (
            '@bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; }'
            if self.numbered
            else ""
        )
        return f"""
@page {{
  size: {size};
  margin: 16mm 15mm 14mm;
  @top-left {{ content: {_css_string(self.title)}; font-size: 8pt; }}
  {state}
  @top-right {{ content: {_css_string(self.reference)}; font-size: 8pt; }}
  {number}
}}
html {{ font-family: {_FONTS}; }}
@media print {{ body {{ padding: 0; max-width: none; }} }}
/* The application breaks, if at all, only between the check table and the risk box. */
table, .box, footer {{ break-inside: avoid; }}
"""


class PdfEngineMissing(YakkanError):
    """WeasyPrint cannot load (not installed, or Pango/GTK missing, as on a Windows PC
    without GTK): everything but PDF still works, and the message says what to use."""

    def __init__(self, reason: str, key: str = "pdf.no_engine") -> None:
        super().__init__(t(key, reason=reason))
        self.reason = reason


def _engine() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: pango or its fonts are missing
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PdfEngineMissing(first) from None
    broken = _unusable_fonts()
    if broken and _japanese_fonts() == 0:
        # Pango would draw every kanji as □ and exit 0; the text layer would still read
        # right, so nobody would notice until the page is printed.
        reason = t("pdf.font_reason", files="、".join(broken), folder=str(FONT_FOLDER))
        raise PdfEngineMissing(reason, key="pdf.no_japanese_font")
    return weasyprint


@functools.cache
def _unusable_fonts() -> tuple[str, ...]:
    return tuple(unusable_fonts())


@functools.cache
def _japanese_fonts() -> int | None:
    counts = fonts_covering(":lang=ja")
    return None if counts is None else counts[0]


@functools.cache
def _fonts() -> tuple[Any, Any]:
    """The font configuration and the `@font-face` sheet, made once per process: WeasyPrint
    copies each face it is given, and a site renders a PDF for every form."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    sheet = weasyprint.CSS(string=font_faces(), font_config=config, url_fetcher=_fetcher(None))
    # Let go of it while Python still runs: its finaliser removes the copies it made, and
    # at interpreter shutdown would fail noisily on the clerk's screen.
    atexit.register(_fonts.cache_clear)
    return config, sheet


def _render(html: str, css: str, *, reference: str, allowed: Path | None = None) -> Any:
    """`html` laid out with the bundled faces and `css`; it may read no file but `allowed`
    (and the faces). A character no font can draw is refused, naming where it is."""
    weasyprint = _engine()
    for key, missing in (
        ("pdf.not_in_bundled_faces", not_in_bundled_faces(html + css)),
        ("pdf.undrawable", undrawable(html + css)),
    ):
        if missing:
            chars = "、".join(f"{c}（U+{ord(c):04X}）" for c in missing)
            where = _around(html, missing[0])
            raise YakkanError(t(key, reference=reference, chars=chars, where=where))
    config, faces = _fonts()
    fetcher = _fetcher(allowed)
    own = weasyprint.CSS(string=css, font_config=config, url_fetcher=fetcher)
    return weasyprint.HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[faces, own], font_config=config
    )


def render_pdf(
    html: str,
    frame: PageFrame,
    *,
    author: str,
    created: date,
    extra_pages: Sequence[Part] = (),
) -> bytes:
    """The PDF of `html`, framed, with `extra_pages` appended after it as one document:
    every page numbered 「n / N」 over the whole, and every page that is not already framed
    (an attached PDF) stamped with the form's title, the record id and its state mark."""
    if extra_pages:
        frame = replace(frame, numbered=False)
    document = _render(html, frame.css(), reference=frame.reference)
    document.metadata.title = frame.title + "　" + frame.reference
    document.metadata.authors = [author]
    document.metadata.created = created.isoformat()
    document.metadata.modified = created.isoformat()
    document.metadata.generator = "yakkan"
    # A fixed identifier, and the font subsets' timestamps from the record's date (fontTools
    # reads SOURCE_DATE_EPOCH), keep the bytes the same from one run to the next.
    with _source_date(created):
        data: bytes = document.write_pdf(
            identifier=(frame.reference + created.isoformat()).encode()
        )
    if not extra_pages:
        return data
    return _bundle(data, extra_pages, frame, created)


def readable_pdf(path: Path) -> bool:
    """Can this attachment be appended as pages? A damaged or encrypted PDF is listed instead."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        return not reader.is_encrypted and len(reader.pages) > 0
    except (PyPdfError, OSError, ValueError):
        return False


@dataclass(frozen=True)
class Part:
    """Pages to append to a bundle; `framed`: made by yakkan with the form's frame (an image
    page, the list of other attachments), so only the page number is stamped on them."""

    data: bytes
    framed: bool


def _bundle(first: bytes, parts: Sequence[Part], frame: PageFrame, created: date) -> bytes:
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter()
    head = PdfReader(io.BytesIO(first))
    writer.append(head)
    framed = [True] * len(head.pages)
    for part in parts:
        reader = PdfReader(io.BytesIO(part.data))
        writer.append(reader)
        framed += [part.framed] * len(reader.pages)
    if head.metadata:
        writer.add_metadata(dict(head.metadata))
    boxes = [page.mediabox for page in writer.pages]
    sheets = [
        _Sheet(done, round(float(b.width), 2), round(float(b.height), 2))
        for done, b in zip(framed, boxes, strict=True)
    ]
    stamps = PdfReader(io.BytesIO(_stamps(sheets, frame, created)))
    for page, stamp, box in zip(writer.pages, stamps.pages, boxes, strict=True):
        # Each stamp page has its page's own size: only moved to where its box begins.
        at = Transformation().translate(float(box.left), float(box.bottom))
        page.merge_transformed_page(stamp, at)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class _Sheet:
    """A page of a bundle as its stamp sees it: framed already or not, and its size in pt."""

    framed: bool
    width: float
    height: float

    @property
    def name(self) -> str:
        kind = "bare" if self.framed else "framed"
        return f"{kind}-{self.width:g}x{self.height:g}".replace(".", "_")


def _stamps(sheets: Sequence[_Sheet], frame: PageFrame, created: date) -> bytes:
    """One transparent page per page of the bundle, of that page's own size (an attached
    PDF may be Letter, or landscape): 「n / N」, and on pages not framed yet the form's
    title, the record id and the state mark, where the form prints them."""
    whole = replace(frame, numbered=True)
    bare = PageFrame("", "", numbered=True)
    rules: list[str] = []
    for sheet in dict.fromkeys(sheets):
        base = bare if sheet.framed else whole
        size = "A4 landscape" if base.landscape else "A4 portrait"
        rules.append(
            base.css()
            .replace("@page {", f"@page {sheet.name} {{", 1)
            .replace(f"size: {size};", f"size: {sheet.width:g}pt {sheet.height:g}pt;", 1)
            + f".{sheet.name} {{ page: {sheet.name}; }}"
        )
    css = "".join(rules) + "div { break-after: page; } div:last-child { break-after: auto; }"
    body = "".join(f'<div class="{sheet.name}"></div>' for sheet in sheets)
    page = (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"></head>'
        f"<body>{body}</body></html>"
    )
    document = _render(page, css, reference=frame.reference)
    with _source_date(created):
        data: bytes = document.write_pdf(identifier=b"stamps" + frame.reference.encode())
    return data


def _around(html: str, char: str) -> str:
    """The printed words around the first `char` of `html`, for the clerk to find it."""
    import html as html_lib

    text = " ".join(html_lib.unescape(re.sub(r"<[^>]*>", " ", html)).split())
    at = text.find(char)
    if at < 0:  # in the page's heading (the title or the record id)
        return char
    start, end = max(0, at - 12), at + 12
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _fetcher(allowed: Path | None) -> Any:
    """A URL fetcher for WeasyPrint that reads only the one file it was given and the
    bundled faces: a form holds text from records, and nothing in it may make the PDF
    engine read the network or other files of the machine."""
    from weasyprint.urls import URLFetcher

    allowed_uris = {(FONT_FOLDER / face.file).as_uri() for face in FACES}
    if allowed is not None:
        allowed_uris.add(allowed.resolve().as_uri())

    class OnlyThisFile(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed_uris:
                raise ValueError(t("pdf.blocked_url", url=url[:80]))
            return super().fetch(url, headers)

    return OnlyThisFile(allowed_protocols=("file",))


def image_page(path: Path, caption: str, *, created: date, frame: PageFrame) -> bytes:
    """One A4 page showing an image attachment (a screenshot) with its caption, under the
    form's `frame` (unnumbered: a bundle numbers its pages over the whole)."""
    import html as html_lib

    uri = path.resolve().as_uri()
    page = (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"></head><body>'
        f'<p style="font-size:9pt">{html_lib.escape(caption)}</p>'
        f'<img src="{html_lib.escape(uri)}" style="max-width:100%;max-height:240mm">'
        "</body></html>"
    )
    document = _render(page, frame.css(), reference=frame.reference, allowed=path)
    document.metadata.created = created.isoformat()
    with _source_date(created):
        data: bytes = document.write_pdf(identifier=caption.encode())
    return data


@contextlib.contextmanager
def _source_date(day: date) -> Iterator[None]:
    epoch = str(int(datetime.combine(day, datetime.min.time(), tzinfo=UTC).timestamp()))
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
