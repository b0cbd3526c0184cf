"""A2: a merge adds nothing of its own.

git's automatic merge of a merge commit's two parents is recomputed; every guarded path
(`yakkan.yaml`, `.yakkan/`, `records/`, `attachments/`, `templates/`, each forge's CI and
CODEOWNERS, the hooks, `.gitattributes` at any depth: paths.py::is_guarded) where the commit's
tree differs from it — a conflict resolved by hand, an approval slipped into an "update
branch" merge, a record removed in the merge — is a finding naming the path and the merge.
A merge of more than two parents cannot be recomputed that way and is a finding itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from yakkan_cli.messages import t
from yakkan_cli.rules.audit.facts import Finding
from yakkan_cli.rules.audit.paths import attachment_owner, record_path

RULE_MERGE = "A2"


def _service(path: str) -> str | None:
    found = record_path(path)
    return found.service_id if found else attachment_owner(path)


def merge_findings(merge: str, parents: int, differing: Sequence[str] | None) -> list[Finding]:
    """Findings of one merge commit.

    `differing`: the guarded paths whose content differs from git's own merge of the
    parents; None when git could not recompute the merge.
    """
    if parents > 2:
        # `differing`: here the guarded paths the merge changes on the mainline; each names
        # its record, so the octopus is found where a reader looks for the record.
        message = t("audit.octopus_merge", count=parents)
        if not differing:
            return [Finding(merge, "", None, RULE_MERGE, message)]
        return [
            Finding(merge, path, _service(path), RULE_MERGE, message) for path in sorted(differing)
        ]
    if differing is None:
        return [Finding(merge, "", None, RULE_MERGE, t("audit.merge_not_recomputed"))]
    return [
        Finding(merge, path, _service(path), RULE_MERGE, t("audit.merge_adds", path=path))
        for path in sorted(differing)
    ]
