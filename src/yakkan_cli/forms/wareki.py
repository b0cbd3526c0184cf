"""Japanese era (和暦) dates, as the forms print them: 令和8年3月20日, 令和元年5月1日."""

from __future__ import annotations

from datetime import date

# (first day, era name), newest first.
ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1873, 1, 1), "明治"),
)


def era_year(d: date) -> tuple[str, int]:
    for start, name in ERAS:
        if d >= start:
            return name, d.year - start.year + 1
    raise ValueError(f"{d} is before the Meiji calendar")


def format_year(year: int) -> str:
    return "元" if year == 1 else str(year)


def to_wareki(d: date) -> str:
    """2026-03-20 → "令和8年3月20日"; 2019-05-01 → "令和元年5月1日"."""
    name, year = era_year(d)
    return f"{name}{format_year(year)}年{d.month}月{d.day}日"
