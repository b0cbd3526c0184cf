"""Who may do what (S3, S5.2, S5.3, S7): pure checks of a person against a record."""

from __future__ import annotations

from enum import StrEnum

from yakkan_cli.messages import t
from yakkan_cli.model import Config, Record, State
from yakkan_cli.rules.lifecycle import Action
from yakkan_cli.rules.violation import RuleViolation


class Role(StrEnum):
    STAFF = "staff"  # any person in yakkan.yaml
    APPLICANT = "applicant"  # who filed the pending form
    RESPONSIBLE = "responsible"  # 利用責任者 of the record's department
    ADMINISTRATOR = "administrator"  # サービス管理担当者 of the service


def is_responsible(config: Config, department: str, person_id: str) -> bool:
    dept = config.department(department)
    return dept is not None and person_id in dept.responsible


def pending_applicant(record: Record) -> str:
    """Who filed the form now awaiting checks: the termination while terminating."""
    if record.state is State.TERMINATING and record.termination:
        return record.termination.applicant
    return record.application.applicant


def roles_of(config: Config, record: Record, person_id: str) -> frozenset[Role]:
    roles = {Role.STAFF} if config.person(person_id) else set()
    if person_id == pending_applicant(record):
        roles.add(Role.APPLICANT)
    if is_responsible(config, record.department, person_id):
        roles.add(Role.RESPONSIBLE)
    if person_id == record.current_administrator():
        roles.add(Role.ADMINISTRATOR)
    return frozenset(roles)


# The roles any one of which allows the action. CHECK is decided by the column marked.
WHO_MAY: dict[Action, frozenset[Role]] = {
    Action.APPLY: frozenset({Role.STAFF}),
    Action.APPROVE: frozenset({Role.RESPONSIBLE}),
    Action.REJECT: frozenset({Role.RESPONSIBLE}),
    Action.WITHDRAW: frozenset({Role.APPLICANT, Role.RESPONSIBLE}),
    Action.ACKNOWLEDGE: frozenset({Role.ADMINISTRATOR}),
    Action.REVIEW: frozenset({Role.ADMINISTRATOR, Role.RESPONSIBLE}),
    Action.DECIDE: frozenset({Role.RESPONSIBLE}),
    Action.PURPOSE_CHECK: frozenset({Role.ADMINISTRATOR, Role.RESPONSIBLE}),
    Action.BACKUP: frozenset({Role.ADMINISTRATOR, Role.RESPONSIBLE}),
    Action.SUSPEND: frozenset({Role.ADMINISTRATOR, Role.RESPONSIBLE}),
    Action.RESUME: frozenset({Role.RESPONSIBLE}),
    Action.ALERT: frozenset({Role.RESPONSIBLE}),
    Action.WARN: frozenset({Role.ADMINISTRATOR, Role.RESPONSIBLE}),
    Action.TERMINATE: frozenset({Role.ADMINISTRATOR, Role.RESPONSIBLE}),
    Action.DISPOSE: frozenset({Role.RESPONSIBLE}),
    Action.REASSIGN: frozenset({Role.RESPONSIBLE}),
    Action.EDIT: frozenset({Role.APPLICANT, Role.RESPONSIBLE}),
    Action.ATTACH: frozenset({Role.APPLICANT, Role.RESPONSIBLE}),
    Action.RECLASSIFY: frozenset({Role.RESPONSIBLE}),
}

# The double-check and the approval must come from someone other than the applicant and
# the department head named on the form (S5.2: 利用責任者（所属長ではない）).
INDEPENDENT = frozenset({Action.APPROVE, Action.REJECT})


def _role_names(roles: frozenset[Role]) -> str:
    return "・".join(t(f"role.{r.value}") for r in sorted(roles))


def require_independent(config: Config, record: Record, person_id: str) -> None:
    name = config.name_of(person_id)
    if person_id == pending_applicant(record):
        raise RuleViolation(t("rules.self_check", name=name, id=record.id))
    if person_id == record.application.department_head:
        raise RuleViolation(t("rules.head_check", name=name, id=record.id))


class BriefingViolation(RuleViolation):
    """S5.3: the approving manager would brief himself (the audit reports it by its fields)."""


def require_two_at_briefing(config: Config, record: Record, administrator: str) -> None:
    """S5.3: the manager who approved the service explains its four risks to the service
    administrator, who understands them: two people. Refuse making the approver the
    administrator, or the approver acknowledging the briefing."""
    approval = record.approval
    if approval is not None and approval.approved_by == administrator:
        raise BriefingViolation(
            t("rules.briefing_self", name=config.name_of(administrator), id=record.id)
        )


def require_role(action: Action, config: Config, record: Record, person_id: str) -> None:
    """Refuse unless `person_id` holds one of the roles that may do `action` on `record`."""
    needed = WHO_MAY[action]
    if not needed & roles_of(config, record, person_id):
        raise RuleViolation(
            t(
                "rules.no_role",
                name=config.name_of(person_id),
                action=action.value,
                id=record.id,
                roles=_role_names(needed),
            )
        )
    if action in INDEPENDENT:
        require_independent(config, record, person_id)
    if action is Action.ACKNOWLEDGE:
        require_two_at_briefing(config, record, person_id)


def require_check_role(role: Role, config: Config, record: Record, person_id: str) -> None:
    """Marks in the applicant column come from the applicant; the responsible column from an
    independent responsible manager of the department."""
    if role is Role.APPLICANT:
        if person_id != pending_applicant(record):
            raise RuleViolation(
                t(
                    "rules.not_applicant",
                    name=config.name_of(person_id),
                    applicant=config.name_of(pending_applicant(record)),
                )
            )
        return
    if not is_responsible(config, record.department, person_id):
        raise RuleViolation(
            t("rules.not_responsible", name=config.name_of(person_id), department=record.department)
        )
    require_independent(config, record, person_id)
