"""What comes next for a record and who takes that step (issue 11 item 7).

Printed after every command so that nobody has to know the procedure by heart: after
`apply`, that the marks are next and who gives them, which attachments are missing, and
when everything is there, who approves. Pure: a function of the record and yakkan.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yakkan_cli.messages import t
from yakkan_cli.model import Config, DataLocation, Mark, Record, State
from yakkan_cli.model.record.forms import APPLICATION_ITEMS, TERMINATION_ITEMS
from yakkan_cli.rules import fulltrack, readiness
from yakkan_cli.rules.roles import pending_applicant
from yakkan_cli.rules.schedule import Task, due_tasks, pending_review
from yakkan_cli.rules.tracks import raised_on


@dataclass(frozen=True)
class Step:
    who: tuple[str, ...]  # person ids; empty when anyone may take the step
    what: str  # the step in words
    command: str  # the command that takes it


def _unmarked(checks: list[tuple[int, Mark | None]], count: int) -> list[int]:
    given = {item for item, mark in checks if mark is not None}
    return [i for i in range(1, count + 1) if i not in given]


def _form_steps(
    record: Record, config: Config, lists: fulltrack.Lists | None, on: date | None
) -> list[Step]:
    """The pending form (application or termination): marks, attachments, approval."""
    terminating = record.state is State.TERMINATING and record.termination is not None
    applicant = pending_applicant(record)
    responsible = config.responsible_of(record.department)
    sid = record.id
    checks: list[tuple[int, Mark | None, Mark | None]]
    if terminating:
        assert record.termination is not None
        checks = [(c.item, c.applicant, c.responsible) for c in record.termination.checks]
        count = TERMINATION_ITEMS
        attachments = record.termination.attachments
        needs = readiness.TERMINATION_NEEDS
    else:
        checks = [(c.item, c.applicant, c.responsible) for c in record.checks]
        count = APPLICATION_ITEMS
        attachments = record.application.attachments
        needs = readiness.APPLICATION_NEEDS
    steps: list[Step] = []
    have = {a.kind for a in attachments}
    for kind in needs:
        if kind not in have:
            steps.append(
                Step(
                    (applicant,),
                    t("guide.attach", kind=t(f"attachment.{kind.value}")),
                    f"yakkan attach {sid} {kind.value}={t('guide.file')}",
                )
            )
    columns = (
        ("column.applicant", (applicant,), [(item, mark) for item, mark, _ in checks]),
        ("column.responsible", responsible, [(item, mark) for item, _, mark in checks]),
    )
    for column, who, marks in columns:
        missing = _unmarked(marks, count)
        if missing:
            items = "、".join(str(i) for i in missing)
            what = t("guide.marks", column=t(column), items=items)
            steps.append(Step(who, what, f"yakkan check {sid}"))
            # The double-check waits for every applicant's mark (S5.2): not a step yet.
            break
    if not terminating and any(c.responsible is Mark.NG for c in record.checks):
        steps.append(Step((applicant,), t("guide.fix_ng"), f"yakkan edit {sid}"))
    full = not terminating and fulltrack.is_full_track(record)
    flags: list[str] = []  # the exceptions the approval will have to give
    if full:
        steps += _full_track_steps(record, config, lists, on, flags)
    elif not terminating and readiness.location_blockers(record):
        # S6.2: `approve` refuses data abroad or of unknown location; the step is the
        # applicant's (settle the location, or withdraw), not an approval that would fail.
        location = record.service.data_location.value
        steps.append(Step((applicant,), t(f"guide.location_{location}"), f"yakkan edit {sid}"))
    if steps:
        return steps
    if terminating:
        return [Step(responsible, t("guide.approve_termination"), f"yakkan approve {sid}")]
    if fulltrack.needs_class_exception(record, config) and not record.exception:
        flags.insert(0, "--exception-reason 理由")
    if flags:
        command = " ".join((f"yakkan approve {sid}", *flags))
        return [Step(responsible, t("guide.approve_exception"), command)]
    return [Step(responsible, t("guide.approve"), f"yakkan approve {sid}")]


# Who settles a registration problem (fulltrack.RegistrationProblem.kind): the applicant
# records or fixes the number; the security administrators import the list; a service on
# no list, or whose registration is not valid, is approved only by an exception.
_BY_APPLICANT = frozenset({fulltrack.UNNAMED, fulltrack.NOT_FOUND})
_BY_IMPORT = frozenset({fulltrack.NOT_IMPORTED, fulltrack.STALE})
_WITHOUT_LISTS = frozenset({fulltrack.UNNAMED, fulltrack.ON_NO_LIST})  # said from the record


def _full_track_steps(
    record: Record, config: Config, lists: fulltrack.Lists | None, on: date | None, flags: list[str]
) -> list[Step]:
    """The full track's own steps before the approval (rules/fulltrack.py), and into
    `flags` the exceptions the approval must give. Without `lists` (or `on`) what only
    the imported lists can tell is not said."""
    sid = record.id
    applicant = pending_applicant(record)
    steps: list[Step] = []
    known = lists is not None and on is not None
    problem = (
        None
        if record.ismap_exception
        else fulltrack.registration_problem(
            record, config, lists or fulltrack.NO_LISTS, on or record.application.applied_on
        )
    )
    if problem is not None and (known or problem.kind in _WITHOUT_LISTS):
        if problem.kind in _BY_APPLICANT:
            what = t(f"guide.ismap_{problem.kind}")
            steps.append(Step((applicant,), what, f"yakkan edit {sid}"))
        elif problem.kind in _BY_IMPORT:
            ismap = record.service.ismap
            which = ismap.list_.value if ismap and ismap.list_ else "ismap"
            steps.append(
                Step(
                    tuple(config.security_administrators),
                    t(f"guide.ismap_{problem.kind}", label=fulltrack.list_label(which)),
                    f"yakkan ismap import {t('guide.file')} --list {which} --retrieved 取得日",
                )
            )
        else:
            flags.append("--ismap-exception-reason 理由")
    jurisdiction = record.service.jurisdiction
    if jurisdiction is None:
        steps.append(Step((applicant,), t("guide.jurisdiction"), f"yakkan edit {sid}"))
        if readiness.location_blockers(record):
            location = record.service.data_location.value
            steps.append(Step((applicant,), t(f"guide.location_{location}"), f"yakkan edit {sid}"))
        return steps
    abroad = jurisdiction.abroad
    agreeing = DataLocation.OVERSEAS if abroad else DataLocation.DOMESTIC
    if record.service.data_location is not agreeing:
        steps.append(Step((applicant,), t("guide.location_disagrees"), f"yakkan edit {sid}"))
    if abroad:
        if not config.policy.storage_abroad_by_exception:
            steps.append(Step((applicant,), t("guide.storage_abroad"), f"yakkan edit {sid}"))
        elif not record.storage_exception:
            flags.append("--storage-exception-reason 理由")
    return steps


def next_steps(
    record: Record,
    config: Config,
    lists: fulltrack.Lists | None = None,
    on: date | None = None,
) -> list[Step]:
    """The steps the procedure waits for on `record`, in the order they are usually taken.

    `lists` (the imported ISMAP snapshots) and `on` (today) let the full track's steps say
    what only they can tell: whether the registration is in the list and valid today."""
    sid = record.id
    state = record.state
    if state in (State.APPLIED, State.TERMINATING):
        return _form_steps(record, config, lists, on)
    # A review that found a change waits for the responsible managers (S6.1): named, with
    # the command that shows them the findings and asks for the decision.
    pending = pending_review(record)
    decide = (
        [
            Step(
                config.responsible_of(record.department),
                t("guide.decide", on=pending.on),
                f"yakkan review {sid}",
            )
        ]
        if pending is not None and state in (State.APPROVED, State.ACTIVE)
        else []
    )
    if state is State.APPROVED:
        return [
            Step(
                (record.current_administrator(),),
                t("guide.acknowledge"),
                f"yakkan acknowledge {sid}",
            ),
            *decide,
        ]
    if state is State.SUSPENDED:
        return [
            Step(
                config.responsible_of(record.department), t("guide.resume"), f"yakkan resume {sid}"
            )
        ]
    if state is State.ACTIVE:
        # Come onto the full track without having been approved on it (rules.tracks): the
        # responsible managers decide, as `due` lists it; the way on is through a new form.
        raised = (
            [
                Step(
                    config.responsible_of(record.department),
                    t("guide.raised"),
                    f"yakkan terminate {sid}",
                )
            ]
            if raised_on(record) is not None
            else []
        )
        # Otherwise the periodic tasks, which are the administrator's (S6.1, S6.3).
        return [*decide, *raised] or [
            Step((record.current_administrator(),), t("guide.active"), "yakkan due --mine")
        ]
    if state in (State.REJECTED, State.WITHDRAWN):
        return [Step((), t("guide.closed"), "yakkan apply")]
    return [
        Step(
            config.responsible_of(record.department), t("guide.retention"), f"yakkan dispose {sid}"
        )
    ]


def describe(step: Step, config: Config) -> str:
    """One line: who, what, and the command."""
    who = "、".join(config.name_of(p) for p in step.who) if step.who else t("guide.anyone")
    return t("guide.step", who=who, what=step.what, command=step.command)


# --- `due --mine` for the one who applied ----------------------------------------------------

OWN_WAITING = "own_waiting"
OWN_REJECTED = "own_rejected"


# The only states `own_applications` finds anything in: a reader of summaries loads the full
# record of these alone.
OWN_STATES = frozenset({State.APPLIED, State.TERMINATING, State.REJECTED})


def own_applications(
    record: Record, config: Config, person_id: str, as_of: date, window: int
) -> list[Task]:
    """The person's own pending form when nothing in it is theirs to do (it waits for
    others, or for a fix they may not know about), and their applications rejected within
    the last `window` days: `due --mine` would otherwise show a stuck clerk nothing.

    Listed as due on `as_of`: they are for reading today, not late by any rule.
    """
    if record.state in (State.APPLIED, State.TERMINATING):
        if pending_applicant(record) != person_id:
            return []
        if any(person_id in task.assignees for task in due_tasks(record, config, as_of)):
            return []  # `due` already lists what they have to do
        steps = "、".join(describe_short(step, config) for step in next_steps(record, config))
        return [Task(record.id, record.department, OWN_WAITING, as_of, (person_id,), steps)]
    closure = record.closure
    if (
        record.state is State.REJECTED
        and closure is not None
        and record.application.applicant == person_id
        and 0 <= (as_of - closure.on).days <= window
    ):
        detail = t("guide.rejected_detail", on=closure.on.isoformat(), reason=closure.reason or "")
        return [Task(record.id, record.department, OWN_REJECTED, as_of, (person_id,), detail)]
    return []


def describe_short(step: Step, config: Config) -> str:
    who = "、".join(config.name_of(p) for p in step.who) if step.who else t("guide.anyone")
    return t("guide.step_short", who=who, what=step.what)
