"""S5.3: approvals signed by the approver when the policy asks for signatures."""

from __future__ import annotations

from yakkan_cli.messages import t
from yakkan_cli.rules.audit.facts import RULE_APPROVED, Add, CommitInfo


def signature_findings(commit: CommitInfo, add: Add) -> None:
    if commit.signature == "N":
        add(RULE_APPROVED, t("audit.unsigned_approval"))
    elif commit.signature == "U":  # a good signature by a key nobody vouched for
        add(RULE_APPROVED, t("audit.untrusted_signature", key=commit.signing_key))
    elif commit.signature != "G":
        add(RULE_APPROVED, t("audit.bad_signature", status=commit.signature))
    elif commit.signer and commit.signer.casefold() != commit.author_email.casefold():
        add(RULE_APPROVED, t("audit.signer_not_author", signer=commit.signer))
