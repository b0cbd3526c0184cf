"""`yakkan site -o DIR`: a static site of the register for managers (issue 12).

The register's rows (`actions/register`), the due tasks (`actions/due`), the forms as HTML
and PDF (`actions/reading.render`, `actions/documents.form_pdf`), each record's history
(one replay of the history for all of them) and the audit's findings (`run_audit`), laid
out by `forms/site` and written by `folder` so that DIR is replaced whole or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from yakkan_cli.actions.audit import replay, run_audit
from yakkan_cli.actions.documents import form_pdf
from yakkan_cli.actions.due import detail_text, due
from yakkan_cli.actions.reading import render
from yakkan_cli.actions.register import build_register
from yakkan_cli.actions.site.folder import SiteFolder, site_folder
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.forms import site as pages
from yakkan_cli.forms.pdf import PdfEngineMissing
from yakkan_cli.messages import t
from yakkan_cli.model import Record
from yakkan_cli.rules.audit import Finding, history_entry
from yakkan_cli.rules.register import Row
from yakkan_cli.rules.schedule import due_tasks
from yakkan_cli.rules.wording import change_words, code_label
from yakkan_cli.store.files import sha256_bytes
from yakkan_cli.store.repo import ATTACHMENTS_DIR, CONFIG_FILE, RECORDS_DIR

Progress = Callable[[int, int], None]  # (service pages done, service pages in all)


@dataclass(frozen=True)
class SiteResult:
    path: Path
    services: int
    pdfs: int
    errors: list[YakkanError]
    findings: int


def safe_file_name(name: str) -> str:
    """An attachment's file name as the site's copy is called: letters, digits, `.-_` only,
    never a leading dot; the record's own name is shown on the page as text."""
    safe = re.sub(r"[^\w.\-]", "_", name).lstrip(".")[:80]
    return safe or "file"


def _history(ws: Workspace, ids: set[str]) -> dict[str, list[pages.HistoryLine]]:
    """Each record's timeline (as `yakkan history` shows it) from one replay of HEAD."""
    found: dict[str, list[pages.HistoryLine]] = {i: [] for i in ids}
    if not ws.git.has_head():
        return found
    paths = (CONFIG_FILE, f"{RECORDS_DIR}/", f"{ATTACHMENTS_DIR}/")
    for step in replay(ws, ["HEAD"], paths=paths):
        config = step.config_before or step.config
        for version, touched in step.versions:
            if version.service_id not in found:
                continue
            entry = history_entry(step.commit, version, config, touched)
            person = config.person(entry.actor) if config else None
            before = t(f"state.{entry.state_before.value}") if entry.state_before else "—"
            after = t(f"state.{entry.state_after.value}") if entry.state_after else "—"
            found[version.service_id].append(
                pages.HistoryLine(
                    when=entry.date.strftime("%Y-%m-%d %H:%M"),
                    action=code_label("action", entry.action),
                    actor=person.name if person else entry.actor,
                    states=before if before == after else f"{before} → {after}",
                    changes="、".join(change_words(c) for c in entry.changes),
                    commit=entry.commit[:10],
                )
            )
    return found


@dataclass(frozen=True)
class _Audit:
    summary: str
    failed: bool
    by_service: dict[str, list[pages.FindingLine]]
    count: int


def _finding_service(finding: Finding) -> str | None:
    if finding.service:
        return finding.service
    parts = finding.path.split("/")
    if len(parts) == 3 and parts[0] == RECORDS_DIR and parts[2].endswith(".yaml"):
        return parts[2][: -len(".yaml")]
    if len(parts) >= 2 and parts[0] == ATTACHMENTS_DIR:
        return parts[1]
    return None


def _audit(ws: Workspace) -> _Audit:
    try:
        result = run_audit(ws)
    except YakkanError as err:
        # A shallow clone, a git too old: the site still shows the register, and says why
        # no audit status is given.
        return _Audit(t("site.audit_failed", reason=err.message), True, {}, 0)
    by_service: dict[str, list[pages.FindingLine]] = {}
    for finding in result.findings:
        line = pages.FindingLine(finding.commit[:10], finding.rule, finding.path, finding.message)
        by_service.setdefault(_finding_service(finding) or "", []).append(line)
    for accepted in result.accepted:
        f = accepted.finding
        line = pages.FindingLine(
            f.commit[:10],
            f.rule,
            f.path,
            f.message,
            accepted=t("site.accepted", reason=accepted.entry.reason, by=accepted.entry.by),
        )
        by_service.setdefault(_finding_service(f) or "", []).append(line)
    if result.findings:
        summary = t("site.audit_found", count=len(result.findings), commits=result.commits)
    else:
        summary = t("site.audit_clean", commits=result.commits)
    return _Audit(summary, bool(result.findings), by_service, len(result.findings))


def _files(ws: Workspace, record: Record, out: SiteFolder, base: str) -> list[pages.FileLink]:
    """Copies of the record's attachments under `base`/files/, each checked against the
    sha256 the record keeps; a missing, changed or out-of-place file is named, not copied."""
    attachments = list(record.application.attachments)
    if record.termination:
        attachments += record.termination.attachments
    folder = (ws.repo.root / ATTACHMENTS_DIR / record.id).resolve()
    links: list[pages.FileLink] = []
    for number, attachment in enumerate(attachments, start=1):
        name = attachment.path.rsplit("/", 1)[-1]
        kind = t(f"attachment.{attachment.kind.value}")
        source = ws.repo.root / attachment.path
        problem = ""
        data: bytes | None = None
        if not source.resolve().is_relative_to(folder) or not source.is_file():
            problem = t("site.file_missing")
        else:
            data = source.read_bytes()
            if sha256_bytes(data) != attachment.sha256:
                # A core.autocrlf checkout converts line ends; git still holds the bytes the
                # sha256 was taken of.
                data = ws.git.stored_if_unchanged(attachment.path)
                if data is None or sha256_bytes(data) != attachment.sha256:
                    problem, data = t("site.file_changed"), None
        rel = ""
        if data is not None:
            rel = f"files/{number}-{safe_file_name(name)}"
            out.write(f"{base}/{rel}", data)
        links.append(pages.FileLink(kind, name, rel, attachment.sha256, problem))
    return links


def build_site(
    ws: Workspace,
    target: Path,
    *,
    as_of: date,
    department: str | None = None,
    pdf: bool = True,
    progress: Progress | None = None,
) -> SiteResult:
    config = ws.config
    register = build_register(ws, as_of=as_of, department=department)
    histories = _history(ws, {row.id for row in register.rows})
    audit = _audit(ws)
    head = ws.git.head() or ""
    dirty = ws.git.dirty_paths([CONFIG_FILE, RECORDS_DIR, ATTACHMENTS_DIR]) if head else []
    department_name = ""
    if department is not None:
        found = config.department(department)
        department_name = found.name if found else department
    services: list[pages.ServicePage] = []
    errors = list(register.errors)
    with site_folder(target) as out:
        for done, row in enumerate(register.rows):
            if progress:
                progress(done, len(register.rows))
            try:
                record = ws.load(row.id).record
            except YakkanError as err:
                # The same id in two department folders: `validate` names both; the site
                # gives neither a page rather than one of them by chance.
                errors.append(err)
                continue
            base = f"services/{row.id}"
            history = histories.get(row.id, [])
            services.append(
                pages.ServicePage(
                    row=row,
                    terms_url=record.service.terms_url,
                    forms=_forms(ws, record, out, base, pdf=pdf),
                    files=_files(ws, record, out, base),
                    due=_tasks(ws, record, as_of, row),
                    history=history,
                    history_note="" if history else t("site.no_history"),
                    findings=audit.by_service.get(row.id, []),
                )
            )
        site = pages.Site(
            organization=config.organization,
            as_of=as_of,
            commit=head,
            dirty=len(dirty),
            department=department_name,
            rows=[page.row for page in services],
            errors=[str(e) for e in errors],
            due=_due_lines(ws, as_of, department),
            services=services,
            audit=audit.summary,
            audit_failed=audit.failed,
            pdf=pdf,
        )
        for rel, text in pages.render_pages(site).items():
            out.write(rel, text.encode("utf-8"))
    pdfs = sum(1 for page in services for form in page.forms if form.pdf)
    return SiteResult(target, len(services), pdfs, errors, audit.count)


def _forms(
    ws: Workspace, record: Record, out: SiteFolder, base: str, *, pdf: bool
) -> list[pages.FormLinks]:
    """The record's forms as `yakkan render` gives them: HTML (under the site's policy) and,
    unless `--no-pdf`, PDF."""
    links: list[pages.FormLinks] = []
    for form in ("application", "termination"):
        if form == "termination" and record.termination is None:
            continue
        html = pages.with_policy(render(ws, record.id, form=form, fmt_name="html"))
        out.write(f"{base}/{form}.html", html.encode("utf-8"))
        pdf_rel = ""
        if pdf:
            pdf_rel = f"{form}.pdf"
            try:
                made = form_pdf(ws, record.id, form=form)
            except PdfEngineMissing as missing:
                raise YakkanError(t("site.no_engine", reason=missing.reason)) from None
            out.write(f"{base}/{pdf_rel}", made)
        links.append(pages.FormLinks(t(f"pdf.title.{form}"), f"{form}.html", pdf_rel))
    return links


def _due_lines(ws: Workspace, as_of: date, department: str | None) -> list[pages.DueLine]:
    """What `yakkan due` lists (the next `warn_days`), for the due page."""
    report = due(ws, as_of=as_of, department=department)
    return [
        pages.DueLine(
            service=item.task.service,
            service_name=item.service_name,
            department=item.department_name,
            task=item.label,
            due=item.task.due,
            days_overdue=item.days_overdue,
            assignees="、".join(item.assignee_names),
            detail=detail_text(item.task),
        )
        for item in report.items
    ]


def _tasks(ws: Workspace, record: Record, as_of: date, row: Row) -> list[pages.DueLine]:
    """Every task scheduled for the service, however far ahead (the due page shows only
    the next `warn_days`)."""
    tasks = sorted(due_tasks(record, ws.config, as_of), key=lambda task: (task.due, task.task))
    return [
        pages.DueLine(
            service=task.service,
            service_name=f"{row.provider} {row.name}",
            department=row.department,
            task=t(f"task.{task.task}"),
            due=task.due,
            days_overdue=task.days_overdue(as_of),
            assignees="、".join(ws.config.name_of(a) for a in task.assignees),
            detail=detail_text(task),
        )
        for task in tasks
    ]
