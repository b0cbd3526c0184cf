"""The questions of the application form (申請書), each answer checked at its own prompt."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yakkan_cli.cli.output import say
from yakkan_cli.cli.prompts.checks import a_file, any_text, optional_file, required
from yakkan_cli.forms import words
from yakkan_cli.forms.wareki import parse_date, to_wareki
from yakkan_cli.messages import t
from yakkan_cli.model import AttachmentKind, Scheme
from yakkan_cli.rules.tracks import Track, track_for

if TYPE_CHECKING:
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.cli.prompts.interview import Interview, Parse
    from yakkan_cli.model.classes import InfoClass

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _new_id(ws: Workspace) -> Parse[str]:
    def parse(text: str) -> str:
        if not _ID.fullmatch(text) or len(text) > 80:
            raise ValueError(t("prompt.id_format"))
        # Every record file counts, withdrawn and rejected ones too: their ids stay taken.
        taken = sorted(ws.repo.records_dir.glob(f"*/{text}.yaml"))
        if taken:
            raise ValueError(t("prompt.id_taken", id=text, path=ws.repo.rel(taken[0])))
        return text

    return parse


def _day(text: str) -> date:
    return parse_date(text)


def _end_after(start: date) -> Parse[date | None]:
    def parse(text: str) -> date | None:
        if not text:
            return None
        end = parse_date(text)
        if end < start:
            raise ValueError(
                t("prompt.end_before_start", end=to_wareki(end), start=to_wareki(start))
            )
        return end

    return parse


def _count(default: int) -> Parse[int]:
    def parse(text: str) -> int:
        return words.count_of(text or str(default))

    return parse


_CLASS_PROMPT = {Scheme.JUYOSEI: "prompt.info_class", Scheme.JICHITAI: "prompt.info_class_jichitai"}


def ask_class(form: Interview, scheme: Scheme, ask_exception: int) -> InfoClass:
    """One information item's class on `scheme`. On 重要性分類, a class below `ask_exception`
    (Ⅰ/Ⅱ under the default policy) is taken only once the clerk says to go on with an
    exception (S4.3); 自治体機密性's own conditions are judged at approval."""
    while True:
        level = words.stored_class(
            form.menu(
                "info_class",
                t(_CLASS_PROMPT[scheme]),
                words.class_choices(scheme),
                lambda text: str(words.class_on(scheme, text)),
                what=t(words.CLASS_WHAT[scheme]),
            )
        )
        if (
            not isinstance(level, int)
            or scheme is not Scheme.JUYOSEI
            or level >= ask_exception
            or form.yes_no(
                "info_exception",
                t("prompt.info_exception", numeral=words.CLASSES[level - 1].label),
                default=False,
            )
        ):
            return level


def ask_application(
    ws: Workspace,
    form: Interview,
    have: frozenset[AttachmentKind] = frozenset(),
    *,
    fixed: tuple[str, str] | None = None,
    scheme: Scheme | None = None,
) -> tuple[str, list[tuple[AttachmentKind, Path]]]:
    """Ask for every field of the application; return it as the YAML `apply --from` takes.

    The attachments S5.1 needs are asked for unless `--attach` gave them (`have`).
    `fixed` (id, department) is the pending form `yakkan edit` fixes: those two and the
    attachments (`yakkan attach`'s) are not asked. The classes are asked on `scheme`: the
    record's own when it is edited, else the village's (issue 22)."""
    from yakkan_cli.store.yaml import dump_yaml

    config = ws.config
    policy = config.policy
    scheme = scheme or config.classification.scheme
    if fixed is not None:
        service_id, department = fixed
    else:
        service_id = form.ask("id", t("prompt.id"), _new_id(ws))
        department = form.menu(
            "department",
            t("prompt.department"),
            words.department_choices(config),
            lambda text: words.department_of(config, text),
            what=t("words.what.department"),
        )
    service: dict[str, Any] = {
        "provider": form.ask("provider", t("prompt.provider"), required),
        "name": form.ask("name", t("prompt.service_name"), required),
        "description": form.ask("description", t("prompt.description"), required),
        "category": form.menu(
            "category",
            t("prompt.category"),
            words.category_choices(),
            lambda text: words.category_of(text).value,
            what=t("words.what.category"),
        ),
    }
    terms_url = form.ask("terms_url", t("prompt.terms_url"), any_text)
    if terms_url:
        service["terms_url"] = terms_url
    service["data_location"] = form.menu(
        "data_location",
        t("prompt.data_location"),
        words.location_choices(),
        lambda text: words.location_of(text).value,
        what=t("words.what.location"),
    )
    if service["data_location"] != "domestic":
        # S6.2, said where it is answered: the form may still be filed (or kept as a
        # draft), but `approve` will refuse it as it stands.
        say(t(f"prompt.location_{service['data_location']}"))
    application: dict[str, Any] = {"purpose": form.ask("purpose", t("prompt.purpose"), required)}
    start = form.ask("start", t("prompt.period_start"), _day, show=to_wareki)
    end = form.ask(
        "end",
        t("prompt.period_end"),
        _end_after(start),
        show=lambda day: to_wareki(day) if day else "",
    )
    application["period"] = {
        "start": start.isoformat(),
        **({"end": end.isoformat()} if end else {}),
    }
    application["administrator"] = form.menu(
        "administrator",
        t("prompt.administrator"),
        words.person_choices(config),
        lambda text: words.person_of(config, text),
        what=t("words.what.person"),
    )
    information: list[dict[str, Any]] = []
    while True:
        name = form.ask("info_name", t("prompt.info_name"), any_text if information else required)
        if not name:
            break
        level = ask_class(form, scheme, policy.max_class_without_exception)
        personal = form.yes_no("info_personal", t("prompt.info_personal"), default=False)
        information.append({"name": name, "class": level, "personal": personal})
    application["information"] = information
    users: list[str] = []
    while True:
        user = form.ask("user", t("prompt.user"), any_text if users else required)
        if not user:
            break
        users.append(user)
    application["users"] = users
    application["users_count"] = form.ask(
        "users_count", t("prompt.users_count", default=len(users)), _count(len(users)), show=str
    )
    application["alternative"] = form.ask("alternative", t("prompt.alternative"), required)
    # The full track's own questions (issue 22), only when the information puts the service
    # on it; last, so that a record without these answers replays all the rest.
    if track_for(scheme, [info["class"] for info in information]) is Track.FULL:
        from yakkan_cli.cli.prompts.fulltrack import ask_full_track

        ask_full_track(ws, form, service)
    attachments: list[tuple[AttachmentKind, Path]] = []
    if fixed is not None:
        have = frozenset(AttachmentKind)  # the pending form's files change by `yakkan attach`
    for kind in (AttachmentKind.SIGNUP, AttachmentKind.TERMS):
        if kind in have:
            continue
        path = form.ask(
            f"attach_{kind.value}",
            t("prompt.attachment", kind=t(f"attachment.{kind.value}")),
            optional_file,
            path=True,
        )
        if path is not None:
            attachments.append((kind, path))
    while fixed is None:
        kind_found = form.menu(
            "attach_kind",
            t("prompt.more_attachment"),
            (words.Choice("", t("prompt.no_more")), *words.kind_choices()),
            lambda text: words.kind_of(text).value if text else "",
            what=t("words.what.kind"),
        )
        if not kind_found:
            break
        attachments.append(
            (
                AttachmentKind(kind_found),
                form.ask("attach_file", t("prompt.file"), a_file, path=True),
            )
        )
    data = {
        "id": service_id,
        "department": department,
        "service": service,
        "application": application,
    }
    return dump_yaml(data), attachments
