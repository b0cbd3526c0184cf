"""The pages of `yakkan show` kept in the record cache (store.cache.pages), and the digest
of the code that lays them out, part of the key they are kept under."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from yakkan_cli.cli.story.record import page_of

if TYPE_CHECKING:
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.store.cache.keys import Stamp
    from yakkan_cli.store.cache.pages import PageCache
    from yakkan_cli.store.repo import LoadedRecord


def page_code() -> bytes:
    """The digest of the code that lays out `record_blocks`: part of the key the pages are
    kept under (store.cache.pages), with the record cache's own."""
    from pathlib import Path

    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    # Every file of this package, not only those `record_blocks` uses today: a block moved
    # to a new file must still change the key.
    for source in (*sorted(here.glob("*.py")), here.parents[1] / "forms" / "items.py"):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
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
