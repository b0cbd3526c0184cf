"""A6 (issue 19.5): the mainline keeps the clock. A chain of commits dated in the past and
fast-forwarded onto main would count its own dates for every date rule; the step where the
mainline's dates run backwards is a finding, in `verify` (the range's first-parent line
against BASE) and in `audit`. Judged from the day the rule took effect (2026-12-01)."""

from __future__ import annotations

from tests.e2e.forgeries.found import NotFound, report
from tests.village import Village

NOW = "2026-12-03T10:00:00+09:00"
BACK = "2026-11-20"


def _backwards(village: Village, args: tuple[str, ...], commit: str) -> None:
    data = report(village, *args)
    if data["ok"] or not any(
        f["commit"] == commit and f["rule"] == "A6" and "戻りません" in f["message"]
        for f in data["findings"]
    ):
        raise NotFound(f"{args}: no backwards step at {commit[:10]}: {data['findings']}")


def test_a_backdated_chain_fast_forwarded_onto_main(year: Village) -> None:
    year.ok("purpose-check", "somu-drive", "--matches", "--date", NOW[:10], as_="suzuki")
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    year.ok("approve", "somu-box", "--date", BACK, as_="sato")
    first = year.head()
    year.ok("acknowledge", "somu-box", "--date", "2026-11-21", "--yes", as_="suzuki")
    _backwards(year, ("verify", f"{base}..HEAD"), first)
    year.git("switch", "-q", "main")
    year.git("merge", "-q", "--ff-only", "pr")
    _backwards(year, ("audit",), first)


def test_an_honest_history_moves_forward(year: Village) -> None:
    year.ok("purpose-check", "somu-drive", "--matches", "--date", NOW[:10], as_="suzuki")
    base = year.head()
    year.ok("backup-log", "somu-drive", "--method", "手動", "--location", "庁内",
            "--date", "2026-12-04", as_="suzuki")  # fmt: skip
    assert report(year, "verify", f"{base}..HEAD")["findings"] == []
    assert report(year, "audit")["findings"] == []
