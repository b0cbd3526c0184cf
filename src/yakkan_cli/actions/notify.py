"""`yakkan notify`: e-mail each assignee their due tasks, and each department's responsible
managers a digest of the department (issue 13).

What is due comes from `due` (the same tasks, the same window of `policy.warn_days`); which
tasks go out today from `rules.reminders` and a small memory of what was sent, kept outside
the records (`.git/yakkan/notify.json` by default, or a file the CI caches): sending a
reminder is not an act of the procedure and must not make a commit.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from yakkan_cli.actions import clock
from yakkan_cli.actions.due import DueItem, detail_text, due
from yakkan_cli.actions.validation import settings_problems
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.forms.wareki import to_wareki
from yakkan_cli.mail.smtp import Mail, MailFailed, Sender, compose
from yakkan_cli.messages import t
from yakkan_cli.model import Config
from yakkan_cli.model.config import Notify
from yakkan_cli.rules import reminders
from yakkan_cli.rules.reminders import Sent
from yakkan_cli.store.files import atomic_write, os_reason

STATE_VERSION = 1


@dataclass(frozen=True)
class Message:
    recipient: str  # person id
    address: str
    kind: str  # "assignee" or "digest"
    department: str | None
    items: tuple[DueItem, ...]
    mail: Mail

    @property
    def memory_owner(self) -> str:
        return _owner(self.recipient, self.kind, self.department)


def _owner(recipient: str, kind: str, department: str | None) -> str:
    """Whose memory a message's tasks go into: a manager's digest is remembered apart from
    the tasks assigned to the same person, so neither message silences the other."""
    return recipient if kind == "assignee" else f"digest:{department}:{recipient}"


@dataclass
class NotifyReport:
    as_of: date
    state_path: Path
    messages: list[Message]
    sent: list[Message] = field(default_factory=list)
    failed: list[tuple[Message, str]] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)  # messages for these could not go
    warnings: list[str] = field(default_factory=list)
    errors: list[YakkanError] = field(default_factory=list)


def login_in_clear(ws: Workspace) -> tuple[list[str], list[str]]:
    """(problems, warnings) of a login over an unencrypted connection: a problem naming
    yakkan.yaml's line unless `allow_plaintext_login` says the village knows, else a warning."""
    return settings_problems(ws.config, ws.config_source)


def default_state_path(ws: Workspace) -> Path:
    return ws.git.git_dir / "yakkan" / "notify.json"


# --- the memory of what was sent --------------------------------------------------------------


def load_memory(path: Path) -> dict[str, Sent]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise YakkanError(t("notify.bad_state", path=path, reason=str(exc))) from None
    try:
        if data.get("version") != STATE_VERSION:
            raise ValueError(data.get("version"))
        return {
            str(key): Sent(date.fromisoformat(v["on"]), date.fromisoformat(v["due"]))
            for key, v in data["sent"].items()
        }
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise YakkanError(t("notify.bad_state", path=path, reason=repr(exc))) from None


def save_memory(path: Path, memory: Mapping[str, Sent]) -> None:
    data = {
        "version": STATE_VERSION,
        "sent": {
            key: {"on": s.on.isoformat(), "due": s.due.isoformat()}
            for key, s in sorted(memory.items())
        },
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())
    except OSError as exc:
        raise YakkanError(t("notify.cannot_save_state", path=path, reason=os_reason(exc))) from None


# --- composing -------------------------------------------------------------------------------


def _command(item: DueItem) -> str:
    task = item.task
    return t(f"notify.run.{task.task}", id=task.service, detail=task.detail)


def _item_lines(item: DueItem, *, with_assignees: bool) -> list[str]:
    task = item.task
    if item.days_overdue > 0:
        when = t("notify.days_late", days=item.days_overdue)
    elif item.days_overdue == 0:
        when = t("notify.due_today")
    else:
        when = t("notify.days_left", days=-item.days_overdue)
    label = item.label
    detail = detail_text(task)
    if detail:
        label += f"（{detail}）"
    lines = [
        t(
            "notify.item_service",
            service=item.service_name,
            id=task.service,
            department=item.department_name,
        ),
        "  " + label,
        "  "
        + t("notify.item_due", iso=task.due.isoformat(), wareki=to_wareki(task.due), when=when),
    ]
    if with_assignees:
        lines.append("  " + t("notify.item_assignees", names="、".join(item.assignee_names)))
    lines.append("  " + t("notify.item_run", command=_command(item)))
    return lines


def _body(greeting: str, intro: str, items: Sequence[DueItem], *, with_assignees: bool) -> str:
    late = [i for i in items if i.overdue]
    coming = [i for i in items if not i.overdue]
    lines = [greeting, "", intro, ""]
    for heading, group in (
        (t("notify.late", count=len(late)), late),
        (t("notify.coming", count=len(coming)), coming),
    ):
        if not group:
            continue
        lines.append(heading)
        for item in group:
            lines += _item_lines(item, with_assignees=with_assignees)
        lines.append("")
    lines.append(t("notify.footer"))
    return "\n".join(lines) + "\n"


def _subject(config: Config, items: Sequence[DueItem], scope: str) -> str:
    # `--dry-run` is offered before the mail server is set up: the prefix's default then.
    prefix = (
        config.notify.subject_prefix
        if config.notify is not None
        else str(Notify.model_fields["subject_prefix"].default)
    )
    late = sum(1 for i in items if i.overdue)
    return prefix + t(
        "notify.subject",
        scope=scope,
        late=late,
        coming=len(items) - late,
        org=config.organization,
    )


def _address(config: Config, person_id: str) -> str | None:
    person = config.person(person_id)
    if person is None:
        return None
    email = person.email.strip()
    local, at, domain = email.rpartition("@")
    return email if at and local and "." in domain else None


def plan(
    ws: Workspace, *, as_of: date, memory: Mapping[str, Sent]
) -> tuple[list[Message], list[str], list[YakkanError], set[str]]:
    """The messages to send today, the people they cannot reach, the records that could not
    be read, and the memory keys of every task listed today (for forgetting the rest)."""
    config = ws.config
    every = config.policy.remind_every_days
    report = due(ws, as_of=as_of)
    by_person: dict[str, list[DueItem]] = {}
    by_department: dict[str, list[DueItem]] = {}
    for item in report.items:
        for person in item.task.assignees:
            by_person.setdefault(person, []).append(item)
        by_department.setdefault(item.task.department, []).append(item)
    current: set[str] = set()
    messages: list[Message] = []
    no_address: list[str] = []

    def add(
        recipient: str,
        kind: str,
        dept: str | None,
        items: list[DueItem],
        subject_scope: str,
        greeting: str,
        intro: str,
    ) -> None:
        tasks = [i.task for i in items]
        key = _owner(recipient, kind, dept)
        current.update(reminders.memory_key(key, task) for task in tasks)
        chosen = reminders.select(key, tasks, memory, as_of, every)
        if not chosen:
            return
        picked = tuple(i for i in items if i.task in chosen)
        address = _address(config, recipient)
        if address is None:
            no_address.append(config.name_of(recipient) + f"（{recipient}）")
            return
        mail = Mail(
            (address,),
            _subject(config, picked, subject_scope),
            _body(greeting, intro, picked, with_assignees=kind == "digest"),
        )
        messages.append(Message(recipient, address, kind, dept, picked, mail))

    day = to_wareki(as_of)
    for person, items in sorted(by_person.items()):
        name = config.name_of(person)
        add(
            person,
            "assignee",
            None,
            items,
            t("notify.scope_mine"),
            t("notify.greeting", name=name),
            t("notify.intro_mine", org=config.organization, day=day),
        )
    for dept_id, items in sorted(by_department.items()):
        dept = config.department(dept_id)
        if dept is None:
            continue
        for manager in dept.responsible:
            add(
                manager,
                "digest",
                dept_id,
                items,
                t("notify.scope_department", department=dept.name),
                t("notify.greeting", name=config.name_of(manager)),
                t("notify.intro_digest", department=dept.name, day=day),
            )
    return messages, no_address, report.errors, current


def notify(
    ws: Workspace,
    *,
    as_of: date,
    dry_run: bool,
    state_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> NotifyReport:
    config = ws.config
    settings = config.notify
    if settings is None and not dry_run:
        raise YakkanError(t("notify.not_configured"))
    clear, warnings = login_in_clear(ws)
    if clear and not dry_run:
        raise YakkanError(t("notify.plaintext_login_refused"), details=clear)
    path = state_path or default_state_path(ws)
    memory = load_memory(path)
    messages, no_address, errors, current = plan(ws, as_of=as_of, memory=memory)
    result = NotifyReport(as_of, path, messages, no_address=no_address, errors=errors)
    result.warnings += clear + warnings  # a dry run only shows the messages: said, not refused
    if dry_run or not messages:
        return result
    assert settings is not None
    env = os.environ if environ is None else environ
    password: str | None = None
    if settings.password_env:
        password = env.get(settings.password_env)
        if password is None:
            raise YakkanError(t("notify.no_password", name=settings.password_env))
    sent_at = clock.now(config.zone)
    # Remember only what went out: a failed message is tried again on the next run.
    with Sender(settings, password) as sender:
        for message in messages:
            try:
                sender.send(compose(message.mail, settings, sent_at), message.mail.to)
            except MailFailed as err:
                result.failed.append((message, err.message))
                continue
            tasks = (i.task for i in message.items)
            memory = reminders.remember(memory, message.memory_owner, tasks, as_of)
            result.sent.append(message)
    save_memory(path, reminders.forget_finished(memory, current))
    return result


def as_text(message: Message, settings: Notify | None) -> str:
    """The message as a person would read it (for --dry-run): headers, then the body."""
    lines = [
        f"To: {', '.join(message.mail.to)}",
        f"Subject: {message.mail.subject}",
    ]
    if settings is not None:
        lines.insert(0, f"From: {settings.from_}")
    return "\n".join(lines) + "\n\n" + message.mail.body
