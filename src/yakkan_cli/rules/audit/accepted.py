"""A9: findings a village has reviewed and accepted (`.yakkan/accepted-findings.yaml`).

An entry names the commit (full id, or a prefix of at least 7 characters), the rule id
and the record of one finding, with who accepted it, when and why. Accepted findings are
listed apart and do not fail `audit`/`verify`; they are never silenced in code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from yakkan_cli.messages import t
from yakkan_cli.model import AcceptedFinding
from yakkan_cli.rules.audit.facts import Finding

RULE_ACCEPTED = "A9"
ACCEPTED_FILE = ".yakkan/accepted-findings.yaml"


@dataclass(frozen=True)
class Accepted:
    finding: Finding
    entry: AcceptedFinding


def matches(entry: AcceptedFinding, finding: Finding) -> bool:
    return (
        finding.commit.startswith(entry.commit.lower())
        and finding.rule == entry.rule
        and entry.record in (finding.service, finding.path)
    )


def partition(
    findings: Sequence[Finding], entries: Sequence[AcceptedFinding]
) -> tuple[list[Finding], list[Accepted]]:
    """(findings still open, findings an entry accepts)."""
    still: list[Finding] = []
    accepted: list[Accepted] = []
    for finding in findings:
        entry = next((e for e in entries if matches(e, finding)), None)
        if entry is None:
            still.append(finding)
        else:
            accepted.append(Accepted(finding, entry))
    return still, accepted


def invalid_file_findings(commit: str, problems: Sequence[str]) -> list[Finding]:
    return [
        Finding(commit, ACCEPTED_FILE, None, RULE_ACCEPTED, t("audit.accepted_invalid", problem=p))
        for p in problems
    ]
