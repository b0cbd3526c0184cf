"""Human views of records, history and audit findings (rows of cli.layout; data escaped)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from yakkan_cli.cli.layout import Row, print_rows
from yakkan_cli.messages import t
from yakkan_cli.model import Config, State
from yakkan_cli.rules.wording import change_words, code_label
from yakkan_cli.store.repo import Summarized

if TYPE_CHECKING:
    from yakkan_cli.rules.audit import HistoryEntry


def state_label(state: State | None) -> str:
    return t(f"state.{state.value}") if state else t("audit.no_record")


def records_table(records: Sequence[Summarized], config: Config) -> None:
    rows: list[Row] = []
    for item in records:
        r = item.summary
        dept = config.department(r.department)
        rows.append(
            Row(
                (
                    r.id,
                    r.applied_on.isoformat(),
                    dept.name if dept else r.department,
                    t(f"state.{r.state.value}"),
                ),
                (
                    t(
                        "view.list_more" if r.track is None else "view.list_more_track",
                        service=f"{r.provider} {r.name}",
                        administrator=config.name_of(r.administrator),
                        track=t(f"tracks.short.{r.track.value}") if r.track else "",
                    ),
                ),
            )
        )
    headers = [t(f"view.col.{k}") for k in ("id", "applied_on", "department", "state")]
    print_rows(t("view.list_title", count=len(records)), headers, rows)


def history_table(
    service_id: str, entries: Sequence[HistoryEntry], names: Mapping[str, str]
) -> None:
    rows: list[Row] = []
    for e in entries:
        before, after = state_label(e.state_before), state_label(e.state_after)
        rows.append(
            Row(
                (
                    e.date.strftime("%Y-%m-%d %H:%M"),
                    code_label("action", e.action),
                    names.get(e.actor, e.actor),
                ),
                (
                    t(
                        "view.history_more",
                        state=before if before == after else f"{before} → {after}",
                        changes="、".join(change_words(c) for c in e.changes) or "—",
                        commit=e.commit[:10],
                    ),
                ),
            )
        )
    headers = [t(f"view.col.{k}") for k in ("date", "action", "actor")]
    print_rows(t("view.history_title", id=service_id), headers, rows)


def findings_table(findings: Sequence[tuple[str, str, str, str]]) -> None:
    """Audit findings as (commit, path, rule, message): the message whole, under its row."""
    rows = [Row((commit[:10], rule, path), (message,)) for commit, path, rule, message in findings]
    headers = [t(f"view.col.{k}") for k in ("commit", "rule", "path")]
    print_rows(t("view.findings_title", count=len(findings)), headers, rows)


def accepted_table(accepted: Sequence[tuple[str, str, str, str, str]]) -> None:
    """Findings the village reviewed and accepted, as (commit, path, rule, reason, by)."""
    rows = [
        Row((commit[:10], rule, path), (t("view.accepted_reason", reason=reason, by=by),))
        for commit, path, rule, reason, by in accepted
    ]
    headers = [t(f"view.col.{k}") for k in ("commit", "rule", "path")]
    print_rows(t("view.accepted_title", count=len(accepted)), headers, rows)


def task_detail(task: str, detail: str) -> str:
    """The schedule's detail code of a task (rules.schedule) in words; "" when none."""
    if not detail:
        return ""
    if task == "check" and detail in ("applicant", "responsible"):
        return t("due.detail.column", column=t(f"column.{detail}"))
    if detail in ("suspended", "mismatch", "raised"):
        return t(f"due.detail.{detail}")
    if task == "decide":
        return t("due.detail.review_on", on=detail)
    if task == "warn":
        return t("due.detail.alert", id=detail)
    if task == "ismap":
        return t("due.detail.registration", number=detail)
    if task == "ismap_snapshot":
        return t("due.detail.retrieved", on=detail)
    return detail
