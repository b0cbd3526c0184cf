"""The full track's approval gate (rules/fulltrack.py through rules/gates.approve) and its A5
audit rule: tables over built records and snapshots, no I/O."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from tests.factories import APPROVAL, CONFIG, record, record_data
from yakkan_cli.model import Config, Record
from yakkan_cli.model.ismap import IsmapList, Snapshot
from yakkan_cli.rules import fulltrack, gates
from yakkan_cli.rules.audit.approvals import readiness_findings
from yakkan_cli.rules.violation import RuleViolation

DAY = date(2026, 12, 10)
JURISDICTION = {
    "governing_law": "日本法",
    "court": "東京地方裁判所",
    "provider_country": "JP",
    "storage_countries": ["JP"],
    "checked_on": "2026-12-01",
}
LISTED = {"list": "ismap", "registration": "C21-0012-2"}


def conf(**policy: Any) -> Config:
    data = {
        **CONFIG,
        "classification": {"scheme": "jichitai"},
        "security_administrators": ["tanaka"],
    }
    if policy:
        data["policy"] = policy
    return Config.model_validate(data)


CONF = conf()


def snapshot(
    *entries: tuple[str, str], retrieved: str = "2026-12-01", which: str = "ismap"
) -> Snapshot:
    """A snapshot of `which` holding (registration, valid_until) entries."""
    return Snapshot.model_validate(
        {
            "manifest": {
                "list": which,
                "retrieved_on": retrieved,
                "file": "list.csv",
                "format": "csv",
                "sha256": "0" * 64,
                "imported_by": "tanaka",
                "imported_on": retrieved,
                "normaliser": 1,
            },
            "entries": [
                {"registration": r, "service": "Box", "provider": "Box, Inc.", "valid_until": until}
                for r, until in entries
            ],
        }
    )


LISTS = {IsmapList.ISMAP: snapshot(("C21-0012-2", "2027-08-31"))}


def full(
    info_class: Any = 2,
    *,
    ismap: dict[str, Any] | None = LISTED,
    jurisdiction: dict[str, Any] | None = JURISDICTION,
    location: str = "domestic",
    **overrides: Any,
) -> Record:
    """A jichitai record, every light-track check met, on the full track unless class 1."""
    service: dict[str, Any] = {"data_location": location}
    if ismap is not None:
        service["ismap"] = ismap
    if jurisdiction is not None:
        service["jurisdiction"] = jurisdiction
    data = record_data(
        scheme="jichitai",
        service=service,
        application={"information": [{"name": "資料", "class": info_class, "personal": False}]},
        **overrides,
    )
    return Record.model_validate(data)


def refusal(rec: Record, config: Config = CONF, lists: Any = None, **reasons: Any) -> str | None:
    try:
        gates.approve(
            rec,
            config,
            "sato",
            DAY,
            exception_reason=reasons.pop("exception_reason", None),
            lists=LISTS if lists is None else lists,
            **reasons,
        )
    except RuleViolation as refused:
        return " ".join([refused.message, *refused.details])
    return None


ABROAD = {**JURISDICTION, "storage_countries": ["JP", "US"]}


@pytest.mark.parametrize(
    ("rec", "lists", "reasons", "phrase"),
    [
        (full(), None, {}, None),
        (full("3B"), None, {}, None),
        # light track, juyosei: as before, whatever the ISMAP fields say
        (full(1, ismap=None, jurisdiction=None), None, {}, None),
        (record(service={"data_location": "domestic"}), None, {}, None),
        # the registration
        (full(ismap=None), None, {}, "list と registration"),
        (
            full(ismap={"registration": "C21-0012-2", "valid_until": "2027-01-01"}),
            None,
            {},
            "list と",
        ),
        (full(ismap={"list": "none"}), None, {}, "どちらにも登録がない"),
        (full(), {}, {}, "まだ取り込まれていません"),
        (full(), None, {}, None),
        (
            full(ismap={"list": "ismap-liu", "registration": "C21-0012-2"}),
            None,
            {},
            # The list as a person names it; its code only in the command to run.
            "ISMAP-LIU の一覧がまだ取り込まれていません。情報セキュリティ管理者（田中 一郎）が"
            " yakkan ismap import ファイル --list ismap-liu",
        ),
        (
            full(ismap={"list": "ismap", "registration": "C99-0001-1"}),
            None,
            {},
            "一覧（2026-12-01 取得）にありません",
        ),
        (
            full(),
            {IsmapList.ISMAP: snapshot(("C21-0012-2", "2026-12-09"))},
            {},
            "承認日 2026-12-10 には有効ではありません",
        ),
        (full(), {IsmapList.ISMAP: snapshot(("C21-0012-2", "2026-12-10"))}, {}, None),
        (
            full(),
            {IsmapList.ISMAP: snapshot(("C21-0012-2", "2027-08-31"), retrieved="2026-09-10")},
            {},
            "91 日",
        ),
        (
            full(),
            {IsmapList.ISMAP: snapshot(("C21-0012-2", "2027-08-31"), retrieved="2026-09-11")},
            {},
            None,
        ),
        (full(ismap={"list": "none"}), None, {"ismap_exception_reason": "代替なし"}, None),
        (full(), {}, {"ismap_exception_reason": "代替なし"}, None),
        (full(), None, {"ismap_exception_reason": "念のため"}, "--ismap-exception-reason を外して"),
        # the jurisdiction and where the data is kept
        (full(jurisdiction=None), None, {}, "service.jurisdiction"),
        (full(jurisdiction=None, location="unknown"), None, {}, "「不明」のまま"),
        (
            full(jurisdiction=ABROAD, location="overseas"),
            None,
            {},
            "日本の外（US）に保存するサービスは承認できません",
        ),
        (full(jurisdiction=ABROAD, location="domestic"), None, {}, "保存国（JP、US）と合いません"),
        (full(location="overseas"), None, {}, "service.data_location=domestic"),
        (full(location="unknown"), None, {}, "service.data_location=domestic"),
        (
            full(jurisdiction=ABROAD, location="overseas"),
            None,
            {"storage_exception_reason": "x"},
            "認めていません",
        ),
        (full(), None, {"storage_exception_reason": "x"}, "認めていません"),
        # 3A
        (full("3A"), None, {}, "自治体機密性3Aの情報を扱うには例外の承認が要ります"),
        (full("3A"), None, {"exception_reason": "業務上必要"}, None),
        (
            full(
                "3A",
                exception={"reason": "必要", "approved_by": "sato", "approved_on": "2026-12-10"},
            ),
            None,
            {},
            None,
        ),
        (full("3B"), None, {"exception_reason": "念のため"}, "3Aの情報がないので"),
        (
            full(1, ismap=None, jurisdiction=None),
            None,
            {"ismap_exception_reason": "x"},
            "例外は要りません",
        ),
    ],
)
def test_full_track_gate(
    rec: Record, lists: Any, reasons: dict[str, Any], phrase: str | None
) -> None:
    found = refusal(rec, lists=lists, **reasons)
    assert (found is None) if phrase is None else (found is not None and phrase in found), found


ALLOWING = conf(storage_abroad_by_exception=True)


@pytest.mark.parametrize(
    ("rec", "reasons", "phrase"),
    [
        (full(jurisdiction=ABROAD, location="overseas"), {}, "--storage-exception-reason 理由"),
        (full(jurisdiction=ABROAD, location="overseas"), {"storage_exception_reason": "x"}, None),
        (full(), {"storage_exception_reason": "x"}, "保存国は日本だけ"),
        (
            full(
                jurisdiction=ABROAD,
                location="overseas",
                storage_exception={
                    "reason": "x",
                    "approved_by": "sato",
                    "approved_on": "2026-12-10",
                },
            ),
            {},
            None,
        ),
    ],
)
def test_storage_abroad_by_exception_where_the_policy_allows_it(
    rec: Record, reasons: dict[str, Any], phrase: str | None
) -> None:
    found = refusal(rec, ALLOWING, **reasons)
    assert (found is None) if phrase is None else (found is not None and phrase in found), found


def test_every_blocker_is_named_at_once() -> None:
    rec = full("3A", ismap=None, jurisdiction=None, location="unknown")
    found = fulltrack.approval_blockers(rec, CONF, lists=LISTS, on=DAY)
    assert len(found) == 4, found  # the registration, the jurisdiction, the location, 3A


def test_the_import_step_names_the_security_administrators() -> None:
    found = refusal(full(), lists={})
    assert found is not None and "田中 一郎" in found and "yakkan ismap import" in found


@pytest.mark.parametrize(
    ("ismap", "jurisdiction", "loc", "problem"),
    [
        ({"list": "ismap"}, None, ("service", "ismap", "registration"), "registration"),
        (
            {"list": "none", "registration": "C1"},
            None,
            ("service", "ismap", "registration"),
            "none",
        ),
        (
            {"list": "ismap", "registration": "C1", "valid_until": "2027-01-01"},
            None,
            ("service", "ismap", "valid_until"),
            "valid_until",
        ),
        (
            {"list": "ismap", "registration": "C21 0012"},
            None,
            ("service", "ismap", "registration"),
            "登録番号",
        ),
        (
            None,
            {**JURISDICTION, "provider_country": "jp"},
            ("service", "jurisdiction", "provider_country"),
            "ISO 3166",
        ),
        (
            None,
            {**JURISDICTION, "storage_countries": ["JP", "XX"]},
            ("service", "jurisdiction", "storage_countries", 1),
            "ISO 3166",
        ),
        (
            None,
            {**JURISDICTION, "storage_countries": []},
            ("service", "jurisdiction", "storage_countries"),
            "",
        ),
        (
            None,
            {**JURISDICTION, "storage_countries": ["JP", "JP"]},
            ("service", "jurisdiction", "storage_countries"),
            "二度",
        ),
    ],
)
def test_the_fields_are_checked_where_they_are_written(
    ismap: Any, jurisdiction: Any, loc: tuple[Any, ...], problem: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        full(ismap=ismap, jurisdiction=jurisdiction)
    errors = raised.value.errors()
    assert [e["loc"] for e in errors] == [loc]
    assert problem in errors[0]["msg"]


def test_old_shape_keeps_validating() -> None:
    rec = record(service={"ismap": {"registration": "第123号", "valid_until": "2027-03-31"}})
    assert rec.service.ismap is not None and not rec.service.ismap.listed


# --- A5: an approval made by hand ------------------------------------------------------------


def approved(rec: Record, **extra: Any) -> Record:
    data = rec.model_dump(mode="json", by_alias=True, exclude_none=True)
    data.update(state="approved", approval={**APPROVAL, "approved_on": DAY.isoformat()}, **extra)
    return Record.model_validate(data)


def audit(before: Record, after: Record, *, on: date = DAY, lists: Any = None) -> list[str]:
    found: list[tuple[str, str]] = []
    readiness_findings(
        before,
        after,
        CONF,
        lambda rule, message: found.append((rule, message)),
        on=on,
        lists=lambda: LISTS if lists is None else lists,
    )
    return [f"{rule} {message}" for rule, message in found]


EXCEPTION = {"reason": "必要", "approved_by": "sato", "approved_on": DAY.isoformat()}


@pytest.mark.parametrize(
    ("before", "extra", "lists", "phrase"),
    [
        (full(), {}, None, None),
        (full(), {}, {}, "まだ取り込まれていません"),
        (full(jurisdiction=None), {}, None, "service.jurisdiction"),
        (full("3A"), {}, None, "3A"),
        (full("3A"), {"exception": EXCEPTION}, None, None),
        (full(ismap={"list": "none"}), {"ismap_exception": EXCEPTION}, None, None),
        (full(), {"ismap_exception": EXCEPTION}, None, "--ismap-exception-reason を外して"),
        (
            full(),
            {},
            {IsmapList.ISMAP: snapshot(("C21-0012-2", "2026-12-01"))},
            "有効ではありません",
        ),
    ],
)
def test_a_hand_made_full_track_approval_is_a_finding(
    before: Record, extra: dict[str, Any], lists: Any, phrase: str | None
) -> None:
    found = audit(before, approved(before, **extra), lists=lists)
    assert (
        (found == [])
        if phrase is None
        else (len(found) == 1 and "A5" in found[0] and phrase in found[0])
    ), found


def test_the_rule_counts_from_the_day_it_took_effect() -> None:
    before = full(jurisdiction=None, location="domestic")
    after = approved(before)
    assert audit(before, after, on=fulltrack.FULL_TRACK_RULE_FROM) != []
    assert audit(before, after, on=date(2026, 12, 6)) == []


def test_a_squash_folding_a_full_track_approval_is_judged_by_the_same_rules() -> None:
    from yakkan_cli.rules.audit.sequence import squash_readiness_findings

    def squashed(before: Record, after: Record, lists: Any) -> list[str]:
        found: list[str] = []
        squash_readiness_findings(
            before, after, CONF, lambda _, m: found.append(m), on=DAY, lists=lambda: lists
        )
        return found

    before = full()
    assert squashed(before, approved(before), LISTS) == []
    (finding,) = squashed(before, approved(before), {})
    assert "まだ取り込まれていません" in finding
    three_a = full("3A")
    assert squashed(three_a, approved(three_a, exception=EXCEPTION), LISTS) == []
    assert "3A" in squashed(three_a, approved(three_a), LISTS)[0]


def test_a_registration_that_ended_before_the_approval_arrived_does_not_vouch() -> None:
    """The approval states 12-10; it reached the mainline on 12-15, when the registration
    (valid until 12-12) had ended: it counts as given on its arrival (issue 19.5)."""
    before = full()
    lists = {IsmapList.ISMAP: snapshot(("C21-0012-2", "2026-12-12"))}
    assert audit(before, approved(before), lists=lists) == []
    late = audit(before, approved(before), on=date(2026, 12, 15), lists=lists)
    assert len(late) == 1 and "2026-12-15 には有効ではありません" in late[0], late


# --- due: a registration missing from the newest list ----------------------------------------

OTHER = {IsmapList.ISMAP: snapshot(("C22-0100-1", "2027-08-31"), retrieved="2026-12-20")}


@pytest.mark.parametrize(
    ("rec", "lists", "expected"),
    [
        # the number left the list imported after the approval: due the day it was retrieved
        (approved(full()), OTHER, ("2026-12-20", "C21-0012-2")),
        # … a list retrieved before the approval says it from the approval on
        (
            approved(full()),
            {IsmapList.ISMAP: snapshot(("C9", "2027-08-31"))},
            ("2026-12-10", "C21-0012-2"),
        ),
        (approved(full("3B")), OTHER, ("2026-12-20", "C21-0012-2")),
        # in the list: nothing to do (its end is the `ismap` task's)
        (approved(full()), LISTS, None),
        # the list never imported, or not read: `ismap check` says so, not this task
        (approved(full()), {}, None),
        (approved(full()), None, None),
        (approved(full(ismap={"list": "ismap-liu", "registration": "C21-0012-2"})), OTHER, None),
        # approved with an ISMAP exception: it vouches instead of the list
        (approved(full(), ismap_exception=EXCEPTION), OTHER, None),
        # no list named, or on no list: not a number to look up
        (approved(full(ismap={"list": "none"}), ismap_exception=EXCEPTION), OTHER, None),
        # light track and 重要性分類: the list is not what their approval stood on
        (approved(full(1)), OTHER, None),
        # not in use: a pending application is the approval's business
        (full(), OTHER, None),
    ],
)
def test_due_lists_a_registration_missing_from_the_newest_list(
    rec: Record, lists: Any, expected: tuple[str, str] | None
) -> None:
    from yakkan_cli.rules.schedule import ISMAP_MISSING, due_tasks, schedule_facts, tasks_of

    found = [t for t in due_tasks(rec, CONF, date(2027, 1, 5), lists) if t.task == ISMAP_MISSING]
    if expected is None:
        assert found == []
        return
    [task] = found
    assert (task.due.isoformat(), task.detail) == expected
    # The department's responsible managers decide whether the service goes on.
    assert task.assignees == CONF.responsible_of(rec.department)
    # The same from the record cache's facts and its plain copy of the lists (cli/fast.py).
    from yakkan_cli.store.cache.codec import plain_snapshot

    facts = schedule_facts(rec)
    plain = {which: plain_snapshot(snapshot) for which, snapshot in lists.items()}
    assert [
        t for t in tasks_of(facts, CONF, date(2027, 1, 5), plain) if t.task == ISMAP_MISSING
    ] == [task]
    assert [
        t for t in tasks_of(facts, CONF, date(2027, 1, 5), lists) if t.task == ISMAP_MISSING
    ] == [task]


# --- due: the approval is listed only when `approve` could give it --------------------------

STALE_LISTS = {IsmapList.ISMAP: snapshot(("C21-0012-2", "2027-08-31"), retrieved="2026-08-01")}
NOT_LISTED = {IsmapList.ISMAP: snapshot(("C22-0100-1", "2027-08-31"))}
EXPIRED = {IsmapList.ISMAP: snapshot(("C21-0012-2", "2026-12-09"))}


@pytest.mark.parametrize(
    ("rec", "config", "lists", "expected"),
    [
        (full(), CONF, LISTS, [("approve", ("sato", "tanaka"), "")]),
        (full(1, ismap=None, jurisdiction=None), CONF, {}, [("approve", ("sato", "tanaka"), "")]),
        # The security administrators import the list (again) first.
        (full(), CONF, {}, [("full_track_form", ("tanaka",), "ismap_not_imported:ismap")]),
        (full(), CONF, STALE_LISTS, [("full_track_form", ("tanaka",), "ismap_stale:ismap")]),
        # The applicant records or corrects the number, the jurisdiction, the location.
        (full(), CONF, NOT_LISTED, [("full_track_form", ("yamada",), "ismap_not_found")]),
        (full(ismap=None), CONF, LISTS, [("full_track_form", ("yamada",), "ismap_unnamed")]),
        (full(jurisdiction=None), CONF, LISTS, [("full_track_form", ("yamada",), "jurisdiction")]),
        (
            full(jurisdiction=ABROAD, location="domestic"),
            CONF,
            LISTS,
            [
                ("full_track_form", ("yamada",), "location_disagrees"),
                ("full_track_form", ("yamada",), "storage_abroad"),
            ],
        ),
        # What only an exception approves is the approver's: the approval stays listed.
        (full(ismap={"list": "none"}), CONF, LISTS, [("approve", ("sato", "tanaka"), "")]),
        (full(), CONF, EXPIRED, [("approve", ("sato", "tanaka"), "")]),
        (
            full(jurisdiction=ABROAD, location="overseas"),
            conf(storage_abroad_by_exception=True),
            LISTS,
            [("approve", ("sato", "tanaka"), "")],
        ),
        # Lists not given (the register, the site): the registration is not judged.
        (full(), CONF, None, [("approve", ("sato", "tanaka"), "")]),
    ],
)
def test_due_lists_the_approval_only_when_approve_could_give_it(
    rec: Record, config: Config, lists: Any, expected: list[Any]
) -> None:
    from yakkan_cli.rules.schedule import due_tasks

    tasks = due_tasks(rec, config, DAY, lists)
    assert [(task.task, task.assignees, task.detail) for task in tasks] == expected
    if lists is not None and expected[0][0] == "approve":
        # Listed for the managers: given now, or with the exception the refusal names.
        said = refusal(rec, config, lists)
        assert said is None or "-exception-reason" in said, said
