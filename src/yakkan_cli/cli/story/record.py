"""The blocks of the page that are the record's alone, and the plain tuples the record
cache keeps them as."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from yakkan_cli.cli.story.block import Block, by
from yakkan_cli.cli.story.decisions import closure_block, decision_blocks
from yakkan_cli.cli.story.forms import application_block, termination_block
from yakkan_cli.cli.story.operations import operations_block
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.model import Config
    from yakkan_cli.model.record.record import Record


def record_blocks(r: Record, config: Config) -> list[Block]:
    """The blocks of the page that are the record's alone: the same on any day, so that
    the record cache may keep them (`page_of`) for a `show` answered without the schemas
    (cli/fast.py), which adds what comes next (`page.next_block`) on the day asked."""
    blocks: list[Block] = []
    closure = closure_block(r, config)
    termination = termination_block(r, config)
    # The form being decided comes first: a pending termination is what the reader acts on.
    if termination and r.termination and not r.termination.approved_by:
        blocks.append(termination)
        termination = None
    if closure:
        blocks.append(closure)
    blocks.append(application_block(r, config))
    blocks += decision_blocks(r, config)
    operations = operations_block(r, config)
    if operations.fields or operations.lines:
        blocks.append(operations)
    if termination:
        blocks.append(termination)
    if r.notes:
        blocks.append(
            Block(t("show.notes"), lines=[f"{by(config, n.by, n.on)}　{n.text}" for n in r.notes])
        )
    return blocks


def page_of(r: Record, config: Config) -> Any:
    """`record_blocks` as plain tuples of strings, for the record cache (store.cache.pages)."""
    return tuple((b.heading, tuple(b.fields), tuple(b.lines)) for b in record_blocks(r, config))


def blocks_of(page: Any) -> list[Block]:
    """The blocks `page_of` kept."""
    return [
        Block(heading, [(label, value) for label, value in fields], list(lines))
        for heading, fields, lines in page
    ]
