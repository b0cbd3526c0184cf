"""The service in use on the page: reviews, purpose checks and backups (a count and the
last of each), suspensions, alerts, reclassifications, reassignments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from yakkan_cli.cli.story.block import Block, by
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.model import Config
    from yakkan_cli.model.record.record import Record


def operations_block(r: Record, config: Config) -> Block:
    block = Block(t("show.operations"))
    if r.reviews:
        last = max(r.reviews, key=lambda x: x.on)
        found = [
            t(f"show.review_{k}")
            for k in ("content_changed", "terms_changed", "overseas")
            if getattr(last, k)
        ]
        result = "、".join(found) or t("show.review_no_change")
        if last.decision:
            result += t("show.review_decision", decision=t(f"decision.{last.decision.value}"))
        block.add(
            t("show.reviews"),
            t("show.last", count=len(r.reviews), last=by(config, last.by, last.on), what=result),
        )
    if r.purpose_checks:
        last_p = max(r.purpose_checks, key=lambda x: x.on)
        what = t("show.purpose_matches" if last_p.matches else "show.purpose_mismatch")
        if last_p.note:
            what += f"　{last_p.note}"
        block.add(
            t("show.purpose_checks"),
            t(
                "show.last",
                count=len(r.purpose_checks),
                last=by(config, last_p.by, last_p.on),
                what=what,
            ),
        )
    if r.backups:
        last_b = max(r.backups, key=lambda x: x.on)
        what = t("show.backup_what", method=last_b.method, location=last_b.location)
        block.add(
            t("show.backups"),
            t("show.last", count=len(r.backups), last=by(config, last_b.by, last_b.on), what=what),
        )
    for s in r.suspensions:
        line = t("show.suspension", by=by(config, s.by, s.on), reason=s.reason)
        if s.resumed_on:
            line += t(
                "show.resumed",
                by=by(config, s.resumed_by, s.resumed_on),
                note=s.resume_note or "—",
            )
        block.lines.append(line)
    for a in r.alerts:
        warned = (
            t("show.alert_warned", by=by(config, a.warned_by, a.warned_on))
            if a.warned_on
            else t("show.alert_pending")
        )
        block.lines.append(
            t("show.alert", id=a.id, title=a.title, by=by(config, a.by, a.on), warned=warned)
        )
    if r.reclassifications:
        # Here, not at the top: rules.reclassify builds the schemas, and a cached `show`
        # (cli/fast.py) imports this module without them.
        from yakkan_cli.rules.reclassify import described as reclassified_words
    for c in r.reclassifications:
        block.lines.append(
            t(
                "show.reclassification",
                by=by(config, c.by, c.on),
                items=reclassified_words(c),
                reason=c.reason or "—",
            )
        )
    for m in r.reassignments:
        block.lines.append(
            t(
                "show.reassignment",
                by=by(config, m.by, m.on),
                previous=config.name_of(m.previous),
                administrator=config.name_of(m.administrator),
                reason=m.reason or "—",
            )
        )
    return block
