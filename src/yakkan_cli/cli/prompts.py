"""Interactive questions (apply, check, terminate …): each answer is checked as it is typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from yakkan_cli.cli.common import interactive
from yakkan_cli.cli.output import say
from yakkan_cli.errors import UsageProblem
from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.actions.application import MarkInput
    from yakkan_cli.actions.workspace import Workspace
    from yakkan_cli.model import AttachmentKind
    from yakkan_cli.rules.roles import Role

Check = Callable[[str], str | None]  # returns the problem, or None when the answer is fine


def ask(label: str, check: Check | None = None, *, default: str | None = None) -> str:
    while True:
        answer: str = typer.prompt(
            label, default=default if default is not None else "", show_default=bool(default)
        )
        answer = answer.strip()
        problem = check(answer) if check else None
        if problem is None:
            return answer
        say(t("prompt.retry", problem=problem))


def required(answer: str) -> str | None:
    return None if answer else t("prompt.required")


def existing_file(answer: str) -> str | None:
    return None if answer and Path(answer).is_file() else t("prompt.no_file")


def flag_or_ask(value: str | None, flag: str, label: str) -> str:
    """The flag's value, or asked for on a terminal; without a terminal the flag is required."""
    if value is not None:
        return value
    if not interactive():
        raise UsageProblem(t("cli.needs_flag_no_tty", flag=flag))
    return ask(label, required)


def _pattern(regex: str) -> Check:
    compiled = re.compile(regex)
    return lambda a: None if compiled.fullmatch(a) else t("prompt.pattern", pattern=regex)


def _one_of(choices: list[str]) -> Check:
    return lambda a: None if a in choices else t("prompt.choices", choices=", ".join(choices))


def a_date(optional: bool = False) -> Check:
    def check(answer: str) -> str | None:
        if optional and not answer:
            return None
        try:
            date.fromisoformat(answer)
        except ValueError:
            return t("prompt.date")
        return None if re.fullmatch(r"\d{4}-\d{2}-\d{2}", answer) else t("prompt.date")

    return check


def _int_range(low: int, high: int) -> Check:
    def check(answer: str) -> str | None:
        if answer.isdigit() and low <= int(answer) <= high:
            return None
        return t("prompt.int_range", low=low, high=high)

    return check


def ask_application(ws: Workspace) -> tuple[str, list[tuple[AttachmentKind, Path]]]:
    """Ask for every field of the application; return it as the YAML `apply --from` takes."""
    from yakkan_cli.model import AttachmentKind, Category, DataLocation
    from yakkan_cli.store.yamlio import dump_yaml

    config = ws.config
    departments = [d.id for d in config.departments]
    people = [p.id for p in config.people]
    say(t("prompt.apply_intro"))
    service_id = ask(t("prompt.id"), _pattern(r"[a-z0-9]+(?:-[a-z0-9]+)*"))
    department = ask(t("prompt.department", choices=", ".join(departments)), _one_of(departments))
    service: dict[str, Any] = {
        "provider": ask(t("prompt.provider"), required),
        "name": ask(t("prompt.service_name"), required),
        "description": ask(t("prompt.description"), required),
        "category": ask(
            t("prompt.category", choices=", ".join(c.value for c in Category)),
            _one_of([c.value for c in Category]),
        ),
    }
    terms_url = ask(t("prompt.terms_url"))
    if terms_url:
        service["terms_url"] = terms_url
    service["data_location"] = ask(
        t("prompt.data_location", choices=", ".join(d.value for d in DataLocation)),
        _one_of([d.value for d in DataLocation]),
        default=DataLocation.DOMESTIC.value,
    )
    application: dict[str, Any] = {"purpose": ask(t("prompt.purpose"), required)}
    start = ask(t("prompt.period_start"), a_date())
    end = ask(t("prompt.period_end"), a_date(optional=True))
    application["period"] = {"start": start, **({"end": end} if end else {})}
    application["administrator"] = ask(
        t("prompt.administrator", choices=", ".join(people)), _one_of(people)
    )
    information: list[dict[str, Any]] = []
    while True:
        name = ask(t("prompt.info_name"), None if information else required)
        if not name:
            break
        level = ask(t("prompt.info_class"), _int_range(1, 4), default="3")
        personal = typer.confirm(t("prompt.info_personal"), default=False)
        information.append({"name": name, "class": int(level), "personal": personal})
    application["information"] = information
    users: list[str] = []
    while True:
        user = ask(t("prompt.user"), None if users else required)
        if not user:
            break
        users.append(user)
    application["users"] = users
    application["users_count"] = int(
        ask(t("prompt.users_count"), _int_range(1, 100_000), default=str(len(users)))
    )
    application["alternative"] = ask(t("prompt.alternative"), required)
    attachments: list[tuple[AttachmentKind, Path]] = []
    kinds = [k.value for k in AttachmentKind]
    for kind in (AttachmentKind.SIGNUP, AttachmentKind.TERMS):
        path = ask(
            t("prompt.attachment", kind=t(f"attachment.{kind.value}")),
            lambda a: None if not a else existing_file(a),
        )
        if path:
            attachments.append((kind, Path(path)))
    while True:
        more = ask(t("prompt.more_attachment", kinds=", ".join(kinds)))
        if not more:
            break
        kind_text, _, path = more.partition("=")
        if kind_text not in kinds or not Path(path).is_file():
            say(t("prompt.retry", problem=t("prompt.attach_format")))
            continue
        attachments.append((AttachmentKind(kind_text), Path(path)))
    data = {
        "id": service_id,
        "department": department,
        "service": service,
        "application": application,
    }
    return dump_yaml(data), attachments


def ask_marks(ws: Workspace, service_id: str, role: Role) -> dict[int, MarkInput]:
    """Ask for a mark on every item of the pending form; blank keeps what is there."""
    from yakkan_cli.cli.application import parse_mark
    from yakkan_cli.forms.items import APPLICATION_ITEM_TEXTS, TERMINATION_ITEM_TEXTS
    from yakkan_cli.model import State

    record = ws.load(service_id).record
    terminating = record.state is State.TERMINATING
    texts = TERMINATION_ITEM_TEXTS if terminating else APPLICATION_ITEM_TEXTS
    current: dict[int, Any] = {
        c.item: c
        for c in (
            record.termination.checks if terminating and record.termination else record.checks
        )
    }
    say(t("prompt.marks_intro", column=t(f"column.{role.value}")))
    marks: dict[int, MarkInput] = {}
    for number, text in enumerate(texts, start=1):
        entry = current.get(number)
        existing = getattr(entry, role.value) if entry else None
        answer = ask(
            t("prompt.mark", item=number, text=text, current=existing.value if existing else "-"),
            lambda a: (
                None
                if not a
                or a.split(":")[0].strip().lower()
                in ("ok", "ng", "na", "○", "×", "／", "/", "o", "x")
                else t("prompt.mark_format")
            ),
        )
        if answer:
            marks[number] = parse_mark(answer, "--mark")
    return marks
