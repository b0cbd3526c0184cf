"""Documents a village files: a form as PDF, optionally with its attachments (issue 12)."""

from __future__ import annotations

from dataclasses import replace

from yakkan_cli.actions.reading import render
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.forms.fulltrack import page_title
from yakkan_cli.forms.pdf import PageFrame, Part, image_page, readable_pdf, render_pdf
from yakkan_cli.forms.state import state_mark
from yakkan_cli.messages import t

_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def form_pdf(
    ws: Workspace, service_id: str, *, form: str, bundle: bool = False, blank: bool = False
) -> bytes:
    """The form as an A4 PDF; with `bundle`, its PDF and image attachments follow as pages
    (in the order the form lists them) and the others are named on a last page; `blank`
    as for `render_form`."""
    html = render(ws, service_id, form=form, fmt_name="html", blank=blank)
    record = ws.load(service_id).record
    if form == "termination":
        if record.termination is None:
            raise YakkanError(t("forms.no_termination", id=service_id))
        created = record.termination.filed_on
        attachments = record.termination.attachments
    else:
        created = record.application.applied_on
        attachments = record.application.attachments
    mark = state_mark(record, ws.config, form, blank=blank)
    frame = PageFrame(
        page_title(record, form), t("pdf.reference", id=record.id), state=mark.word if mark else ""
    )
    extra: list[Part] = []
    if bundle:
        unnumbered = replace(frame, numbered=False)  # the bundle numbers its pages as one
        listed: list[str] = []
        for attachment in attachments:
            path = ws.repo.root / attachment.path
            suffix = path.suffix.lower()
            caption = t("pdf.attachment_caption", kind=t(f"attachment.{attachment.kind.value}"),
                        path=attachment.path)  # fmt: skip
            if suffix == ".pdf" and path.is_file() and readable_pdf(path):
                extra.append(Part(path.read_bytes(), framed=False))
            elif suffix in _IMAGES and path.is_file():
                page = image_page(path, caption, created=created, frame=unnumbered)
                extra.append(Part(page, framed=True))
            else:
                listed.append(caption)
        if listed:
            listing = _listing_page(
                listed, unnumbered, author=ws.config.organization,
                created=created,
            )  # fmt: skip
            extra.append(Part(listing, framed=True))
    return render_pdf(html, frame, author=ws.config.organization, created=created,
                      extra_pages=extra)  # fmt: skip


def _listing_page(lines: list[str], frame: PageFrame, *, author: str, created: object) -> bytes:
    import html as html_lib
    from datetime import date

    assert isinstance(created, date)
    items = "".join(f"<li>{html_lib.escape(line)}</li>" for line in lines)
    page = (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"></head><body>'
        f"<h2>{html_lib.escape(t('pdf.other_attachments'))}</h2><ul>{items}</ul></body></html>"
    )
    return render_pdf(page, frame, author=author, created=created)
