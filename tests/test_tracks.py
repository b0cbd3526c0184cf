"""The village's scheme, the record's scale and the two tracks (issue 22): tables, no I/O."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from tests.factories import APPROVAL, CONFIG, all_checks, record, record_data, termination
from yakkan_cli.model import Config, Record, Scheme
from yakkan_cli.rules.readiness import needs_exception
from yakkan_cli.rules.schedule import FULL_TRACK, due_tasks
from yakkan_cli.rules.summary import summarize
from yakkan_cli.rules.tracks import (
    Track,
    class_label,
    class_mark,
    is_3a,
    raised_on,
    ranked,
    track_for,
    track_of,
    track_shown,
)


def items(*classes: Any) -> list[dict[str, Any]]:
    return [{"name": f"情報{i}", "class": c, "personal": False} for i, c in enumerate(classes)]


def jichitai(*classes: Any, **overrides: Any) -> Record:
    return record(scheme="jichitai", application={"information": items(*classes)}, **overrides)


@pytest.mark.parametrize(
    ("classes", "track"),
    [
        ((1,), Track.LIGHT),
        ((1, 1), Track.LIGHT),
        ((2,), Track.FULL),
        ((1, 2), Track.FULL),
        (("3C",), Track.FULL),
        ((1, "3B"), Track.FULL),
        (("3A",), Track.FULL),
        (("3A", 1, 2), Track.FULL),
    ],
)
def test_full_track_when_any_item_is_jichitai_2_or_higher(
    classes: tuple[Any, ...], track: Track
) -> None:
    assert track_of(jichitai(*classes)) is track


@pytest.mark.parametrize("classes", [(1,), (2,), (3,), (4,), (1, 4)])
def test_a_juyosei_record_has_no_track(classes: tuple[int, ...]) -> None:
    assert track_of(record(application={"information": items(*classes)})) is None


@pytest.mark.parametrize(
    ("classes", "expected"),
    [((1,), False), ((2, "3B"), False), (("3C", "3A"), True), (("3A",), True)],
)
def test_is_3a(classes: tuple[Any, ...], expected: bool) -> None:
    assert is_3a(jichitai(*classes)) is expected


def test_a_juyosei_record_is_never_3a() -> None:
    assert is_3a(record()) is False


def test_the_record_keeps_its_scale_and_absent_means_juyosei() -> None:
    assert record().scheme is None
    assert record().classified_on is Scheme.JUYOSEI
    assert jichitai(1).classified_on is Scheme.JICHITAI
    assert record(scheme="juyosei").classified_on is Scheme.JUYOSEI


def _errors(**overrides: Any) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        Record.model_validate(record_data(**overrides))
    return [(tuple(e["loc"]), e["msg"]) for e in caught.value.errors()]


@pytest.mark.parametrize("value", ["3A", "3B", "3C"])
def test_a_lettered_class_is_refused_on_juyosei_naming_the_field(value: str) -> None:
    [(loc, msg)] = _errors(application={"information": items(3, value)})
    assert loc == ("application", "information", 1, "class")
    assert "重要性分類" in msg and "reclassify" in msg


@pytest.mark.parametrize("value", [3, 4])
def test_juyosei_3_and_4_are_refused_on_jichitai(value: int) -> None:
    [(loc, msg)] = _errors(scheme="jichitai", application={"information": items(1, value)})
    assert loc == ("application", "information", 1, "class")
    assert "自治体機密性" in msg and "3A・3B・3C・2・1" in msg


@pytest.mark.parametrize("value", ["3D", "2A", "III", "", 0, 5, True, 2.0, None])
def test_no_scheme_takes_other_values(value: Any) -> None:
    for scheme in (None, "jichitai"):
        errors = _errors(scheme=scheme, application={"information": items(value)})
        assert [loc for loc, _ in errors] == [("application", "information", 0, "class")]


def test_a_juyosei_class_out_of_range_reads_as_before() -> None:
    # The wording of a record on 重要性分類 is unchanged: the number limit's own message.
    with pytest.raises(ValidationError) as caught:
        Record.model_validate(record_data(application={"information": items(5)}))
    assert [e["type"] for e in caught.value.errors()] == ["less_than_equal"]


def test_an_unknown_scheme_is_refused() -> None:
    [(loc, _)] = _errors(scheme="kokka")
    assert loc == ("scheme",)


def test_the_termination_is_held_to_the_record_scale() -> None:
    data = record_data(scheme="jichitai", application={"information": items(1)})
    data["state"] = "terminating"
    data["termination"] = {
        "applicant": "yamada",
        "filed_on": "2026-06-01",
        "reason": "終了",
        "end_on": "2026-06-30",
        "information": items(4),
        "users": ["総務課 職員"],
        "users_count": 5,
    }
    with pytest.raises(ValidationError) as caught:
        Record.model_validate(data)
    assert [tuple(e["loc"]) for e in caught.value.errors()] == [
        ("termination", "information", 0, "class")
    ]


def test_the_village_scheme_defaults_to_juyosei_with_no_section_names() -> None:
    config = Config.model_validate(CONFIG)
    assert config.classification.scheme is Scheme.JUYOSEI
    assert config.classification.sections.light is None
    assert config.classification.sections.full is None


def test_the_village_names_its_scheme_and_sections() -> None:
    config = Config.model_validate(
        {
            **CONFIG,
            "classification": {
                "scheme": "jichitai",
                "sections": {"full": "第2-8-3 外部サービスの利用（自治体機密性2以上）"},
            },
        }
    )
    assert config.classification.scheme is Scheme.JICHITAI
    assert config.classification.sections.full == "第2-8-3 外部サービスの利用（自治体機密性2以上）"
    assert config.classification.sections.light is None


@pytest.mark.parametrize("bad", [{"scheme": "kokka"}, {"sections": {"middle": "x"}}])
def test_a_bad_classification_is_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Config.model_validate({**CONFIG, "classification": bad})


@pytest.mark.parametrize(
    ("scheme", "value", "mark", "label"),
    [
        (Scheme.JUYOSEI, 1, "Ⅰ", "重要性分類Ⅰ"),
        (Scheme.JUYOSEI, 4, "Ⅳ", "重要性分類Ⅳ"),
        (Scheme.JICHITAI, "3A", "3A", "自治体機密性3A"),
        (Scheme.JICHITAI, 2, "2", "自治体機密性2"),
        (Scheme.JICHITAI, 1, "1", "自治体機密性1"),
    ],
)
def test_class_words(scheme: Scheme, value: Any, mark: str, label: str) -> None:
    assert class_mark(scheme, value) == mark
    assert class_label(scheme, value) == label


def test_classes_ranked_highest_first_on_each_scale() -> None:
    assert ranked(Scheme.JICHITAI, [1, "3C", 2, "3A", 1]) == ("3A", "3C", 2, 1)
    assert ranked(Scheme.JUYOSEI, [4, 2, 3, 2]) == (2, 3, 4)


def test_the_summary_carries_the_scale_and_the_track() -> None:
    light, full, old = summarize(jichitai(1)), summarize(jichitai(1, "3B")), summarize(record())
    assert (light.scheme, light.track) == (Scheme.JICHITAI, Track.LIGHT)
    assert (full.classes, full.track) == (("3B", 1), Track.FULL)
    assert (old.scheme, old.track) == (Scheme.JUYOSEI, None)
    assert track_for(Scheme.JUYOSEI, [1]) is None


def test_jichitai_numbers_never_ask_for_the_juyosei_exception() -> None:
    # 自治体機密性2 is not 重要性分類Ⅱ: S4.3's exception is a rule of the old scale.
    policy = Config.model_validate(CONFIG).policy
    assert needs_exception(jichitai(2, 1), policy) is False
    assert needs_exception(record(application={"information": items(2)}), policy) is True


MOVE = {
    "on": "2026-05-10",
    "by": "sato",
    "from": "juyosei",
    "to": "jichitai",
    "items": [{"item": 1, "name": "情報0", "old": 3, "new": 2}],
}


def in_use(*classes: Any, track: str | None, moves: list[Any] | None = None) -> Record:
    approval = {"approved_by": "sato", "approved_on": "2026-04-01"}
    if track is not None:
        approval["track"] = track
    return record(
        scheme="jichitai",
        state="approved",
        checks=all_checks(),
        approval=approval,
        application={"information": items(*classes)},
        reclassifications=moves or [],
    )


@pytest.mark.parametrize(
    ("classes", "track", "moves", "raised"),
    [
        ((1,), "light", None, None),  # light and approved light
        ((2,), "full", None, None),  # approved on the full track
        ((2,), "light", None, date(2026, 4, 1)),  # on the full track, approved light
        ((2,), None, [MOVE], date(2026, 5, 10)),  # moved from 重要性分類 onto the full track
        ((1,), None, [{**MOVE, "items": [{**MOVE["items"][0], "new": 1}]}], None),
    ],
)
def test_raised_onto_the_full_track_after_approval(
    classes: tuple[Any, ...], track: str | None, moves: list[Any] | None, raised: date | None
) -> None:
    assert raised_on(in_use(*classes, track=track, moves=moves)) == raised


def test_a_rise_is_a_task_of_the_responsible_managers() -> None:
    config = Config.model_validate(CONFIG)
    raised = in_use(2, track=None, moves=[MOVE])
    [task] = [t for t in due_tasks(raised, config, date(2026, 5, 11)) if t.task == FULL_TRACK]
    assert (task.due, task.assignees, task.detail) == (
        date(2026, 5, 10),
        ("sato", "tanaka"),
        "raised",
    )
    kept = in_use(1, track="light")
    assert not [t for t in due_tasks(kept, config, date(2026, 5, 11)) if t.task == FULL_TRACK]


def test_a_reclassification_is_held_to_its_scales() -> None:
    for bad in ({"old": "3A"}, {"new": 4}, {"new": "III"}):
        with pytest.raises(ValidationError):
            in_use(2, track=None, moves=[{**MOVE, "items": [{**MOVE["items"][0], **bad}]}])
    with pytest.raises(ValidationError):
        in_use(2, track=None, moves=[{**MOVE, "to": "juyosei"}])


def test_the_track_in_words_with_the_village_section() -> None:
    plain = Config.model_validate({**CONFIG, "classification": {"scheme": "jichitai"}})
    assert track_shown(Track.FULL, plain) == "自治体機密性2以上の情報を取り扱う外部サービスの利用"
    named = Config.model_validate(
        {
            **CONFIG,
            "classification": {"scheme": "jichitai", "sections": {"light": "第2-8-2 軽易な利用"}},
        }
    )
    assert track_shown(Track.LIGHT, named) == "機密性1のみ（第2-8-2 軽易な利用）"
    assert track_shown(Track.FULL, named) == "自治体機密性2以上の情報を取り扱う外部サービスの利用"


# --- reclassify while a termination is pending -----------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "refused"),
    [
        # in use: the responsible manager moves it to the village's scale
        ({"state": "active", "approval": {**APPROVAL, "risk_acknowledged_by": "suzuki",
                                          "risk_acknowledged_on": "2026-04-02"}}, None),
        # terminating: kept refused, saying why and what each way out is
        ({"state": "terminating", "approval": APPROVAL, "termination": termination()},
         ["終了の手続き中", "尺度のまま残ります", "yakkan approve somu-drive",
          "yakkan withdraw somu-drive", "鈴木"]),
        # terminated: a closed record keeps its scale
        ({"state": "terminated", "approval": APPROVAL,
          "termination": termination(approved_by="sato", approved_on="2027-03-02")},
         ["「終了」なので reclassify はできません"]),
    ],
)  # fmt: skip
def test_reclassify_by_state(overrides: dict[str, Any], refused: list[str] | None) -> None:
    from yakkan_cli.rules import gates
    from yakkan_cli.rules.violation import RuleViolation

    village = Config.model_validate({**CONFIG, "classification": {"scheme": "jichitai"}})
    rec = record(**overrides)
    if refused is None:
        gates.reclassify(rec, village, "sato", date(2027, 3, 5))
        return
    with pytest.raises(RuleViolation) as caught:
        gates.reclassify(rec, village, "sato", date(2027, 3, 5))
    for phrase in refused:
        assert phrase in caught.value.message
