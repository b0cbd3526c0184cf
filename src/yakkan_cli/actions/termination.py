"""Termination (S7) and disposal after the retention period (S5.4).

`terminate` files the termination form (終了確認書): the record goes to `terminating` and
remembers the state it came from, so that withdrawing the form returns it there. The four
checks are then marked with `check` and the form is approved with `approve` (see
actions/application.py). `dispose` removes a closed record and its attachments once the
retention period of rules/retention.py has passed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from yakkan_cli.actions.workspace.transaction import Outcome
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.forms.words import counts_read
from yakkan_cli.messages import t
from yakkan_cli.model import AttachmentKind, Record, State
from yakkan_cli.model.record.forms import TERMINATION_ITEMS
from yakkan_cli.rules import gates, lifecycle, readiness, retention
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.violation import RuleViolation
from yakkan_cli.store.repo import ATTACHMENTS_DIR
from yakkan_cli.store.yaml import load_yaml, problem_messages, validation_messages

SECTION = "termination"
# What the filer writes; information and users default to the application's (see `_fill`).
TERMINATION_KEYS = ("reason", "end_on", "information", "users", "users_count")
FILLED_BY_TERMINATE = ("applicant", "filed_on")
KEPT_BY_YAKKAN = ("attachments", "checks", "previous_state", "approved_by", "approved_on")

Loc = tuple[str | int, ...]


# --- terminate -----------------------------------------------------------------------------


def read_termination_file(text: str | bytes, source: str) -> tuple[dict[str, Any], str]:
    """The `termination` section of a filled-in termination form (DESIGN §3), and its text.

    The file holds one top-level key, `termination`, with reason, end_on and optionally
    information, users and users_count. Everything yakkan fills itself is refused with
    the line and column where it was written.
    """
    data = load_yaml(text, source)
    plain = text.decode("utf-8") if isinstance(text, bytes) else text
    section = data.get(SECTION) if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(section, dict):
        raise YakkanError(t("actions.terminate_not_mapping", source=source))
    problems: list[tuple[Loc, str]] = [
        ((key,), t("actions.terminate_unknown_key", key=key)) for key in data if key != SECTION
    ]
    for key in section:
        if key in FILLED_BY_TERMINATE:
            problems.append(((SECTION, key), t("actions.terminate_filled_by_tool", key=key)))
        elif key in KEPT_BY_YAKKAN:
            problems.append(((SECTION, key), t("actions.terminate_kept_by_yakkan", key=key)))
    if problems:
        raise YakkanError(
            t("store.invalid", source=source), details=problem_messages(problems, plain, source)
        )
    return dict(section), plain


def _fill(record: Record, given: Mapping[str, Any], applicant: str, on: date) -> dict[str, Any]:
    """The termination section as the record will hold it.

    Left out, `information` is the application's list, and `users` with `users_count` are
    the application's users (the count is taken over only together with the names, so a
    new list of users never carries a stale count).
    """
    section: dict[str, Any] = dict(given)
    application = record.application.model_dump(mode="json", by_alias=True)
    if "information" not in section:
        section["information"] = application["information"]
    if "users" not in section:
        section["users"] = application["users"]
        section.setdefault("users_count", application["users_count"])
    section["applicant"] = applicant
    section["filed_on"] = on.isoformat()
    section["checks"] = [{"item": i} for i in range(1, TERMINATION_ITEMS + 1)]
    section["previous_state"] = record.state.value
    return section


def _validated(record: Record, section: dict[str, Any], text: str, source: str) -> Record:
    document = record.model_dump(mode="json", by_alias=True)
    document[SECTION] = counts_read(section)
    document["state"] = State.TERMINATING.value
    try:
        return Record.model_validate(document)
    except ValidationError as exc:
        # Only the termination section is new, so every error points into the filed text.
        raise YakkanError(
            t("store.invalid", source=source), details=validation_messages(exc, text, source)
        ) from None


def missing_attachments(kinds: Sequence[AttachmentKind]) -> list[str]:
    """The attachments S7.1 ④ ⑤ needs that `kinds` lacks, as messages."""
    have = set(kinds)
    return [
        t("rules.attachment_needed", kind=t(f"attachment.{k.value}"))
        for k in readiness.TERMINATION_NEEDS
        if k not in have
    ]


def terminate(
    ws: Workspace,
    service_id: str,
    *,
    section: Mapping[str, Any],
    text: str,
    source: str,
    attachments: Sequence[tuple[AttachmentKind, Path]],
    on: date,
) -> Outcome:
    """File the termination form: state `terminating`, four empty checks, attachments copied.

    `section` is what the filer wrote (from a file, flags or prompts); `text` and `source`
    are where it came from, so that errors name the line and column.
    """
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = tx.record
        gates.terminate(record, ws.config, actor.id, on)
        # S7.1 ④ ⑤: the form is filed with what was agreed at the end and the proof of
        # disposal; without them there is nothing for the responsible manager to check.
        missing = missing_attachments([kind for kind, _ in attachments])
        if missing:
            raise RuleViolation(t("actions.terminate_needs", id=service_id), details=missing)
        filled = _validated(record, _fill(record, section, actor.id, on), text, source)
        termination = filled.termination
        assert termination is not None
        for kind, path in attachments:
            attachment = tx.attach(kind, path)
            if all(a.path != attachment.path or a.kind != kind for a in termination.attachments):
                termination.attachments.append(attachment)
        filled.state = lifecycle.next_state(Action.TERMINATE, record)
        tx.save(filled)
        return tx.commit(
            Action.TERMINATE,
            t("actions.terminated_filed", name=record.service.name, end=termination.end_on),
            state=filled.state.value,
        )


def terminate_from_text(
    ws: Workspace,
    service_id: str,
    text: str | bytes,
    source: str,
    *,
    attachments: Sequence[tuple[AttachmentKind, Path]],
    on: date,
) -> Outcome:
    section, plain = read_termination_file(text, source)
    return terminate(
        ws, service_id, section=section, text=plain, source=source, attachments=attachments, on=on
    )


# --- dispose -------------------------------------------------------------------------------


def may_terminate(ws: Workspace, service_id: str, *, on: date) -> Record:
    """The record, when its termination may be filed now (asked before the questions)."""
    return ws.may(service_id, lambda r, actor: gates.terminate(r, ws.config, actor, on), on=on)


def may_dispose(ws: Workspace, service_id: str, *, on: date) -> Record:
    """The record, when it may be disposed of now (asked before the question)."""
    return ws.may(service_id, lambda r, actor: gates.dispose(r, ws.config, actor, on), on=on)


def dispose(ws: Workspace, service_id: str, *, on: date) -> Outcome:
    """Remove a closed record and all its attachments in one commit, after retention (S5.4)."""
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = tx.record
        gates.dispose(record, ws.config, actor.id, on)
        until = retention.retain_until(record, ws.config.policy)
        assert tx.loaded is not None
        folder = f"{ATTACHMENTS_DIR}/{service_id}"
        tracked = [p for p in ws.git.text("ls-files", "-z", "--", folder).split("\0") if p]
        for rel in [tx.loaded.rel, *tracked]:
            tx.remove(rel)
        return tx.commit(
            Action.DISPOSE,
            t("actions.disposed", name=record.service.name, count=len(tracked), until=until),
            state=None,
        )
