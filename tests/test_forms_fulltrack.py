"""The full track's facts on the application form and in the register's columns (issue 22.5):
tables over built records and snapshots, no I/O."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.factories import config, record
from tests.test_rules_fulltrack import JURISDICTION, snapshot
from yakkan_cli.forms.render import render_form
from yakkan_cli.model.ismap import IsmapList
from yakkan_cli.rules.register import Row, fields_of, row_of

SNAPSHOTS = {IsmapList.ISMAP: snapshot(("C21-0012-2", "2027-08-31"), retrieved="2026-12-01")}


def _ismap_row(ismap: dict[str, Any], lists: Any, fmt: str = "md") -> str:
    rec = record(service={"ismap": ismap})
    text = render_form(rec, config(), "application", fmt, lists=lists)  # type: ignore[arg-type]
    return next(line for line in text.splitlines() if "ISMAP 登録" in line)


@pytest.mark.parametrize(
    ("ismap", "lists", "shown"),
    [
        (
            {"list": "ismap", "registration": "C21-0012-2"},
            SNAPSHOTS,
            "ISMAP C21-0012-2（有効期限：令和9年8月31日、一覧の取得日：令和8年12月1日）",
        ),
        (
            {"list": "ismap", "registration": "C99-0000-1"},
            SNAPSHOTS,
            "ISMAP C99-0000-1（一覧に見当たりません、一覧の取得日：令和8年12月1日）",
        ),
        (
            {"list": "ismap", "registration": "C21-0012-2"},
            None,
            "ISMAP C21-0012-2（一覧が取り込まれていません）",
        ),
        # Only the list the record names counts.
        (
            {"list": "ismap-liu", "registration": "C21-0012-2"},
            SNAPSHOTS,
            "ISMAP-LIU C21-0012-2（一覧が取り込まれていません）",
        ),
        ({"list": "none"}, SNAPSHOTS, "| なし |"),
        # The old shape prints as it always did: the applicant's own date.
        (
            {"registration": "C21-0012-2", "valid_until": "2027-01-31"},
            SNAPSHOTS,
            "| C21-0012-2（有効期限：令和9年1月31日） |",
        ),
    ],
)
def test_the_ismap_row(ismap: dict[str, Any], lists: Any, shown: str) -> None:
    assert shown in _ismap_row(ismap, lists)


def test_the_jurisdiction_row_only_where_recorded() -> None:
    plain = render_form(record(), config(), "application", "html")
    assert "準拠法" not in plain
    rec = record(service={"jurisdiction": {**JURISDICTION, "storage_countries": ["JP", "US"]}})
    html = render_form(rec, config(), "application", "html")
    assert "保存国：JP・US（確認日：令和8年12月1日）" in html


def test_the_register_gains_its_columns_only_with_such_a_record() -> None:
    day = date(2026, 12, 20)
    plain = row_of(record(), config(), day)
    assert fields_of([plain]) == Row.FIELDS
    rec = record(
        service={
            "ismap": {"list": "ismap", "registration": "C21-0012-2"},
            "jurisdiction": JURISDICTION,
        }
    )
    row = row_of(rec, config(), day, SNAPSHOTS)
    assert fields_of([plain, row]) == (*Row.FIELDS, *Row.FULL_TRACK_FIELDS)
    assert (row.ismap_list, row.ismap_registration) == ("ISMAP", "C21-0012-2")
    assert (row.ismap_valid_until, row.ismap_retrieved_on) == (date(2027, 8, 31), date(2026, 12, 1))
    assert (row.court, row.storage_countries) == ("東京地方裁判所", "JP")
    # Without the snapshots (the record cache's reads), the dates are blank, never guessed.
    bare = row_of(rec, config(), day)
    assert (bare.ismap_valid_until, bare.ismap_retrieved_on) == (None, None)
