"""`reclassify` (issue 22) written by hand: the move of a record to 自治体機密性 is the
responsible manager's, and the recorded entry is what changed. Each forgery is what
`yakkan reclassify` would write (or nearly), committed with plain git."""

from __future__ import annotations

from tests.e2e.forgeries.conftest import RECORD
from tests.e2e.forgeries.found import found, report
from tests.village import Village

DAY = "2026-07-31"
SOMU_DRIVE = RECORD.format("somu-drive")
ENTRY = """\
reclassifications:
- 'on': '{day}'
  by: {by}
  from: juyosei
  to: jichitai
  items:
  - item: 1
    name: 会議資料（公開前）
    old: 3
    new: {new}
"""


def on_jichitai(village: Village) -> None:
    village.append("yakkan.yaml", "classification:\n  scheme: jichitai\n")
    village.hand_commit("tanaka", "config: 自治体機密性で分類する", when=f"{DAY}T09:00:00+09:00")


def hand_reclassify(village: Village, by: str, *, written: str = "2", entry: str = "2") -> None:
    """The record moved to 自治体機密性 as `reclassify` writes it: the scale, the class and
    the entry (whose new class is `entry`)."""
    village.edit(SOMU_DRIVE, "state: active\n", "state: active\nscheme: jichitai\n")
    village.edit(SOMU_DRIVE, "class: 3\n", f"class: {written}\n")
    village.append(SOMU_DRIVE, ENTRY.format(day=DAY, by=by, new=entry))


def test_an_honest_reclassification_is_clean(year: Village) -> None:
    on_jichitai(year)
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    year.ok("reclassify", "somu-drive", "--class", "1=2", "--date", DAY, as_="sato")
    assert report(year, "verify", f"{base}..HEAD")["ok"]
    # What the command wrote is what the forgeries below write by hand.
    assert ENTRY.format(day=DAY, by="sato", new="2") in year.record_text("somu-drive")


def test_a_clerks_reclassification_is_named(year: Village) -> None:
    on_jichitai(year)
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    hand_reclassify(year, "yamada")
    forged = year.hand_commit(
        "yamada",
        "reclassify(somu-drive): 分類し直し",
        when=f"{DAY}T10:00:00+09:00",
        trailers="reclassify somu-drive yamada",
    )
    found(year, base, forged, "S3.1", "somu-drive")


def test_a_reclassification_without_the_action_is_named(year: Village) -> None:
    on_jichitai(year)
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    hand_reclassify(year, "sato")
    forged = year.hand_commit("sato", "分類を直した", when=f"{DAY}T10:00:00+09:00")
    found(year, base, forged, "A3", "somu-drive")


def test_an_entry_that_says_otherwise_is_named(year: Village) -> None:
    """The class is written 2 (full track) while the entry says 1: a reader of the entry
    would never see the rise."""
    on_jichitai(year)
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    hand_reclassify(year, "sato", written="2", entry="1")
    forged = year.hand_commit(
        "sato",
        "reclassify(somu-drive): 分類し直し",
        when=f"{DAY}T10:00:00+09:00",
        trailers="reclassify somu-drive sato",
    )
    found(year, base, forged, "A3", "somu-drive")


def test_classes_changed_without_the_scale_are_named(year: Village) -> None:
    """An approved record's class rewritten on its own (Ⅲ → Ⅳ) under the action's name:
    a reclassification moves the scale and records the move, nothing less."""
    on_jichitai(year)
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    year.edit(SOMU_DRIVE, "class: 3\n", "class: 4\n")
    forged = year.hand_commit(
        "sato",
        "reclassify(somu-drive): 分類し直し",
        when=f"{DAY}T10:00:00+09:00",
        trailers="reclassify somu-drive sato",
    )
    found(year, base, forged, "A3", "somu-drive")
