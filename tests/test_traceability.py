"""The traceability table (docs/traceability.md) names code and tests that exist, for every rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT.parent / "shared" / "REQUIREMENTS.md"
# The ids of REQUIREMENTS.md; the file itself lies beside the checkout, not in it.
IDS = [
    "S3.1", "S3.2", "S4.1", "S4.2", "S4.3", "S4.4", "S5.1", "S5.2", "S5.3", "S5.4",
    "S6.1", "S6.2", "S6.3", "S6.4", "S6.5", "S6.6", "S6.7", "S6.8", "S7.1", "S7.2", "S8.1",
]  # fmt: skip


def _rows() -> list[tuple[str, str, str]]:
    text = (ROOT / "docs" / "traceability.md").read_text(encoding="utf-8")
    section = text.split("## Traceability", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("id", "---"):
            rows.append((cells[0], cells[1], cells[2]))
    return rows


def _references(cell: str) -> list[str]:
    return re.findall(r"`([^`]+\.(?:py|j2)(?:::[\w.]+)?)`", cell)


def _resolve(reference: str) -> tuple[Path, str | None]:
    path, _, name = reference.partition("::")
    base = ROOT if path.startswith(("tests/", "templates/")) else ROOT / "src" / "yakkan_cli"
    return base / path, name or None


def test_every_requirement_has_a_row() -> None:
    covered = {i.strip() for row in _rows() for i in row[0].split(",")}
    covered |= {i.rsplit(".", 1)[0] for i in covered if i.count(".") == 2}
    assert [i for i in IDS if i not in covered] == []


def test_the_id_list_matches_the_requirements() -> None:
    if not REQUIREMENTS.is_file():
        pytest.skip(f"{REQUIREMENTS} is not beside this checkout")
    found = re.findall(r"\*\*(S\d+\.\d+)\*\*", REQUIREMENTS.read_text(encoding="utf-8"))
    assert sorted(set(found)) == sorted(IDS)


@pytest.mark.parametrize(("rule", "code", "tests"), _rows(), ids=[r[0] for r in _rows()])
def test_named_code_and_tests_exist(rule: str, code: str, tests: str) -> None:
    assert _references(code), f"{rule}: no code named"
    assert _references(tests) or "tests/" in tests, f"{rule}: no test named"
    for reference in _references(code) + _references(tests):
        path, name = _resolve(reference)
        assert path.is_file(), f"{rule}: {path} does not exist"
        if name:
            last = name.rsplit(".", 1)[-1]
            source = path.read_text(encoding="utf-8")
            assert re.search(rf"^\s*(?:def|class) {last}\b|^{last}\b", source, re.M), (
                f"{rule}: {reference} names nothing in {path.name}"
            )
