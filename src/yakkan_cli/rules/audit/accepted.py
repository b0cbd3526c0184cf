"""A9: findings a village has reviewed and accepted (`.yakkan/accepted-findings.yaml`).

An entry names the commit (full id, or a prefix of at least 7 characters), the rule id
and the record of one finding, with who accepted it, when and why. Accepted findings are
listed apart and do not fail `audit`/`verify`; they are never silenced in code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from yakkan_cli.messages import t
from yakkan_cli.model import AcceptedFinding, Config
from yakkan_cli.rules import roles
from yakkan_cli.rules.audit.facts import Finding
from yakkan_cli.rules.audit.paths import record_path

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


# Why an entry that matches a finding does not accept it (None: it does), asked of the
# caller, who knows where the entry came from (actions/audit/acceptances.py).
Refusal = Callable[[AcceptedFinding, Finding], str | None]


def partition(
    findings: Sequence[Finding],
    entries: Sequence[AcceptedFinding],
    refused: Refusal | None = None,
) -> tuple[list[Finding], list[Accepted]]:
    """(findings still open, findings an entry accepts).

    Issue 19.4: an entry counts only when `refused` finds nothing against it — it arrived on
    the mainline apart from the finding (no pull request accepts its own finding), committed
    by a person who may accept it. An entry that matches but does not count leaves the
    finding open and adds one saying why, at the finding's commit."""
    still: list[Finding] = []
    accepted: list[Accepted] = []
    for finding in findings:
        entry = next((e for e in entries if matches(e, finding)), None)
        why = refused(entry, finding) if entry is not None and refused is not None else None
        if entry is None:
            still.append(finding)
        elif why is not None:
            still.append(finding)
            still.append(
                Finding(finding.commit, ACCEPTED_FILE, finding.service, RULE_ACCEPTED, why)
            )
        else:
            accepted.append(Accepted(finding, entry))
    return still, accepted


def acceptance_refusal(
    config: Config | None,
    finding: Finding,
    acceptor: str | None,
    same_unit: bool,
) -> str | None:
    """Why an acceptance written by `acceptor` (a commit author's e-mail; None: not found in
    the history) does not accept `finding`."""
    if same_unit:
        return t("audit.accepted_same_unit", rule=finding.rule)
    if config is None or acceptor is None:
        return t("audit.accepted_unknown_author", rule=finding.rule)
    person = config.person_by_email(acceptor)
    if person is None:
        return t("audit.accepted_not_allowed", rule=finding.rule, email=acceptor)
    found = record_path(finding.path)
    department = found.department if found else None
    allowed = (
        roles.is_responsible(config, department, person.id)
        if department
        else any(roles.is_responsible(config, d.id, person.id) for d in config.departments)
    )
    if not allowed:
        return t("audit.accepted_not_allowed", rule=finding.rule, email=acceptor)
    return None


def invalid_file_findings(commit: str, problems: Sequence[str]) -> list[Finding]:
    return [
        Finding(commit, ACCEPTED_FILE, None, RULE_ACCEPTED, t("audit.accepted_invalid", problem=p))
        for p in problems
    ]
