"""A5: approvals re-checked against the readiness rules; marks older than the form they
vouch for. A9: a squash or a rebase named once, instead of a cascade of findings."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tests.factories import APPROVAL, config, termination
from tests.test_audit_rules import (
    CONF,
    MARKED,
    MARKED_A,
    SIGNED,
    commit,
    marks,
    messages,
    rules,
    step,
)
from tests.test_audit_rules_fields import ACTIVE, cleared
from yakkan_cli.model import Record
from yakkan_cli.rules.audit import CommitInfo, check_version
from yakkan_cli.rules.audit.squash import looks_rebased, squash_message

MARKED_DATA = MARKED.model_dump(mode="json", by_alias=True)


def form(**changes: Any) -> Record:
    """The pending application with `changes` (sections or application fields)."""
    data = {**MARKED_DATA}
    application = {k: v for k, v in changes.items() if k in MARKED_DATA["application"]}
    data["application"] = {**data["application"], **application}
    data |= {k: v for k, v in changes.items() if k not in application}
    return Record.model_validate(data)


def approved(before: Record, **changes: Any) -> Record:
    data = before.model_dump(mode="json", by_alias=True)
    return Record.model_validate({**data, "state": "approved", "approval": APPROVAL, **changes})


CLASS_2 = [{"name": "個人情報", "class": 2, "personal": True}]
EXCEPTION = {"reason": "必要", "approved_by": "sato", "approved_on": "2026-04-01"}
TERMS_ONLY = MARKED_DATA["application"]["attachments"][1:]


@pytest.mark.parametrize(
    ("before", "changes", "expected"),
    [
        (MARKED, {}, []),
        (form(information=CLASS_2), {}, ["A5"]),  # class Ⅱ without an exception
        (form(information=CLASS_2), {"exception": EXCEPTION}, []),
        (MARKED, {"exception": EXCEPTION}, ["A5"]),  # an exception nobody needed
        (form(checks=marks(responsible="ng")), {}, ["A5"]),  # a × by the responsible
        (MARKED_A, {}, ["A5"]),  # marks missing
        (form(attachments=TERMS_ONLY), {}, ["A5"]),  # no sign-up screen
        (form(alternative=None), {}, ["A5"]),  # no alternative (S6.3)
    ],
)
def test_an_approval_passes_the_readiness_rules(
    before: Record, changes: dict[str, Any], expected: list[str]
) -> None:
    assert rules(commit("sato", "approve"), before, approved(before, **changes)) == expected


def test_the_readiness_is_judged_by_the_config_in_force() -> None:
    strict = config(max_class_without_exception=4)  # class Ⅲ needs an exception too
    c = commit("sato", "approve")
    version = step(MARKED, approved(MARKED))
    assert [f.rule for f in check_version(c, version, CONF, strict)] == ["A5"]
    assert [f.rule for f in check_version(c, version, strict, CONF)] == []


TERMINATING = Record.model_validate(
    {
        **ACTIVE.model_dump(mode="json", by_alias=True),
        "state": "terminating",
        "termination": termination(filed_on="2026-05-01", end_on="2026-05-31"),
    }
)


def _terminated(before: Record) -> Record:
    data = before.model_dump(mode="json", by_alias=True)
    data["termination"] |= {"approved_by": "sato", "approved_on": "2026-06-01"}
    return Record.model_validate({**data, "state": "terminated"})


def test_a_termination_approval_passes_the_readiness_rules() -> None:
    c = commit("sato", "approve", on="2026-06-01")
    assert rules(c, TERMINATING, _terminated(TERMINATING)) == []
    data = TERMINATING.model_dump(mode="json", by_alias=True)
    data["termination"]["checks"] = marks(responsible="na", count=4)
    unready = Record.model_validate(data)
    assert rules(c, unready, _terminated(unready)) == ["A5"]
    (message,) = messages(c, unready, _terminated(unready))
    assert message.startswith("yakkan approve なら断る")


@pytest.mark.parametrize(
    ("action", "after", "expected"),
    [
        ("edit", cleared(purpose="別"), []),
        ("edit", cleared(users_count=99), []),  # what edit did before 18.6: still honest
        ("attach", form(attachments=TERMS_ONLY), ["A5"]),
        # The service and the information are what the eight checks are about (issue 18.6):
        # marks left standing after a change of them are stale.
        ("edit", form(service={**MARKED_DATA["service"], "terms_url": "https://x"}), ["A5"]),
        ("edit", form(service={**MARKED_DATA["service"], "provider": "別会社"}), ["A5"]),
        ("edit", form(service={**MARKED_DATA["service"], "data_location": "domestic"}), ["A5"]),
        ("edit", form(information=[{"name": "会議資料", "class": 3, "personal": True}]), ["A5"]),
        (
            "edit",
            form(
                service={**MARKED_DATA["service"], "provider": "別会社"},
                checks=cleared().model_dump(mode="json", by_alias=True)["checks"],
            ),
            [],
        ),
        # Anything else may leave the double-check standing.
        ("edit", form(purpose="別"), []),
        ("edit", form(users=["全職員"]), []),
        ("edit", form(users_count=99), []),
        ("edit", form(period={"start": "2026-04-01", "end": "2027-09-30"}), []),
        ("edit", form(alternative="紙で回覧"), []),
        ("edit", form(administrator="sato"), []),
    ],
)
def test_a_changed_form_takes_back_the_double_check(
    action: str, after: Record, expected: list[str]
) -> None:
    assert rules(commit("yamada", action, on="2026-03-25"), MARKED, after) == expected


def test_marks_cleared_by_a_change_then_given_again_are_fresh() -> None:
    # edit (clears) → check by the responsible manager → approve: an honest walk.
    edited = cleared(purpose="別")
    rechecked = form(purpose="別")
    assert rules(commit("yamada", "edit", on="2026-03-25"), MARKED, edited) == []
    assert rules(commit("sato", "check", on="2026-03-26"), edited, rechecked) == []
    assert rules(commit("sato", "approve"), rechecked, approved(rechecked)) == []


# --- A9 ----------------------------------------------------------------------------------------


HONEST_STEPS = (
    ("apply", "somu-drive", "yamada"),
    ("check", "somu-drive", "yamada"),
    ("check", "somu-drive", "sato"),
    ("approve", "somu-drive", "sato"),
)


def squash(*steps: tuple[str, str, str], author: str = "sato") -> CommitInfo:
    """A squash merge by `author` folding `steps` (action, service, actor), as git shows it."""
    return replace(
        commit(author, "apply", names=[a for a, _, _ in steps]), action_steps=tuple(steps)
    )


def test_a_squash_of_several_actions_is_one_finding() -> None:
    # apply + check + approve folded into one commit by a squash merge.
    honest = squash(*HONEST_STEPS)
    found = messages(honest, None, approved(MARKED))
    assert len(found) == 1
    assert "スカッシュマージ" in found[0]
    assert "accepted-findings.yaml" in found[0]
    assert rules(honest, None, approved(MARKED)) == ["A9"]
    # Merged by someone else: the merger is not an actor of what was folded.
    assert rules(squash(*HONEST_STEPS, author="tanaka"), None, approved(MARKED)) == ["A9"]


def _steps(**replaced: tuple[str, str, str] | None) -> list[tuple[str, str, str]]:
    named = dict(zip(("apply", "mark_a", "mark_r", "approve"), HONEST_STEPS, strict=True))
    named |= replaced
    return [s for s in named.values() if s is not None]


@pytest.mark.parametrize(
    ("steps", "after", "expected"),
    [
        # The approval folded in is by the applicant: no squash excuses it (issue 19.1).
        (_steps(approve=("approve", "somu-drive", "yamada")), approved(MARKED), ["S5.3"]),
        # The responsible column marked by the applicant's own check.
        (_steps(mark_r=("check", "somu-drive", "yamada")), approved(MARKED), ["S5.2"]),
        # Approved without the manager's marks: `approve` would have refused.
        (_steps(mark_r=None), approved(MARKED_A), ["A5"]),
        # No approve folded in, yet the record is approved.
        (_steps(approve=None), approved(MARKED), ["D4", "S5.3"]),
        # An actor nobody knows.
        (_steps(approve=("approve", "somu-drive", "mallory")), approved(MARKED), ["S3.1", "S5.3"]),
        # A made-up action.
        (_steps(approve=("stamp", "somu-drive", "sato")), approved(MARKED), ["D4"]),
    ],
)
def test_a_squash_is_judged_as_the_sequence_it_folds(
    steps: list[tuple[str, str, str]], after: Record, expected: list[str]
) -> None:
    found = rules(squash(*steps), None, after)
    assert found.count("A9") == 1
    assert sorted(set(found) - {"A9"}) == sorted(expected), found


def test_an_edit_after_the_last_check_leaves_stale_marks_in_a_squash() -> None:
    before, edited = MARKED, form(purpose="別")
    stale = squash(("check", "somu-drive", "sato"), ("edit", "somu-drive", "yamada"))
    assert rules(stale, MARKED_A, edited) == ["A9", "S5.2"]
    fresh = squash(("edit", "somu-drive", "yamada"), ("check", "somu-drive", "sato"))
    assert rules(fresh, before, edited) == ["A9"]


def test_one_action_over_several_records_is_a_squash_unless_made_for_several() -> None:
    backup = commit("suzuki", "backup-log", on="2026-05-01")
    assert squash_message(backup, 1) is None
    assert squash_message(backup, 3) is not None
    assert squash_message(commit("sato", "alert"), 3) is None
    assert squash_message(commit("sato", names=["apply", "check"], parents=2)) is None
    assert squash_message(commit("sato", "check")) is None


@pytest.mark.parametrize(
    ("committed", "signature", "expected"),
    [
        ("2026-04-01", "G", []),
        ("2026-04-01", "N", ["S5.3"]),  # unsigned where it was made: a plain finding
        # Re-committed later, unsigned: named as a rebase, and still an unsigned approval.
        ("2026-04-03", "N", ["A9", "S5.3"]),
        ("2026-04-03", "B", ["S5.3"]),
    ],
)
def test_a_rebased_approval_is_named_as_a_rebase(
    committed: str, signature: str, expected: list[str]
) -> None:
    c = commit("sato", "approve", committed=committed, signature=signature)
    assert rules(c, MARKED, approved(MARKED), SIGNED) == expected
    assert looks_rebased(c) == ("A9" in expected)


def test_a_squash_over_several_records_is_one_finding_per_record() -> None:
    # Two applications filed and checked on a branch, squashed: "check" changes both.
    c = commit("yamada", "check", on="2026-03-20")
    # The responsible column marked by yamada's check: the squash excuses nothing.
    assert rules(c, MARKED_A, MARKED, records=2) == ["A9", "S5.2"]
    assert rules(c, MARKED_A, MARKED, records=1) == ["S5.2"]
