"""`history ID`: a record's timeline, read from git (DESIGN §4: git history is the audit trail)."""

from __future__ import annotations

from dataclasses import dataclass, field

from yakkan_cli.actions.audit import replay
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.rules.audit import HistoryEntry, history_entry
from yakkan_cli.store.repo import (
    ATTACHMENTS_DIR,
    CONFIG_FILE,
    RECORDS_DIR,
    require_service_id,
)


@dataclass(frozen=True)
class Timeline:
    entries: list[HistoryEntry]
    # person id → name as yakkan.yaml had them when they acted (people leave the village).
    names: dict[str, str] = field(default_factory=dict)


def history(ws: Workspace, service_id: str) -> list[HistoryEntry]:
    return timeline(ws, service_id).entries


def timeline(ws: Workspace, service_id: str) -> Timeline:
    """Every commit that changed the record or its attachments, oldest first.

    The record is followed by its id in every department folder, so a move between
    departments (a delete and an add in one commit) and its final removal are part of it.
    """
    # The id goes into a git pathspec below: only a checked id may.
    require_service_id(service_id)
    if not ws.git.has_head():
        raise YakkanError(t("store.unknown_record", id=service_id))
    paths = (
        CONFIG_FILE,  # the people of each commit's yakkan.yaml name the actors
        f":(glob){RECORDS_DIR}/*/{service_id}.yaml",
        f"{ATTACHMENTS_DIR}/{service_id}",
    )
    entries: list[HistoryEntry] = []
    names: dict[str, str] = {}
    for step in replay(ws, ["HEAD"], paths=paths):
        config = step.config_before or step.config
        for version, touched in step.versions:
            if version.service_id == service_id:
                entry = history_entry(step.commit, version, config, touched)
                entries.append(entry)
                person = config.person(entry.actor) if config else None
                if person:
                    names[person.id] = person.name
    if not entries:
        raise YakkanError(t("store.unknown_record", id=service_id))
    return Timeline(entries, names)
