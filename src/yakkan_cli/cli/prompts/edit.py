"""`yakkan edit ID` in a terminal: the pending form asked like `apply` (issue 18.6).

The questions are `apply`'s own (`ask_application`, without the id, the department and the
attachments, which an edit does not change; while terminating, the termination form's few
fields) and the machinery is the interview's: the
record's fields become the answers of a finished form, replayed without asking; the clerk
picks the item to change by its number, sees the old answer on the line, and each answer is
checked where it is typed. A change is kept as a draft after every answer, so Ctrl-C or a
refusal at the commit loses nothing; a form still equal to the record leaves no draft.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from yakkan_cli.cli.output import say
from yakkan_cli.cli.prompts.application import ask_application, ask_class
from yakkan_cli.cli.prompts.fulltrack import full_track_answers
from yakkan_cli.cli.prompts.interview import Interview, StopInterview, start
from yakkan_cli.forms import words
from yakkan_cli.forms.wareki import to_wareki
from yakkan_cli.messages import t
from yakkan_cli.model.enums import Scheme
from yakkan_cli.rules.fulltrack import is_full_track
from yakkan_cli.store.drafts import Answers, Drafts

if TYPE_CHECKING:
    from yakkan_cli.actions.workspace.transaction import Outcome
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.model import Config, Record
    from yakkan_cli.model.record.forms import Information, Termination

_DECIDE = (
    words.Choice("yes", "y", ("はい", "yes", "保存", "する")),
    words.Choice("no", "n", ("いいえ", "no", "やめる")),
)


def _typed(choices: Sequence[words.Choice], value: str) -> str:
    """A menu's answer as a clerk types it: its label when no other choice has that
    label (two people of one name are told apart by id), else its code."""
    labels = [c.label for c in choices if c.value == value]
    if len(labels) == 1 and sum(c.label == labels[0] for c in choices) == 1:
        return labels[0]
    return value


def _class_typed(scheme: Scheme, value: str) -> str:
    """A class as a clerk types it. On 自治体機密性 the labels 2 and 1 are also the menu's
    numbers (2 picks its second line, 3B): replayed as 機密性2, a word naming the class."""
    if scheme is Scheme.JICHITAI and value.isdigit():
        return f"機密性{value}"
    return _typed(words.class_choices(scheme), value)


def _yes_no(value: bool) -> str:
    return t("prompt.yes" if value else "prompt.no")


def _information(
    information: Sequence[Information], ask_exception: int, scheme: Scheme = Scheme.JUYOSEI
) -> Answers:
    """The answers of the information loop; below class `ask_exception` (on 重要性分類) the
    form asks whether to go on with an exception, which the record's class was (yes)."""
    answers: Answers = []
    for info in information:
        answers += [
            ("info_name", info.name),
            ("info_class", _class_typed(scheme, str(info.class_))),
        ]
        level = info.class_
        if scheme is Scheme.JUYOSEI and isinstance(level, int) and level < ask_exception:
            answers.append(("info_exception", _yes_no(True)))
        answers.append(("info_personal", _yes_no(info.personal)))
    return [*answers, ("info_name", "")]


def _users(users: Sequence[str], count: int) -> Answers:
    return [*(("user", user) for user in users), ("user", ""), ("users_count", str(count))]


def record_answers(record: Record, config: Config) -> Answers:
    """The answers that `ask_application(…, fixed=…)` turns back into `record`'s form."""
    service, application = record.service, record.application
    answers: Answers = [
        ("provider", service.provider),
        ("name", service.name),
        ("description", service.description),
        ("category", _typed(words.category_choices(), service.category.value)),
        ("terms_url", service.terms_url or ""),
        ("data_location", _typed(words.location_choices(), service.data_location.value)),
        ("purpose", application.purpose),
        ("start", to_wareki(application.period.start)),
        ("end", to_wareki(application.period.end) if application.period.end else ""),
        ("administrator", _typed(words.person_choices(config), application.administrator)),
    ]
    answers += _information(
        application.information,
        config.policy.max_class_without_exception,
        record.classified_on,
    )
    answers += _users(application.users, application.users_count)
    answers.append(("alternative", application.alternative or ""))
    if is_full_track(record):
        answers += full_track_answers(record)
    return answers


def termination_answers(termination: Termination, scheme: Scheme = Scheme.JUYOSEI) -> Answers:
    """The answers that `ask_termination_form` turns back into the pending termination."""
    return [
        ("reason", termination.reason),
        ("end_on", to_wareki(termination.end_on)),
        *_information(termination.information, 0, scheme),
        *_users(termination.users, termination.users_count),
    ]


def ask_termination_form(form: Interview, scheme: Scheme = Scheme.JUYOSEI) -> str:
    """The termination form's own fields (終了確認書), as `edit --from` reads them.

    The reason and the end date are asked as `terminate` asks them; the information and the
    users as `apply` asks them. No exception question: the service is ending."""
    # apply's own parser, so that a count is read the same way in both forms.
    from yakkan_cli.cli.prompts.application import _count
    from yakkan_cli.cli.prompts.checks import any_text, required
    from yakkan_cli.forms.wareki import parse_date
    from yakkan_cli.store.yaml import dump_yaml

    reason = form.ask("reason", t("prompt.termination_reason"), required)
    end_on = form.ask("end_on", t("prompt.end_on"), parse_date, show=to_wareki)
    information: list[dict[str, Any]] = []
    while name := form.ask(
        "info_name", t("prompt.info_name"), any_text if information else required
    ):
        level = ask_class(form, scheme, 0)
        personal = form.yes_no("info_personal", t("prompt.info_personal"), default=False)
        information.append({"name": name, "class": level, "personal": personal})
    users: list[str] = []
    while user := form.ask("user", t("prompt.user"), any_text if users else required):
        users.append(user)
    count = form.ask(
        "users_count",
        t("prompt.users_count", default=len(users)),
        _count(len(users)),
        show=str,
    )
    section = {
        "reason": reason,
        "end_on": end_on.isoformat(),
        "information": information,
        "users": users,
        "users_count": count,
    }
    return dump_yaml({"termination": section})


def _which(form: Interview) -> int | None:
    """The summary and 「どの項目を直しますか」: the position to ask again, or None to save."""
    say(t("prompt.edit_summary_title"))
    for line in form.summary():
        say(line)
    count = len(form.answers)

    def decide(text: str) -> int:
        plain = words.normal(text)
        if plain.isdigit() and 1 <= int(plain) <= count:
            return int(plain)
        answer = words.choose(text, _DECIDE, what=t("prompt.decide_what"))
        return 0 if answer == "yes" else -1

    decision = form.ask_plain(t("prompt.edit_which", count=count), decide)
    if decision < 0:
        raise StopInterview
    return decision - 1 if decision else None


def _form_text(text: str, record: Record) -> str:
    """The form as `edit --from` reads it, with what the questions do not ask kept from the
    record (the ISMAP registration and the jurisdiction, asked only on the full track)."""
    from yakkan_cli.store.repo import record_document
    from yakkan_cli.store.yaml import dump_yaml, load_yaml

    data = load_yaml(text, t("cli.interactive_source"))
    kept = record_document(record)["service"]
    asked = {k: v for k, v in kept.items() if k in ("ismap", "jurisdiction")}
    data["service"] = {**asked, **data["service"]}
    return dump_yaml(data)


def _draft_name(drafts: Drafts, record: Record, person: str) -> str:
    """The draft's name, tied to the record as it is now.

    A draft replays whole answers: continued after someone else changed the record, it
    would silently put back what they changed. So a draft counts only for the version it
    was started on; one left from an older version is dropped, and the user told."""
    import hashlib

    from yakkan_cli.store.repo import dump_record

    version = hashlib.sha256(dump_record(record).encode("utf-8")).hexdigest()[:12]
    prefix = f"edit-{record.id}-{person}-"
    name = prefix + version
    for old in sorted(drafts.folder.glob(prefix + "[0-9a-f]" * 12 + ".json")):
        if old != drafts.path(name):
            say(t("prompt.edit_draft_stale", id=record.id, path=old))
            old.unlink(missing_ok=True)
    return name


def edit_pending_form(ws: Workspace, service_id: str, on: date) -> Outcome:
    """Ask the pending form's fields again (the application's, or while terminating the
    termination form's), the old answers standing, and commit the change."""
    from yakkan_cli.actions.amend import edit_from_text
    from yakkan_cli.errors import YakkanError
    from yakkan_cli.model import State
    from yakkan_cli.rules import lifecycle, roles
    from yakkan_cli.rules.lifecycle import Action

    record = ws.load(service_id).record
    actor = ws.actor()
    # State and role are checked before the first question, not after the last.
    lifecycle.require_state(Action.EDIT, record.state, service_id)
    roles.require_role(Action.EDIT, ws.config, record, actor.id)
    termination = record.termination if record.state is State.TERMINATING else None
    if termination is not None:
        original = termination_answers(termination, record.classified_on)
    else:
        original = record_answers(record, ws.config)

    def questions(form: Interview) -> str:
        if termination is not None:
            return ask_termination_form(form, record.classified_on)
        text, _ = ask_application(
            ws, form, fixed=(record.id, record.department), scheme=record.classified_on
        )
        return _form_text(text, record)

    drafts = Drafts.in_git_dir(ws.git.git_dir)
    name = _draft_name(drafts, record, actor.id)
    form = start(drafts, name, f"yakkan edit {service_id}")
    form.echo = False  # the numbered list of every answer comes next
    if not form.replay:
        form.replay = list(original)
    which = t("form.termination" if termination is not None else "form.application")
    say(t("prompt.edit_intro", id=service_id, form=which))
    with form.kept():
        while True:
            text = questions(form)
            if form.answers == original:
                drafts.discard(name)  # only the record: nothing to offer next time
            position = _which(form)
            if position is None:
                break
            form.again(position)
        if form.answers == original:
            raise YakkanError(t("actions.edit_unchanged", id=service_id))
        outcome = edit_from_text(ws, service_id, text, t("cli.interactive_source"), on=on)
    form.finished()
    return outcome
