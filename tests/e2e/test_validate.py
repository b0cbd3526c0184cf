"""validate, fmt and schema on real repositories."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.village import Village
from yakkan_cli.model import Record
from yakkan_cli.store.repo import dump_record
from yakkan_cli.store.yaml import parse_model

REL = "records/somu/somu-drive.yaml"


def _edit(village: Village, old: str, new: str) -> None:
    path = village.path / REL
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Lines of the record `apply` writes (see the canonical dump): 14 applied_on,
# 15 purpose, 19 administrator, 28 users_count.
@pytest.mark.parametrize(
    ("old", "new", "where", "phrase"),
    [
        (
            "  users_count: 12\n",
            "  users_count: 12\n  user_count: 3\n",
            "29:3",
            "application.user_count",
        ),
        ("users_count: 12", "users_count: twelve", "28:3", "application.users_count"),
        ("applied_on: '2026-03-20'", "applied_on: '2026-02-30'", "14:3", "application.applied_on"),
        ("state: applied", "state: sleeping", "4:1", "state"),
        (
            "  administrator: suzuki\n",
            "  administrator: suzuki\n  purpose: again\n",
            "20:3",
            "purpose",
        ),
    ],
    ids=["unknown-field", "wrong-type", "bad-date", "bad-state", "duplicate-key"],
)
def test_validate_names_file_line_column_and_field(
    village: Village, old: str, new: str, where: str, phrase: str
) -> None:
    village.apply()
    _edit(village, old, new)
    result = village.yakkan("validate")
    assert result.code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{REL}:{where}:")]
    assert lines, result.stderr
    assert phrase in lines[0]


def test_validate_broken_yaml(village: Village) -> None:
    village.apply()
    _edit(village, "  purpose: 審議会の会議資料の事前共有", "  purpose: [審議会の会議資料")
    result = village.yakkan("validate")
    assert result.code == 1
    assert f"{REL}:" in result.stderr
    assert "YAML" in result.stderr


def test_validate_a_clean_village(village: Village) -> None:
    village.approved()
    village.apply("somu-mail")
    result = village.yakkan("validate")
    assert result.code == 0, result.output
    assert "2 件" in result.stderr
    assert village.yakkan("validate", REL).code == 0


def test_validate_an_empty_village(village: Village) -> None:
    assert village.yakkan("validate").code == 0


def test_validate_a_swapped_attachment(village: Village) -> None:
    village.apply()
    (village.path / "attachments" / "somu-drive" / "signup.png").write_bytes(b"another picture")
    result = village.yakkan("validate")
    assert result.code == 1
    assert "sha256" in result.stderr
    assert "attachments/somu-drive/signup.png" in result.stderr


def test_validate_a_missing_attachment(village: Village) -> None:
    village.apply()
    (village.path / "attachments" / "somu-drive" / "terms.pdf").unlink()
    result = village.yakkan("validate")
    assert result.code == 1
    assert "attachments/somu-drive/terms.pdf" in result.stderr


def test_validate_cross_references(village: Village) -> None:
    village.apply()
    _edit(village, "administrator: suzuki", "administrator: nobody")
    result = village.yakkan("validate")
    assert result.code == 1
    assert f"{REL}:19:" in result.stderr
    assert "nobody" in result.stderr


def test_validate_json(village: Village) -> None:
    village.apply()
    clean = json.loads(village.ok("validate", "--json").stdout)
    assert clean == {"ok": True, "checked": 1, "problems": []}
    _edit(village, "users_count: 12", "users_count: twelve")
    result = village.yakkan("validate", "--json")
    assert result.code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["checked"] == 1
    assert isinstance(data["problems"], list)
    assert len(data["problems"]) == 1  # one problem, one entry
    assert data["problems"][0].startswith(f"{REL}:28:3: application.users_count:")


def test_validate_counts_problems_not_lines(village: Village) -> None:
    village.apply()
    _edit(village, "users_count: 12", "users_count: twelve")
    result = village.yakkan("validate")
    assert "1 件の問題" in result.stderr


# --- fmt -----------------------------------------------------------------------------------


def test_fmt_check_and_fix(village: Village) -> None:
    village.apply()
    canonical = village.record_text("somu-drive")
    assert village.yakkan("fmt", "--check").code == 0
    _edit(village, "applied_on: '2026-03-20'", 'applied_on: "2026-03-20"')
    _edit(
        village,
        "  users:\n  - 総務課 職員\n  - 審議会委員",
        "  users:\n    - 総務課 職員\n    - 審議会委員",
    )
    messy = village.record_text("somu-drive")
    result = village.yakkan("fmt", "--check")
    assert result.code == 1
    assert REL in result.stderr
    assert village.record_text("somu-drive") == messy  # --check changes nothing
    village.ok("fmt")
    assert village.record_text("somu-drive") == canonical
    assert village.yakkan("fmt", "--check").code == 0
    assert village.status() == ""


def _roundtrip(village: Village, service: str) -> None:
    text = village.record_text(service)
    record = parse_model(Record, text, service)
    assert dump_record(record) == text
    assert parse_model(Record, dump_record(record), service) == record


def test_records_the_commands_write_are_canonical(village: Village) -> None:
    village.approved("somu-drive")
    village.apply("somu-mail", info_class=2)
    village.mark_all("somu-mail", "applicant", "yamada", "2026-03-20")
    village.ok(
        "check",
        "somu-mail",
        "--role",
        "responsible",
        "--mark",
        "3=na",
        "--mark",
        "5=na:無料版ではない",
        "--evidence",
        f"5={village.files / 'evidence.png'}",
        "--date",
        "2026-03-21",
        as_="sato",
    )
    village.apply("somu-chat")
    village.ok("reject", "somu-chat", "--reason", "不要", "--date", "2026-03-22", as_="sato")
    for service in ("somu-drive", "somu-mail", "somu-chat"):
        _roundtrip(village, service)
    assert village.yakkan("fmt", "--check").code == 0
    assert village.yakkan("validate").code == 0


# --- schema ---------------------------------------------------------------------------------


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


@pytest.mark.parametrize(
    ("which", "props"),
    [
        ("record", {"id", "department", "state", "service", "application", "checks"}),
        ("config", {"schema_version", "organization", "people", "departments", "policy"}),
    ],
)
def test_schema(village: Village, which: str, props: set[str]) -> None:
    result = village.ok("schema", which)
    data = json.loads(result.stdout)
    assert data["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "definitions" in data
    assert "$defs" not in json.dumps(data)
    assert props <= set(data["properties"])
    for ref in _refs(data):
        assert ref.startswith("#/definitions/")
        assert ref.removeprefix("#/definitions/") in data["definitions"]


def test_schema_default_is_record_and_alias_is_used(village: Village) -> None:
    data = json.loads(village.ok("schema").stdout)
    assert "state" in data["properties"]
    info = data["definitions"]["Information"]["properties"]
    assert "class" in info and "class_" not in info


def test_schema_unknown(village: Village) -> None:
    result = village.yakkan("schema", "bogus")
    assert result.code == 2
    assert "bogus" in result.stderr


def test_validate_names_yakkan_yaml_problems(village: Village) -> None:
    config = village.path / "yakkan.yaml"
    config.write_text(
        config.read_text("utf-8").replace("warn_days: 14", "warn_days: lots"), "utf-8"
    )
    result = village.yakkan("validate")
    assert result.code == 1
    assert "yakkan.yaml:14:3: policy.warn_days:" in result.stderr
    data = json.loads(village.yakkan("validate", "--json").stdout)
    assert data["ok"] is False
    assert any("policy.warn_days" in p for p in data["problems"])


def test_validate_yakkan_yaml_as_a_path(village: Village) -> None:
    village.apply()
    result = village.yakkan("validate", "yakkan.yaml", REL)
    assert result.code == 0, result.output
    config = village.path / "yakkan.yaml"
    config.write_text(config.read_text("utf-8").replace("head: tanaka", "head: nobody"), "utf-8")
    result = village.yakkan("validate", "yakkan.yaml")
    assert result.code == 1
    assert "departments[0].head" in result.stderr
    assert "state" not in result.stderr  # not read as a record


def test_validate_refuses_paths_outside_and_names_missing_ones(
    village: Village, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "x.yaml"
    outside.write_text("id: x\n", encoding="utf-8")
    result = village.yakkan("validate", str(outside))
    assert result.code == 1
    assert "外にあります" in result.stderr
    result = village.yakkan("validate", "records/somu/nope.yaml")
    assert result.code == 1
    assert "records/somu/nope.yaml" in result.stderr


def test_validate_a_record_in_the_wrong_folder(village: Village) -> None:
    village.apply()
    (village.path / "records" / "kikaku").mkdir()
    (village.path / REL).rename(village.path / "records" / "kikaku" / "somu-drive.yaml")
    result = village.yakkan("validate")
    assert result.code == 1
    assert "records/kikaku/somu-drive.yaml:3:1: department:" in result.stderr
