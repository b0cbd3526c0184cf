"""`yakkan due`: what is overdue or coming up, over every record (rules.schedule)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yakkan_cli.errors import YakkanError
from yakkan_cli.forms.wareki import to_wareki
from yakkan_cli.messages import t
from yakkan_cli.rules.lifecycle import IN_USE
from yakkan_cli.rules.schedule import Task, snapshot_tasks, tasks_of
from yakkan_cli.store.files import atomic_write, os_reason
from yakkan_cli.store.listing import Summarized

if TYPE_CHECKING:
    # Types only: `due_over` runs on the record cache's plain data (cli/fast.py).
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.rules.schedule import Lists
    from yakkan_cli.rules.settings import ReadSettings


@dataclass(frozen=True)
class DueItem:
    task: Task
    service_name: str
    department_name: str
    days_overdue: int  # positive: late; zero: due today; negative: days left
    assignee_names: tuple[str, ...]

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def label(self) -> str:
        return t(f"task.{self.task.task}")

    @property
    def lateness(self) -> str:
        """The 状況 of the task in words, with its unit: 3日超過, 今日まで, あと5日."""
        if self.days_overdue > 0:
            return t("due.late", days=self.days_overdue)
        if self.days_overdue == 0:
            return t("due.today")
        return t("due.left", days=-self.days_overdue)

    def document(self) -> dict[str, Any]:
        """The `due --json` object: `assignees` lists every id, `assignee` is the first."""
        task = self.task
        return {
            "service": task.service,
            "service_name": self.service_name,
            "department": task.department,
            "department_name": self.department_name,
            "task": task.task,
            "label": self.label,
            "due": task.due.isoformat(),
            "due_wareki": to_wareki(task.due),
            "days_overdue": self.days_overdue,
            "assignee": task.assignees[0] if task.assignees else None,
            "assignees": list(task.assignees),
            "detail": task.detail,
        }


@dataclass(frozen=True)
class DueReport:
    as_of: date
    within: int
    items: list[DueItem]
    errors: list[YakkanError]

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)

    @property
    def upcoming(self) -> int:
        return len(self.items) - self.overdue


def due(
    ws: Workspace,
    *,
    as_of: date,
    within: int | None = None,
    department: str | None = None,
    mine: bool = False,
) -> DueReport:
    config = ws.config
    if department is not None and config.department(department) is None:
        raise YakkanError(t("actions.unknown_department", id=department))
    own: Callable[[Summarized, int], list[Task]] | None = None
    me = ws.actor().id if mine else None
    if me is not None:
        from yakkan_cli.rules.guidance import OWN_STATES, own_applications

        def own(item: Summarized, window: int) -> list[Task]:
            if item.summary.state not in OWN_STATES:
                return []
            # Rare (a pending or lately rejected form): its full record says what it waits for.
            record = ws.repo.load_path(item.path, config).record
            return own_applications(record, config, me, as_of, window)

    # The imported ISMAP lists (issue 22): where a registration finds its end, and lists
    # that grow old while services in use rely on them.
    from yakkan_cli.actions.fulltrack import all_lists

    lists_error: list[YakkanError] = []
    try:
        lists = all_lists(ws)
    except YakkanError as err:
        lists_error.append(err)
        lists = {}
    return due_over(
        ws.summaries(),
        config,
        as_of=as_of,
        within=within,
        department=department,
        me=me,
        own=own,
        lists=lists,
        list_tasks=lambda used: snapshot_tasks(lists, used, config, as_of),
        errors_before=lists_error,
    )


def due_over(
    summaries: Iterable[Summarized | YakkanError],
    config: ReadSettings,
    *,
    as_of: date,
    within: int | None = None,
    department: str | None = None,
    me: str | None = None,
    own: Callable[[Summarized, int], list[Task]] | None = None,
    lists: Lists | None = None,
    list_tasks: Callable[[set[str]], list[Task]] | None = None,
    errors_before: Sequence[YakkanError] = (),
) -> DueReport:
    """`due` over these records: the workspace's (through the record cache), or the cache's
    alone (cli/fast.py). `own`: the tasks of `me`'s own forms (`--mine`), which may refuse
    (YakkanError) when the full record cannot be read. `lists`: the imported ISMAP lists, where
    a registration finds its end, and `list_tasks`: the lists' own tasks given the lists the
    services in use rely on (issue 22); a village that imported none has neither, which is
    what lets the cache's reads go without the snapshots' schema."""
    if department is not None and config.department(department) is None:
        raise YakkanError(t("actions.unknown_department", id=department))
    window = config.policy.warn_days if within is None else within
    horizon = as_of + timedelta(days=window)
    names = {p.id: p.name for p in config.people}
    departments = {d.id: d.name for d in config.departments}
    items: list[DueItem] = []
    errors: list[YakkanError] = list(errors_before)
    used: set[str] = set()
    for item in summaries:
        if isinstance(item, YakkanError):
            errors.append(item)
            continue
        summary = item.summary
        if department is not None and summary.department != department:
            continue
        tasks = tasks_of(summary.schedule, config, as_of, lists)
        if summary.state in IN_USE and summary.schedule.ismap_list:
            used.add(summary.schedule.ismap_list)
        if own is not None:
            try:
                tasks += own(item, window)
            except YakkanError as err:
                errors.append(err)
                continue
        for task in tasks:
            if task.due > horizon or (me is not None and me not in task.assignees):
                continue
            items.append(
                DueItem(
                    task,
                    f"{summary.provider} {summary.name}",
                    departments.get(task.department, task.department),
                    task.days_overdue(as_of),
                    tuple(names.get(a, a) for a in task.assignees),
                )
            )
    # Not a department's: the security administrators import the lists for everyone.
    for task in list_tasks(used) if list_tasks is not None and department is None else []:
        if task.due > horizon or (me is not None and me not in task.assignees):
            continue
        items.append(
            DueItem(
                task,
                t("due.ismap_list", label=t(f"register.ismap_list.{task.service}")),
                t("due.no_department"),
                task.days_overdue(as_of),
                tuple(names.get(a, a) for a in task.assignees),
            )
        )
    items.sort(key=lambda i: (i.task.due, i.task.service, i.task.task))
    return DueReport(as_of, window, items, errors)


# Task details that are codes, said in words; others (a date, an alert's id) print as they are.
_DETAIL_WORDS = frozenset(
    {"applicant", "responsible", "suspended", "mismatch", "overseas", "unknown", "raised"}
)


def detail_text(task: Task) -> str:
    if task.task == "ismap_missing":
        return t("due.detail.ismap_missing", number=task.detail, id=task.service)
    if task.detail in _DETAIL_WORDS:
        return t(f"task_detail.{task.detail}", id=task.service)
    return task.detail


def _timezone() -> Any:
    """Japan Standard Time, with no daylight saving: the one zone a village's dates live in.

    A calendar needs at least one component (RFC 5545); with nothing due, this is it, so a
    subscribed calendar stays valid when every task is done.
    """
    from icalendar import Timezone, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", "Asia/Tokyo")
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", timedelta(hours=9))
    standard.add("tzoffsetto", timedelta(hours=9))
    standard.add("tzname", "JST")
    zone.add_component(standard)
    return zone


def ics_bytes(report: DueReport, items: list[DueItem] | None = None) -> bytes:
    """One all-day event per task. The UID is the task's identity (`Task.key`), not its date:
    when a task is done and due again, a subscribed calendar moves the event instead of
    keeping the old one beside the new, and a task no longer due disappears."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//yakkan//due//JA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", t("due.calendar_name"))
    calendar.add_component(_timezone())
    stamp = datetime.combine(report.as_of, datetime.min.time(), tzinfo=UTC)
    for item in report.items if items is None else items:
        task = item.task
        event = Event()
        event.add("uid", f"{task.key}@yakkan")
        event.add("dtstamp", stamp)
        event.add("summary", f"{item.label}: {item.service_name}（{task.service}）")
        event.add("dtstart", task.due)
        event.add("dtend", task.due + timedelta(days=1))
        description = [
            t(
                "due.ics_description",
                department=item.department_name,
                assignees="、".join(item.assignee_names),
            )
        ]
        if detail := detail_text(task):
            description.append(detail)
        event.add("description", "\n".join(description))
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def write_ics_dir(folder: Path, report: DueReport, people: list[str]) -> list[Path]:
    """One calendar per person (`<person id>.ics`) with that person's tasks, for subscription.
    Every person in yakkan.yaml gets a file, empty or not, so a subscription never breaks."""
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for person in people:
            mine = [i for i in report.items if person in i.task.assignees]
            target = folder / f"{person}.ics"
            atomic_write(target, ics_bytes(report, mine))
            written.append(target)
    except OSError as exc:
        raise YakkanError(
            t("due.cannot_write", path=exc.filename or folder, reason=os_reason(exc))
        ) from None
    return written


def write_ics(path: Path, report: DueReport) -> None:
    try:
        atomic_write(path, ics_bytes(report))
    except OSError as exc:
        raise YakkanError(t("due.cannot_write", path=path, reason=os_reason(exc))) from None
