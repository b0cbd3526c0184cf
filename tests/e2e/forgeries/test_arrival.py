"""A6, S5.4 (issue 19.5): the mainline keeps the clock. A commit's own dates are the
committer's to set (`--date`, GIT_COMMITTER_DATE); the day it reached the mainline is not.
For commits arriving from 2026-12-07 the back-dating cap and the retention clock count from
that arrival — the merge's date, or for a commit fast-forwarded onto main the date of what
was there before it — and `verify`, judging a pull request before its merge, counts the
day of the check. Each forgery below is named by `verify BASE..HEAD` before the merge and by
`audit` after it, with the record, the commit and the rule."""

from __future__ import annotations

from tests.e2e.forgeries.found import audit_finds, found_then_merged, report, verify_finds
from tests.village import Village

ARRIVAL = "main に入った日"


def _today(village: Village, day: str) -> None:
    """The village's clock (its merges and plain commits, and what `verify` and `audit`
    count as today) is `day`; main moves on that day, by a commit touching no record."""
    village.clock = f"{day}T10:00:00+09:00"
    village.env["YAKKAN_TODAY"] = day
    (village.path / "minutes.txt").write_text(f"{day} 課内会議\n", "utf-8")
    village.hand_commit("sato", f"{day} の議事録")


def _by_arrival(hits: list[dict[str, object]]) -> None:
    assert any(ARRIVAL in str(f["message"]) for f in hits), hits


def test_an_approval_by_a_faked_clock_merged_months_later(year: Village) -> None:
    _today(year, "2026-12-10")
    year.git("switch", "-q", "-c", "approve/somu-box")
    # Committed with the clock set back to August: author and committer date, --date.
    year.ok("approve", "somu-box", "--date", "2026-08-01", as_="sato")
    approval = year.head()
    assert year.git("log", "-1", "--format=%cI").startswith("2026-08-01")
    _by_arrival(
        verify_finds(year, year.git("rev-parse", "main").strip(), approval, "A6", "somu-box")
    )
    merge = found_then_merged(year, "approve/somu-box", approval, "A6", "somu-box")
    assert year.git("log", "-1", "--format=%cI", merge).startswith("2026-12-10")
    _by_arrival(audit_finds(year, approval, "A6", "somu-box"))


def test_a_backdated_chain_fast_forwarded_names_each_step(year: Village) -> None:
    _today(year, "2026-12-10")
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    year.ok("approve", "somu-box", "--date", "2026-08-01", as_="sato")
    approval = year.head()
    # The second step runs forward from the first: no backwards step of its own to see.
    year.ok("acknowledge", "somu-box", "--date", "2026-08-02", "--yes", as_="suzuki")
    acknowledged = year.head()
    for commit in (approval, acknowledged):
        _by_arrival(verify_finds(year, base, commit, "A6", "somu-box"))
    year.git("switch", "-q", "main")
    # An audit of main first: the next one only grows on from its memo, whose tip keeps
    # the arrival the chain's commits run on from.
    assert report(year, "audit")["ok"] is True
    year.git("merge", "-q", "--ff-only", "pr")
    for commit in (approval, acknowledged):
        _by_arrival(audit_finds(year, commit, "A6", "somu-box"))


def test_a_backdated_disposal_fast_forwarded_three_years_on(year: Village) -> None:
    """somu-drive is ended, its termination approved and the record deleted by a chain
    dated 2026–2029, each date in order and within the cap of its own commit, pushed onto
    main in December 2029: by its own dates kept three years; counted from the day the
    chain arrived, deleted on the day its termination was approved."""
    _today(year, "2029-12-10")
    base = year.head()
    year.git("switch", "-q", "-c", "pr")
    files = year.files
    year.ok(
        "terminate", "somu-drive", "--reason", "移行", "--end", "2026-04-10",
        "--attach", f"agreement={files / 'agreement.pdf'}",
        "--attach", f"deletion={files / 'deletion.pdf'}",
        "--date", "2026-04-10", as_="suzuki",
    )  # fmt: skip
    year.mark_all("somu-drive", "applicant", "suzuki", "2026-04-10", items=4)
    year.mark_all("somu-drive", "responsible", "sato", "2026-04-10", items=4)
    year.ok("approve", "somu-drive", "--date", "2026-04-11", as_="sato")
    year.ok("dispose", "somu-drive", "--date", "2029-05-01", as_="sato")
    disposed = year.head()
    verify_finds(year, base, disposed, "S5.4", "records/somu/somu-drive.yaml")
    year.git("switch", "-q", "main")
    year.git("merge", "-q", "--ff-only", "pr")
    audit_finds(year, disposed, "S5.4", "records/somu/somu-drive.yaml")


def _slow_review(village: Village) -> str:
    """Filed on 12-08, double-checked on 12-17, approved on 12-18; the day is then 12-18.
    Returns the filing's commit."""
    village.git("switch", "-q", "-c", "apply/somu-note")
    village.apply("somu-note", date="2026-12-08")
    applied = village.head()
    village.mark_all("somu-note", "applicant", "yamada", "2026-12-08")
    village.mark_all("somu-note", "responsible", "sato", "2026-12-17")
    village.ok("approve", "somu-note", "--date", "2026-12-18", as_="sato")
    village.clock = "2026-12-18T12:00:00+09:00"
    village.env["YAKKAN_TODAY"] = "2026-12-18"
    return applied


def test_an_honest_slow_review_within_the_cap_stays_clean(year: Village) -> None:
    _today(year, "2026-12-08")
    base = year.head()
    _slow_review(year)
    assert report(year, "verify", f"{base}..HEAD")["findings"] == []
    year.merge("apply/somu-note")
    assert report(year, "audit")["findings"] == []


def test_a_review_longer_than_the_villages_cap_is_named_with_what_to_do(year: Village) -> None:
    # The village allows 7 days (a reviewed change of its own, on main before the review).
    year.edit("yakkan.yaml", "policy:\n", "policy:\n  max_backdate_days: 7\n")
    _today(year, "2026-12-08")
    base = year.head()
    applied = _slow_review(year)
    hits = verify_finds(year, base, applied, "A6", "somu-note")
    year.merge("apply/somu-note")
    hits += audit_finds(year, applied, "A6", "somu-note")
    for hit in hits:
        message = str(hit["message"])
        for words in ("2026-12-08", "2026-12-18", ARRIVAL, "7 日", "記録し直して", "引き上げ"):
            assert words in message, message
