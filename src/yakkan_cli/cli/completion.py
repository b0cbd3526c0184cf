"""Shell completion of what a clerk would otherwise have to look up: record ids, people and
departments from the records repository the command would work on (`-C DIR` or the current
folder). Completion never fails loudly: a folder that is not a records repository, or a
yakkan.yaml that does not load, simply offers nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yakkan_cli.errors import YakkanError


def _root(ctx: Any) -> Path | None:
    """The records repository: the nearest folder holding yakkan.yaml, upwards from -C DIR
    (when given before the command) or the current folder."""
    from yakkan_cli.store.repo import CONFIG_FILE

    directory = None
    if ctx is not None:
        directory = (ctx.find_root().params or {}).get("directory")
    start = Path(directory or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def record_ids(ctx: Any, incomplete: str) -> list[str]:
    from yakkan_cli.store.repo import RecordsRepo

    root = _root(ctx)
    if root is None:
        return []
    ids = sorted({path.stem for path in RecordsRepo(root).record_paths()})
    # `--services a,b,…`: the id being typed is the one after the last comma.
    head, comma, last = incomplete.rpartition(",")
    return [f"{head}{comma}{i}" for i in ids if i.startswith(last)]


def _config(ctx: Any) -> Any:
    from yakkan_cli.store.repo import RecordsRepo

    root = _root(ctx)
    if root is None:
        return None
    try:
        return RecordsRepo(root).load_config()
    except (YakkanError, OSError):
        return None


def people(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Person ids with their names as the help a shell shows beside each choice."""
    config = _config(ctx)
    if config is None:
        return []
    return [(p.id, p.name) for p in config.people if p.id.startswith(incomplete)]


def departments(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    config = _config(ctx)
    if config is None:
        return []
    return [(d.id, d.name) for d in config.departments if d.id.startswith(incomplete)]


def completer_for(param: Any) -> Any:
    """The completion function that fits a parameter by what it names, or None."""
    metavar = str(getattr(param, "metavar", None) or "")
    name = str(getattr(param, "name", None) or "")
    if metavar.startswith(("ID", "記録ID")) or name in ("service_id", "services"):
        return record_ids
    if "PERSON" in metavar or name in ("person", "administrator", "to", "assignee"):
        return people
    if name == "department":
        return departments
    return None
