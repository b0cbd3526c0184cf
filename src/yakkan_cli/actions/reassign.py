"""人事異動: a responsible manager names a new service administrator (S3.2).

The application keeps the administrator it was filed with; each reassignment is appended
to `record.reassignments`, so the record itself tells who was in charge when, and
`Record.current_administrator()` is the one every role, task and form uses from then on.
"""

from __future__ import annotations

from datetime import date

from yakkan_cli.actions.workspace.transaction import Outcome
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.messages import t
from yakkan_cli.model import Reassignment, Record
from yakkan_cli.rules import gates, roles
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.violation import RuleViolation


def may_reassign(ws: Workspace, service_id: str, *, on: date) -> Record:
    """The record, when the person acting may name its new administrator now."""
    return ws.may(service_id, lambda r, actor: gates.reassign(r, ws.config, actor, on), on=on)


def reassign(
    ws: Workspace, service_id: str, *, administrator: str, reason: str | None, on: date
) -> Outcome:
    actor = ws.actor()
    with ws.transaction(service_id, actor, on=on) as tx:
        record = tx.record
        gates.reassign(record, ws.config, actor.id, on)
        if ws.config.person(administrator) is None:
            raise RuleViolation(
                t(
                    "actions.reassign_unknown",
                    id=administrator,
                    people=", ".join(p.id for p in ws.config.people),
                )
            )
        roles.require_two_at_briefing(ws.config, record, administrator)
        previous = record.current_administrator()
        if administrator == previous:
            raise RuleViolation(
                t("actions.reassign_same", name=ws.config.name_of(administrator), id=service_id)
            )
        record.reassignments.append(
            Reassignment(
                on=on,
                by=actor.id,
                administrator=administrator,
                previous=previous,
                reason=(reason or "").strip() or None,
            )
        )
        tx.save(record)
        return tx.commit(
            Action.REASSIGN,
            t(
                "actions.reassigned",
                name=record.service.name,
                previous=ws.config.name_of(previous),
                administrator=ws.config.name_of(administrator),
            ),
            state=record.state.value,
            sign=ws.config.policy.signatures_required,
        )
