"""Human views of records for the terminal (rich)."""

from __future__ import annotations

from collections.abc import Sequence

from yakkan_cli.cli.output import stdout_console
from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record
from yakkan_cli.store.repo import LoadedRecord

_MARKS = {"ok": "○", "ng": "×", "na": "／"}


def records_table(records: Sequence[LoadedRecord], config: Config) -> None:
    from rich.table import Table

    table = Table(title=t("view.list_title", count=len(records)))
    for key in ("id", "department", "state", "service", "administrator", "applied_on"):
        table.add_column(t(f"view.col.{key}"))
    for item in records:
        r = item.record
        dept = config.department(r.department)
        table.add_row(
            r.id,
            dept.name if dept else r.department,
            t(f"state.{r.state.value}"),
            f"{r.service.provider} {r.service.name}",
            config.name_of(r.current_administrator()),
            r.application.applied_on.isoformat(),
        )
    stdout_console().print(table)


def _administrators(record: Record, config: Config) -> str:
    """The administrator now; after a reassignment (S3.2), who was before and since when."""
    now = config.name_of(record.current_administrator())
    if not record.reassignments:
        return now
    history = "、".join(
        t(
            "view.reassignment",
            name=config.name_of(r.previous),
            on=r.on.isoformat(),
            by=config.name_of(r.by),
        )
        for r in record.reassignments
    )
    return f"{now}（{history}）"


def record_view(loaded: LoadedRecord, config: Config) -> None:
    from rich.table import Table

    r = loaded.record
    console = stdout_console()
    dept = config.department(r.department)
    console.print(f"[bold]{r.service.provider} {r.service.name}[/bold]  ({r.id})")
    console.print(t("view.state_line", state=t(f"state.{r.state.value}"), path=loaded.rel))
    app = r.application
    rows = [
        (t("view.department"), dept.name if dept else r.department),
        (t("view.applicant"), f"{config.name_of(app.applicant)}（{app.applied_on.isoformat()}）"),
        (t("view.administrator"), _administrators(r, config)),
        (t("view.purpose"), app.purpose),
        (
            t("view.period"),
            f"{app.period.start.isoformat()} 〜 {app.period.end or ''}",
        ),
        (
            t("view.information"),
            "、".join(f"{i.name}（{'ⅠⅡⅢⅣ'[i.class_ - 1]}）" for i in app.information),
        ),
        (t("view.alternative"), app.alternative or "—"),
    ]
    if r.approval:
        rows.append(
            (
                t("view.approval"),
                f"{config.name_of(r.approval.approved_by)}（{r.approval.approved_on.isoformat()}）",
            )
        )
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)
    checks = Table(title=t("view.checks"))
    checks.add_column("NO")
    checks.add_column(t("column.applicant"))
    checks.add_column(t("column.responsible"))
    checks.add_column(t("view.note"))
    for c in r.checks:
        checks.add_row(
            str(c.item),
            _MARKS.get(c.applicant.value, "") if c.applicant else "",
            _MARKS.get(c.responsible.value, "") if c.responsible else "",
            c.note or "",
        )
    console.print(checks)
