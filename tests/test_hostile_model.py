"""What a hostile record may not hold (issue 9): tables over the model and the loader.

Text fields refuse control characters (single-line ones also line breaks), numbers are
bounded, fields are read by their YAML names only, ids are ids, and the loader refuses an
integer literal too long to be a number of ours. Every refusal names file:line:column.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from tests.factories import CONFIG, record_data
from yakkan_cli.errors import YakkanError
from yakkan_cli.model import Config, Record
from yakkan_cli.model.base import is_service_id
from yakkan_cli.store.yaml import (
    MAX_INT_DIGITS,
    YamlProblem,
    dump_yaml,
    load_yaml,
    parse_model,
)

ESC_TITLE = "\x1b]0;pwned\x07\x1b[2J"

# --- text fields ----------------------------------------------------------------------------

TEXTS: list[tuple[str, bool, bool]] = [
    # (value, accepted in a one-line field, accepted in a multi-line field)
    ("Google ドライブ", True, True),
    ("Box [/x] [i]斜体[/i]", True, True),  # markup is data: the output layer shows it as is
    ("一行目\n二行目", False, True),
    (ESC_TITLE, False, False),
    ("タブ\tあり", False, False),
    ("復帰\rあり", False, False),
    ("NUL\x00", False, False),
    ("DEL\x7f", False, False),
    ("C1 CSI\x9b2J", False, False),
    ("右から左\u202egpj.exe", False, False),
    ("分離\u2066隔離\u2069", False, False),
    ("行区切り\u2028あり", False, False),
    ("ゼロ幅でない普通の記号 ①Ⅳ／○×", True, True),
]

ONE_LINE = [
    ("service", "name"),
    ("service", "provider"),
    ("application", "users"),
]
MULTI_LINE = [
    ("service", "description"),
    ("application", "purpose"),
    ("application", "alternative"),
]


def _with(section: str, field: str, value: str) -> dict[str, Any]:
    return record_data(**{section: {field: [value] if field == "users" else value}})


@pytest.mark.parametrize(("value", "one_line", "multi_line"), TEXTS)
@pytest.mark.parametrize(("section", "field"), ONE_LINE + MULTI_LINE)
def test_text_fields_refuse_control_characters(
    value: str, one_line: bool, multi_line: bool, section: str, field: str
) -> None:
    accepted = multi_line if (section, field) in MULTI_LINE else one_line
    data = _with(section, field, value)
    if accepted:
        Record.model_validate(data)
        return
    with pytest.raises(ValidationError) as caught:
        Record.model_validate(data)
    (error,) = caught.value.errors()
    assert error["loc"][:2] == (section, field)
    assert "U+" in error["msg"] or "改行" in error["msg"]


def test_the_refusal_names_file_line_column_and_the_character() -> None:
    text = dump_yaml(_with("service", "name", "Box" + ESC_TITLE))
    with pytest.raises(YakkanError) as caught:
        parse_model(Record, text, "records/somu/somu-drive.yaml")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "  name:" in row)
    (detail,) = caught.value.details
    assert detail.startswith(f"records/somu/somu-drive.yaml:{line}:3: service.name: ")
    assert "U+001B（4 文字目）" in detail
    assert "\x1b" not in detail  # the message itself carries no escape


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("organization", "恩納村\x1b[2J"),
        ("people.0.name", "山田\n太郎"),
        ("departments.0.name", "総務課\u202e"),
    ],
)
def test_config_texts_refuse_control_characters(where: str, value: str) -> None:
    data: Any = {**CONFIG, "people": [dict(p) for p in CONFIG["people"]]}
    data["departments"] = [dict(d) for d in CONFIG["departments"]]
    target = data
    *path, last = where.split(".")
    for part in path:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    with pytest.raises(ValidationError):
        Config.model_validate(data)


@pytest.mark.parametrize(
    ("handle", "ok"),
    [
        ("yamada-t", True),
        ("@org/reviewers", True),
        ("a.b_c", True),
        ("yamada @evil", False),
        ("yamada\n* @evil", False),
        ("#comment", False),
        ("", True),  # no handle: CODEOWNERS warns
        ("@", False),
    ],
)
def test_forge_handles_cannot_inject_codeowners_lines(handle: str, ok: bool) -> None:
    people = [dict(p) for p in CONFIG["people"]]
    people[0]["forge"] = handle
    data = {**CONFIG, "people": people}
    if ok:
        Config.model_validate(data)
    else:
        with pytest.raises(ValidationError):
            Config.model_validate(data)


# --- names of fields --------------------------------------------------------------------------


def test_python_field_names_are_not_yaml_keys() -> None:
    data = record_data()
    data["application"]["information"] = [{"name": "資料", "class_": 3, "personal": False}]
    with pytest.raises(ValidationError) as caught:
        Record.model_validate(data)
    kinds = {(e["type"], e["loc"][-1]) for e in caught.value.errors()}
    assert ("extra_forbidden", "class_") in kinds
    assert ("missing", "class") in kinds


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "ok"),
    [(1, True), (12, True), (100_000, True), (0, False), (100_001, False), (10**18 - 1, False)],
)
@pytest.mark.parametrize("section", ["application", "termination"])
def test_users_count_is_bounded(count: int, ok: bool, section: str) -> None:
    from tests.factories import termination

    if section == "application":
        data = record_data(application={"users_count": count})
    else:
        data = record_data(state="terminating", termination=termination(users_count=count))
    if ok:
        Record.model_validate(data)
    else:
        with pytest.raises(ValidationError):
            Record.model_validate(data)


@pytest.mark.parametrize(
    ("literal", "ok"),
    [
        ("9" * MAX_INT_DIGITS, True),
        ("-" + "9" * MAX_INT_DIGITS, True),
        ("1" + "0" * MAX_INT_DIGITS, False),  # 19 digits
        ("-1" + "0" * MAX_INT_DIGITS, False),
        ("1" + "0" * 30, False),  # users_count: 10**30
        ("7" * 5_000, False),  # over Python's own int limit: exit 3 before
    ],
)
def test_long_integer_literals_are_refused_with_their_place(literal: str, ok: bool) -> None:
    text = f"id: somu-drive\napplication:\n  users_count: {literal}\n"
    if ok:
        assert load_yaml(text, "x.yaml")["application"]["users_count"] == int(literal)
        return
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text, "x.yaml")
    assert (caught.value.line, caught.value.column) == (3, 16)
    assert f"{len(literal.lstrip('-'))} 桁" in caught.value.description


def test_a_long_digit_string_in_quotes_stays_text() -> None:
    assert load_yaml(f'x: "{"7" * 5_000}"\n', "x.yaml") == {"x": "7" * 5_000}


# --- ids ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("somu-a", True),
        ("somu-google-drive", True),
        ("a" * 80, True),
        ("a" * 81, False),
        ("somu-[a]", False),
        ("somu-o*", False),
        ("somu-?", False),
        ("../x", False),
        ("records/somu/somu-a", False),
        ("somu-a\n", False),
        ("Somu-A", False),
        ("-somu", False),
        ("somu--a", False),
        ("", False),
        ("ｓｏｍｕ", False),
    ],
)
def test_service_ids(value: str, ok: bool) -> None:
    assert is_service_id(value) is ok


# --- what error messages quote ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "quoted"),
    [
        # an unknown key: the message names it
        ("\x1b]0;pwned\x07", 1, "\\x1b]0;pwned\\x07"),
        # a value that does not fit a pattern: the message quotes it
        ("id", "somu\x1b[2J", "somu\\x1b[2J"),
        # a value that is none of a choice
        ("state", "active\u202e", "active\\u202e"),
    ],
)
def test_messages_write_out_the_control_characters_they_quote(
    key: str, value: object, quoted: str
) -> None:
    data = record_data()
    data[key] = value
    with pytest.raises(YakkanError) as caught:
        parse_model(Record, dump_yaml(data), "r.yaml")
    message = str(caught.value)
    assert quoted in message
    assert "\x1b" not in message and "\x07" not in message and "\u202e" not in message


def test_a_duplicate_key_is_quoted_with_its_escapes_written_out() -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml('"\\e[2J": 1\n"\\e[2J": 2\n', "x.yaml")
    assert "\\x1b[2J" in str(caught.value) and "\x1b" not in str(caught.value)


def test_long_values_are_quoted_shortened() -> None:
    with pytest.raises(YakkanError) as caught:
        parse_model(Record, dump_yaml(record_data(state="x" * 5_000)), "r.yaml")
    assert "x" * 80 + "…" in str(caught.value)
    assert "x" * 81 not in str(caught.value)
