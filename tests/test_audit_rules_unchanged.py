"""The rules skip what a step left as it was only where that cannot change a finding.

`check_version` is given the two versions' dumps by a replay (`before_data`, `after_data`)
and then passes over the families whose declared sections the two dumps hold equal
(`rules/audit/sections.py`; the families of `rules/audit/actors.py`). A family cannot read
what it did not declare (tests/test_audit_sections.py); besides, every pair of versions
below, under every author and action, finds the same with the dumps as without them.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from tests.factories import termination
from tests.test_audit_rules import (
    ACTIVE,
    APPLIED,
    APPROVED,
    CONF,
    MARKED,
    MARKED_A,
    SIGNED,
    TERMINATED,
    commit,
    step,
)
from tests.test_audit_rules_fields import (
    ALERT,
    B1,
    DECIDED,
    MOVE,
    REVIEW,
    STOP,
    SUSPENDED_PENDING,
    TERMINATING,
    WARNED,
    WITHDRAWN,
    active,
)
from yakkan_cli.model import Record, State
from yakkan_cli.model.record.decisions import Exception_
from yakkan_cli.rules.audit import check_version, record_data
from yakkan_cli.rules.audit.facts import RecordVersion

EXCEPTION = Exception_(reason="決裁済み", approved_by="sato", approved_on=date(2026, 4, 1))
VERSIONS: list[Record] = [
    APPLIED,
    MARKED_A,
    MARKED,
    APPROVED,
    ACTIVE,
    TERMINATED,
    TERMINATING,
    WITHDRAWN,
    # The same closure, now a rejection: the state alone tells the two apart.
    WITHDRAWN.model_copy(update={"state": State.REJECTED}),
    SUSPENDED_PENDING,
    APPROVED.model_copy(update={"exception": EXCEPTION}),
    # The full track's exceptions (issue 22), each given alone.
    APPROVED.model_copy(update={"ismap_exception": EXCEPTION}),
    APPROVED.model_copy(update={"storage_exception": EXCEPTION}),
    active(backups=[B1]),
    active(reviews=[REVIEW]),
    active(reviews=[DECIDED]),
    active(suspensions=[STOP]),
    active(alerts=[ALERT]),
    active(alerts=[WARNED]),
    active(reassignments=[MOVE]),
    active(approval={"approved_by": "takahashi", "approved_on": "2026-04-01"}),
    active(state="terminating", termination=termination(applicant="yamada")),
    active(
        state="terminating",
        termination=termination(checks=[{"item": 1, "applicant": "ok"}]),
    ),
]
_COMMITS = [
    commit(author, action, on="2026-05-02")
    for author, action in itertools.product(
        ("sato", "yamada", "suzuki", "takahashi"),
        (None, "approve", "check", "backup", "terminate", "dispose"),
    )
]


def _with_dumps(version: RecordVersion) -> RecordVersion:
    before, after = version.before, version.after
    return RecordVersion(
        version.service_id,
        version.path_before,
        version.path_after,
        before,
        after,
        before_data=record_data(before) if before else None,
        after_data=record_data(after) if after else None,
    )


@pytest.mark.parametrize("before", range(len(VERSIONS)))
def test_the_dumps_change_no_finding(before: int) -> None:
    for after, c, conf in itertools.product(VERSIONS, _COMMITS, (CONF, SIGNED)):
        plain = step(VERSIONS[before], after)
        found = check_version(c, plain, conf, conf)
        assert check_version(c, _with_dumps(plain), conf, conf) == found
