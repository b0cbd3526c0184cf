"""Japanese era dates, tested at the era boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from yakkan_cli.forms.wareki import era_year, to_wareki


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 20), "令和8年3月20日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(2019, 12, 31), "令和元年12月31日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2017, 11, 30), "平成29年11月30日"),
        (date(1990, 1, 1), "平成2年1月1日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1873, 1, 1), "明治6年1月1日"),
    ],
)
def test_to_wareki(day: date, expected: str) -> None:
    assert to_wareki(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2019, 5, 1), ("令和", 1)),
        (date(2019, 4, 30), ("平成", 31)),
        (date(1989, 1, 7), ("昭和", 64)),
    ],
)
def test_era_year(day: date, expected: tuple[str, int]) -> None:
    assert era_year(day) == expected


def test_before_the_gregorian_calendar_is_refused_in_japanese() -> None:
    with pytest.raises(ValueError, match="1872-12-31 は和暦で表せません"):
        to_wareki(date(1872, 12, 31))
