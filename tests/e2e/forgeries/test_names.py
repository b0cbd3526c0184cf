"""A4 (issue 19.9): a record file is `records/<department>/<id>.yaml` and nothing else. A
file whose name uses full-width letters, ends in `.yml` or sits in a sub-folder is read by
nothing as a record, so nothing checks it, while a reader of the repository takes it for
one: `verify` and `audit` name it, as `validate` does."""

from __future__ import annotations

import pytest

from tests.e2e.forgeries.found import found
from tests.village import Village

DAY = "2026-08-01"


@pytest.mark.parametrize(
    "name",
    [
        "records/somu/ｓｏｍｕ-new.yaml",
        "records/somu/somu-new.yml",
        "records/somu/old/somu-new.yaml",
    ],
)
def test_record_under_a_name_nothing_reads(year: Village, name: str) -> None:
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    text = year.record_text("somu-drive").replace("id: somu-drive", "id: somu-new")
    target = year.path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    bad = year.hand_commit("yamada", "承認済みの記録を追加")
    found(year, base, bad, "A4", "somu-new")
    validate = year.yakkan("validate")
    assert validate.code == 1, validate.output
    assert name.split("/")[-1] in validate.output
