"""Rendering the two forms (利用申請書, 終了確認書) from a record, as HTML or Markdown.

The templates only lay out what `application_context` / `termination_context` prepare:
names are resolved, rows are built and texts are looked up here, so a records
repository that overrides a template never has to re-implement a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, get_args

import jinja2
import jinja2.exceptions

import yakkan_cli
from yakkan_cli.errors import YakkanError

# The filters are re-exported: register.py and the tests know them by this module.
from yakkan_cli.forms.filters import WrongScale, class_label_on, finalize, roman_on
from yakkan_cli.forms.filters import mark_filter as mark_filter
from yakkan_cli.forms.filters import md_escape as md_escape
from yakkan_cli.forms.filters import roman_filter as roman_filter
from yakkan_cli.forms.filters import wareki_filter as wareki_filter
from yakkan_cli.forms.fulltrack import ismap_context, jurisdiction_context
from yakkan_cli.forms.items import (
    APPLICATION_ITEM_TEXTS,
    RISK_HEADING,
    RISK_TEXTS,
    TERMINATION_ITEM_TEXTS,
)
from yakkan_cli.forms.sandbox import TemplateTooCostly, confined, sandboxed_environment
from yakkan_cli.forms.state import state_mark
from yakkan_cli.messages import t
from yakkan_cli.model.classes import InfoClass
from yakkan_cli.model.config import Config
from yakkan_cli.model.enums import AttachmentKind, Mark, Scheme
from yakkan_cli.model.record.attachments import Attachment
from yakkan_cli.model.record.forms import Check, Information
from yakkan_cli.model.record.record import Record
from yakkan_cli.rules import readiness
from yakkan_cli.rules.tracks import class_label, scheme_label, track_of, track_shown

if TYPE_CHECKING:
    from yakkan_cli.rules.schedule import Lists

FormName = Literal["application", "termination"]
FormatName = Literal["html", "md"]
FORMS: tuple[FormName, ...] = get_args(FormName)
FORMATS: tuple[FormatName, ...] = get_args(FormatName)


def _packaged_templates() -> Path:
    # A wheel carries the repository's templates/ as yakkan_cli/templates (pyproject's
    # force-include); a source checkout has them at the repository root.
    installed = Path(yakkan_cli.__file__).resolve().parent / "templates"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / "templates"


PACKAGED_TEMPLATES: Path = _packaged_templates()

SHA_PREFIX = 12
"""How many hex digits of an attachment's sha256 the forms print."""

# --- the context the templates see ---------------------------------------------------------


@dataclass(frozen=True)
class InfoRow:
    name: str
    info_class: InfoClass  # as the record holds it (3, or 3A / 2 on 自治体機密性)
    personal: bool
    personal_label: str  # 個人情報あり / 個人情報なし
    class_label: str = ""  # 重要性分類Ⅲ / 自治体機密性3A


@dataclass(frozen=True)
class AttachmentRow:
    kind: str  # the AttachmentKind value
    kind_label: str  # in Japanese
    path: str
    file_name: str
    sha256: str
    sha256_short: str


@dataclass(frozen=True)
class CheckRow:
    no: int
    text: str
    applicant: Mark | None
    responsible: Mark | None
    note: str | None  # the shared note of a record written before each column kept its own
    evidence: tuple[str, ...]
    applicant_note: str | None = None
    responsible_note: str | None = None


@dataclass(frozen=True)
class ApprovalBox:
    approved_by: str | None  # a name
    approved_on: date | None


def _info_rows(
    information: Sequence[Information], scheme: Scheme = Scheme.JUYOSEI
) -> list[InfoRow]:
    return [
        InfoRow(
            name=info.name,
            info_class=info.class_,
            personal=info.personal,
            personal_label=t("forms.personal_yes" if info.personal else "forms.personal_no"),
            class_label=class_label(scheme, info.class_),
        )
        for info in information
    ]


def _attachment_rows(attachments: Sequence[Attachment]) -> list[AttachmentRow]:
    return [
        AttachmentRow(
            kind=str(a.kind),
            kind_label=t(f"forms.kind.{a.kind}"),
            path=a.path,
            file_name=Path(a.path).name,
            sha256=a.sha256,
            sha256_short=a.sha256[:SHA_PREFIX],
        )
        for a in attachments
    ]


def _attachments(attachments: Sequence[Attachment]) -> dict[str, list[AttachmentRow]]:
    # Evidence for the checks is listed under the check table's ※ note, the rest (sign-up,
    # terms, agreement, disposal proof …) under the form's first ※ note.
    evidence = [a for a in attachments if a.kind == AttachmentKind.EVIDENCE]
    rest = [a for a in attachments if a.kind != AttachmentKind.EVIDENCE]
    return {
        "attachments": _attachment_rows(rest),
        "evidence_attachments": _attachment_rows(evidence),
    }


def _check_rows(
    texts: Sequence[str], checks: Sequence[Check], *, blank: bool = False
) -> list[CheckRow]:
    # A blank form leaves the ○× columns and their notes to the pen; evidence files stay
    # listed, they are what the person signing looks at.
    by_item = {c.item: c for c in checks}
    rows: list[CheckRow] = []
    for no, text in enumerate(texts, start=1):
        check = by_item.get(no)
        rows.append(
            CheckRow(
                no=no,
                text=text,
                applicant=check.applicant if check and not blank else None,
                responsible=check.responsible if check and not blank else None,
                note=check.note if check and not blank else None,
                evidence=tuple(Path(e).name for e in check.evidence) if check else (),
                applicant_note=check.applicant_note if check and not blank else None,
                responsible_note=check.responsible_note if check and not blank else None,
            )
        )
    return rows


def _classification(record: Record, config: Config) -> dict[str, str] | None:
    track = track_of(record)
    if track is None:
        return None
    return {
        "scheme": scheme_label(record.classified_on),
        "track": track.value,
        "track_label": track_shown(track, config),
        # Under the form's title, which stays the name the village's procedure gives its
        # 様式 (S5, S7): see docs/guidance.md.
        "subtitle": t("forms.subtitle", track=track_shown(track, config)),
    }


def _common_context(record: Record, config: Config, form: FormName, blank: bool) -> dict[str, Any]:
    app = record.application
    service = record.service
    department = config.department(record.department)
    return {
        # The stamp (却下・取下げ・終了・未承認) or None; `blank` asks for an empty form to sign.
        "state": state_mark(record, config, form, blank=blank),
        "blank": blank,
        "record": record,
        "config": config,
        "organization": config.organization,
        "department": department.name if department else record.department,
        "record_id": record.id,
        # Issue 22: the scale and the track (with the village's name of its section) of a
        # record on 自治体機密性; None on 重要性分類, whose forms print as they always did.
        "classification": _classification(record, config),
        "service": {
            "provider": service.provider,
            "name": service.name,
            "description": service.description,
            "category": t(f"forms.category.{service.category}"),
            "data_location": t(f"forms.location.{service.data_location}"),
            "terms_url": service.terms_url,
            "ismap_registration": service.ismap.registration if service.ismap else None,
            "ismap_valid_until": service.ismap.valid_until if service.ismap else None,
        },
        "administrator": config.name_of(record.current_administrator()),
        # After 人事異動 (S3.2) the form names the administrator now and lists the changes.
        "reassignments": [
            {
                "on": r.on,
                "previous": config.name_of(r.previous),
                "administrator": config.name_of(r.administrator),
                "by": config.name_of(r.by),
                "reason": r.reason or "",
            }
            for r in record.reassignments
        ],
        "department_head": config.name_of(app.department_head),
    }


def application_context(
    record: Record, config: Config, *, blank: bool = False, lists: Lists | None = None
) -> dict[str, Any]:
    """What the application form (利用申請書) prints, in plain values; `blank`: the form to
    fill in and sign by hand (no marks, empty approval boxes, no state mark); `lists`: the
    newest imported ISMAP snapshots, which say how long the registration is valid."""
    app = record.application
    exception = None if blank else record.exception
    approval = None if blank else record.approval
    return {
        **_common_context(record, config, "application", blank),
        "applied_on": app.applied_on,
        "applicant": config.name_of(app.applicant),
        "purpose": app.purpose,
        "information": _info_rows(app.information, record.classified_on),
        "users": [config.name_of(u) for u in app.users],
        "users_count": app.users_count,
        "period_start": app.period.start,
        "period_end": app.period.end,
        "alternative": app.alternative,
        # Issue 22: None unless the record names an ISMAP list / records its jurisdiction.
        "ismap": ismap_context(record, lists),
        "jurisdiction": jurisdiction_context(record),
        **_attachments(app.attachments),
        "checks": _check_rows(APPLICATION_ITEM_TEXTS, record.checks, blank=blank),
        "risk_heading": RISK_HEADING,
        "risks": list(RISK_TEXTS),
        "approval": ApprovalBox(
            approved_by=config.name_of(approval.approved_by) if approval else None,
            approved_on=approval.approved_on if approval else None,
        ),
        "risk_acknowledged_by": (
            config.name_of(approval.risk_acknowledged_by)
            if approval and approval.risk_acknowledged_by
            else None
        ),
        "risk_acknowledged_on": approval.risk_acknowledged_on if approval else None,
        # A blank form keeps an empty 例外承認 box when the information needs one (S4.3).
        "needs_exception": readiness.needs_exception(record, config.policy),
        "exception": (
            {
                "reason": exception.reason,
                "approved_by": config.name_of(exception.approved_by),
                "approved_on": exception.approved_on,
            }
            if exception
            else None
        ),
    }


def termination_context(
    record: Record, config: Config, *, blank: bool = False, lists: Lists | None = None
) -> dict[str, Any]:
    """What the termination form (終了確認書) prints, in plain values; `blank` and `lists`
    as for the application."""
    term = record.termination
    if term is None:
        raise YakkanError(t("forms.no_termination", id=record.id))
    approved = term.approved_on is not None and not blank
    return {
        **_common_context(record, config, "termination", blank),
        "filed_on": term.filed_on,
        "applicant": config.name_of(term.applicant),
        "reason": term.reason,
        "information": _info_rows(term.information, record.classified_on),
        "users": [config.name_of(u) for u in term.users],
        "users_count": term.users_count,
        "end_on": term.end_on,
        # Issue 22: as on the application, and only where the record has them.
        "ismap": ismap_context(record, lists),
        "jurisdiction": jurisdiction_context(record),
        **_attachments(term.attachments),
        "checks": _check_rows(TERMINATION_ITEM_TEXTS, term.checks, blank=blank),
        "approval": ApprovalBox(
            approved_by=config.name_of(term.approved_by) if approved and term.approved_by else None,
            approved_on=term.approved_on if approved else None,
        ),
    }


_CONTEXTS: dict[FormName, Callable[..., dict[str, Any]]] = {
    "application": application_context,
    "termination": termination_context,
}

# --- the environment -----------------------------------------------------------------------


def template_dirs(repo_templates: Path | None = None) -> list[Path]:
    """Where templates are looked up, first match wins: the repository's, then the packaged."""
    dirs = [repo_templates] if repo_templates is not None and repo_templates.is_dir() else []
    return [*dirs, PACKAGED_TEMPLATES]


def environment(
    config: Config, *, repo_templates: Path | None = None, scheme: Scheme = Scheme.JUYOSEI
) -> jinja2.Environment:
    """The environment of the forms (see `forms/sandbox.py`) with the forms' filters: HTML
    templates (*.html.j2) are autoescaped, Markdown templates escape free text explicitly
    with the `md` filter. The class filters read the scale of the record being printed
    (`scheme`): a record keeps the scale it was classified on."""
    env = sandboxed_environment(template_dirs(repo_templates))
    env.filters["wareki"] = wareki_filter
    env.filters["mark"] = mark_filter
    env.filters["roman"] = roman_on(scheme)
    env.filters["class_label"] = class_label_on(scheme)
    env.filters["person"] = config.name_of
    env.filters["md"] = md_escape
    env.finalize = finalize
    return env


def _where(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """The template file and line a render error happened in (the innermost one: it may be
    a macro file or an included template). Jinja rewrites tracebacks so that template
    frames carry the template's file name and line number."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_form(
    record: Record,
    config: Config,
    form: FormName,
    fmt: FormatName,
    *,
    repo_templates: Path | None = None,
    blank: bool = False,
    lists: Lists | None = None,
) -> str:
    """The form `form` of `record` as `fmt` ("html": an A4 page, "md": for a pull request).

    The form carries the record's state mark (see `forms/state.py`); `blank` gives the form
    to fill in and sign by hand instead: no ○× marks, empty approval boxes, no mark.
    `lists`: the newest imported ISMAP snapshots (read by the caller).

    Templates are looked up in `repo_templates` first (a records repository's own
    `templates/`), then in the packaged ones. Raises YakkanError for a termination form
    without a termination, and for a missing or broken template.
    """
    if form not in FORMS or fmt not in FORMATS:
        raise ValueError(f"unknown form {form!r} or format {fmt!r}")
    context = _CONTEXTS[form](record, config, blank=blank, lists=lists)
    env = environment(config, repo_templates=repo_templates, scheme=record.classified_on)
    name = f"{form}.{fmt}.j2"
    try:
        template = env.get_template(name)
        with confined():
            return template.render(context)
    except jinja2.TemplateSyntaxError as e:
        raise YakkanError(
            t(
                "forms.template_syntax",
                file=e.filename or e.name or name,
                line=e.lineno,
                message=e.message,
            )
        ) from e
    except jinja2.TemplateNotFound as e:
        raise YakkanError(
            t(
                "forms.template_missing",
                name=e.name,
                dirs=", ".join(str(d) for d in template_dirs(repo_templates)),
            )
        ) from e
    except jinja2.TemplateError as e:
        filename, line = _where(e.__traceback__)
        where = t("forms.line", line=line) if line is not None else ""
        if isinstance(e, TemplateTooCostly):
            key = "forms.template_too_costly"
        elif isinstance(e, jinja2.exceptions.SecurityError):
            key = "forms.template_unsafe"
        elif isinstance(e, jinja2.UndefinedError):
            key = "forms.template_undefined"
        else:
            key = "forms.template_error"
        raise YakkanError(t(key, file=filename or name, where=where, message=e)) from e
    except WrongScale as e:
        filename, line = _where(e.__traceback__)
        where = t("forms.line", line=line) if line is not None else ""
        raise YakkanError(
            t(
                "forms.roman_on_jichitai",
                file=filename or name,
                where=where,
                id=record.id,
                label=class_label(Scheme.JICHITAI, e.value),
            )
        ) from e
    except YakkanError:
        raise
    except Exception as e:
        # What the template's own expressions raise ({{ 1 / 0 }}, a loop of includes …)
        # is the template's fault, not yakkan's: the reviewer needs the file and the line.
        filename, line = _where(e.__traceback__)
        where = t("forms.line", line=line) if line is not None else ""
        raise YakkanError(
            t(
                "forms.template_failed",
                file=filename or name,
                where=where,
                kind=type(e).__name__,
                message=e,
            )
        ) from e
