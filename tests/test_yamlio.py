"""The strict YAML adapter: what it reads, what it refuses, what it writes."""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Any

import pytest
from pydantic import Field, StrictBool, StrictInt, ValidationError, field_validator

from yakkan_cli.errors import YakkanError
from yakkan_cli.model.base import Schema
from yakkan_cli.store.yaml import (
    MAX_BYTES,
    YamlProblem,
    dump_yaml,
    load_yaml,
    locate,
    parse_model,
    problem_messages,
    validation_messages,
)

SRC = "services/x.yaml"


# --- resolution: only true/false, null/~/empty and decimal integers ---------------------------


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        # the Norway problem and YAML 1.1 booleans
        ("yes", "yes"),
        ("no", "no"),
        ("NO", "NO"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("True", "True"),
        ("FALSE", "FALSE"),
        ("true", True),
        ("false", False),
        # null
        ("null", None),
        ("~", None),
        ("", None),
        ("Null", "Null"),
        # integers: decimal only
        ("0", 0),
        ("12", 12),
        ("-3", -3),
        ("+4", 4),
        ("123456789012345678", 123456789012345678),  # the longest literal read (18 digits)
        ("011002", "011002"),
        ("00", "00"),
        ("-0", "-0"),
        ("0o17", "0o17"),
        ("0x1F", "0x1F"),
        ("0b101", "0b101"),
        ("1_000", "1_000"),
        # base 60
        ("1:30", "1:30"),
        ("190:20:30", "190:20:30"),
        # floats
        ("1.5", "1.5"),
        ("1e3", "1e3"),
        (".inf", ".inf"),
        ("-.inf", "-.inf"),
        (".nan", ".nan"),
        # dates and timestamps
        ("2026-03-20", "2026-03-20"),
        ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        # quoted: always strings
        ("'true'", "true"),
        ('"12"', "12"),
        ("''", ""),
        ('"null"', "null"),
        ("'~'", "~"),
        # explicit !!str
        ("!!str 12", "12"),
        ("!!str true", "true"),
        # other text
        ("日本語", "日本語"),
        ("=", "="),
        ("<<", "<<"),
    ],
)
def test_scalar_resolution(scalar: str, expected: Any) -> None:
    data = load_yaml(f"v: {scalar}\n", SRC)
    assert data == {"v": expected}
    assert type(data["v"]) is type(expected)


def test_block_scalars_are_strings() -> None:
    text = "a: |\n  first\n  second\nb: >-\n  folded\n  line\nc: |-\n  12\n"
    assert load_yaml(text, SRC) == {"a": "first\nsecond\n", "b": "folded line", "c": "12"}


def test_nested_structures() -> None:
    text = "a:\n  b:\n  - c: 1\n    d: [x, 2, true]\n  - {e: null}\nf: []\ng: {}\n"
    assert load_yaml(text, SRC) == {
        "a": {"b": [{"c": 1, "d": ["x", 2, True]}, {"e": None}]},
        "f": [],
        "g": {},
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1: a\n", {"1": "a"}),
        ("true: a\n", {"true": "a"}),
        ("null: a\n", {"null": "a"}),
        ("'x y': a\n", {"x y": "a"}),
        ("<<: {a: 1}\n", {"<<": {"a": 1}}),
    ],
)
def test_keys_are_their_text(text: str, expected: dict[str, Any]) -> None:
    assert load_yaml(text, SRC) == expected


def test_bytes_and_bom_are_accepted() -> None:
    assert load_yaml("a: 日本\n".encode(), SRC) == {"a": "日本"}
    assert load_yaml("\ufeffa: 1\n".encode(), SRC) == {"a": 1}


# --- refusals, with the exact place --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "needle"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, 1, "項目「a」が二度書かれています（1 行目と 3 行目）"),
        ("x:\n  k: 1\n  j: 2\n  k: 3\n", 4, 3, "項目「k」が二度書かれています（2 行目と 4 行目）"),
        ("a: 1\n'a': 2\n", 2, 1, "項目「a」が二度書かれています（1 行目と 2 行目）"),
        ("a: &x 1\nb: *x\n", 1, 4, "アンカーとエイリアス"),
        ("a: 1\nb: *x\n", 2, 4, "アンカーとエイリアス"),
        ("a:\n  - &anchor {b: 1}\n", 2, 5, "アンカーとエイリアス"),
        ("a: !foo x\n", 1, 4, "タグ !foo は使えません"),
        ("a: !!binary aGk=\n", 1, 4, "タグ tag:yaml.org,2002:binary は使えません"),
        ("a: !!python/object:os.system x\n", 1, 4, "タグ tag:yaml.org,2002:python/object"),
        ("a: !!set {x, y}\n", 1, 4, "タグ tag:yaml.org,2002:set は使えません"),
        ("a: !!omap [x: 1]\n", 1, 4, "タグ tag:yaml.org,2002:omap は使えません"),
        ("a: !!int 5\n", 1, 4, "タグ tag:yaml.org,2002:int は使えません"),
        ("a: !!float 5\n", 1, 4, "タグ tag:yaml.org,2002:float は使えません"),
        ("!!set\nb: 1\n", 1, 1, "タグ tag:yaml.org,2002:set は使えません"),
        ("a: !!map [1]\n", 1, 4, "タグ tag:yaml.org,2002:map は使えません"),
        ("!!int 1: a\n", 1, 1, "タグ tag:yaml.org,2002:int は使えません"),
        ("a: 1\n---\nb: 2\n", 2, 1, "文書が二つ以上あります"),
        ("", 1, 1, "中身が空です"),
        ("# only a comment\n", 1, 1, "中身が空です"),
        ("---\n", 1, 1, "中身が空です"),
        (
            "- a\n- b\n",
            1,
            1,
            "最上位は「項目: 値」の対応表でなければなりません（リストになっています）",
        ),
        ("just text\n", 1, 1, "（単一の値になっています）"),
        ("\n\n  42\n", 3, 3, "（単一の値になっています）"),
        ("[a]: 1\n", 1, 1, "項目名には文字列を書いてください"),
        ("x:\n  ? {a: 1}\n  : 2\n", 2, 5, "項目名には文字列を書いてください"),
        ("a: 1\nb: [1, 2\n", 3, 1, "YAML として読めません（while parsing a flow sequence"),
        (
            "a: 1\n b: 2\n",
            2,
            3,
            "YAML として読めません（mapping values are not allowed in this context）",
        ),
        (
            "a: 'x\n",
            2,
            1,
            "YAML として読めません（while scanning a quoted scalar: "
            "found unexpected end of stream）",
        ),
        (
            "a:\n\t- 1\n",
            2,
            1,
            "YAML として読めません（while scanning for the next token: "
            "found character that cannot start any token）",
        ),
        (
            "あいう: えお: か\n",
            1,
            8,
            "YAML として読めません（mapping values are not allowed in this context）",
        ),
        ("a: b\x01\n", 1, 5, "使えない文字があります（control characters are not allowed: 0x1）"),
        ("名前: 値\x07\n", 1, 6, "使えない文字があります"),
    ],
)
def test_refusals_name_the_place(text: str, line: int, column: int, needle: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text, SRC)
    problem = caught.value
    assert (problem.source, problem.line, problem.column) == (SRC, line, column)
    assert problem.message.startswith(f"{SRC}:{line}:{column}: ")
    assert needle in problem.message
    assert isinstance(problem, YakkanError)


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    with pytest.raises(YamlProblem, match="アンカーとエイリアス"):
        load_yaml("\n".join(lines) + "\n", SRC)


def test_anchor_characters_in_text_are_fine() -> None:
    text = "a: 'R&D * 2'\nb: x & y\nc: \"*\"\n"
    assert load_yaml(text, SRC) == {"a": "R&D * 2", "b": "x & y", "c": "*"}


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 10_000,
        "a: " + "[" * 10_000 + "]" * 10_000,
        "a: " + "{b: " * 10_000,
        "- " * 10_000 + "x",
        "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 1200)),
        "a: " + "[" * 900 + "]" * 900,
    ],
)
def test_deep_nesting_is_a_problem_not_a_crash(text: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text, SRC)
    assert caught.value.message.startswith(f"{SRC}:")


def test_size_cap() -> None:
    text = "a: " + "x" * 100 + "\n"
    assert load_yaml(text, SRC, max_bytes=len(text)) == {"a": "x" * 100}
    with pytest.raises(YamlProblem, match=r"大きすぎます（104 バイト、上限は 103 バイト）"):
        load_yaml(text, SRC, max_bytes=len(text) - 1)
    with pytest.raises(YamlProblem, match="大きすぎます"):
        load_yaml(text.encode(), SRC, max_bytes=len(text) - 1)
    # counted in UTF-8 bytes, not characters
    with pytest.raises(YamlProblem, match="大きすぎます"):
        load_yaml("a: " + "あ" * 10, SRC, max_bytes=20)
    with pytest.raises(YamlProblem, match="大きすぎます"):
        load_yaml(b"a: " + b"x" * MAX_BYTES, SRC)


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"a: \xff\n", 1, 4),
        (b"a: 1\nb: \xe3\x81\x82\xe3\x81\n", 2, 5),
        ("a: 1\n".encode("utf-16"), 1, 1),
        ("a: 1\nb: 本\n".encode("shift_jis"), 2, 4),
    ],
)
def test_not_utf8(data: bytes, line: int, column: int) -> None:
    with pytest.raises(YamlProblem, match="UTF-8 として読めない") as caught:
        load_yaml(data, SRC)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_lone_surrogate_in_str() -> None:
    with pytest.raises(YamlProblem, match="UTF-8 として読めない") as caught:
        load_yaml("a: 1\nb: x\udc80\n", SRC)
    assert (caught.value.line, caught.value.column) == (2, 5)


# --- dump: canonical, and a faithful round trip -----------------------------------------------

TRICKY = [
    "日本語のテキスト",
    "複数行の\nテキスト",
    "ends with newline\n",
    "two\nlines\n",
    "\nleading newline",
    "\n\nleading newlines\nand more",
    "trailing blank lines\n\n",
    "\n",
    "\n\n",
    "trailing space ",
    "trailing space on a line \nnext",
    "  leading spaces\nsecond",
    "yes",
    "no",
    "on",
    "Off",
    "y",
    "0123",
    "011002",
    "1:30",
    "1.5",
    "1e3",
    ".inf",
    "#",
    "a # not a comment",
    ": ",
    "a: b",
    "a: b\nc",
    "- x",
    "-",
    "?",
    "",
    " ",
    "   ",
    "null",
    "Null",
    "~",
    "true",
    "True",
    "2026-03-20",
    "2026-03-20 10:00:00",
    "12",
    "-3",
    "+4",
    "0x1F",
    "a\tb",
    "\t",
    "line\n\tindented by tab",
    "絵文字 🎉",
    "\u2028",
    "a\u2028b\nc",
    "a\u2029b",
    "x\r\ny",
    "a\x85b",
    "\ufeffbom",
    "'quoted'",
    '"double"',
    "back\\slash",
    "{not: flow}",
    "[not, flow]",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@at",
    "`tick",
    "|",
    ">",
    "<<",
    "---",
    "...",
    "a\n---\nb",
    "a\n...\nb",
    "very long " * 200,
]


@pytest.mark.parametrize("value", TRICKY)
def test_round_trip_of_tricky_strings(value: str) -> None:
    data = {"v": value, "list": [value, {"k": value}], value or "empty": 1}
    dumped = dump_yaml(data)
    assert load_yaml(dumped, SRC) == data
    assert dump_yaml(load_yaml(dumped, SRC)) == dumped
    # any YAML 1.1 reader (PyYAML's own safe loader) reads the file the same way
    import yaml

    assert yaml.safe_load(dumped) == data


def test_round_trip_of_other_types() -> None:
    data: dict[str, Any] = {
        "int": 5,
        "neg": -7,
        "big": 10**17,  # 18 digits, the longest integer the loader reads
        "zero": 0,
        "t": True,
        "f": False,
        "none": None,
        "empty_list": [],
        "empty_map": {},
        "nested": {"list": [[1, 2], [], [{"a": None}]]},
    }
    dumped = dump_yaml(data)
    assert load_yaml(dumped, SRC) == data
    assert dump_yaml(load_yaml(dumped, SRC)) == dumped


def test_dump_is_canonical_block_style() -> None:
    data = {
        "zeta": 1,
        "alpha": "日本語",
        "yes": "yes",
        "on": "2026-03-20",
        "text": "一行目\n二行目\n",
        "items": [{"b": 1, "a": 2}],
        "long": "x" * 300,
        "flag": True,
        "none": None,
    }
    assert dump_yaml(data) == (
        "zeta: 1\n"
        "alpha: 日本語\n"
        "'yes': 'yes'\n"
        "'on': '2026-03-20'\n"
        "text: |\n"
        "  一行目\n"
        "  二行目\n"
        "items:\n"
        "- b: 1\n"
        "  a: 2\n"
        f"long: {'x' * 300}\n"
        "flag: true\n"
        "none: null\n"
    )


def test_dump_uses_literal_without_final_newline() -> None:
    assert dump_yaml({"a": "x\ny"}) == "a: |-\n  x\n  y\n"


def test_dump_accepts_str_subclasses() -> None:
    class Colour(StrEnum):
        RED = "red"

    class Mark(str, Enum):  # noqa: UP042 - the old spelling must work too
        OK = "ok"

    assert dump_yaml({"c": Colour.RED, "m": Mark.OK}) == "c: red\nm: ok\n"


def test_dump_writes_shared_objects_twice_without_anchors() -> None:
    shared = {"a": [1, "x"]}
    data = {"one": shared, "two": shared, "three": shared["a"]}
    dumped = dump_yaml(data)
    assert "&" not in dumped
    assert "*" not in dumped
    assert load_yaml(dumped, SRC) == {"one": shared, "two": shared, "three": [1, "x"]}


# --- locating nodes ----------------------------------------------------------------------------

LOCATE_TEXT = """\
id: x
application:
  purpose: 共有
  information:
  - name: 議事録
    class: 3
  - name: 名簿
    class: 9
empty:
"""


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        ((), (1, 1)),
        (("id",), (1, 1)),
        (("application",), (2, 1)),
        (("application", "purpose"), (3, 3)),
        (("application", "information"), (4, 3)),
        (("application", "information", 0), (5, 5)),
        (("application", "information", 1, "class"), (8, 5)),
        (("application", "information", 1, "missing"), (7, 5)),
        (("application", "information", 5, "class"), (4, 3)),
        (("application", "missing"), (2, 1)),
        (("application", "missing", "deeper"), (2, 1)),
        (("missing",), (1, 1)),
        (("empty", "x"), (9, 1)),
    ],
)
def test_locate(loc: tuple[str | int, ...], expected: tuple[int, int]) -> None:
    assert locate(LOCATE_TEXT, loc) == expected


def test_locate_in_unreadable_text() -> None:
    assert locate("a: [", ("a",)) == (1, 1)
    assert locate("", ("a",)) == (1, 1)


# --- validation messages -----------------------------------------------------------------------


class Category(StrEnum):
    EMAIL = "email"
    FILE_STORAGE = "file_storage"
    OTHER = "other"


class Information(Schema):
    name: str = Field(min_length=1)
    class_: StrictInt = Field(alias="class", ge=1, le=4)
    personal: StrictBool


class Application(Schema):
    purpose: str = Field(min_length=1)
    information: list[Information] = Field(min_length=1)
    users_count: StrictInt = Field(default=1, gt=0)

    @field_validator("purpose")
    @classmethod
    def _no_placeholder(cls, value: str) -> str:
        if value == "未定":
            raise ValueError("利用目的を具体的に書いてください")
        return value


class Record(Schema):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    category: Category
    schema_version: StrictInt
    application: Application


GOOD = """\
id: somu-drive
category: file_storage
schema_version: 1
application:
  purpose: 共有
  information:
  - name: 議事録
    class: 3
    personal: false
"""


def test_parse_model_accepts_a_good_record() -> None:
    record = parse_model(Record, GOOD, SRC)
    assert record.category is Category.FILE_STORAGE
    assert record.application.information[0].class_ == 3


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "category: file_storage\n",
            "category: file_storage\ncatgory: x\n",
            "services/x.yaml:3:1: catgory: 未知の項目です（綴りを確認してください）",
        ),
        (
            "schema_version: 1\n",
            "schema_version: '1'\n",
            "services/x.yaml:3:1: schema_version: 整数で書いてください（値: 1）",
        ),
        (
            "schema_version: 1\n",
            "",
            "services/x.yaml:1:1: schema_version: 必須の項目がありません",
        ),
        (
            "  purpose: 共有\n",
            "",
            "services/x.yaml:4:1: application.purpose: 必須の項目がありません",
        ),
        (
            "    class: 3\n",
            "",
            "services/x.yaml:7:5: application.information[0].class: 必須の項目がありません",
        ),
        (
            "category: file_storage\n",
            "category: mail\n",
            "services/x.yaml:2:1: category: 次のいずれかで書いてください: "
            "'email', 'file_storage', 'other'（値: mail）",
        ),
        (
            "    class: 3\n",
            "    class: 7\n",
            "services/x.yaml:8:5: application.information[0].class: "
            "4 以下で書いてください（値: 7）",
        ),
        (
            "    class: 3\n",
            "    class: 0\n",
            "services/x.yaml:8:5: application.information[0].class: "
            "1 以上で書いてください（値: 0）",
        ),
        (
            "    personal: false\n",
            "    personal: no\n",
            "services/x.yaml:9:5: application.information[0].personal: "
            "true か false で書いてください（値: no）",
        ),
        (
            "  - name: 議事録\n",
            "  - name: ''\n",
            "services/x.yaml:7:5: application.information[0].name: 空にはできません",
        ),
        (
            "  information:\n  - name: 議事録\n    class: 3\n    personal: false\n",
            "  information: []\n",
            "services/x.yaml:6:3: application.information: 1 個以上書いてください",
        ),
        (
            "  information:\n  - name: 議事録\n    class: 3\n    personal: false\n",
            "  information: 議事録\n",
            "services/x.yaml:6:3: application.information: "
            "リスト（- で始まる行）で書いてください（値: 議事録）",
        ),
        (
            "    personal: false\n",
            "    personal: false\n  - 議事録\n",
            "services/x.yaml:10:5: application.information[1]: "
            "「項目: 値」の対応表で書いてください（値: 議事録）",
        ),
        (
            "id: somu-drive\n",
            "id: Somu_Drive\n",
            "services/x.yaml:1:1: id: "
            "書き方が決まりに合いません（値: Somu_Drive、形式: ^[a-z0-9-]+$）",
        ),
        (
            "id: somu-drive\n",
            "id: [a]\n",
            "services/x.yaml:1:1: id: 文字列で書いてください（値: リスト）",
        ),
        (
            "  purpose: 共有\n",
            "  purpose: 未定\n",
            "services/x.yaml:5:3: application.purpose: 利用目的を具体的に書いてください",
        ),
        (
            "  purpose: 共有\n",
            "  purpose: 共有\n  users_count: 0\n",
            "services/x.yaml:6:3: application.users_count: 0 より大きい値で書いてください（値: 0）",
        ),
    ],
)
def test_validation_messages(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    with pytest.raises(YakkanError) as caught:
        parse_model(Record, text, SRC)
    assert caught.value.message == "services/x.yaml の内容に誤りがあります"
    assert caught.value.details == [expected]
    assert not isinstance(caught.value, YamlProblem)


def test_validation_messages_directly_and_several_at_once() -> None:
    text = "id: BAD\nextra: 1\n"
    data = load_yaml(text, SRC)
    with pytest.raises(ValidationError) as caught:
        Record.model_validate(data)
    assert validation_messages(caught.value, text, SRC) == [
        "services/x.yaml:1:1: id: 書き方が決まりに合いません（値: BAD、形式: ^[a-z0-9-]+$）",
        "services/x.yaml:1:1: category: 必須の項目がありません",
        "services/x.yaml:1:1: schema_version: 必須の項目がありません",
        "services/x.yaml:1:1: application: 必須の項目がありません",
        "services/x.yaml:2:1: extra: 未知の項目です（綴りを確認してください）",
    ]


def test_unknown_error_type_still_says_something() -> None:
    class Strict(Schema):
        ratio: float

    text = "ratio: abc\n"
    with pytest.raises(YakkanError) as caught:
        parse_model(Strict, text, SRC)
    (line,) = caught.value.details
    assert line.startswith("services/x.yaml:1:1: ratio: 値が正しくありません（")
    assert "valid number" in line


def test_parse_model_passes_yaml_problems_through() -> None:
    with pytest.raises(YamlProblem, match=r"^services/x.yaml:2:1: 項目「id」"):
        parse_model(Record, b"id: a\nid: b\n", SRC)


def test_problem_messages() -> None:
    problems: list[tuple[tuple[str | int, ...], str]] = [
        (("application", "information", 0, "name"), "同じ名前です"),
        (("application", "nothing"), "ここが変です"),
        ((), "全体が変です"),
    ]
    assert problem_messages(problems, GOOD, SRC) == [
        "services/x.yaml:7:5: application.information[0].name: 同じ名前です",
        "services/x.yaml:4:1: application.nothing: ここが変です",
        "services/x.yaml:1:1: 全体が変です",
    ]
