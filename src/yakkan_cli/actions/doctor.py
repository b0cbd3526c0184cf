"""`yakkan doctor`: does this records repository defend itself? (issue 10)

`verify` protects a village only if its CI runs it, runs the right yakkan, and cannot be
switched off by the pull request it judges. Each check here looks at one of those
conditions in the repository as it is, and names the command that puts it right. The forge
settings no file can show (branch protection, required reviews) are listed for a person to
make by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from yakkan_cli.actions.codeowners import LOCATION, Platform, codeowners
from yakkan_cli.actions.install_spec import is_pinned
from yakkan_cli.actions.reading import signers_file_problems
from yakkan_cli.actions.workspace.workspace import Workspace
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.rules import roles
from yakkan_cli.vcs.history import ALLOWED_SIGNERS

WORKFLOWS = {Platform.GITHUB: ".github/workflows/yakkan.yml", Platform.GITLAB: ".gitlab-ci.yml"}
PRE_COMMIT = ".pre-commit-config.yaml"
GITATTRIBUTES = ".gitattributes"
MIN_GIT = (2, 38)  # `git merge-tree --write-tree`, which the merge check of audit needs
_SPEC = re.compile(r"""YAKKAN_SPEC:\s*'([^'\n]*)'""")
_HOOK_SPEC = re.compile(r"""additional_dependencies:\s*\['([^'\n]*)'\]""")
# A GitHub action not pinned by a full commit: a moved tag would change what CI runs.
_ACTION = re.compile(r"uses:\s*([^\s#]+@(?![0-9a-f]{40}\b)[^\s#]+)")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str
    fix: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.name, "ok": self.ok, "message": self.message, "fix": self.fix}


@dataclass(frozen=True)
class Diagnosis:
    platform: Platform
    checks: list[Check]
    manual: list[str]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def _read(ws: Workspace, rel: str) -> str | None:
    try:
        return (ws.repo.root / rel).read_text("utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        return None


def detect_platform(ws: Workspace) -> Platform:
    for platform in (Platform.GITHUB, Platform.GITLAB, Platform.GITEA):
        if (ws.repo.root / LOCATION[platform]).exists() or (
            platform in WORKFLOWS and (ws.repo.root / WORKFLOWS[platform]).exists()
        ):
            return platform
    return Platform.GITHUB


def _codeowners(ws: Workspace, platform: Platform) -> Check:
    rel = LOCATION[platform]
    fix = f"yakkan codeowners --platform {platform.value} --write"
    current = _read(ws, rel)
    if current is None:
        return Check("codeowners", False, t("doctor.codeowners_missing", path=rel), fix)
    expected = codeowners(ws, platform).text
    if current != expected:
        return Check("codeowners", False, t("doctor.codeowners_stale", path=rel), fix)
    return Check("codeowners", True, t("doctor.codeowners_ok", path=rel))


def _specs(ws: Workspace, platform: Platform) -> list[Check]:
    fix = "yakkan init --install SPEC"
    checks: list[Check] = []
    workflow = WORKFLOWS.get(platform)
    found: dict[str, str] = {}
    for rel, pattern in ((workflow, _SPEC), (PRE_COMMIT, _HOOK_SPEC)):
        if rel is None:
            continue
        text = _read(ws, rel)
        if text is None:
            checks.append(Check("install", False, t("doctor.file_missing", path=rel), fix))
            continue
        specs = set(pattern.findall(text))
        if len(specs) != 1:
            checks.append(Check("install", False, t("doctor.no_spec", path=rel), fix))
            continue
        (spec,) = specs
        found[rel] = spec
        if not is_pinned(spec):
            checks.append(Check("install", False, t("doctor.unpinned", path=rel, spec=spec), fix))
        if rel == workflow and (loose := _ACTION.findall(text)):
            refs = ", ".join(sorted(set(loose)))
            checks.append(Check("install", False, t("doctor.action_by_tag", path=rel, refs=refs)))
    if len(set(found.values())) > 1:
        checks.append(
            Check("install", False, t("doctor.specs_differ", specs=" / ".join(found.values())), fix)
        )
    if not checks:
        spec = next(iter(found.values()), "")
        checks.append(Check("install", True, t("doctor.spec_ok", spec=spec)))
    return checks


def _gitattributes(ws: Workspace) -> Check:
    text = _read(ws, GITATTRIBUTES) or ""
    lines = {" ".join(line.split()) for line in text.splitlines()}
    if "attachments/** -text" not in lines:
        return Check(
            "gitattributes",
            False,
            t("doctor.gitattributes", path=GITATTRIBUTES),
            "printf 'attachments/** -text\\n*.yaml text eol=lf\\n' >> .gitattributes",
        )
    return Check("gitattributes", True, t("doctor.gitattributes_ok"))


def _git(ws: Workspace) -> list[Check]:
    checks: list[Check] = []
    raw = ws.git.text("version").strip()
    numbers = re.search(r"(\d+)\.(\d+)", raw)
    version = (int(numbers[1]), int(numbers[2])) if numbers else (0, 0)
    if version < MIN_GIT:
        checks.append(Check("git", False, t("doctor.git_old", version=raw), None))
    else:
        checks.append(Check("git", True, t("doctor.git_ok", version=raw)))
    if ws.git.text("rev-parse", "--is-shallow-repository").strip() == "true":
        checks.append(Check("history", False, t("doctor.shallow"), "git fetch --unshallow"))
    # git replace / grafts: yakkan ignores them, every other reader of the history sees them.
    replaced = ws.git.replaced()
    if replaced:
        names = ", ".join(original[:12] for original, _ in replaced)
        fix = (
            "git replace -d " + " ".join(o for o, r in replaced if r)
            if any(r for _, r in replaced)
            else None
        )
        checks.append(Check("replace", False, t("doctor.replaced", objects=names), fix))
    return checks


def _signing(ws: Workspace) -> Check | None:
    if not ws.config.policy.signatures_required:
        return None
    try:
        person = ws.actor()
    except YakkanError:
        return None
    if not any(roles.is_responsible(ws.config, d.id, person.id) for d in ws.config.departments):
        return None  # only responsible managers sign their actions
    fmt = ws.git.run("config", "gpg.format", check=False).stdout.decode().strip()
    key = ws.git.run("config", "user.signingkey", check=False).stdout.decode().strip()
    signers = _read(ws, ".yakkan/allowed_signers") or ""
    listed = any(
        person.email.casefold() in line.split(maxsplit=1)[0].casefold().split(",")
        for line in signers.splitlines()
        if line.strip() and not line.startswith("#")
    )
    if fmt != "ssh" or not key:
        return Check(
            "signing",
            False,
            t("doctor.signing_unset", name=person.name),
            "git config gpg.format ssh && git config user.signingkey ~/.ssh/id_ed25519.pub",
        )
    if not listed:
        return Check(
            "signing",
            False,
            t("doctor.signer_missing", email=person.email),
            "（.yakkan/allowed_signers に公開鍵を追加する、設定だけのプルリクエスト）",
        )
    return Check("signing", True, t("doctor.signing_ok", name=person.name))


def _signers(ws: Workspace) -> Check | None:
    """One key line, one person (A7): checked whenever the file is there."""
    if _read(ws, ALLOWED_SIGNERS) is None:
        return None
    problems = signers_file_problems(ws)
    if problems:
        return Check("signers", False, "\n".join(problems), t("doctor.signers_fix"))
    return Check("signers", True, t("doctor.signers_ok"))


MANUAL = {
    Platform.GITHUB: (
        "doctor.manual.github.protect",
        "doctor.manual.github.owners",
        "doctor.manual.github.status",
        "doctor.manual.github.merge",
    ),
    Platform.GITLAB: (
        "doctor.manual.gitlab.protect",
        "doctor.manual.gitlab.owners",
        "doctor.manual.gitlab.pipeline",
        "doctor.manual.gitlab.merge",
    ),
    Platform.GITEA: (
        "doctor.manual.gitea.protect",
        "doctor.manual.gitea.owners",
        "doctor.manual.gitea.status",
        "doctor.manual.gitea.merge",
    ),
}


def diagnose(ws: Workspace, platform: Platform | None = None) -> Diagnosis:
    chosen = platform or detect_platform(ws)
    checks = [_codeowners(ws, chosen), *_specs(ws, chosen), _gitattributes(ws), *_git(ws)]
    if (signing := _signing(ws)) is not None:
        checks.append(signing)
    if (signers := _signers(ws)) is not None:
        checks.append(signers)
    return Diagnosis(chosen, checks, [t(key) for key in MANUAL[chosen]])
