"""Replaying git history (DESIGN §4, §6): is every step of every record one the procedure allows?

One module per rule family, each named for what it checks and listing its rule ids:
`actions` (D4), `permitted` (A3) on the field paths `fields` lists, `actors` (S3.1, S5.2, S5.3),
`approvals` (A5), `dates` (A6), `attachments` (S5.1.5), `retention` (S5.4),
`signatures` (S5.3), `squash` (A9), `ismap` (I1, I2: an imported ISMAP list, judged per
commit rather than per record); `version` runs them over one record's step; `facts`
holds the vocabulary they share; `history` turns steps into `yakkan history` lines.
"""

from yakkan_cli.rules.audit.approvals import RULE_READY
from yakkan_cli.rules.audit.attachments import attachments_to_check
from yakkan_cli.rules.audit.dates import RULE_DATES
from yakkan_cli.rules.audit.facts import (
    APPROVED_CONTENT,
    RULE_APPROVED,
    RULE_ATTACHMENT,
    RULE_GIT,
    RULE_MARKS,
    RULE_RETENTION,
    RULE_ROLE,
    RULE_SCHEMA,
    TRAILER_ACTION,
    TRAILER_ACTOR,
    TRAILER_SERVICE,
    CommitInfo,
    Finding,
    RecordVersion,
    changed_sections,
    record_data,
)
from yakkan_cli.rules.audit.fields import FieldChange, changed_fields
from yakkan_cli.rules.audit.history import HistoryEntry, history_entry
from yakkan_cli.rules.audit.permitted import ACTION_FIELDS, RULE_ACTION
from yakkan_cli.rules.audit.squash import RULE_SQUASH
from yakkan_cli.rules.audit.version import check_config_change, check_version

__all__ = [
    "ACTION_FIELDS",
    "APPROVED_CONTENT",
    "RULE_ACTION",
    "RULE_APPROVED",
    "RULE_ATTACHMENT",
    "RULE_DATES",
    "RULE_GIT",
    "RULE_MARKS",
    "RULE_READY",
    "RULE_RETENTION",
    "RULE_ROLE",
    "RULE_SCHEMA",
    "RULE_SQUASH",
    "TRAILER_ACTION",
    "TRAILER_ACTOR",
    "TRAILER_SERVICE",
    "CommitInfo",
    "FieldChange",
    "Finding",
    "HistoryEntry",
    "RecordVersion",
    "attachments_to_check",
    "changed_fields",
    "changed_sections",
    "check_config_change",
    "check_version",
    "history_entry",
    "record_data",
]
