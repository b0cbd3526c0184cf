"""The pages of `yakkan site` (issue 12): the register, the due tasks and one page per service.

`actions/site` gathers plain values (the classes below); this module lays them out with the
packaged templates of `templates/site/` in the forms' sandbox, autoescaped. Every page is
self-contained: its style and its one script are inline, and a Content-Security-Policy meta
tag forbids every fetch (no network, no other file) and lets only that script run, by its
hash. So a record's text that slipped through as markup still could not load or run
anything. Data for the script is JSON in a `type="application/json"` block, with `<`, `>`
and `&` escaped so that no record text can close the block.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from yakkan_cli.forms.render import PACKAGED_TEMPLATES, wareki_filter
from yakkan_cli.forms.sandbox import sandboxed_environment
from yakkan_cli.messages import MESSAGES, t
from yakkan_cli.rules.register import Row

SITE_TEMPLATES = PACKAGED_TEMPLATES / "site"

# What the register page shows per service; the service page shows every field of the row.
INDEX_FIELDS = (
    "id", "department", "state", "provider", "name", "category", "data_location", "classes",
    "administrator", "approved_on", "period_end", "next_due", "next_task",
)  # fmt: skip

# No fetch of any kind, no form, no <base>; styles inline. Scripts: none, or only ours.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def policy(script: str | None = None) -> str:
    """The Content-Security-Policy of a page whose only script is `script` (none if None)."""
    if script is None:
        return _POLICY
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return f"{_POLICY}; script-src 'sha256-{digest}'"


def policy_meta(script: str | None = None) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(script)}">'


_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def with_policy(html: str) -> str:
    """A form's HTML (forms/render) with the site's policy as the first thing of its head:
    a form page runs no script and fetches nothing, whatever a template put in it."""
    meta = policy_meta()
    found = _HEAD.search(html)
    if found is None:
        return meta + html
    return html[: found.end()] + meta + html[found.end() :]


def json_for_script(value: Any) -> Markup:
    """JSON that is safe inside <script type="application/json">: `</script>`, `<!--` and
    an `&` can never appear in it, nor the two line separators old parsers split on."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return Markup(text)


def href(path: str) -> str:
    """A relative link to a file of the site: every segment percent-encoded."""
    return "/".join(quote(part, safe="") for part in path.split("/"))


def web_link(url: str | None) -> str | None:
    """A URL a manager may follow from a page: http(s) only; anything else (javascript:,
    data:, file:) is shown as text and never becomes a link."""
    if url and re.match(r"https?://", url, re.IGNORECASE):
        return url
    return None


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else "" if value is None else str(value)


@dataclass(frozen=True)
class DueLine:
    service: str
    service_name: str
    department: str
    task: str
    due: date
    days_overdue: int
    assignees: str
    detail: str


@dataclass(frozen=True)
class HistoryLine:
    when: str  # YYYY-MM-DD HH:MM
    action: str
    actor: str
    states: str
    changes: str
    commit: str


@dataclass(frozen=True)
class FindingLine:
    commit: str
    rule: str
    path: str
    message: str
    accepted: str = ""  # the reason and who accepted it, for an accepted finding


@dataclass(frozen=True)
class FileLink:
    kind: str
    name: str  # as the record names it: shown as text
    path: str  # in the site, relative to the service page; "" when not copied
    sha256: str
    problem: str = ""


@dataclass(frozen=True)
class FormLinks:
    title: str
    html: str
    pdf: str  # "" without PDF


@dataclass(frozen=True)
class ServicePage:
    row: Row
    terms_url: str | None
    forms: list[FormLinks]
    files: list[FileLink]
    due: list[DueLine]
    history: list[HistoryLine]
    history_note: str
    findings: list[FindingLine]


@dataclass(frozen=True)
class Site:
    organization: str
    as_of: date
    commit: str  # "" without a commit
    dirty: int  # paths of records and attachments not committed
    department: str  # the department's name when the site is one department's, else ""
    rows: list[Row]
    errors: list[str]
    due: list[DueLine]
    services: list[ServicePage]
    audit: str  # the audit's summary line
    audit_failed: bool
    pdf: bool


def _environment() -> Any:
    env = sandboxed_environment([SITE_TEMPLATES])
    env.filters["wareki"] = wareki_filter
    env.filters["iso"] = _iso
    env.filters["href"] = href
    env.globals["t"] = t
    return env


def _script() -> str:
    source: str = _environment().get_template("site.js.j2").render()
    return source


def _common(site: Site, *, root: str, page_title: str) -> dict[str, Any]:
    title = t("site.title", org=site.organization)
    return {
        "site": site,
        "root": root,
        "title": title,
        "page_title": page_title,
        "as_of": site.as_of,
        "commit": site.commit[:10],
        "labels": {name: t(f"register.col.{name}") for name in Row.TRACK_FIELDS},
    }


def render_pages(site: Site) -> dict[str, str]:
    """Every page of the site, by its path in the site's folder."""
    env = _environment()
    script = _script()
    departments = sorted({row.department for row in site.rows})
    states = sorted({row.state for row in site.rows})
    data = {
        "fields": list(INDEX_FIELDS),
        "rows": [{name: _iso(getattr(row, name)) for name in INDEX_FIELDS} for row in site.rows],
        "texts": {
            "all": t("site.filter_all"),
            # Filled in by the script: {shown} and {total} stay as they are.
            "shown": MESSAGES["site.shown"],
            "sort": t("site.sort_hint"),
        },
    }
    pages: dict[str, str] = {}
    index = env.get_template("index.html.j2")
    pages["index.html"] = index.render(
        **_common(site, root="", page_title=t("site.register")),
        policy=policy(script),
        script=Markup(script),
        data=json_for_script(data),
        fields=INDEX_FIELDS,
        departments=departments,
        states=states,
    )
    due = env.get_template("due.html.j2")
    pages["due.html"] = due.render(
        **_common(site, root="", page_title=t("site.due")), policy=policy()
    )
    service = env.get_template("service.html.j2")
    for page in site.services:
        common = _common(site, root="../../", page_title=f"{page.row.provider} {page.row.name}")
        if page.row.track:
            # Beside a track, the classes may be on either scale: named for both.
            common["labels"] = {**common["labels"], "classes": t("register.col.classes_any")}
        pages[f"services/{page.row.id}/index.html"] = service.render(
            **common,
            policy=policy(),
            page=page,
            fields=Row.TRACK_FIELDS if page.row.track else Row.FIELDS,
            terms_link=web_link(page.terms_url),
        )
    return pages
