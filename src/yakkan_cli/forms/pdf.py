"""PDF from the HTML forms and the register, with WeasyPrint (issue 12).

WeasyPrint lays out the same HTML and CSS the browser shows, with real paged media: page
margin boxes carry the form's title, the record id and 「n / m」 on every page, fonts are
embedded as subsets (Noto CJK from the system), and the document's metadata is set from the
record, never from the clock, so the same record gives the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t

# The Japanese fonts a clerk's PDF is set in, first found wins; the templates ask for Mincho
# faces a Windows or Mac browser has, so the PDF names the Noto faces Debian installs.
_FONTS = '"Noto Serif CJK JP", "Noto Sans CJK JP", "IPAexMincho", serif'


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

    def css(self) -> str:
        size = "A4 landscape" if self.landscape else "A4 portrait"
        state = (
            f"@top-center {{ content: {_css_string('【' + self.state + '】')}; color: #c00;"
            " font-size: 9pt; font-weight: bold; }"
            if self.state
            else ""
        )
        return f"""
@page {{
  size: {size};
  margin: 16mm 15mm 14mm;
  @top-left {{ content: {_css_string(self.title)}; font-size: 8pt; }}
  {state}
  @top-right {{ content: {_css_string(self.reference)}; font-size: 8pt; }}
  @bottom-center {{ content: counter(page) " / " counter(pages); font-size: 8pt; }}
}}
html {{ font-family: {_FONTS}; }}
@media print {{ body {{ padding: 0; max-width: none; }} }}
/* The application breaks, if at all, only between the check table and the risk box. */
table, .box, footer {{ break-inside: avoid; }}
"""


class PdfEngineMissing(YakkanError):
    """WeasyPrint cannot load (not installed, or Pango/GTK missing, as on a Windows PC
    without GTK): everything but PDF still works, and the message says what to use."""

    def __init__(self, reason: str) -> None:
        super().__init__(t("pdf.no_engine", reason=reason))
        self.reason = reason


def _engine() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: pango or its fonts are missing
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PdfEngineMissing(first) from None
    return weasyprint


def render_pdf(
    html: str,
    frame: PageFrame,
    *,
    author: str,
    created: date,
    extra_pages: Sequence[bytes] = (),
) -> bytes:
    """The PDF of `html`, framed, with `extra_pages` (whole PDFs) appended after it."""
    weasyprint = _engine()
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher(None)).render(
        stylesheets=[weasyprint.CSS(string=frame.css())]
    )
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
    return _append(data, extra_pages)


def readable_pdf(path: Path) -> bool:
    """Can this attachment be appended as pages? A damaged or encrypted PDF is listed instead."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        return not reader.is_encrypted and len(reader.pages) > 0
    except (PyPdfError, OSError, ValueError):
        return False


def _append(first: bytes, others: Sequence[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(first)))
    for other in others:
        writer.append(PdfReader(io.BytesIO(other)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _fetcher(allowed: Path | None) -> Any:
    """A URL fetcher for WeasyPrint that reads only the one file it was given: a form holds
    text from records, and nothing in it may make the PDF engine read the network or other
    files of the machine."""
    from weasyprint.urls import URLFetcher

    allowed_uri = allowed.resolve().as_uri() if allowed is not None else None

    class OnlyThisFile(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if allowed_uri is None or url != allowed_uri:
                raise ValueError(t("pdf.blocked_url", url=url[:80]))
            return super().fetch(url, headers)

    return OnlyThisFile(allowed_protocols=("file",))


def image_page(path: Path, caption: str, *, created: date) -> bytes:
    """One A4 page showing an image attachment (a screenshot) with its caption."""
    import html as html_lib

    weasyprint = _engine()
    uri = path.resolve().as_uri()
    page = (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"></head><body>'
        f'<p style="font-size:9pt">{html_lib.escape(caption)}</p>'
        f'<img src="{html_lib.escape(uri)}" style="max-width:100%;max-height:240mm">'
        "</body></html>"
    )
    document = weasyprint.HTML(string=page, url_fetcher=_fetcher(path)).render(
        stylesheets=[weasyprint.CSS(string=PageFrame(caption, "").css())]
    )
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
