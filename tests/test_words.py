"""The user's words for the record's codes (forms/words.py, forms/wareki.parse_date)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.village import CONFIG
from yakkan_cli.forms import words
from yakkan_cli.forms.wareki import parse_date
from yakkan_cli.model import Category, Config, DataLocation, Decision, Mark, State
from yakkan_cli.store.yaml import load_yaml

CONFIG_MODEL = Config.model_validate(load_yaml(CONFIG, "yakkan.yaml"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("2026/12/1", date(2026, 12, 1)),
        ("2026年12月1日", date(2026, 12, 1)),
        ("令和8年12月1日", date(2026, 12, 1)),
        ("令和８年１２月１日", date(2026, 12, 1)),  # full-width digits
        ("R8.12.1", date(2026, 12, 1)),
        ("r8/12/1", date(2026, 12, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        (" 令和 8 年 4 月 1 日 ", date(2026, 4, 1)),
    ],
)
def test_dates_in_iso_and_wareki(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-02-30", "という日はありません"),
        ("令和8年2月30日", "という日はありません"),
        ("平成31年5月1日", "の期間にない日付"),  # that day is 令和元年5月1日
        ("昭和64年1月8日", "の期間にない日付"),
        ("R0.1.1", "の期間にない日付"),
        ("明日", "が読めません"),
        ("X8.12.1", "が読めません"),
        ("", "が読めません"),
    ],
)
def test_dates_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("○", Mark.OK),
        ("〇", Mark.OK),
        ("可", Mark.OK),
        ("ok", Mark.OK),
        ("OK", Mark.OK),
        ("×", Mark.NG),
        ("不可", Mark.NG),
        ("ng", Mark.NG),
        ("x", Mark.NG),
        ("／", Mark.NA),
        ("/", Mark.NA),
        ("該当なし", Mark.NA),
        ("na", Mark.NA),
    ],
)
def test_marks_in_the_forms_legend(text: str, expected: Mark) -> None:
    assert words.mark_of(text) == expected


@pytest.mark.parametrize("text", ["", "maybe", "△", "可能"])
def test_other_marks_refused_naming_the_choices(text: str) -> None:
    with pytest.raises(ValueError, match="○、×、／"):
        words.mark_of(text)


@pytest.mark.parametrize(
    ("parse", "text", "expected"),
    [
        (words.state_of, "申請中", State.APPLIED),
        (words.state_of, "applied", State.APPLIED),
        (words.state_of, "承認済", State.APPROVED),
        (words.state_of, "取り下げ", State.WITHDRAWN),
        (words.category_of, "ファイル保管", Category.FILE_STORAGE),
        (words.category_of, "ファイルストレージ", Category.FILE_STORAGE),
        (words.category_of, "電子メール", Category.EMAIL),
        (words.category_of, "groupware", Category.GROUPWARE),
        (words.location_of, "国内", DataLocation.DOMESTIC),
        (words.location_of, "海外", DataLocation.OVERSEAS),
        (words.location_of, "不明", DataLocation.UNKNOWN),
        (words.decision_of, "継続", Decision.CONTINUE),
        (words.decision_of, "terminate", Decision.TERMINATE),
        (words.class_of, "3", 3),
        (words.class_of, "３", 3),
        (words.class_of, "Ⅲ", 3),
        (words.class_of, "III", 3),
        (words.class_of, "Ⅰ", 1),
        (words.class_of, "分類Ⅱ", 2),
        (words.yes_of, "はい", True),
        (words.yes_of, "y", True),
        (words.yes_of, "いいえ", False),
        (words.yes_of, "N", False),
    ],
)
def test_choices_in_japanese_and_codes(parse: object, text: str, expected: object) -> None:
    assert callable(parse)
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (words.state_of, "承認"),
        (words.category_of, "ドライブ"),
        (words.location_of, "domestic?"),
        (words.class_of, "5"),
        (words.class_of, "Ⅴ"),
        (words.yes_of, ""),
    ],
)
def test_unknown_choices_refused(parse: object, text: str) -> None:
    assert callable(parse)
    with pytest.raises(ValueError, match="ありません"):
        parse(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("総務課", "somu"), ("somu", "somu"), ("企画課", "kikaku"), (" 企画課 ", "kikaku")],
)
def test_departments_by_id_or_name(text: str, expected: str) -> None:
    assert words.department_of(CONFIG_MODEL, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("鈴木 次郎", "suzuki"),
        ("鈴木次郎", "suzuki"),
        ("鈴木　次郎", "suzuki"),  # an ideographic space
        ("suzuki", "suzuki"),
        ("suzuki@example.jp", "suzuki"),
    ],
)
def test_people_by_id_name_or_email(text: str, expected: str) -> None:
    assert words.person_of(CONFIG_MODEL, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("鈴木", "suzuki"), ("山田", "yamada"), ("高橋", "takahashi"), ("ｽｽﾞｷ", None)],
)
def test_a_surname_no_one_else_has_names_the_person(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ValueError, match="職員"):
            words.person_of(CONFIG_MODEL, text)
    else:
        assert words.person_of(CONFIG_MODEL, text) == expected


def test_a_surname_two_people_share_names_both_and_chooses_neither() -> None:
    config = CONFIG_MODEL.model_copy(
        update={
            "people": [
                *CONFIG_MODEL.people,
                CONFIG_MODEL.people[3].model_copy(
                    update={"id": "suzuki3", "name": "鈴木 三郎", "email": "s3@example.jp"}
                ),
            ]
        }
    )
    with pytest.raises(words.AmbiguousName) as refused:
        words.person_of(config, "鈴木")
    assert "鈴木 次郎（suzuki）" in str(refused.value) and "鈴木 三郎（suzuki3）" in str(
        refused.value
    )
    assert words.person_of(config, "鈴木三郎") == "suzuki3"
    assert words.person_of(config, "鈴木 次郎") == "suzuki"


@pytest.mark.parametrize("text", ["次郎", "総務課", "", "鈴"])
def test_partial_names_refused(text: str) -> None:
    # A given name or part of a name is nobody: only a whole name or a whole surname counts.
    with pytest.raises(ValueError, match="職員"):
        words.person_of(CONFIG_MODEL, text)
    if text != "総務課":
        with pytest.raises(ValueError, match="課"):
            words.department_of(CONFIG_MODEL, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("１２", 12),
        ("12人", 12),
        ("１２人", 12),
        ("12 人", 12),
        ("12名", 12),
        ("1,200", 1200),
        ("１，２００人", 1200),
    ],
)
def test_counts_as_clerks_write_them(text: str, expected: int) -> None:
    assert words.count_of(text) == expected


@pytest.mark.parametrize("text", ["", "十二", "12人ほど", "0", "-3", "1.5", "100001", "Ⅻ"])
def test_what_is_not_a_count_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="人数として読めません"):
        words.count_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("申込画面", "signup"),
        ("利用申請時の申請内容", "signup"),
        ("signup", "signup"),
        ("約款", "terms"),
        ("利用規約", "terms"),
        ("証跡", "evidence"),
        ("確認資料", "evidence"),
        ("承諾内容", "agreement"),
        ("廃棄の証明", "deletion"),
        ("証明書", "certificate"),
        ("廃棄証明書", "certificate"),
        ("その他", "other"),
    ],
)
def test_attachment_kinds_in_japanese_and_codes(text: str, expected: str) -> None:
    assert words.kind_of(text).value == expected


def test_the_kinds_are_offered_in_japanese_beside_their_codes() -> None:
    offered = words.kinds_offered()
    assert offered.startswith("申込画面（signup）、約款（terms）、証跡（evidence）")
    for kind in ("agreement", "deletion", "certificate", "other"):
        assert f"（{kind}）" in offered


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ({"users_count": "12人"}, {"users_count": 12}),
        ({"users_count": "１２人"}, {"users_count": 12}),
        ({"users_count": "12"}, {"users_count": 12}),
        ({"users_count": "1,200名"}, {"users_count": 1200}),
        # The range is the schema's to refuse, with its own words and place.
        ({"users_count": "0人"}, {"users_count": 0}),
        ({"users_count": "200000人"}, {"users_count": 200000}),
        # Not a count: left as written, for the schema to name file, line and field.
        ({"users_count": "十二人"}, {"users_count": "十二人"}),
        ({"users_count": "-3"}, {"users_count": "-3"}),
        ({"users_count": 12}, {"users_count": 12}),
        ({"users_count": 1.5}, {"users_count": 1.5}),
        ({"users": ["職員"]}, {"users": ["職員"]}),
        ("not a mapping", "not a mapping"),
    ],
)
def test_a_forms_count_is_read_as_a_clerk_writes_it(section: object, expected: object) -> None:
    assert words.counts_read(section) == expected
