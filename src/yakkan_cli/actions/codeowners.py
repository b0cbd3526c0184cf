"""CODEOWNERS per forge (DESIGN §4): each department's records, and each record's
attachments, are reviewed by that department's responsible managers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Config
from yakkan_cli.store.files import atomic_write
from yakkan_cli.store.repo import ATTACHMENTS_DIR, CONFIG_FILE, RECORDS_DIR


class Platform(StrEnum):
    GITHUB = "github"
    GITLAB = "gitlab"
    GITEA = "gitea"


SIGNERS_DIR = ".yakkan"  # holds allowed_signers (see vcs/history.py)

LOCATION = {
    Platform.GITHUB: ".github/CODEOWNERS",
    Platform.GITLAB: ".gitlab/CODEOWNERS",
    Platform.GITEA: ".gitea/CODEOWNERS",
}


@dataclass(frozen=True)
class CodeOwners:
    platform: Platform
    text: str
    warnings: tuple[str, ...]
    location: str


def _handles(config: Config, department: str, warnings: list[str]) -> list[str]:
    dept = config.department(department)
    if dept is None:
        return []
    found: list[str] = []
    for person_id in dept.responsible:
        person = config.person(person_id)
        if person is None or not person.forge:
            warning = t("codeowners.no_forge", id=person_id, department=department)
            if warning not in warnings:
                warnings.append(warning)
            continue
        found.append("@" + person.forge.lstrip("@"))
    return found


def _pattern(platform: Platform, path: str, folder: bool) -> str:
    """`path` (relative, POSIX) in the forge's syntax: a folder owns everything below it."""
    if platform is Platform.GITEA:  # Go regular expressions over the path
        escaped = path.replace(".", r"\.")
        return f"^{escaped}/.*$" if folder else f"^{escaped}$"
    return f"/{path}/" if folder else f"/{path}"


# Every file with which a pull request could switch the checks off or vouch for itself
# (issue 10): the config and signing keys, the forms' templates, the CI of each forge, the
# CODEOWNERS files themselves, the pre-commit hooks and the line-ending rules. Owned by every
# responsible manager, whichever forge the village uses today.
GUARDED: tuple[tuple[str, bool], ...] = (
    (CONFIG_FILE, False),
    (SIGNERS_DIR, True),
    ("templates", True),
    (".github", True),
    (".gitlab", True),
    (".gitlab-ci.yml", False),
    (".gitea", True),
    (".forgejo", True),
    ("CODEOWNERS", False),
    ("docs/CODEOWNERS", False),
    (".pre-commit-config.yaml", False),
    ("ci-requirements.txt", False),  # what CI installs: a new package is a reviewed change
    (".gitattributes", False),
)


def _default(platform: Platform) -> str:
    return ".*" if platform is Platform.GITEA else "*"


def build(config: Config, record_ids: list[tuple[str, str]], platform: Platform) -> CodeOwners:
    """`record_ids`: (department folder, service id) of the records that exist.

    Order matters: GitHub and GitLab apply the LAST matching line, so the catch-all comes
    first, the guarded files next, and each department's folders last.
    """
    warnings: list[str] = []
    lines = [t("codeowners.header", platform=platform.value), ""]
    everyone: list[str] = []
    per_department: dict[str, list[str]] = {}
    for dept in config.departments:
        handles = _handles(config, dept.id, warnings)
        per_department[dept.id] = handles
        everyone += [h for h in handles if h not in everyone]
    if everyone:
        owners = " ".join(everyone)
        lines.append(t("codeowners.default"))
        lines.append(f"{_default(platform)} {owners}")
        lines.append("")
        lines.append(t("codeowners.guarded"))
        lines += [f"{_pattern(platform, path, folder)} {owners}" for path, folder in GUARDED]
    for dept in config.departments:
        handles = per_department[dept.id]
        if not handles:
            continue
        lines.append("")
        if platform is Platform.GITLAB:
            lines.append(f"[{dept.id}]")
        lines.append(f"# {dept.name}")
        lines.append(f"{_pattern(platform, f'{RECORDS_DIR}/{dept.id}', True)} {' '.join(handles)}")
        for folder, service_id in record_ids:
            if folder == dept.id:
                pattern = _pattern(platform, f"{ATTACHMENTS_DIR}/{service_id}", True)
                lines.append(f"{pattern} {' '.join(handles)}")
    return CodeOwners(platform, "\n".join(lines) + "\n", tuple(warnings), LOCATION[platform])


def codeowners(ws: Workspace, platform: Platform) -> CodeOwners:
    ids = [(p.parent.name, p.stem) for p in ws.repo.record_paths()]
    return build(ws.config, ids, platform)


def missing_lines(expected: str, current: str | None) -> list[str]:
    """The owner lines of `expected` that `current` lacks, in order (all of them when the
    file is absent). Comments and blank lines do not count: what matters is who owns what."""
    have = set() if current is None else {line.strip() for line in current.splitlines()}
    return [
        line
        for line in expected.splitlines()
        if line.strip() and not line.startswith("#") and line.strip() not in have
    ]


def check(ws: Workspace, owners: CodeOwners) -> None:
    """Refuse (exit 1) when the forge's CODEOWNERS is not the one the config and the records
    make now: say which lines are missing and how to write it anew (issue 19, drift)."""
    target = ws.repo.root / owners.location
    try:
        current: str | None = target.read_text("utf-8")
    except FileNotFoundError:
        current = None
    except (OSError, UnicodeDecodeError) as exc:
        raise YakkanError(
            t("codeowners.unreadable", path=owners.location, reason=str(exc))
        ) from None
    if current == owners.text:
        return
    lines = missing_lines(owners.text, current)
    shown = "\n".join(f"  {line}" for line in lines[:10])
    if len(lines) > 10:
        shown += "\n  " + t("codeowners.more", count=len(lines) - 10)
    key = "codeowners.absent" if current is None else "codeowners.stale"
    raise YakkanError(
        t(
            key,
            path=owners.location,
            lines=shown or t("codeowners.order_only"),
            platform=owners.platform.value,
        )
    )


def write(ws: Workspace, owners: CodeOwners) -> Path:
    """Replace the forge's CODEOWNERS file in one step; committing is left to the person."""
    target = ws.repo.root / owners.location
    atomic_write(target, owners.text.encode("utf-8"))
    return target
