"""Human views of records, history and audit findings (rows of cli.layout; data escaped).

No typer and no schema at import: `list` answered from the record cache (cli/fast.py)
prints through these same functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from yakkan_cli.cli.layout import Row, print_rows
from yakkan_cli.messages import t
from yakkan_cli.store.listing import Summarized

if TYPE_CHECKING:
    from yakkan_cli.actions.due import DueReport
    from yakkan_cli.actions.validation import Validation
    from yakkan_cli.model import State
    from yakkan_cli.rules.audit import HistoryEntry
    from yakkan_cli.rules.settings import ReadSettings


def state_label(state: State | None) -> str:
    return t(f"state.{state.value}") if state else t("audit.no_record")


def list_item(item: Summarized) -> dict[str, Any]:
    """One record of `list --json`."""
    s = item.summary
    return {
        "id": s.id,
        "department": s.department,
        "state": s.state.value,
        "provider": s.provider,
        "name": s.name,
        "applicant": s.applicant,
        "administrator": s.administrator,
        "applied_on": s.applied_on,
        "approved_on": s.approved_on,
        # Issue 22: the scale the record is classified on, and its track (null on
        # 重要性分類, which has one procedure).
        "scheme": s.scheme.value,
        "track": s.track.value if s.track else None,
        "path": item.rel,
    }


def records_table(
    records: Sequence[Summarized], config: ReadSettings, *, plain: bool = False
) -> None:
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
    print_rows(t("view.list_title", count=len(records)), headers, rows, plain=plain)


def history_table(
    service_id: str, entries: Sequence[HistoryEntry], names: Mapping[str, str]
) -> None:
    from yakkan_cli.rules.wording import change_words, code_label

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


def task_detail(task: str, detail: str, service: str) -> str:
    """The schedule's detail code of a task (rules.schedule) in words; "" when none."""
    if not detail:
        return ""
    if task == "location":
        return t(f"task_detail.{detail}", id=service)
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
    if task == "full_track_form":
        return full_track_gap(detail, service)
    if task == "ismap_missing":
        return t("due.detail.ismap_missing", number=detail, id=service)
    return detail


def full_track_gap(detail: str, service: str) -> str:
    """A full-track application's gap (rules.schedule.FULL_TRACK_FORM's detail): what to do
    and the command that does it."""
    kind, _, which = detail.partition(":")
    if which:
        label = t(f"register.ismap_list.{which}")
        command = f"yakkan ismap import {t('guide.file')} --list {which} --retrieved 取得日"
        return t(
            "due.detail.full_track_form", what=t(f"guide.{kind}", label=label), command=command
        )
    return t(
        "due.detail.full_track_form", what=t(f"guide.{kind}"), command=f"yakkan edit {service}"
    )


def print_validation(result: Validation, *, as_json: bool) -> int:
    """What `validate` prints of its checks; the exit code (1: a problem found)."""
    from yakkan_cli.cli.output import print_json, say

    for warning in result.warnings:
        say(warning)
    if as_json:
        print_json(
            {"ok": not result.problems, "checked": result.checked, "problems": result.problems}
        )
    else:
        for line in result.problems:
            say(line)
        say(
            t("cli.validated", count=result.checked)
            if not result.problems
            else t("cli.invalid_count", count=len(result.problems))
        )
    return 1 if result.problems else 0


def due_table(report: DueReport, *, plain: bool = False) -> None:
    """`due`'s table, one row per task: the date, how late, the id and the whole task name
    on the first line; who, where, the service and the 和暦 date under it (cli.layout).
    Printed by the typer command and by a `due` answered from the record cache (cli/fast)."""
    from yakkan_cli.cli.output import print_line
    from yakkan_cli.forms.wareki import to_wareki

    if not report.items:
        print_line(t("due.none"))
        return
    rows: list[Row] = []
    for item in report.items:
        task = item.task
        if item.days_overdue > 0:
            lateness = t("due.late", days=item.days_overdue)
        elif item.days_overdue == 0:
            lateness = t("due.today")
        else:
            lateness = t("due.left", days=-item.days_overdue)
        more = t(
            "due.more",
            assignee="、".join(item.assignee_names) or "—",
            department=item.department_name,
            wareki=to_wareki(task.due),
            service=item.service_name,
        )
        detail = task_detail(task.task, task.detail, task.service)
        name = item.label
        if detail and task.task == "check":
            # Which column is short and is what the reader acts on: it goes with the task.
            name, detail = t("due.task_with", task=name, detail=detail), ""
        rows.append(
            Row(
                (task.due.isoformat(), lateness, task.service, name),
                (more, *([detail] if detail else [])),
                style="red" if item.overdue else "",
            )
        )
    headers = [t(f"due.col.{k}") for k in ("due", "overdue", "service", "task")]
    title = t("due.title", as_of=report.as_of.isoformat(), within=report.within)
    print_rows(title, headers, rows, plain=plain)
    print_line(t("due.footer", overdue=report.overdue, upcoming=report.upcoming))
