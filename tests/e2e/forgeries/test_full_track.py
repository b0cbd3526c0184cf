"""A5 on the full track (issue 22.2): an approval made with plain git of a service handling
自治体機密性2 or higher information, without what `approve` asks of it (a registration in
the newest imported ISMAP list, valid on the day; the jurisdiction; 3A only with an
exception), judged against the list that was on the mainline when the approval arrived."""

from __future__ import annotations

from tests.e2e.forgeries.found import audit_finds, report
from tests.e2e.test_fulltrack import DAY, RECORD, filed, form, imported, village
from tests.village import Village

__all__ = ["village"]  # the fixture, shared with the end-to-end tests of the full track


APPROVAL = (
    "approval:\n  approved_by: sato\n  approved_on: '2026-12-10'\n  procedure_version: '1.0'\n"
)


def approve_by_hand(v: Village, service_id: str) -> str:
    """sato approves as `yakkan approve` would write it, bypassing its rules."""
    v.edit(RECORD.format(service_id), "state: applied", "state: approved")
    v.append(RECORD.format(service_id), APPROVAL)
    return v.hand_commit(
        "sato",
        f"approve({service_id}): 承認",
        trailers=f"approve {service_id} sato",
        when=f"{DAY}T10:00:00+09:00",
    )


def test_a_hand_made_approval_without_a_list_is_a_finding(village: Village) -> None:
    filed(village, "somu-mail", form("somu-mail"))
    bad = approve_by_hand(village, "somu-mail")
    (finding,) = audit_finds(village, bad, "A5", "somu-mail")
    assert "まだ取り込まれていません" in finding["message"]


def test_judged_against_the_list_on_the_mainline_when_it_arrived(village: Village) -> None:
    """An approval on a branch, merged after the list was imported on main, was given
    against the list it was merged under: the list of its arrival judges it."""
    filed(village, "somu-mail", form("somu-mail"))
    imported(village, valid_until="2026/12/09")  # expired on the approval's day
    village.git("switch", "-q", "-c", "pr")
    bad = approve_by_hand(village, "somu-mail")
    verified = report(village, "verify", "main..HEAD")
    assert any(f["rule"] == "A5" and f["commit"] == bad for f in verified["findings"])
    village.merge("pr", when=f"{DAY}T12:00:00+09:00")
    (finding,) = audit_finds(village, bad, "A5", "somu-mail")
    assert "有効ではありません" in finding["message"]


def test_a_hand_made_approval_without_the_jurisdiction_nor_the_3a_exception(
    village: Village,
) -> None:
    filed(village, "somu-mail", form("somu-mail", info_class="3A", storage=None))
    imported(village)
    bad = approve_by_hand(village, "somu-mail")
    (finding,) = audit_finds(village, bad, "A5", "somu-mail")
    assert "service.jurisdiction" in finding["message"] and "3A" in finding["message"]
