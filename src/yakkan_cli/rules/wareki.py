"""Japanese era (和暦) dates, as the village's forms print them (令和8年3月20日)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import NamedTuple

from yakkan_cli.messages import t


class Era(NamedTuple):
    name: str
    start: date  # the first day this table uses the era for
    first_year: int  # the Gregorian year of the era's 元年


# Newest first. Each era starts on the day its first year begins (改元日).
ERAS: tuple[Era, ...] = (
    Era("令和", date(2019, 5, 1), 2019),
    Era("平成", date(1989, 1, 8), 1989),
    Era("昭和", date(1926, 12, 25), 1926),
    Era("大正", date(1912, 7, 30), 1912),
    # 明治 began in 1868, but Japan adopted the Gregorian calendar only on 明治6年1月1日;
    # earlier dates were lunisolar and are not converted.
    Era("明治", date(1873, 1, 1), 1868),
)


def era_of(d: date) -> Era:
    """The era `d` falls in; ValueError before the Gregorian calendar was adopted in Japan."""
    for era in ERAS:
        if d >= era.start:
            return era
    raise ValueError(t("forms.wareki_too_early", date=d.isoformat()))


def era_year(d: date) -> tuple[str, int]:
    """(era name, year of the era): 2019-05-01 → ("令和", 1)."""
    era = era_of(d)
    return era.name, d.year - era.first_year + 1


def format_year(year: int) -> str:
    """The first year of an era is written 元年, the others as numbers."""
    return "元" if year == 1 else str(year)


def to_wareki(d: date) -> str:
    """2026-03-20 → "令和8年3月20日"; 2019-05-01 → "令和元年5月1日"."""
    name, year = era_year(d)
    return f"{name}{format_year(year)}年{d.month}月{d.day}日"


# Era initials as clerks abbreviate them on paper (R8.12.1, H31.4.30).
_INITIALS = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治"}
_WAREKI = re.compile(
    r"(?P<era>令和|平成|昭和|大正|明治|[RHSTM])\s*(?P<year>元|\d{1,2})\s*[年./-]\s*"
    r"(?P<month>\d{1,2})\s*[月./-]\s*(?P<day>\d{1,2})\s*日?"
)
_WESTERN = re.compile(
    r"(?P<year>\d{4})\s*[年./-]\s*(?P<month>\d{1,2})\s*[月./-]\s*(?P<day>\d{1,2})\s*日?"
)


def parse_date(text: str) -> date:
    """A date as a clerk writes it: 2026-12-01, 2026/12/1, 令和8年12月1日, R8.12.1, 令和元年5月1日.

    Full-width digits are read as digits. A 和暦 date must lie inside its era (平成31年5月1日
    never existed: that day is 令和元年5月1日). ValueError, with a Japanese message, otherwise.
    """
    plain = unicodedata.normalize("NFKC", text).strip().upper()
    if match := _WESTERN.fullmatch(plain):
        year = int(match["year"])
    elif match := _WAREKI.fullmatch(plain):
        name = _INITIALS.get(match["era"], match["era"])
        era = next(e for e in ERAS if e.name == name)
        year = era.first_year + (0 if match["year"] == "元" else int(match["year"]) - 1)
    else:
        raise ValueError(t("words.bad_date", value=text.strip()))
    try:
        day = date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        raise ValueError(t("words.no_such_day", value=text.strip())) from None
    if "era" in match.groupdict():
        try:
            inside = era_of(day).name == name
        except ValueError:
            inside = False
        if not inside:
            raise ValueError(t("words.outside_era", value=text.strip(), era=name))
    return day
