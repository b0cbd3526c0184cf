"""Fixing the pending form before it is decided: `yakkan attach` and `yakkan edit`.

Both are done by the pending form's applicant or a responsible manager, in one commit. A
change of what the responsible manager's double-check looked at (the service, the
information, the attachments; rules/amend.py) takes it back in the same commit: it was given
on the form as it stood (S5.2; issue 8.5). Other edits leave it standing and say so (18.6);
`changed_since_double_check` then tells the approver what changed after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from yakkan_cli.actions.application import validated_record
from yakkan_cli.actions.workspace.transaction import Outcome, Transaction
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Attachment, AttachmentKind, Check, Record, State
from yakkan_cli.rules import lifecycle, roles
from yakkan_cli.rules.amend import (
    KEPT_BY_COMMANDS,
    NEVER_EDITED,
    TERMINATION_FIELDS,
    checked_changes,
    clear_responsible_marks,
    edit_field_problem,
    field_label,
)
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.violation import RuleViolation
from yakkan_cli.store.repo import LoadedRecord, record_document
from yakkan_cli.store.yaml import dump_yaml, load_yaml, parse_model, problem_messages

Loc = tuple[str | int, ...]


def _begin(tx: Transaction, action: Action) -> Record:
    record = tx.record
    lifecycle.require_state(action, record.state, tx.service_id)
    roles.require_role(action, tx.ws.config, record, tx.actor.id)
    return record


def _pending_checks(record: Record) -> Sequence[Check]:
    if record.state is State.TERMINATING and record.termination is not None:
        return record.termination.checks
    return record.checks


def _commit_clearing(
    tx: Transaction, record: Record, action: Action, summary: str, *, because: str = ""
) -> Outcome:
    """Clear the responsible column of the pending form, save and commit, saying so (and,
    given `because`, which change of the checked content took the marks back)."""
    cleared = clear_responsible_marks(_pending_checks(record))
    tx.save(record)
    outcome = tx.commit(action, summary, state=record.state.value)
    if not cleared:
        return outcome
    items = "、".join(str(i) for i in cleared)
    said = (
        t("actions.marks_cleared_by", fields=because, items=items)
        if because
        else t("actions.marks_cleared", items=items)
    )
    return replace(outcome, warnings=(*outcome.warnings, said))


# --- attach --------------------------------------------------------------------------------


def attach(
    ws: Workspace,
    service_id: str,
    attachments: Sequence[tuple[AttachmentKind, Path]],
    *,
    on: date,
) -> Outcome:
    """Add files to the pending form; a file of the same name as one of its own replaces it."""
    if not attachments:
        raise YakkanError(t("actions.attach_nothing"))
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = _begin(tx, Action.ATTACH)
        terminating = record.state is State.TERMINATING
        listed: list[Attachment]
        if terminating:
            assert record.termination is not None
            listed = record.termination.attachments
            # The approved application's files stay as they were approved.
            frozen = {a.path for a in record.application.attachments}
        else:
            listed = record.application.attachments
            frozen = (
                {a.path for a in record.termination.attachments} if record.termination else set()
            )
        own = {a.path for a in listed} - frozen
        names: list[str] = []
        for kind, source in attachments:
            attachment = tx.attach(kind, source, replace=own)
            same = next((i for i, a in enumerate(listed) if a.path == attachment.path), None)
            if same is None:
                listed.append(attachment)
            elif listed[same] != attachment:
                listed[same] = attachment
            else:
                continue  # this very file is attached already
            names.append(Path(attachment.path).name)
        if not names:
            raise RuleViolation(t("actions.attach_unchanged", id=service_id))
        form = t("form.termination" if terminating else "form.application")
        summary = t("actions.attached", form=form, files="、".join(names))
        return _commit_clearing(tx, record, Action.ATTACH, summary)


# --- edit ----------------------------------------------------------------------------------


def _set(document: dict[str, Any], field: str, raw: str, source: str) -> None:
    """Put `raw` at the dotted `field`, typed like the value it replaces.

    Text stays text as typed (an empty value removes an optional field); numbers, true/false
    and lists are read as YAML, so `application.users=[職員, 委員]` works, and so is a
    section or list not yet there written in flow style (`service.ismap={list: ismap, …}`).
    """
    *parents, last = field.split(".")
    node = document
    for part in parents:
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        if not isinstance(child, dict):
            raise YakkanError(t("actions.edit_not_a_section", field=field))
        node = child
    current = node.get(last)
    if raw == "":
        node.pop(last, None)
    elif current is None and raw[:1] in ("[", "{"):
        # A section or list not there yet (service.jurisdiction={…}), written as YAML's
        # flow style: read as YAML, as a list replacing a list is.
        node[last] = load_yaml(f"value: {raw}\n", source)["value"]
    elif current is None or isinstance(current, str):
        node[last] = raw
    else:
        node[last] = load_yaml(f"value: {raw}\n", source)["value"]


def edit_set(
    ws: Workspace, service_id: str, assignments: Sequence[tuple[str, str]], *, on: date
) -> Outcome:
    """`yakkan edit ID --set FIELD=VALUE…`: change fields of the pending form."""
    if not assignments:
        raise YakkanError(t("actions.edit_nothing"))
    source = t("cli.flags_source")
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = _begin(tx, Action.EDIT)
        problems: list[str] = [
            problem
            for field, _ in assignments
            if (problem := edit_field_problem(record.state, field)) is not None
        ]
        if problems:
            raise RuleViolation(t("actions.edit_refused", id=service_id), details=problems)
        document = record.model_dump(mode="json", by_alias=True)
        for field, raw in assignments:
            _set(document, field, raw, source)
        edited = validated_record(document, ws, "", source)
        return _finish_edit(tx, record, edited)


def editable_text(ws: Workspace, service_id: str) -> str:
    """The pending form's editable sections as YAML, in the shape `edit --from` reads."""
    record = ws.load(service_id).record
    lifecycle.require_state(Action.EDIT, record.state, service_id)
    document = record_document(record)
    if record.state is State.TERMINATING:
        term = document.get("termination", {})
        return dump_yaml(
            {"termination": {k: v for k, v in term.items() if k in TERMINATION_FIELDS}}
        )
    application = {
        k: v
        for k, v in document["application"].items()
        if f"application.{k}" not in NEVER_EDITED | KEPT_BY_COMMANDS
    }
    return dump_yaml(
        {
            "id": record.id,
            "department": record.department,
            "service": document["service"],
            "application": application,
        }
    )


def edit_from_text(
    ws: Workspace, service_id: str, text: str | bytes, source: str, *, on: date
) -> Outcome:
    """`yakkan edit ID --from FILE`: the sections of `apply --from` (or, while terminating,
    of `terminate --from`) replace the pending form's; fields yakkan keeps must be left out
    or left as they are."""
    data = load_yaml(text, source)
    plain = text.decode("utf-8") if isinstance(text, bytes) else text
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = _begin(tx, Action.EDIT)
        document = record.model_dump(mode="json", by_alias=True)
        problems: list[tuple[Loc, str]] = []
        if record.state is State.TERMINATING:
            given = data.get("termination") if isinstance(data, dict) else None
            if not isinstance(given, dict) or set(data) != {"termination"}:
                raise YakkanError(t("actions.terminate_not_mapping", source=source))
            for key in given:
                if key not in TERMINATION_FIELDS:
                    problems.append((("termination", key), t("actions.edit_kept", key=key)))
            sections: dict[str, Any] = {"termination": {**document["termination"], **given}}
        else:
            sections = _application_sections(data, document, problems)
        if problems:
            raise YakkanError(
                t("store.invalid", source=source), details=problem_messages(problems, plain, source)
            )
        edited = validated_record({**document, **sections}, ws, plain, source)
        return _finish_edit(tx, record, edited)


def _application_sections(
    data: Any, document: dict[str, Any], problems: list[tuple[Loc, str]]
) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise YakkanError(t("actions.edit_not_mapping"))
    for key in data:
        if key not in ("id", "department", "service", "application"):
            problems.append(
                (
                    (key,),
                    t(
                        "actions.apply_unknown_key",
                        key=key,
                        allowed="id, department, service, application",
                    ),
                )
            )
        elif key in ("id", "department") and data[key] != document[key]:
            problems.append(((key,), t("rules.edit_never", field=key)))
    service = data.get("service", document["service"])
    application = data.get("application", {})
    if not isinstance(application, dict):
        application = {}
    kept: dict[str, Any] = {}
    for key in ("applicant", "applied_on", "department_head", "attachments"):
        old = document["application"].get(key)
        if key in application and application[key] != old:
            problems.append((("application", key), t("actions.edit_kept", key=key)))
        if old is not None:
            kept[key] = old
    merged = {**application, **kept} if "application" in data else document["application"]
    return {"service": service, "application": merged}


def _changed_fields(before: Record, after: Record) -> list[str]:
    """The dotted fields (one level into each section) whose values differ."""
    old, new = record_document(before), record_document(after)
    changed: list[str] = []
    for section in ("service", "application", "termination"):
        a, b = old.get(section) or {}, new.get(section) or {}
        changed += [f"{section}.{k}" for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)]
    return changed


def _labels(fields: Sequence[str]) -> str:
    """The fields (`_changed_fields`'s, one level into each section) in the form's words."""
    return "、".join(dict.fromkeys(field_label(f) for f in fields))


def _finish_edit(tx: Transaction, before: Record, edited: Record) -> Outcome:
    fields = _changed_fields(before, edited)
    if not fields:
        raise RuleViolation(t("actions.edit_unchanged", id=before.id))
    form = t("form.termination" if before.state is State.TERMINATING else "form.application")
    summary = t("actions.edited", form=form, fields=", ".join(fields))
    checked = checked_changes(before.state, fields)
    if checked:
        # Said in the form's words: the clerk learns which edits undo the double-check.
        return _commit_clearing(tx, edited, Action.EDIT, summary, because=_labels(checked))
    tx.save(edited)
    outcome = tx.commit(Action.EDIT, summary, state=edited.state.value)
    if not any(c.responsible is not None for c in _pending_checks(edited)):
        return outcome
    kept = t("actions.marks_kept", fields=_labels(fields))
    return replace(outcome, warnings=(*outcome.warnings, kept))


# --- what changed after the double-check ---------------------------------------------------


def _responsible_column(record: Record) -> list[tuple[int, Any]]:
    return [(c.item, c.responsible) for c in _pending_checks(record)]


def changed_since_double_check(ws: Workspace, loaded: LoadedRecord) -> list[str]:
    """The fields of the pending form changed after the responsible manager's marks now
    standing were given, in the form's words; empty when there are none (or no marks).

    Read from git rather than kept in the record: the history already holds the form as it
    was at the double-check, the record keeps no second account of it that could disagree
    with the history (and would need its own audit rule), and records written before need
    nothing. The walk goes back only until the responsible column differs: the version
    after the commit that gave the marks is the one they were given on.
    """
    record = loaded.record
    if record.state not in (State.APPLIED, State.TERMINATING):
        return []
    column = _responsible_column(record)
    if not any(mark is not None for _, mark in column) or not ws.git.has_head():
        return []
    shas = ws.git.text("log", "--format=%H", "--", loaded.rel).split()
    given_on: Record | None = None
    for sha in shas:
        shown = ws.git.run("show", f"{sha}:{loaded.rel}", check=False)
        if shown.returncode != 0:
            break
        try:
            version = parse_model(Record, shown.stdout, loaded.rel)
        except YakkanError:
            break
        if version.state is not record.state or _responsible_column(version) != column:
            break
        given_on = version
    if given_on is None:
        return []
    return list(dict.fromkeys(field_label(f) for f in _changed_fields(given_on, record)))
