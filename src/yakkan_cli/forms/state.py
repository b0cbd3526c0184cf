"""The state mark a printed form carries (issue 12): 却下・取下げ・終了, or 未承認 for a draft.

A rejected or withdrawn application, or a service that has ended, must not print like a
form still waiting for approval: a loose sheet in a binder would be taken for a live one.
The mark is decided here from the record alone (its state, `closure`, `termination`), so
the HTML, Markdown and PDF forms and the PDF's page headers all say the same thing.
A blank form (`render --blank`, to be filled in and signed by hand) carries no mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from yakkan_cli.messages import t
from yakkan_cli.model.config import Config
from yakkan_cli.model.enums import State
from yakkan_cli.model.record.record import Record

MarkKind = Literal["rejected", "withdrawn", "terminated", "draft"]


@dataclass(frozen=True)
class StateMark:
    """What the form's stamp says, in plain values for the templates."""

    kind: MarkKind
    word: str  # 却下 / 取下げ / 終了 / 未承認
    on_label: str  # the date's label: 却下日, 取下げ日, 終了日; "" for a draft
    on: date | None
    by_label: str
    by: str  # a person's name; "" when no one decided yet (a draft)
    reason_label: str
    reason: str  # the record's reason, or a note saying none was given
    note: str  # one sentence telling the reader what the mark means


def state_mark(
    record: Record, config: Config, form: str, *, blank: bool = False
) -> StateMark | None:
    """The mark `form` ("application" or "termination") of `record` prints, if any."""
    if blank:
        return None
    if form == "termination":
        return _termination_mark(record, config)
    return _application_mark(record, config)


def _application_mark(record: Record, config: Config) -> StateMark | None:
    closure = record.closure
    if record.state in (State.REJECTED, State.WITHDRAWN):
        kind: MarkKind = "rejected" if record.state is State.REJECTED else "withdrawn"
        if closure is None:  # a hand-made file (validate names it): still never a draft
            return _mark(kind, on=None, by="", reason=None)
        return _mark(kind, on=closure.on, by=config.name_of(closure.by), reason=closure.reason)
    if record.state is State.TERMINATED:
        return _terminated(record, config)
    if record.approval is None:
        return _draft()
    return None


def _termination_mark(record: Record, config: Config) -> StateMark | None:
    term = record.termination
    if term is None:
        return None  # render_form refuses this form with its own message
    if record.state is State.TERMINATED:
        return _terminated(record, config)
    if term.approved_on is None:
        return _draft()
    return None


def _terminated(record: Record, config: Config) -> StateMark | None:
    term = record.termination
    if term is None:  # a terminated record always has one; a hand-made file might not
        return None
    return _mark(
        "terminated",
        on=term.end_on,
        by=config.name_of(term.approved_by) if term.approved_by else "",
        reason=term.reason,
    )


def _mark(kind: MarkKind, *, on: date | None, by: str, reason: str | None) -> StateMark:
    return StateMark(
        kind=kind,
        word=t(f"forms.state.{kind}"),
        on_label=t(f"forms.state.{kind}.on"),
        on=on,
        by_label=t(f"forms.state.{kind}.by"),
        by=by,
        reason_label=t(f"forms.state.{kind}.reason"),
        reason=reason if reason and reason.strip() else t("forms.state.no_reason"),
        note=t(f"forms.state.{kind}.note"),
    )


def _draft() -> StateMark:
    return StateMark(
        kind="draft",
        word=t("forms.state.draft"),
        on_label="",
        on=None,
        by_label="",
        by="",
        reason_label="",
        reason="",
        note=t("forms.state.draft.note"),
    )
