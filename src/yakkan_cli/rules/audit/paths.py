"""A4: records are keyed by their path; A8: no hostile path reaches git.

A record lives at `records/<department>/<id>.yaml` and is known by that path. The same id
in two folders (a twin that could hide the removal of the other), or a record moved to
another department's folder (handing it to that department's managers), is a finding.
An attachment lives at `attachments/<id>/<file name>` and nowhere else: anything else
(`..`, an absolute path, a sub-folder, another service's folder) is a finding and is never
handed to git as a path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from yakkan_cli.messages import t
from yakkan_cli.model.ids import is_service_id
from yakkan_cli.rules.audit.facts import Finding

RULE_PATH = "A4"
RULE_ROBUST = "A8"

CONFIG_FILE = "yakkan.yaml"
CONFIG_DIR = ".yakkan"
RECORDS_DIR = "records"
ATTACHMENTS_DIR = "attachments"
TEMPLATES_DIR = "templates"
# Everything a merge may not change on its own (A2, issue 19.6): the config files of A1,
# the records, and every file with which a pull request could switch the checks off or
# route its review elsewhere — each forge's CI, every CODEOWNERS location, the hooks, and
# `.gitattributes` at any depth (as actions/codeowners.py guards them on the forge).
GUARDED_FOLDERS = (
    CONFIG_DIR,
    RECORDS_DIR,
    ATTACHMENTS_DIR,
    TEMPLATES_DIR,
    ".github",
    ".gitlab",
    ".gitea",
    ".forgejo",
)
GUARDED_FILES = (
    CONFIG_FILE,
    ".gitlab-ci.yml",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".pre-commit-config.yaml",
)
ATTRIBUTES_FILE = ".gitattributes"


def is_guarded(path: str) -> bool:
    """Whether a merge must leave `path` exactly as git's own merge of its parents has it."""
    folder, sep, _ = path.partition("/")
    return (
        path in GUARDED_FILES
        or (bool(sep) and folder in GUARDED_FOLDERS)
        or path.rsplit("/", 1)[-1] == ATTRIBUTES_FILE
    )


_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._-]*"
# Folder and file names as git could store them but without a leading dot, so that a
# name taken from a path is safe to put into another path handed to git.
_ANY_RECORD = re.compile(rf"^{RECORDS_DIR}/({_SEGMENT})/({_SEGMENT})\.yaml$")
_ATTACHMENT = re.compile(rf"^{ATTACHMENTS_DIR}/({_SEGMENT})/")
# A file name of an attachment: no separators, no control characters, not `.` or `..`.
_FILE_NAME = re.compile(r"^(?!\.\.?$)[^/\\\x00-\x1f\x7f]+$")


@dataclass(frozen=True)
class RecordPath:
    path: str
    department: str
    service_id: str


def record_path(path: str) -> RecordPath | None:
    """The record a path of the tree holds, or None when it is no record file."""
    m = _ANY_RECORD.match(path)
    return RecordPath(path, m[1], m[2]) if m else None


def misnamed_record(path: str) -> bool:
    """A file under `records/` that is no `records/<department>/<id>.yaml` (issue 19.9): a
    full-width name, `.yml`, a sub-folder. Nothing reads it as a record, so nothing checks
    it, while a reader of the repository takes it for one."""
    if path.rsplit("/", 1)[-1] == ".gitkeep":  # how git keeps an empty folder (init writes it)
        return False
    return path.startswith(f"{RECORDS_DIR}/") and record_path(path) is None


def named_service(path: str) -> str | None:
    """The service id a misnamed record file stands for, when its name says one: full-width
    letters read as their plain forms, any extension dropped."""
    stem = unicodedata.normalize("NFKC", path.rsplit("/", 1)[-1]).split(".", 1)[0]
    return stem if is_service_id(stem) else None


def misnamed_finding(commit: str, path: str) -> Finding:
    return Finding(commit, path, named_service(path), RULE_PATH, t("audit.record_name", path=path))


def attachment_owner(path: str) -> str | None:
    """The service id whose attachment folder holds `path`."""
    m = _ATTACHMENT.match(path)
    return m[1] if m else None


def is_config_path(path: str) -> bool:
    return path == CONFIG_FILE or path.startswith(f"{CONFIG_DIR}/")


def is_record_path(path: str) -> bool:
    return record_path(path) is not None or attachment_owner(path) is not None


def safe_attachment_path(path: str, service_id: str) -> bool:
    """True when `path` is `attachments/<service_id>/<file name>` and nothing else."""
    prefix = f"{ATTACHMENTS_DIR}/{service_id}/"
    return path.startswith(prefix) and bool(_FILE_NAME.match(path[len(prefix) :]))


def bad_attachment_finding(commit: str, record: str, service_id: str, path: str) -> Finding:
    return Finding(
        commit,
        record,
        service_id,
        RULE_ROBUST,
        t("audit.bad_attachment_path", path=path, expected=f"{ATTACHMENTS_DIR}/{service_id}/"),
    )


def git_error_finding(commit: str, record: str, service_id: str | None, error: str) -> Finding:
    return Finding(commit, record, service_id, RULE_ROBUST, t("audit.git_error", error=error))


def move_finding(commit: str, old: str, new: str, service_id: str) -> Finding:
    return Finding(commit, new, service_id, RULE_PATH, t("audit.record_moved", old=old, new=new))


def duplicate_findings(commit: str, added: RecordPath, existing: Iterable[str]) -> list[Finding]:
    """An added record whose id another record file of the same tree already has."""
    return [
        Finding(
            commit,
            added.path,
            added.service_id,
            RULE_PATH,
            t("audit.duplicate_id", id=added.service_id, other=other),
        )
        for other in sorted(existing)
        if other != added.path
    ]
