"""The full track's questions of the application form (issue 22): the ISMAP registration
and the jurisdiction, asked only of a service handling 自治体機密性2 or higher information
(a question is asked only when its answer is recorded), after the form's own questions."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import TYPE_CHECKING, Any

from yakkan_cli.cli.output import say
from yakkan_cli.cli.prompts.checks import required
from yakkan_cli.forms.wareki import parse_date, to_wareki
from yakkan_cli.forms.words import Choice, choose
from yakkan_cli.messages import t
from yakkan_cli.model.countries import ISO_3166_ALPHA_2, JAPAN
from yakkan_cli.model.enums import IsmapChoice
from yakkan_cli.model.record.service import ISMAP_REGISTRATION
from yakkan_cli.store.drafts import Answers

if TYPE_CHECKING:
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.cli.prompts.interview import Interview, Parse
    from yakkan_cli.model import Record

LAW = "日本法"


def list_choices() -> tuple[Choice, ...]:
    return (
        Choice(IsmapChoice.ISMAP.value, "ISMAP"),
        Choice(IsmapChoice.ISMAP_LIU.value, "ISMAP-LIU", ("LIU", "ismap liu")),
        Choice(IsmapChoice.NONE.value, t("prompt.ft_no_list"), ("なし", "no")),
    )


def _registration(text: str) -> str:
    plain = unicodedata.normalize("NFKC", text).strip().upper()
    for dash in ("\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\u30fc"):
        plain = plain.replace(dash, "-")
    if not ISMAP_REGISTRATION.fullmatch(plain):
        raise ValueError(t("model.ismap_registration_format", value=text))
    return plain


def _country(text: str) -> str:
    code = unicodedata.normalize("NFKC", text).strip().upper()
    if code not in ISO_3166_ALPHA_2:
        raise ValueError(t("model.country_code", value=text))
    return code


def _countries(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKC", text or JAPAN)
    for comma in ("、", "，", " ", "/"):
        plain = plain.replace(comma, ",")
    codes = [_country(part) for part in plain.split(",") if part.strip()]
    return list(dict.fromkeys(codes)) or [JAPAN]


def _default(value: str) -> Parse[str]:
    def parse(text: str) -> str:
        return text or value

    return parse


def _day_or(today: date) -> Parse[date]:
    def parse(text: str) -> date:
        return parse_date(text) if text else today

    return parse


def _told_from_list(ws: Workspace, which: str, registration: str) -> None:
    """What the imported list says of the number, said under the answer (the approval
    checks it again; a clerk learns now that a number is mistyped or expired)."""
    from yakkan_cli.errors import YakkanError
    from yakkan_cli.model.ismap import IsmapList
    from yakkan_cli.rules.ismap import find_registration
    from yakkan_cli.store.ismap import load_snapshot

    try:
        snapshot = load_snapshot(ws.repo.root, IsmapList(which))
    except YakkanError:
        return
    if snapshot is None:
        say(t("prompt.ft_list_not_imported", label=t(f"register.ismap_list.{which}")))
        return
    entry = find_registration(snapshot, registration)
    if entry is None:
        say(
            t(
                "prompt.ft_not_in_list",
                label=t(f"register.ismap_list.{which}"),
                retrieved=snapshot.retrieved_on,
            )
        )
    else:
        say(
            t(
                "prompt.ft_in_list",
                service=entry.service,
                provider=entry.provider,
                until=entry.valid_until,
            )
        )


def ask_full_track(ws: Workspace, form: Interview, service: dict[str, Any]) -> None:
    """The ISMAP registration and the jurisdiction, into `service` (as `apply --from`
    takes them)."""
    say(t("prompt.ft_intro"))
    which = form.menu(
        "ismap_list",
        t("prompt.ft_list"),
        list_choices(),
        lambda text: choose(text, list_choices(), what=t("prompt.ft_list_what")),
        what=t("prompt.ft_list_what"),
    )
    ismap: dict[str, Any] = {"list": which}
    if which != IsmapChoice.NONE.value:
        # The summary shows what is recorded: a blank taken as its default, a number typed
        # in full width as the list writes it.
        number = form.ask(
            "ismap_registration", t("prompt.ft_registration"), _registration, show=str
        )
        ismap["registration"] = number
        _told_from_list(ws, which, number)
    else:
        say(t("prompt.ft_no_list_told"))
    service["ismap"] = ismap
    law = form.ask("governing_law", t("prompt.ft_law", default=LAW), _default(LAW), show=str)
    court = form.ask("court", t("prompt.ft_court"), required)
    provider = form.ask(
        "provider_country",
        t("prompt.ft_provider_country", default=JAPAN),
        _country_or_japan,
        show=str,
    )
    storage = form.ask(
        "storage_countries",
        t("prompt.ft_storage_countries", default=JAPAN),
        _countries,
        show="、".join,
    )
    if any(code != JAPAN for code in storage):
        # S6.2 said where it is answered, as for the data location.
        say(t("prompt.ft_storage_abroad", countries="、".join(c for c in storage if c != JAPAN)))
    today = ws.today()
    checked = form.ask("checked_on", t("prompt.ft_checked_on"), _day_or(today), show=to_wareki)
    service["jurisdiction"] = {
        "governing_law": law,
        "court": court,
        "provider_country": provider,
        "storage_countries": storage,
        "checked_on": checked.isoformat(),
    }


def _country_or_japan(text: str) -> str:
    return _country(text or JAPAN)


def full_track_answers(record: Record) -> Answers:
    """The answers that `ask_full_track` turns back into the record's fields; they stop
    where the record has nothing to say (the rest is then asked)."""
    answers: Answers = []
    ismap = record.service.ismap
    if ismap is None or ismap.list_ is None:
        return answers
    label = {c.value: c.label for c in list_choices()}[ismap.list_.value]
    answers.append(("ismap_list", label))
    if ismap.list_ is not IsmapChoice.NONE:
        answers.append(("ismap_registration", ismap.registration or ""))
    jurisdiction = record.service.jurisdiction
    if jurisdiction is None:
        return answers
    answers += [
        ("governing_law", jurisdiction.governing_law),
        ("court", jurisdiction.court),
        ("provider_country", jurisdiction.provider_country),
        ("storage_countries", ",".join(jurisdiction.storage_countries)),
        ("checked_on", to_wareki(jurisdiction.checked_on)),
    ]
    return answers


def approval_facts(ws: Workspace, record: Record, *, ismap_exception: bool) -> list[str]:
    """What the full track's gate found, told with the approval's question: the registration
    as the imported list has it, and the jurisdiction the applicant recorded (the approver
    sees what is being vouched for, not only that the rules passed)."""
    from yakkan_cli.actions.fulltrack import lists_for
    from yakkan_cli.model.ismap import IsmapList
    from yakkan_cli.rules.ismap import find_registration

    lines: list[str] = []
    ismap = record.service.ismap
    if not ismap_exception and ismap is not None and ismap.list_ is not None:
        which = ismap.list_.value
        snapshot = lists_for(ws, record).get(IsmapList(which)) if which != "none" else None
        entry = find_registration(snapshot, ismap.registration or "") if snapshot else None
        if snapshot is not None and entry is not None:
            lines.append(
                t(
                    "prompt.confirm_ismap",
                    number=entry.registration,
                    service=entry.service,
                    provider=entry.provider,
                    until=entry.valid_until,
                    label=t(f"register.ismap_list.{which}"),
                    retrieved=snapshot.retrieved_on,
                )
            )
    j = record.service.jurisdiction
    if j is not None:
        lines.append(
            t(
                "prompt.confirm_jurisdiction",
                law=j.governing_law,
                court=j.court,
                storage="、".join(j.storage_countries),
                on=j.checked_on,
            )
        )
    return lines
