"""`yakkan show`: the whole story of one record, in blocks a clerk reads top to bottom.

State and what comes next (who does it, by when), what still stops approval (the rules
`approve` applies), the application, its attachments and marks, the exception, the
approval, the operations with counts and the last of each kind, suspensions, alerts, the
administrators over time, the termination form with its own marks, and the closure.
Every value is data (cli.output.visible); labels come from the catalog.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from yakkan_cli.cli.layout import INDENT, wrap
from yakkan_cli.cli.output import for_screen, stdout_console, visible
from yakkan_cli.cli.views import task_detail
from yakkan_cli.messages import t
from yakkan_cli.model.enums import Scheme, State
from yakkan_cli.rules.lifecycle import TRANSITIONS, Action
from yakkan_cli.rules.tracks import class_mark, is_3a, scheme_label, track_of, track_shown

if TYPE_CHECKING:
    from yakkan_cli.actions.reading import Story
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.model import Config
    from yakkan_cli.model.record import Attachment, Check, Information, Record
    from yakkan_cli.rules.schedule import Task
    from yakkan_cli.rules.settings import ReadSettings
    from yakkan_cli.store.cache.keys import Stamp
    from yakkan_cli.store.cache.pages import PageCache
    from yakkan_cli.store.repo import LoadedRecord

_MARKS = {"ok": "○", "ng": "×", "na": "／"}
_CHECK_LINE = re.compile(r"\d\. \S \S ")


@dataclass
class Block:
    heading: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def add(self, label: str, value: str | None) -> None:
        if value:
            self.fields.append((label, value))


def _day(on: date | None) -> str:
    return on.isoformat() if on else "—"


def _by(config: Config, person: str | None, on: date | None) -> str:
    return t("show.by", name=config.name_of(person), on=_day(on))


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


def _next(steps: Sequence[Task], config: ReadSettings, today: date) -> Block:
    block = Block(t("show.next"))
    for task in steps:
        days = (today - task.due).days
        when = (
            t("due.late", days=days)
            if days > 0
            else t("due.today")
            if days == 0
            else t("due.left", days=-days)
        )
        who = "、".join(config.name_of(a) for a in task.assignees) or "—"
        detail = task_detail(task.task, task.detail, task.service)
        block.lines.append(
            t(
                "show.next_line",
                task=t(f"task.{task.task}"),
                detail=f"（{detail}）" if detail else "",
                due=task.due.isoformat(),
                when=when,
                who=who,
            )
        )
    if not block.lines:
        block.lines.append(t("show.nothing_next"))
    return block


def _application(r: Record, config: Config) -> Block:
    from yakkan_cli.forms.items import APPLICATION_ITEM_TEXTS

    app, svc = r.application, r.service
    dept = config.department(r.department)
    block = Block(t("form.application"))
    block.add(t("view.department"), dept.name if dept else r.department)
    block.add(t("view.applicant"), _by(config, app.applicant, app.applied_on))
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
        # `ismap check` judges only services in use: before the approval, the approval's
        # own rule does (「承認できない理由」 above says what it finds).
        listed = "show.ismap_listed_pending" if r.state is State.APPLIED else "show.ismap_listed"
        shown = (
            t(
                listed,
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
                until=_day(svc.ismap.valid_until),
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
    block.add(t("view.period"), f"{app.period.start.isoformat()} 〜 {_day(app.period.end)}")
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


def _operations(r: Record, config: Config) -> Block:
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
            t("show.last", count=len(r.reviews), last=_by(config, last.by, last.on), what=result),
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
                last=_by(config, last_p.by, last_p.on),
                what=what,
            ),
        )
    if r.backups:
        last_b = max(r.backups, key=lambda x: x.on)
        what = t("show.backup_what", method=last_b.method, location=last_b.location)
        block.add(
            t("show.backups"),
            t("show.last", count=len(r.backups), last=_by(config, last_b.by, last_b.on), what=what),
        )
    for s in r.suspensions:
        line = t("show.suspension", by=_by(config, s.by, s.on), reason=s.reason)
        if s.resumed_on:
            line += t(
                "show.resumed",
                by=_by(config, s.resumed_by, s.resumed_on),
                note=s.resume_note or "—",
            )
        block.lines.append(line)
    for a in r.alerts:
        warned = (
            t("show.alert_warned", by=_by(config, a.warned_by, a.warned_on))
            if a.warned_on
            else t("show.alert_pending")
        )
        block.lines.append(
            t("show.alert", id=a.id, title=a.title, by=_by(config, a.by, a.on), warned=warned)
        )
    if r.reclassifications:
        # Here, not at the top: rules.reclassify builds the schemas, and a cached `show`
        # (cli/fast.py) imports this module without them.
        from yakkan_cli.rules.reclassify import described as reclassified_words
    for c in r.reclassifications:
        block.lines.append(
            t(
                "show.reclassification",
                by=_by(config, c.by, c.on),
                items=reclassified_words(c),
                reason=c.reason or "—",
            )
        )
    for m in r.reassignments:
        block.lines.append(
            t(
                "show.reassignment",
                by=_by(config, m.by, m.on),
                previous=config.name_of(m.previous),
                administrator=config.name_of(m.administrator),
                reason=m.reason or "—",
            )
        )
    return block


def _decisions(r: Record, config: Config) -> list[Block]:
    blocks: list[Block] = []
    given = (
        (r.exception, "show.exception_3a" if is_3a(r) else "show.exception"),
        (r.ismap_exception, "show.ismap_exception"),
        (r.storage_exception, "show.storage_exception"),
    )
    for exception, title in given:
        if exception is not None:
            block = Block(t(title))
            block.add(t("prompt.reason"), exception.reason)
            block.add(t("view.approval"), _by(config, exception.approved_by, exception.approved_on))
            blocks.append(block)
    if r.approval:
        a = r.approval
        block = Block(t("view.approval"))
        block.add(t("view.approval"), _by(config, a.approved_by, a.approved_on))
        block.add(t("show.procedure_version"), a.procedure_version)
        block.add(
            t("show.risks"),
            _by(config, a.risk_acknowledged_by, a.risk_acknowledged_on)
            if a.risk_acknowledged_by
            else t("show.risks_pending", name=config.name_of(r.current_administrator())),
        )
        blocks.append(block)
    return blocks


def _termination(r: Record, config: Config) -> Block | None:
    from yakkan_cli.forms.items import TERMINATION_ITEM_TEXTS

    term = r.termination
    if term is None:
        return None
    block = Block(t("form.termination"))
    block.add(t("view.applicant"), _by(config, term.applicant, term.filed_on))
    block.add(t("termination.end_on"), term.end_on.isoformat())
    block.add(t("show.termination_reason"), term.reason)
    block.add(t("view.information"), _information(term.information, r.classified_on))
    block.add(
        t("show.users"), t("show.users_value", users="、".join(term.users), count=term.users_count)
    )
    block.add(
        t("view.approval"),
        _by(config, term.approved_by, term.approved_on)
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


def _closure(r: Record, config: Config) -> Block | None:
    if r.closure is None:
        return None
    block = Block(t(f"state.{r.state.value}"))
    block.add(t("show.closed_by"), _by(config, r.closure.by, r.closure.on))
    block.add(t("prompt.reason"), r.closure.reason or "—")
    return block


def _block_lines(blocks: Sequence[Block], terminal: bool, width: int) -> Iterator[tuple[str, str]]:
    """The lines of the blocks with their style: wrapped at `width` on a terminal, each
    value whole in a pipe."""
    from rich.cells import cell_len

    def wrapped(lead: str, text: str, hang: str) -> Iterator[tuple[str, str]]:
        shown = visible(text)
        pieces = wrap(shown, width - cell_len(lead)) if terminal else shown.split("\n")
        if terminal and len(pieces) > 1 and cell_len(hang) > cell_len(lead):
            # The lines under a deeper hang are folded again for their own room: folded for
            # the lead's, they ran past the terminal (a stray character on its own line).
            first = pieces[0]
            rest = shown[len(first) :]
            rest = rest[1:] if rest.startswith("\n") else rest.lstrip(" ")
            pieces = [first, *wrap(rest, width - cell_len(hang))]
        for n, piece in enumerate(pieces):
            yield (lead if n == 0 else hang) + piece, ""

    for block in blocks:
        yield "", ""
        yield t("show.heading", heading=block.heading), "bold"
        label_width = max((cell_len(label) for label, _ in block.fields), default=0)
        for label, value in block.fields:
            lead = INDENT + label + " " * (label_width - cell_len(label)) + "  "
            yield from wrapped(lead, value, " " * cell_len(lead))
        for line in block.lines:
            first, *rest = line.split("\n")
            # A check item's text goes on under itself, past its number and two marks.
            hang = 7 if _CHECK_LINE.match(first) else 2
            yield from wrapped(INDENT, first, INDENT + " " * hang)
            for extra in rest:  # a check's note and evidence, under its text
                yield from wrapped(INDENT + " " * hang, extra, INDENT + " " * (hang + 2))


def record_view(story: Story, config: Config, today: date) -> None:
    loaded = story.loaded
    r = loaded.record
    blocks = [_next(story.next_steps, config, today)]
    if story.blockers:
        blocks.append(Block(t("show.blockers"), lines=list(story.blockers)))
    if story.changed_since_check:
        changed = "、".join(story.changed_since_check)
        blocks.append(Block(t("show.changed_since_check"), lines=[changed]))
    blocks += record_blocks(r, config)
    print_page(f"{r.service.provider} {r.service.name}", r.id, r.state.value, loaded.rel, blocks)


def print_page(
    service: str,
    service_id: str,
    state: str,
    rel: str,
    blocks: Sequence[Block],
    *,
    plain: bool = False,
) -> None:
    """The page of `show`: its title and state line, then the blocks.

    Through rich's console, which styles it on a terminal; or, when `plain` (a pipe, where
    that console writes every line as it is: output.plain_stdout), written by hand without
    importing rich's console, for a `show` answered from the record cache (cli/fast.py).
    The full path keeps rich in a pipe too: it is what tests/e2e/test_fast_reads.py holds
    the plain page to, byte for byte."""
    title = visible(service, newlines=False)
    # Folded like every message on a terminal (a service's long name), whole in a pipe.
    heading = for_screen(t("show.title", service=title, id=service_id), sys.stdout)
    state_line = for_screen(
        t("view.state_line", state=t(f"state.{state}"), path=visible(rel)), sys.stdout
    )
    if plain:
        lines = [heading, state_line, *(text for text, _ in _block_lines(blocks, False, 0))]
        sys.stdout.write("".join(line + "\n" for line in lines))
        return
    from rich.text import Text

    console = stdout_console()
    console.print(Text(heading, style="bold"), soft_wrap=True)
    console.print(Text(state_line), soft_wrap=True)
    for text, style in _block_lines(blocks, console.is_terminal, max(console.width, 30)):
        console.print(Text(text, style=style), soft_wrap=True, crop=False, overflow="ignore")


def record_blocks(r: Record, config: Config) -> list[Block]:
    """The blocks of the page that are the record's alone: the same on any day, so that
    the record cache may keep them (`page_of`) for a `show` answered without the schemas
    (cli/fast.py), which adds what comes next (`_next`) on the day asked."""
    blocks: list[Block] = []
    closure = _closure(r, config)
    termination = _termination(r, config)
    # The form being decided comes first: a pending termination is what the reader acts on.
    if termination and r.termination and not r.termination.approved_by:
        blocks.append(termination)
        termination = None
    if closure:
        blocks.append(closure)
    blocks.append(_application(r, config))
    blocks += _decisions(r, config)
    operations = _operations(r, config)
    if operations.fields or operations.lines:
        blocks.append(operations)
    if termination:
        blocks.append(termination)
    if r.notes:
        blocks.append(
            Block(t("show.notes"), lines=[f"{_by(config, n.by, n.on)}　{n.text}" for n in r.notes])
        )
    return blocks


def page_code() -> bytes:
    """The digest of the code that lays out `record_blocks`: part of the key the pages are
    kept under (store.cache.pages), with the record cache's own."""
    from pathlib import Path

    digest = hashlib.sha256()
    here = Path(__file__).resolve()
    for source in (here, here.parents[1] / "forms" / "items.py"):
        digest.update(source.read_bytes())
    return digest.digest()


def keep_page(
    ws: Workspace, loaded: LoadedRecord, cache: PageCache, stamp: Stamp, digest: bytes
) -> None:
    """Keep the page of a record that is no pending form (its page then holds no blockers
    and no double-check to compare: what `show_kept` prints is all of it)."""
    from yakkan_cli.actions.validation import settings_problems
    from yakkan_cli.model import State
    from yakkan_cli.rules.summary import summarize
    from yakkan_cli.store.cache.codec import encode_config, encode_summary

    record = loaded.record
    if record.state in (State.APPLIED, State.TERMINATING):
        return
    settings = encode_config(ws.config, settings_problems(ws.config, ws.config_source))
    page = page_of(record, ws.config)
    cache.keep(loaded.rel, stamp, digest, encode_summary(summarize(record)), page, settings)


def page_cache(ws: Workspace) -> PageCache | None:
    """The pages kept for this work tree, unless the record cache is bypassed or out of
    reach (Workspace.cache_folder)."""
    from yakkan_cli.store.cache.pages import PageCache

    folder = ws.cache_folder
    if folder is None:
        return None
    return PageCache.open(folder, ws.repo.root, ws.config_source, page_code())


def page_of(r: Record, config: Config) -> Any:
    """`record_blocks` as plain tuples of strings, for the record cache (store.cache.pages)."""
    return tuple((b.heading, tuple(b.fields), tuple(b.lines)) for b in record_blocks(r, config))


def blocks_of(page: Any) -> list[Block]:
    """The blocks `page_of` kept."""
    return [
        Block(heading, [(label, value) for label, value in fields], list(lines))
        for heading, fields, lines in page
    ]


def show_kept(
    service: str,
    service_id: str,
    state: str,
    rel: str,
    page: Any,
    steps: Sequence[Task],
    config: ReadSettings,
    today: date,
) -> None:
    """`record_view` of a record that is no pending form (no blockers, no double-check to
    compare), from what the record cache kept of it: the same page, printed by the same
    code."""
    from yakkan_cli.cli.output import plain_stdout

    blocks = [_next(steps, config, today), *blocks_of(page)]
    print_page(service, service_id, state, rel, blocks, plain=plain_stdout())
