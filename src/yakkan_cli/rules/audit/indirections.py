"""A8: git as it is (issue 19.7) — replace refs, grafts and attributes that change what is read.

yakkan reads every object as it is stored (vcs/git/run.py turns `git replace` and the grafts file
off for each git it runs), so a replacement cannot show the audit another commit than the
one on record; a repository holding one is still named, because every other git reader of
it (the forge's view, a reviewer's `git log`) sees the replacement. A `.gitattributes` under
`records/` or `attachments/` can hide a change from review (`-diff`, `linguist-generated`)
or rewrite what is checked out (`filter`, `eol`): only the repository's root one is the
village's, and one anywhere below those folders is a finding of the commit that wrote it.
"""

from __future__ import annotations

from collections.abc import Sequence

from yakkan_cli.messages import t
from yakkan_cli.rules.audit.facts import Finding
from yakkan_cli.rules.audit.paths import ATTACHMENTS_DIR, RECORDS_DIR, RULE_ROBUST, attachment_owner

ATTRIBUTES = ".gitattributes"


def nested_attributes(path: str) -> bool:
    """A `.gitattributes` anywhere under `records/` or `attachments/`."""
    return path.rsplit("/", 1)[-1] == ATTRIBUTES and path.startswith(
        (f"{RECORDS_DIR}/", f"{ATTACHMENTS_DIR}/")
    )


def attributes_finding(commit: str, path: str) -> Finding:
    return Finding(
        commit, path, attachment_owner(path), RULE_ROBUST, t("audit.nested_attributes", path=path)
    )


def replaced_findings(replaced: Sequence[tuple[str, str]]) -> list[Finding]:
    """One finding per replaced object (`replacement` empty: a grafts-file line)."""
    return [
        Finding(
            original,
            "",
            None,
            RULE_ROBUST,
            t("audit.replaced", original=original[:12], replacement=replacement[:12])
            if replacement
            else t("audit.grafted", original=original[:12]),
        )
        for original, replacement in replaced
    ]
