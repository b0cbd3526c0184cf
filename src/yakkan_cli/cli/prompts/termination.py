"""The questions of the termination form (終了確認書) that its flags left open."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from yakkan_cli.cli.prompts.checks import a_file, required
from yakkan_cli.forms.wareki import parse_date
from yakkan_cli.messages import t
from yakkan_cli.model import AttachmentKind

if TYPE_CHECKING:
    from yakkan_cli.cli.prompts.interview import Interview


def ask_termination(
    form: Interview,
    *,
    reason: str | None,
    end_on: date | None,
    have: set[AttachmentKind],
) -> tuple[str, date, list[tuple[AttachmentKind, Path]]]:
    """Reason, end date and the two attachments S7.1 needs, each only if not given."""
    if reason is None:
        reason = form.ask("reason", t("prompt.termination_reason"), required)
    if end_on is None:
        end_on = form.ask("end_on", t("prompt.end_on"), parse_date)
    attachments: list[tuple[AttachmentKind, Path]] = []
    for kind in (AttachmentKind.AGREEMENT, AttachmentKind.DELETION):
        if kind not in have:
            label = t("prompt.termination_attachment", kind=t(f"attachment.{kind.value}"))
            attachments.append((kind, form.ask(f"attach_{kind.value}", label, a_file, path=True)))
    return reason, end_on, attachments
