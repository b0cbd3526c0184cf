"""When an application or a termination may be approved: tables over built records."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import APPROVAL, SHA, all_checks, config, record, termination
from yakkan_cli.model import Mark
from yakkan_cli.rules.readiness import (
    application_blockers,
    handles_personal,
    mark_problem,
    needs_exception,
    termination_blockers,
    termination_mark_problem,
)

POLICY = config().policy


def blockers(exception_reason: str | None = None, **overrides: Any) -> list[str]:
    return application_blockers(record(**overrides), POLICY, exception_reason=exception_reason)


def with_check(item: int, **fields: Any) -> list[dict[str, Any]]:
    checks = all_checks()
    checks[item - 1] = {"item": item, "applicant": "ok", "responsible": "ok", **fields}
    return checks


def test_a_complete_application_is_ready() -> None:
    assert blockers() == []


@pytest.mark.parametrize("item", range(1, 9))
@pytest.mark.parametrize("column", ["applicant", "responsible"])
def test_every_mark_of_both_columns_is_needed(item: int, column: str) -> None:
    found = blockers(checks=with_check(item, **{column: None}))
    assert len(found) == 1
    assert str(item) in found[0]
    assert ("申請者" if column == "applicant" else "責任者") in found[0]


def test_missing_checks_entirely() -> None:
    found = blockers(checks=[])
    assert len(found) == 2  # one line per column


@pytest.mark.parametrize("item", range(1, 9))
def test_ng_in_the_responsible_column_blocks(item: int) -> None:
    found = blockers(checks=with_check(item, responsible="ng"))
    assert any("×" in line and f"項目{item}" in line for line in found)


def test_ng_in_the_applicant_column_alone_does_not_block() -> None:
    # The responsible manager's double-check is what counts (S5.2 decision).
    assert blockers(checks=with_check(5, applicant="ng")) == []


@pytest.mark.parametrize(
    ("personal", "note", "blocked"),
    [(False, None, False), (True, None, True), (True, "理由", True), (False, "理由", False)],
)
def test_na_on_item_3_only_without_personal_information(
    personal: bool, note: str | None, blocked: bool
) -> None:
    info = [{"name": "名簿", "class": 3, "personal": personal}]
    found = blockers(
        checks=with_check(3, applicant="na", responsible="na", note=note),
        application={"information": info},
    )
    assert bool(found) is blocked


@pytest.mark.parametrize("item", [1, 2, 4, 5, 6, 7, 8])
@pytest.mark.parametrize(("note", "blocked"), [(None, True), ("対象外の理由", False)])
def test_na_elsewhere_needs_a_note(item: int, note: str | None, blocked: bool) -> None:
    found = blockers(checks=with_check(item, responsible="na", note=note))
    assert bool(found) is blocked


@pytest.mark.parametrize(
    ("item", "mark", "note", "personal", "problem"),
    [
        (1, Mark.OK, None, False, False),
        (1, Mark.NG, None, True, False),
        (1, Mark.NA, None, False, True),
        (1, Mark.NA, "理由", False, False),
        (3, Mark.NA, None, False, False),
        (3, Mark.NA, None, True, True),
        (3, Mark.NA, "理由", True, True),
        (3, Mark.OK, None, True, False),
        (8, Mark.NA, None, True, True),
    ],
)
def test_mark_problem(
    item: int, mark: Mark, note: str | None, personal: bool, problem: bool
) -> None:
    assert (mark_problem(item, mark, note, personal=personal) is not None) is problem


@pytest.mark.parametrize(
    ("kinds", "missing"),
    [
        (["signup", "terms"], []),
        (["signup"], ["サービス約款"]),
        (["terms"], ["利用申請時の申請内容"]),
        ([], ["利用申請時の申請内容", "サービス約款"]),
        (["evidence", "terms", "signup"], []),
    ],
)
def test_signup_and_terms_are_needed(kinds: list[str], missing: list[str]) -> None:
    attachments = [{"kind": k, "path": f"attachments/somu-drive/{k}", "sha256": SHA} for k in kinds]
    found = blockers(application={"attachments": attachments})
    assert len(found) == len(missing)
    for name, line in zip(missing, found, strict=True):
        assert name in line


def test_an_alternative_is_needed() -> None:
    found = blockers(application={"alternative": None})
    assert len(found) == 1
    assert "S6.3" in found[0]


@pytest.mark.parametrize(
    ("info_class", "reason", "blocked"),
    [
        (1, None, True),
        (2, None, True),
        (1, "決裁済み", False),
        (2, "決裁済み", False),
        (3, None, False),
        (4, None, False),
    ],
)
def test_class_1_and_2_need_an_exception(
    info_class: int, reason: str | None, blocked: bool
) -> None:
    info = [{"name": "住民情報", "class": info_class, "personal": False}]
    found = blockers(reason, application={"information": info})
    assert bool(found) is blocked
    if blocked:
        assert "--exception-reason" in found[0]
        assert "S4.3" in found[0]


def test_a_recorded_exception_counts() -> None:
    info = [{"name": "住民情報", "class": 2, "personal": True}]
    exception = {"reason": "決裁済み", "approved_by": "sato", "approved_on": "2026-03-30"}
    assert blockers(application={"information": info}, exception=exception) == []


def test_needs_exception_follows_the_policy() -> None:
    rec = record(application={"information": [{"name": "x", "class": 3, "personal": False}]})
    assert not needs_exception(rec, POLICY)
    assert needs_exception(rec, config(max_class_without_exception=4).policy)
    assert not needs_exception(
        record(application={"information": [{"name": "x", "class": 2, "personal": False}]}),
        config(max_class_without_exception=2).policy,
    )


def test_handles_personal() -> None:
    assert not handles_personal(record())
    info = [
        {"name": "a", "class": 3, "personal": False},
        {"name": "b", "class": 4, "personal": True},
    ]
    assert handles_personal(record(application={"information": info}))


# --- termination -------------------------------------------------------------------------


def ended(**overrides: Any) -> list[str]:
    rec = record(state="terminating", approval=APPROVAL, termination=termination(**overrides))
    return termination_blockers(rec)


def test_a_complete_termination_is_ready() -> None:
    assert ended() == []


def test_no_termination_form() -> None:
    assert termination_blockers(record(state="active", approval=APPROVAL)) != []


@pytest.mark.parametrize("item", range(1, 5))
@pytest.mark.parametrize("column", ["applicant", "responsible"])
@pytest.mark.parametrize("mark", [None, "ng", "na"])
def test_termination_needs_ok_in_both_columns(item: int, column: str, mark: str | None) -> None:
    checks = all_checks(count=4)
    checks[item - 1] = {**checks[item - 1], column: mark, "note": "理由"}
    found = ended(checks=checks)
    assert len(found) == 1
    assert str(item) in found[0]


@pytest.mark.parametrize(
    ("kinds", "count"),
    [(["agreement", "deletion"], 0), (["agreement"], 1), (["deletion"], 1), ([], 2)],
)
def test_termination_needs_agreement_and_deletion(kinds: list[str], count: int) -> None:
    attachments = [{"kind": k, "path": f"attachments/somu-drive/{k}", "sha256": SHA} for k in kinds]
    assert len(ended(attachments=attachments)) == count


@pytest.mark.parametrize(
    ("mark", "note", "problem"),
    [
        (Mark.OK, None, False),
        (Mark.NA, None, True),
        (Mark.NA, "理由", False),
        (Mark.NG, None, False),
    ],
)
def test_termination_mark_problem(mark: Mark, note: str | None, problem: bool) -> None:
    assert (termination_mark_problem(2, mark, note) is not None) is problem
