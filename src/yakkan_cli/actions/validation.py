"""`validate`'s checks over the records' summaries and the work tree's file names.

Shared by the typer command (actions.reading.validate, over the workspace's summaries)
and by `validate` answered from the record cache alone (cli/fast.py): no schema, no YAML,
no workspace here, only the summaries, the repository's root and git's stored content.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from yakkan_cli.errors import YakkanError, visible
from yakkan_cli.messages import t
from yakkan_cli.model.places import list_snapshot, list_source
from yakkan_cli.store.files import sha256_bytes
from yakkan_cli.store.listing import Summarized, attachment_ref_problems, lists_imported

if TYPE_CHECKING:
    from yakkan_cli.model import Config
    from yakkan_cli.store.cache.codec import PlainSnapshot

    # Each imported list's newest snapshot as read (in model.places.IsmapList's order),
    # or the error that stops it: read with the schema (actions.ismap.snapshots_read) or
    # taken from the record cache's copy (store.cache.lists.kept_lists).
    ListsRead = Iterable[tuple[str, PlainSnapshot | YakkanError]]


@dataclass(frozen=True)
class Validation:
    checked: int
    problems: list[str]
    warnings: list[str] = field(default_factory=list)


def validation_over(
    summaries: Iterable[Summarized | YakkanError],
    checked: int,
    root: Path,
    stored: Callable[[str], bytes | None] | None,
    *,
    whole: bool,
    settings: Callable[[], tuple[list[str], list[str]]],
    lists: Callable[[], ListsRead],
) -> Validation:
    """The checks of `checked` record files (`summaries`: each one's summary or the error
    that stops it); `whole`: every record, so files read as no record, the signers file
    and the imported ISMAP lists (`lists`, asked only where one was imported) are checked
    too; `settings`: yakkan.yaml's own (problems, warnings)
    (actions.notify.login_in_clear)."""
    problems: list[str] = []
    seen_ids: dict[str, str] = {}
    for item in summaries:
        if isinstance(item, YakkanError):
            # The details already name the file, line and field; the headline ("… の内容に
            # 誤りがあります") is not a problem of its own and would inflate the count.
            problems += item.details or [item.message]
            continue
        summary = item.summary
        problems += attachment_ref_problems(root, item.rel, summary.attachments, stored)
        if summary.id in seen_ids:
            problems.append(
                t(
                    "actions.duplicate_id",
                    id=summary.id,
                    first=seen_ids[summary.id],
                    second=item.rel,
                )
            )
        seen_ids.setdefault(summary.id, item.rel)
    if whole:
        problems += stray_file_problems(root)
        problems += signers_file_problems(root)
        # Only a village that imported an ISMAP list pays for reading it.
        if lists_imported(root):
            problems += list_problems(root, lists())
    clear, warnings = settings()
    return Validation(checked, clear + problems, warnings)


def list_problems(root: Path, lists: ListsRead) -> list[str]:
    """`validate`: each imported list's snapshot reads, and its source file is the one its
    manifest names (sha256). Whether the entries are what the file says is `verify`'s and
    `audit`'s (I2): it reads the file again, which `validate` leaves to them."""
    problems: list[str] = []
    for list_name, snapshot in lists:
        if isinstance(snapshot, YakkanError):
            problems += snapshot.details or [snapshot.message]
            continue
        rel = list_source(list_name, snapshot.source_format)
        try:
            data = (root / rel).read_bytes()
        except OSError:
            problems.append(
                t("ismap.validate_no_source", path=list_snapshot(list_name), source=rel)
            )
            continue
        if sha256_bytes(data) != snapshot.source_sha256:
            problems.append(t("ismap.validate_sha256", path=list_snapshot(list_name), source=rel))
    return problems


def stray_file_problems(root: Path) -> list[str]:
    """Files under records/ that are read as no record (`.yml`, a sub-folder, a file beside
    the folders) and `.gitattributes` under records/ or attachments/: what `audit` names
    (A4, A8). A `records/<folder>/<name>.yaml` is read above, its name checked against its id.
    """
    # Imported here: only the audit's checks of names, never every audit rule.
    from yakkan_cli.rules.audit.indirections import nested_attributes
    from yakkan_cli.rules.audit.paths import ATTACHMENTS_DIR, RECORDS_DIR, misnamed_record

    found: list[str] = []
    for top in (RECORDS_DIR, ATTACHMENTS_DIR):
        for folder, dirs, files in os.walk(root / top):
            dirs.sort()
            for name in sorted(files):
                rel = (Path(folder) / name).relative_to(root).as_posix()
                if nested_attributes(rel):
                    found.append(t("audit.nested_attributes", path=visible(rel)))
                elif top == RECORDS_DIR and misnamed_record(rel):
                    in_folder = rel.count("/") == 2 and rel.endswith(".yaml")
                    if not in_folder:
                        found.append(t("audit.record_name", path=visible(rel)))
    return found


def signers_file_problems(root: Path) -> list[str]:
    """`.yakkan/allowed_signers` as the work tree has it: one key line, one person (A7)."""
    from yakkan_cli.rules.audit.signers import ALLOWED_SIGNERS, signer_problems

    try:
        text = (root / ALLOWED_SIGNERS).read_text("utf-8", "replace")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return []
    return [
        t("audit.signers_file", path=ALLOWED_SIGNERS, line=p.line, message=p.message)
        for p in signer_problems(text)
    ]


def settings_problems(config: Config, source: bytes) -> tuple[list[str], list[str]]:
    """(problems, warnings) of yakkan.yaml's own settings that the schema allows and the
    village must not run with: a login over an unencrypted connection is a problem naming
    yakkan.yaml's line unless `allow_plaintext_login` says the village knows, else a
    warning. A function of yakkan.yaml alone: the record cache keeps its answer."""
    from yakkan_cli.store.repo import CONFIG_FILE
    from yakkan_cli.store.yaml import problem_messages

    settings = config.notify
    if settings is None or not settings.login_in_clear:
        return [], []
    if settings.allow_plaintext_login:
        return [], [t("notify.plaintext_login_allowed")]
    where: list[tuple[tuple[str | int, ...], str]] = [
        (("notify", "security"), t("notify.plaintext_login"))
    ]
    return problem_messages(where, source.decode("utf-8", "replace"), CONFIG_FILE), []
