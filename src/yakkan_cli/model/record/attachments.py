"""An attached file (its kind, path and digest) and where it may lie (A8)."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import Field

from yakkan_cli.messages import t
from yakkan_cli.model.base import Schema, Text
from yakkan_cli.model.enums import AttachmentKind

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class Attachment(Schema):
    kind: AttachmentKind
    path: Text
    sha256: Sha256


ATTACHMENTS_FOLDER = "attachments"


def attachment_path_problem(path: str, service_id: str) -> str | None:
    """A8: why `path` is not `attachments/<service_id>/<file name>`, or None when it is.

    Nothing else may be named: `..` would leave the folder (and make git fail on every
    replay), a path into another service's folder vanishes with that service's disposal.
    """
    folder = f"{ATTACHMENTS_FOLDER}/{service_id}/"
    name = path[len(folder) :] if path.startswith(folder) else None
    if name is None or not name:
        return t("model.attachment_path", path=path, folder=folder)
    if name in (".", "..") or "/" in name or "\\" in name:
        return t("model.attachment_path", path=path, folder=folder)
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        return t("model.attachment_path_control", path=path.encode("unicode_escape").decode())
    return None
