"""The decisions on the page: the exceptions given with the approval, the approval, and
the closure of an application that ended without one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from yakkan_cli.cli.story.block import Block, by
from yakkan_cli.messages import t
from yakkan_cli.rules.tracks import is_3a

if TYPE_CHECKING:
    from yakkan_cli.model import Config
    from yakkan_cli.model.record.record import Record


def decision_blocks(r: Record, config: Config) -> list[Block]:
    blocks: list[Block] = []
    given = (
        (r.exception, "show.exception_3a" if is_3a(r) else "show.exception"),
        (r.ismap_exception, "show.ismap_exception"),
        (r.storage_exception, "show.storage_exception"),
    )
    for exception, title in given:
        if exception is not None:
            block = Block(t(title))
            block.add(t("prompt.reason"), exception.reason)
            block.add(t("view.approval"), by(config, exception.approved_by, exception.approved_on))
            blocks.append(block)
    if r.approval:
        a = r.approval
        block = Block(t("view.approval"))
        block.add(t("view.approval"), by(config, a.approved_by, a.approved_on))
        block.add(t("show.procedure_version"), a.procedure_version)
        block.add(
            t("show.risks"),
            by(config, a.risk_acknowledged_by, a.risk_acknowledged_on)
            if a.risk_acknowledged_by
            else t("show.risks_pending", name=config.name_of(r.current_administrator())),
        )
        blocks.append(block)
    return blocks


def closure_block(r: Record, config: Config) -> Block | None:
    if r.closure is None:
        return None
    block = Block(t(f"state.{r.state.value}"))
    block.add(t("show.closed_by"), by(config, r.closure.by, r.closure.on))
    block.add(t("prompt.reason"), r.closure.reason or "—")
    return block
