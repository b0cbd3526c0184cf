"""Fixing the pending form: which fields `edit` may change, and the marks a change clears."""

from __future__ import annotations

import pytest

from tests.factories import record
from yakkan_cli.model import Check, Mark, State
from yakkan_cli.rules.amend import (
    checked_changes,
    clear_responsible_marks,
    edit_field_problem,
    field_label,
)

A, T = State.APPLIED, State.TERMINATING


@pytest.mark.parametrize(
    ("state", "field", "phrase"),
    [
        (A, "application.purpose", None),
        (A, "application.period.end", None),
        (A, "application.users", None),
        (A, "application.administrator", None),
        (A, "service.terms_url", None),
        (A, "service.ismap.valid_until", None),
        (A, "id", "変更できません"),
        (A, "department", "変更できません"),
        (A, "application.applicant", "変更できません"),
        (A, "application.applied_on", "変更できません"),
        (A, "application.department_head", "変更できません"),
        (A, "application.attachments", "yakkan attach"),
        (A, "application.attachments.0.path", "yakkan attach"),
        (A, "state", "service.… と application.…"),
        (A, "checks", "service.… と application.…"),
        (A, "approval.approved_by", "service.… と application.…"),
        (A, "termination.reason", "service.… と application.…"),
        (A, "service", "service.… と application.…"),
        (A, "application..purpose", "書き方"),
        (A, "", "書き方"),
        (T, "termination.reason", None),
        (T, "termination.end_on", None),
        (T, "termination.users_count", None),
        (T, "termination.applicant", "終了確認書の項目だけ"),
        (T, "termination.checks", "終了確認書の項目だけ"),
        (T, "termination.attachments", "yakkan attach"),
        (T, "application.purpose", "終了確認書の項目だけ"),
        (T, "service.terms_url", "終了確認書の項目だけ"),
        (T, "application.applicant", "変更できません"),
    ],
)
def test_edit_field_problem(state: State, field: str, phrase: str | None) -> None:
    problem = edit_field_problem(state, field)
    if phrase is None:
        assert problem is None
    else:
        assert problem is not None and phrase in problem


OK, NG, NA = Mark.OK, Mark.NG, Mark.NA


@pytest.mark.parametrize(
    ("before", "cleared", "after"),
    [
        # (applicant, responsible, note) per item → items cleared → (responsible, note) after
        ([(OK, OK, None), (OK, None, None)], [1], [(None, None), (None, None)]),
        ([(OK, NG, "対策待ち")], [1], [(None, None)]),
        # the applicant's reason for ／ stays: the applicant's mark still needs it
        ([(NA, NA, "個人情報なし")], [1], [(None, "個人情報なし")]),
        ([(None, None, None)], [], [(None, None)]),
        ([(OK, None, "申請者のメモ")], [], [(None, "申請者のメモ")]),
    ],
)
def test_clear_responsible_marks(
    before: list[tuple[Mark | None, Mark | None, str | None]],
    cleared: list[int],
    after: list[tuple[Mark | None, str | None]],
) -> None:
    checks = [
        Check(item=i, applicant=a, responsible=r, note=n)
        for i, (a, r, n) in enumerate(before, start=1)
    ]
    assert clear_responsible_marks(checks) == cleared
    assert [(c.responsible, c.note) for c in checks] == after
    assert [c.applicant for c in checks] == [a for a, _, _ in before]


def test_clearing_a_record_leaves_the_applicant_column() -> None:
    rec = record()
    assert clear_responsible_marks(rec.checks) == list(range(1, 9))
    assert all(c.applicant is OK and c.responsible is None for c in rec.checks)


@pytest.mark.parametrize(
    ("state", "fields", "checked"),
    [
        # What the eight checks are about: the service and the information (issue 18.6).
        (A, ["service.provider"], ["service.provider"]),
        (A, ["service.data_location", "application.purpose"], ["service.data_location"]),
        (A, ["application.information"], ["application.information"]),
        (A, ["application.information[0].class"], ["application.information[0].class"]),
        (A, ["application.attachments"], ["application.attachments"]),
        # Not what they are about: the marks stay.
        (A, ["application.users_count", "application.users"], []),
        (A, ["application.purpose", "application.period", "application.alternative"], []),
        (A, ["application.administrator"], []),
        (A, ["application.informational"], []),  # a name that only begins the same
        # The termination form's four checks are about all of it.
        (T, ["termination.users_count"], ["termination.users_count"]),
        (T, ["termination.reason"], ["termination.reason"]),
    ],
)
def test_checked_changes(state: State, fields: list[str], checked: list[str]) -> None:
    assert checked_changes(state, fields) == checked


def test_field_label_in_the_form_words() -> None:
    assert field_label("service.provider") == "提供会社名"
    assert field_label("application.users_count") == "利用者の合計人数"
    assert field_label("application.unknown") == "application.unknown"
