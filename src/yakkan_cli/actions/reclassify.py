"""`yakkan reclassify`: a responsible manager moves a record onto the village's scale of
classes, item by item, as one recorded action (issue 22; rules/reclassify.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from yakkan_cli.actions.workspace.transaction import Outcome
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.messages import t
from yakkan_cli.model import Record
from yakkan_cli.model.record import InfoClass
from yakkan_cli.rules import gates
from yakkan_cli.rules import reclassify as rule
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.tracks import raised_on
from yakkan_cli.rules.violation import RuleViolation


def may_reclassify(ws: Workspace, service_id: str, *, on: date) -> Record:
    """The record, when the person acting may move it onto the village's scale now."""
    return ws.may(service_id, lambda r, actor: gates.reclassify(r, ws.config, actor, on), on=on)


def reclassify(
    ws: Workspace,
    service_id: str,
    *,
    classes: Mapping[int, InfoClass],
    reason: str | None,
    on: date,
) -> Outcome:
    actor = ws.actor()
    scheme = ws.config.classification.scheme
    with ws.transaction(service_id, actor, on=on) as tx:
        record = tx.record
        gates.reclassify(record, ws.config, actor.id, on)
        found = rule.problems(record, scheme, classes)
        if found:
            raise RuleViolation(t("actions.reclassify_refused", id=service_id), details=found)
        move = rule.entry(record, scheme, classes, on=on, by=actor.id, reason=reason)
        after, cleared = rule.moved(record, move)
        tx.save(after)
        outcome = tx.commit(
            Action.RECLASSIFY,
            t("actions.reclassified", name=record.service.name, items=rule.described(move)),
            state=after.state.value,
            sign=ws.config.policy.signatures_required,
        )
    warnings: list[str] = []
    if cleared:
        warnings.append(
            t(
                "actions.marks_cleared_by",
                fields=t("field.application.information"),
                items="、".join(str(i) for i in cleared),
            )
        )
    if raised_on(after) is not None:
        warnings.append(t("actions.reclassify_raised"))
    return replace(outcome, warnings=(*outcome.warnings, *warnings))
