"""The application and termination forms on the page: their fields, attachments and
marks (both columns side by side)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from yakkan_cli.cli.story.block import Block, by, day
from yakkan_cli.messages import t
from yakkan_cli.model.enums import Scheme, State
from yakkan_cli.rules.lifecycle import TRANSITIONS, Action
from yakkan_cli.rules.tracks import class_mark, scheme_label, track_of, track_shown

if TYPE_CHECKING:
    from yakkan_cli.model import Config
    from yakkan_cli.model.record.attachments import Attachment
    from yakkan_cli.model.record.forms import Check, Information
    from yakkan_cli.model.record.record import Record

_MARKS = {"ok": "○", "ng": "×", "na": "／"}


def _information(items: Sequence[Information], scheme: Scheme = Scheme.JUYOSEI) -> str:
    return "、".join(
        t(
            "show.information_item"
            if scheme is Scheme.JUYOSEI
            else "show.information_item_jichitai",
            name=i.name,
            cls=class_mark(scheme, i.class_),
            personal=t("forms.personal_yes" if i.personal else "forms.personal_no"),
        )
        for i in items
    )


def _attachments(items: Sequence[Attachment]) -> list[str]:
    return [t("show.attachment", kind=t(f"attachment.{a.kind.value}"), path=a.path) for a in items]


def _checks(checks: Sequence[Check], texts: Sequence[str]) -> list[str]:
    """One line per item with both columns' marks side by side (applicant, responsible),
    and under it each column's note, named, and the evidence files."""
    by_item = {c.item: c for c in checks}
    lines = [t("show.checks_header")]
    for number, text in enumerate(texts, start=1):
        c = by_item.get(number)
        marks = [
            _MARKS[m.value] if (m := getattr(c, col, None)) is not None else "・"
            for col in ("applicant", "responsible")
        ]
        line = t(
            "show.check_line", item=number, applicant=marks[0], responsible=marks[1], text=text
        )
        if c is not None:
            # Each note says whose it is; the shared note of an older record is shown as
            # it was written, without an author.
            for column in ("applicant", "responsible"):
                if note := c.note_of(column):
                    line += "\n" + t(
                        "show.check_column_note", column=t(f"column.{column}"), note=note
                    )
            if c.note:
                line += "\n" + t("show.check_note", note=c.note)
        if c is not None and c.evidence:
            line += "\n" + t("show.check_evidence", paths="、".join(c.evidence))
        lines.append(line)
    return lines


def application_block(r: Record, config: Config) -> Block:
    from yakkan_cli.forms.items import APPLICATION_ITEM_TEXTS

    app, svc = r.application, r.service
    dept = config.department(r.department)
    block = Block(t("form.application"))
    block.add(t("view.department"), dept.name if dept else r.department)
    block.add(t("view.applicant"), by(config, app.applicant, app.applied_on))
    block.add(t("show.department_head"), config.name_of(app.department_head))
    current = r.current_administrator()
    admin = config.name_of(current)
    if current != app.administrator:
        admin += t("show.first_administrator", name=config.name_of(app.administrator))
    block.add(t("view.administrator"), admin)
    block.add(t("show.description"), svc.description)
    block.add(t("show.category"), t(f"forms.category.{svc.category.value}"))
    block.add(t("show.data_location"), t(f"forms.location.{svc.data_location.value}"))
    block.add(t("show.terms_url"), svc.terms_url)
    if svc.ismap and svc.ismap.list_ is not None:
        # The new shape: its validity is the imported list's, judged by `ismap check`.
        shown = (
            t(
                # `ismap check` judges only services in use: before the approval, the
                # approval's own rule does (「承認できない理由」 says what it finds).
                "show.ismap_listed_pending" if r.state is State.APPLIED else "show.ismap_listed",
                label=t(f"register.ismap_list.{svc.ismap.list_.value}"),
                number=svc.ismap.registration,
            )
            if svc.ismap.registration
            else t("show.ismap_on_no_list")
        )
        block.add("ISMAP", shown)
    elif svc.ismap and (svc.ismap.registration or svc.ismap.valid_until):
        block.add(
            "ISMAP",
            t(
                "show.ismap",
                number=svc.ismap.registration or "—",
                until=day(svc.ismap.valid_until),
            ),
        )
    if svc.jurisdiction is not None:
        law = svc.jurisdiction
        block.add(
            t("show.jurisdiction"),
            t(
                "show.jurisdiction_value",
                law=law.governing_law,
                court=law.court,
                provider=law.provider_country,
                storage="、".join(law.storage_countries),
                on=law.checked_on.isoformat(),
            ),
        )
    block.add(t("view.purpose"), app.purpose)
    block.add(t("view.period"), f"{app.period.start.isoformat()} 〜 {day(app.period.end)}")
    block.add(t("view.information"), _information(app.information, r.classified_on))
    _scale(block, r, config)
    block.add(
        t("show.users"), t("show.users_value", users="、".join(app.users), count=app.users_count)
    )
    block.add(t("view.alternative"), app.alternative or "—")
    block.lines += (
        [t("show.attachments_heading"), *_attachments(app.attachments)]
        if (app.attachments)
        else [t("show.no_attachments")]
    )
    block.lines += _checks(r.checks, APPLICATION_ITEM_TEXTS)
    return block


def _scale(block: Block, r: Record, config: Config) -> None:
    """The track of a record on 自治体機密性 (issue 22); a record on another scale than the
    village's says so, with the command that moves it. A village on 重要性分類 sees nothing."""
    track = track_of(r)
    if track is not None:
        block.add(t("show.track"), track_shown(track, config))
    village = config.classification.scheme
    if r.classified_on is not village:
        movable = r.state in TRANSITIONS[Action.RECLASSIFY]
        block.add(
            t("show.scheme"),
            t(
                "show.scheme_other" if movable else "show.scheme_kept",
                scheme=scheme_label(r.classified_on),
                village=scheme_label(village),
                id=r.id,
            ),
        )


def termination_block(r: Record, config: Config) -> Block | None:
    from yakkan_cli.forms.items import TERMINATION_ITEM_TEXTS

    term = r.termination
    if term is None:
        return None
    block = Block(t("form.termination"))
    block.add(t("view.applicant"), by(config, term.applicant, term.filed_on))
    block.add(t("termination.end_on"), term.end_on.isoformat())
    block.add(t("show.termination_reason"), term.reason)
    block.add(t("view.information"), _information(term.information, r.classified_on))
    block.add(
        t("show.users"), t("show.users_value", users="、".join(term.users), count=term.users_count)
    )
    block.add(
        t("view.approval"),
        by(config, term.approved_by, term.approved_on)
        if term.approved_by
        else t("show.termination_pending"),
    )
    block.lines += (
        [t("show.attachments_heading"), *_attachments(term.attachments)]
        if (term.attachments)
        else [t("show.no_attachments")]
    )
    block.lines += _checks(term.checks, TERMINATION_ITEM_TEXTS)
    return block
