"""Notes by column (issue 18, points 1-2) as pure rules, from tables: which note a new mark
keeps, what explains a ／, when the double-check may begin, which step may write which
note (the audit), and how history words a note."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import config, record
from tests.test_audit_rules import commit, marks, rules
from yakkan_cli.model import Check, Mark, Record
from yakkan_cli.model.record.forms import CheckColumn
from yakkan_cli.rules import readiness
from yakkan_cli.rules.audit.history import note_changes
from yakkan_cli.rules.roles import Role
from yakkan_cli.rules.wording import change_words

OK, NG, NA = Mark.OK, Mark.NG, Mark.NA


def check(**fields: Any) -> Check:
    return Check(item=5, **fields)


# --- which notes a new mark leaves ----------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "column", "new", "typed", "expected"),
    [
        # A typed note is the column's own, whatever was there.
        (check(applicant=NG, applicant_note="旧"), "applicant", OK, "新", ("新", None)),
        # Corrected without a note: the column's note about the old mark goes …
        (check(applicant=NG, applicant_note="旧"), "applicant", OK, None, (None, None)),
        # … the same mark again keeps it …
        (check(applicant=NG, applicant_note="旧"), "applicant", NG, None, ("旧", None)),
        # … and the other column's note is never touched (it is not returned, not written).
        (
            check(applicant=NG, applicant_note="申", responsible=OK, responsible_note="責"),
            "responsible",
            NG,
            None,
            (None, None),
        ),
        # The shared note of an older record follows the old rule (note_stays) …
        (check(applicant=NG, responsible=OK, note="共"), "applicant", OK, None, (None, None)),
        (check(applicant=OK, responsible=NG, note="共"), "applicant", OK, "新", ("新", "共")),
        (check(applicant=NA, note="共"), "applicant", NA, None, (None, "共")),
        # … and is never copied into a column.
        (check(applicant=OK, responsible=NA, note="共"), "responsible", OK, None, (None, None)),
        (None, "responsible", OK, "新", ("新", None)),
    ],
)
def test_notes_after(
    entry: Check | None,
    column: CheckColumn,
    new: Mark,
    typed: str | None,
    expected: tuple[str | None, str | None],
) -> None:
    assert readiness.notes_after(entry, column, new, typed) == expected


@pytest.mark.parametrize(
    ("entry", "column", "new", "expected"),
    [
        # The manager agreeing with the applicant's ／ is explained by the applicant's reason.
        (check(applicant=NA, applicant_note="実績なし"), "responsible", NA, "実績なし"),
        # A different mark is not.
        (check(applicant=OK, applicant_note="確認済み"), "responsible", NA, None),
        (check(applicant=NA, note="共"), "responsible", NA, "共"),
        (check(responsible=NA, responsible_note="責"), "applicant", NA, "責"),
        (None, "applicant", NA, None),
    ],
)
def test_reason_after(entry: Check | None, column: CheckColumn, new: Mark, expected: Any) -> None:
    assert readiness.reason_after(entry, column, new, None) == expected


@pytest.mark.parametrize(
    ("check_fields", "blocked"),
    [
        ({"applicant": "na", "applicant_note": "理由", "responsible": "na"}, False),
        ({"applicant": "na", "responsible": "na", "responsible_note": "理由"}, False),
        ({"applicant": "ok", "applicant_note": "確認", "responsible": "na"}, True),
        ({"applicant": "na", "responsible": "na", "note": "理由"}, False),  # an older record
        ({"applicant": "na", "responsible": "ok", "responsible_note": "責"}, True),
    ],
)
def test_a_na_needs_a_reason_at_approval(check_fields: dict[str, Any], blocked: bool) -> None:
    checks: list[dict[str, Any]] = marks()
    checks[5] = {"item": 6, **check_fields}
    found = readiness.application_blockers(
        record(checks=checks), config().policy, exception_reason=None
    )
    assert any("項目6" in f for f in found) is blocked, found


# --- the double-check waits for the applicant ---------------------------------------------


@pytest.mark.parametrize(
    ("applicant_marks", "role", "expected"),
    [
        (8, Role.RESPONSIBLE, None),
        (3, Role.RESPONSIBLE, "4、5、6、7、8"),
        (0, Role.RESPONSIBLE, "1、2、3、4、5、6、7、8"),
        (0, Role.APPLICANT, None),  # the applicant's own column never waits
    ],
)
def test_double_check_problem(applicant_marks: int, role: Role, expected: str | None) -> None:
    checks = [
        {"item": i, **({"applicant": "ok"} if i <= applicant_marks else {})} for i in range(1, 9)
    ]
    problem = readiness.double_check_problem(record(checks=checks), role)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and f"申請者欄がまだ空の項目があります: {expected}" in problem


# --- the audit: which step may write which note ------------------------------------------


def _with(item5: dict[str, Any]) -> Record:
    checks: list[dict[str, Any]] = marks()
    checks[4] = {"item": 5, "applicant": "ok", "responsible": "ok", **item5}
    return record(checks=checks)


NOTES = _with({"applicant_note": "申", "responsible_note": "責"})


@pytest.mark.parametrize(
    ("author", "action", "before", "after", "expected"),
    [
        # Each person writes their own column's note: honest.
        ("yamada", "check", _with({}), _with({"applicant_note": "申"}), []),
        ("sato", "check", _with({}), _with({"responsible_note": "責"}), []),
        # … and nobody else's, whatever the trailer says.
        ("sato", "check", _with({}), _with({"applicant_note": "偽"}), ["S5.2"]),
        ("yamada", "check", _with({}), _with({"responsible_note": "偽"}), ["S5.2"]),
        ("yamada", "check", NOTES, _with({"applicant_note": "申"}), ["S5.2"]),  # emptied
        ("tanaka", "check", _with({}), _with({"responsible_note": "所属長"}), ["S5.2"]),
        # A manager's mark and the applicant's note in one check: two columns at once.
        (
            "sato",
            "check",
            _with({"responsible": "ok"}),
            _with({"responsible": "ng", "applicant_note": "偽"}),
            ["A3", "S5.2"],
        ),
        # The shared note of older records: old histories in which `check` wrote it stay
        # honest; on a record that keeps notes by column it is only ever emptied.
        ("sato", "check", _with({}), _with({"note": "旧"}), []),
        ("sato", "check", _with({"note": "旧"}), _with({}), []),
        (
            "sato",
            "check",
            NOTES,
            _with({"applicant_note": "申", "responsible_note": "責", "note": "旧"}),
            ["A3"],
        ),
        # Moved by hand, without an action: named as a move and as a hand edit.
        (
            "sato",
            None,
            NOTES,
            _with({"responsible_note": "申"}),
            ["A3", "S5.2", "S5.2"],
        ),
        # The legacy note claimed for a column by hand.
        ("yamada", None, _with({"note": "旧"}), _with({"applicant_note": "旧"}), ["A3", "S5.2"]),
    ],
)
def test_who_may_write_which_note(
    author: str, action: str | None, before: Record, after: Record, expected: list[str]
) -> None:
    assert rules(commit(author, action), before, after) == expected


def test_a_note_on_a_new_application_is_extra() -> None:
    applied = record(checks=[{"item": 1, "applicant_note": "先回り"}])
    assert rules(commit("yamada", "apply"), None, applied) == ["A3"]


# --- history says whose note each is -----------------------------------------------------


def test_history_words_each_note_with_its_column() -> None:
    before = _with({"note": "旧"})
    after = _with({"applicant_note": "申の\n理由", "responsible_note": "責"})
    changes = note_changes(before, after)
    assert changes == [
        "note: checks[5].applicant_note: 申の\n理由",
        "note: checks[5].responsible_note: 責",
        "note: checks[5].note: ",
    ]
    assert [change_words(c) for c in changes] == [
        "利用申請書 項目5の申請者の備考「申の 理由」",
        "利用申請書 項目5の責任者の備考「責」",
        "利用申請書 項目5の備考を削除",
    ]
    assert change_words("note: termination.checks[2].responsible_note: 済") == (
        "終了確認書 項目2の責任者の備考「済」"
    )
