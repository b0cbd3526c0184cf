"""What the application form prints of the full track's facts (issue 22): the ISMAP list and
registration with its validity as the newest imported snapshot says, and the jurisdiction.

Pure: the snapshots are read by the action layer and given here as `lists`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from yakkan_cli.messages import t
from yakkan_cli.rules.register import ismap_list_label, snapshot_day
from yakkan_cli.rules.schedule import registration_end, schedule_facts
from yakkan_cli.rules.tracks import track_of

if TYPE_CHECKING:
    from yakkan_cli.model.record.record import Record
    from yakkan_cli.rules.schedule import Lists


def ismap_context(record: Record, lists: Lists | None) -> dict[str, Any] | None:
    """The new-shape registration (service.ismap.list); None for the old shape or none, whose
    row prints as it always did."""
    ismap = record.service.ismap
    if ismap is None or ismap.list_ is None:
        return None
    facts = schedule_facts(record)
    return {
        "list": ismap.list_.value,
        "list_label": ismap_list_label(ismap.list_.value),
        "registration": ismap.registration,
        # None: the list not imported, or the number not in its newest snapshot.
        "valid_until": registration_end(facts, lists),
        "retrieved_on": snapshot_day(ismap.list_.value, lists),
    }


def jurisdiction_context(record: Record) -> dict[str, Any] | None:
    j = record.service.jurisdiction
    if j is None:
        return None
    return {
        "governing_law": j.governing_law,
        "court": j.court,
        "provider_country": j.provider_country,
        "storage_countries": "・".join(j.storage_countries),
        "checked_on": j.checked_on,
    }


def page_title(record: Record, form: str) -> str:
    """The title a PDF repeats on every page and keeps in its metadata: the name the
    village's procedure gives its 様式, and for a record on 自治体機密性 its track, so that a
    loose page says which procedure it was filed under. A 重要性分類 record's is unchanged."""
    title = t(f"pdf.title.{form}")
    track = track_of(record)
    if track is None:
        return title
    return t("pdf.title.track", title=title, track=t(f"pdf.track.{track.value}"))
