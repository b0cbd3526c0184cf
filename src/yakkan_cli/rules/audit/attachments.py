"""S5.1.5: an attachment's content matches the sha256 the record keeps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from yakkan_cli.messages import t
from yakkan_cli.model import Record
from yakkan_cli.rules.audit.facts import RULE_ATTACHMENT, Add, RecordVersion


def attachment_findings(version: RecordVersion, path: str, actual: str | None, add: Add) -> None:
    record = version.after
    if record is None:
        return
    listed = [*record.application.attachments]
    if record.termination:
        listed += record.termination.attachments
    for att in listed:
        if att.path != path:
            continue
        if actual is None:
            add(RULE_ATTACHMENT, t("audit.attachment_gone", path=path))
        elif actual != att.sha256:
            add(RULE_ATTACHMENT, t("audit.attachment_changed", path=path))
        return


def attachments_to_check(version: RecordVersion, touched: Iterable[str]) -> dict[str, str]:
    """Attachment path → the sha256 the record expects, for the attachments this step
    touched or whose entry in the record it changed."""
    after = version.after
    if after is None:
        return {}
    touched_set = set(touched)
    old: set[tuple[str, str]] = set()
    if version.before is not None:
        old = {(a.path, a.sha256) for a in _attachments(version.before)}
    return {
        a.path: a.sha256
        for a in _attachments(after)
        if a.path in touched_set or (a.path, a.sha256) not in old
    }


def _attachments(record: Record) -> list[Any]:
    listed: list[Any] = [*record.application.attachments]
    if record.termination:
        listed += record.termination.attachments
    return listed
