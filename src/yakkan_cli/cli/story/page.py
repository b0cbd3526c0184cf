"""The page of `yakkan show`: its title and state line, what comes next on the day asked,
then the blocks, laid out on a terminal or written whole in a pipe."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from yakkan_cli.cli.layout import INDENT, wrap
from yakkan_cli.cli.output import for_screen, stdout_console, visible
from yakkan_cli.cli.story.block import Block
from yakkan_cli.cli.story.record import blocks_of, record_blocks
from yakkan_cli.cli.views import task_detail
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.reading import Story
    from yakkan_cli.model import Config
    from yakkan_cli.rules.schedule import Task
    from yakkan_cli.rules.settings import ReadSettings

_CHECK_LINE = re.compile(r"\d\. \S \S ")


def next_block(steps: Sequence[Task], config: ReadSettings, today: date) -> Block:
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
    blocks = [next_block(story.next_steps, config, today)]
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

    blocks = [next_block(steps, config, today), *blocks_of(page)]
    print_page(service, service_id, state, rel, blocks, plain=plain_stdout())
