"""The two tracks of 自治体機密性 (issue 22): which one a record is on, and the classes' words.

Since the guideline's R4.3 revision, 約款による外部サービス is folded into 「外部サービス（クラ
ウドサービス）の利用」, split by the information handled: a service whose information is all
自治体機密性1 stays on the light track (this procedure's successor); any item of 自治体機密性2
or higher puts it on the full track. A record classified on the seed's 重要性分類 Ⅰ–Ⅳ has no
track: it follows the seed's single procedure.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record, Scheme, Track
from yakkan_cli.model.record import InfoClass, classes_of

__all__ = [
    "FULL_TRACK_CLASSES",
    "Track",
    "class_label",
    "class_mark",
    "is_3a",
    "raised_on",
    "ranked",
    "scheme_label",
    "track_for",
    "track_label",
    "track_of",
    "track_shown",
]


FULL_TRACK_CLASSES: frozenset[InfoClass] = frozenset({"3A", "3B", "3C", 2})
"""自治体機密性2 or higher: any item of these puts a service on the full track."""


def track_for(scheme: Scheme, classes: Iterable[InfoClass]) -> Track | None:
    """The track of information of `classes` on `scheme` (None on 重要性分類)."""
    if scheme is not Scheme.JICHITAI:
        return None
    return Track.FULL if any(c in FULL_TRACK_CLASSES for c in classes) else Track.LIGHT


def track_of(record: Record) -> Track | None:
    """The record's track: full when any information item is 自治体機密性2 or higher, light
    when all are 自治体機密性1; None for a record on 重要性分類 (the seed's one procedure)."""
    return track_for(record.classified_on, (i.class_ for i in record.application.information))


def is_3a(record: Record) -> bool:
    """Whether the record handles 自治体機密性3A information (refused without an exception)."""
    return record.classified_on is Scheme.JICHITAI and any(
        i.class_ == "3A" for i in record.application.information
    )


def raised_on(record: Record) -> date | None:
    """The day an approved service came onto the full track without having been approved on
    it (its information rose, or it was reclassified from 重要性分類 onto the full track),
    or None. The approval does not cover what the full track asks (ISMAP, jurisdiction …)."""
    approval = record.approval
    if approval is None or approval.track is Track.FULL or track_of(record) is not Track.FULL:
        return None
    later = [r.on for r in record.reclassifications if r.on >= approval.approved_on]
    return max([approval.approved_on, *later])


def ranked(scheme: Scheme, classes: Iterable[InfoClass]) -> tuple[InfoClass, ...]:
    """`classes` each once, in the order the scheme lists them (Ⅰ first; 3A first)."""
    order = classes_of(scheme)
    present = set(classes)
    return tuple(c for c in order if c in present)


_ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}


def class_mark(scheme: Scheme, value: InfoClass) -> str:
    """The class as a column of a table shows it: Ⅲ on 重要性分類, 3A or 2 on 自治体機密性."""
    if scheme is Scheme.JICHITAI:
        return str(value)
    return _ROMAN.get(value, str(value)) if isinstance(value, int) else str(value)


def class_label(scheme: Scheme, value: InfoClass) -> str:
    """The class in words: 重要性分類Ⅲ, 自治体機密性3A."""
    return t(f"classes.label.{scheme.value}", mark=class_mark(scheme, value))


def track_label(track: Track) -> str:
    """軽易な手続き / 自治体機密性2以上の手続き (the tool's words, not the village's)."""
    return t(f"tracks.{track.value}")


def scheme_label(scheme: Scheme) -> str:
    return t(f"classes.scheme.{scheme.value}")


def track_shown(track: Track, config: Config) -> str:
    """The track in words with the village's own name of its section, when it has one
    (classification.sections): what `show`, the forms and the register print."""
    sections = config.classification.sections
    section = sections.full if track is Track.FULL else sections.light
    if section:  # the section's own title says the rest
        return t("tracks.with_section", track=t(f"tracks.short.{track.value}"), section=section)
    return track_label(track)
