"""Read-only use cases: show, list, validate, fmt, schema, render."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from yakkan_cli.actions.amend import changed_since_double_check
from yakkan_cli.actions.fulltrack import lists_for
from yakkan_cli.actions.validation import Validation as Validation
from yakkan_cli.actions.validation import signers_file_problems as signers_of
from yakkan_cli.actions.validation import stray_file_problems as stray_names
from yakkan_cli.actions.validation import validation_over
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record, State
from yakkan_cli.rules import fulltrack, readiness
from yakkan_cli.rules.schedule import Task, due_tasks, soonest_first
from yakkan_cli.store.files import atomic_write
from yakkan_cli.store.repo import LoadedRecord, Summarized, dump_record


def show(ws: Workspace, service_id: str) -> LoadedRecord:
    return ws.load(service_id)


@dataclass(frozen=True)
class Story:
    """A record with what it means today: what comes next, and what stops approval."""

    loaded: LoadedRecord
    next_steps: list[Task]  # soonest first, each with the people who do it
    blockers: list[str]  # empty unless a form is pending; the rules `approve` applies
    # The pending form's fields changed after the responsible manager's double-check.
    changed_since_check: list[str] = field(default_factory=list)


def story(ws: Workspace, service_id: str, *, today: date) -> Story:
    return story_of(ws, ws.load(service_id), today=today)


def story_of(ws: Workspace, loaded: LoadedRecord, *, today: date) -> Story:
    record = loaded.record
    blockers: list[str] = []
    lists: fulltrack.Lists | None = None
    if record.state is State.APPLIED:
        # The rules `approve` would apply today, the full track's with the lists as imported.
        lists = lists_for(ws, record)
        blockers = fulltrack.approval_blockers(record, ws.config, lists=lists, on=today)
    elif record.state is State.TERMINATING:
        blockers = readiness.termination_blockers(record)
    # What comes next as `due` says it, judged against the same lists as the blockers.
    steps = soonest_first(due_tasks(record, ws.config, today, lists))
    # Only a pending form with responsible marks costs a look into git.
    return Story(loaded, steps, blockers, changed_since_double_check(ws, loaded))


@dataclass(frozen=True)
class Listing:
    records: list[Summarized]
    errors: list[YakkanError]


def list_records(
    ws: Workspace, *, states: Sequence[State] = (), department: str | None = None
) -> Listing:
    if department is not None and ws.config.department(department) is None:
        raise YakkanError(t("actions.unknown_department", id=department))
    records: list[Summarized] = []
    errors: list[YakkanError] = []
    for item in ws.summaries():
        if isinstance(item, YakkanError):
            errors.append(item)
            continue
        if states and item.summary.state not in states:
            continue
        if department and item.summary.department != department:
            continue
        records.append(item)
    return Listing(records, errors)


def validate(ws: Workspace, paths: Sequence[Path] = ()) -> Validation:
    """Schema, cross-reference and attachment checks over the given records (default: all)."""
    targets = [p.resolve() for p in paths] if paths else ws.repo.record_paths()
    for path in targets:
        if path.is_dir():
            raise YakkanError(t("actions.validate_dir", path=path))
        try:
            path.relative_to(ws.repo.root)
        except ValueError:
            raise YakkanError(t("actions.outside_repo", path=path, root=ws.repo.root)) from None
    # yakkan.yaml was validated when the workspace opened; read as a record it would only
    # produce a page of misleading "missing id/state/…" lines.
    config_path = ws.repo.config_path.resolve()
    records = [path for path in targets if path != config_path] if paths else None
    # yakkan.yaml's own settings that the schema allows and the village must not run with.
    from yakkan_cli.actions.ismap import snapshots_read
    from yakkan_cli.actions.notify import login_in_clear

    return validation_over(
        ws.summaries(records),
        len(targets),
        ws.repo.root,
        ws.git.stored_if_unchanged,
        whole=not paths,
        settings=lambda: login_in_clear(ws),
        lists=lambda: snapshots_read(ws),
    )


def stray_file_problems(ws: Workspace) -> list[str]:
    """`validation.stray_file_problems` of the workspace's work tree."""
    return stray_names(ws.repo.root)


def signers_file_problems(ws: Workspace) -> list[str]:
    """`validation.signers_file_problems` of the workspace's work tree."""
    return signers_of(ws.repo.root)


@dataclass(frozen=True)
class Formatting:
    changed: list[str]
    problems: list[str]


def fmt(ws: Workspace, *, check_only: bool) -> Formatting:
    """Rewrite every record in canonical form (or, with check_only, list those that differ)."""
    changed: list[str] = []
    problems: list[str] = []
    for item in ws.repo.iter_records(ws.config):
        if isinstance(item, YakkanError):
            problems.append(str(item))
            continue
        canonical = dump_record(item.record).encode("utf-8")
        on_disk = item.path.read_bytes()
        if on_disk != canonical and b"\r\n" in on_disk:
            # Read through git: CRLF that a core.autocrlf checkout added is not in the record.
            on_disk = ws.git.stored_if_unchanged(item.rel) or on_disk
        if on_disk != canonical:
            changed.append(item.rel)
            if not check_only:
                atomic_write(item.path, canonical)
    return Formatting(changed, problems)


def json_schema(which: str) -> dict[str, Any]:
    """The JSON Schema (draft-07) of a record or of yakkan.yaml, for editors."""
    model: type[Record] | type[Config] = Config if which == "config" else Record
    schema = model.model_json_schema(by_alias=True, ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    document: dict[str, Any] = {"$schema": "http://json-schema.org/draft-07/schema#"}
    document.update(schema)
    if definitions:
        document["definitions"] = definitions
    return document


def render(ws: Workspace, service_id: str, *, form: str, fmt_name: str, blank: bool = False) -> str:
    from yakkan_cli.actions.fulltrack import all_lists
    from yakkan_cli.forms.render import render_form

    loaded = ws.load(service_id)
    ismap = loaded.record.service.ismap
    return render_form(
        loaded.record,
        ws.config,
        form,  # type: ignore[arg-type]
        fmt_name,  # type: ignore[arg-type]
        # A repository's own templates only when yakkan.yaml says so (templates.use_repository).
        repo_templates=ws.repo.templates_dir if ws.config.templates.use_repository else None,
        blank=blank,
        # The snapshots only for a registration they judge (issue 22): no read otherwise.
        lists=all_lists(ws) if ismap is not None and ismap.listed else None,
    )
