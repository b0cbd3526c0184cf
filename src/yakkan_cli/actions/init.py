"""`init`: a new records repository (DESIGN §2, §4) with its CI, pre-commit and CODEOWNERS."""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from yakkan_cli.actions.codeowners import LOCATION, Platform, build
from yakkan_cli.actions.install_spec import check_index, check_spec, running_spec
from yakkan_cli.actions.lock import LOCK_FILE, shipped
from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import Config
from yakkan_cli.store.files import atomic_write
from yakkan_cli.store.repo import ATTACHMENTS_DIR, CONFIG_FILE, RECORDS_DIR
from yakkan_cli.store.yaml import parse_model
from yakkan_cli.vcs.git.discover import discover
from yakkan_cli.vcs.git.repository import Git

WORKFLOW = {Platform.GITHUB: ".github/workflows/yakkan.yml", Platform.GITLAB: ".gitlab-ci.yml"}
_TEMPLATE = {Platform.GITHUB: "github-workflow.yml", Platform.GITLAB: "gitlab-ci.yml"}


@dataclass(frozen=True)
class Initialised:
    root: Path
    commit: str
    files: tuple[str, ...]
    warnings: tuple[str, ...]
    spec: str


def _scaffold(name: str, organization: str = "", spec: str = "", index: str = "") -> str:
    text = (resources.files("yakkan_cli") / "scaffold" / name).read_text("utf-8")
    # `spec` passed check_spec and `index` check_index: no quote of any kind, so each sits
    # in a single-quoted YAML scalar and, through a variable, in a double-quoted shell word.
    index_line = f"  PIP_INDEX_URL: '{index}'\n" if index else ""
    return (
        text.replace("@SPEC@", spec).replace("@ORG@", organization)
        .replace("@INDEX_LINE@\n", index_line)
    )  # fmt: skip


def _quoted(value: str) -> str:
    # The organisation goes into YAML as a double-quoted scalar: any name stays a string.
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _git_root(directory: Path) -> Path | None:
    try:
        return discover(directory).root.resolve()
    except YakkanError:
        return None


def _undo(directory: Path, written: list[str], *, fresh_git: bool, created_dir: bool) -> None:
    """Take back everything init wrote: its files, the folders it made, a new .git."""
    for rel in written:
        with contextlib.suppress(FileNotFoundError):
            (directory / rel).unlink()
        for parent in Path(rel).parents:
            if parent != Path():
                with contextlib.suppress(OSError):
                    (directory / parent).rmdir()  # only when empty
    if fresh_git:
        shutil.rmtree(directory / ".git", ignore_errors=True)
    if created_dir:
        shutil.rmtree(directory, ignore_errors=True)


def init_repository(
    directory: Path,
    *,
    organization: str | None,
    platform: str,
    install: str | None = None,
    index_url: str | None = None,
) -> Initialised:
    chosen = Platform(platform)
    if (directory / CONFIG_FILE).exists():
        raise YakkanError(t("init.exists", path=directory))
    index = check_index(index_url) if index_url is not None else ""
    spec = check_spec(install if install is not None else running_spec(), index or None)
    config_text = _scaffold(
        "yakkan.yaml.txt", _quoted(organization or t("init.default_organization"))
    )
    config = parse_model(Config, config_text, CONFIG_FILE)  # the scaffold is valid as written
    owners = build(config, [], chosen)
    files = {
        CONFIG_FILE: config_text,
        f"{RECORDS_DIR}/.gitkeep": "",
        f"{ATTACHMENTS_DIR}/.gitkeep": "",
        WORKFLOW[chosen]: _scaffold(_TEMPLATE[chosen], spec=spec, index=index),
        ".pre-commit-config.yaml": _scaffold("pre-commit-config.yaml", spec=spec),
        # What CI installs besides yakkan, each file by its hash (`yakkan lock` renews it).
        LOCK_FILE: shipped(),
        LOCATION[chosen]: owners.text,
        ".gitignore": _scaffold("gitignore.txt"),
        # Before the first record: line endings must never make evidence look tampered with.
        ".gitattributes": _scaffold("gitattributes.txt"),
    }
    created_dir = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    git = Git(directory)
    fresh_git = _git_root(directory) != directory.resolve()
    if not fresh_git and git.dirty_paths(list(files)):
        raise YakkanError(t("init.not_empty_git", path=directory))
    # Files already there (an existing repository's .gitignore …) are kept as they are.
    written = [rel for rel in files if not (directory / rel).exists()]
    try:
        if fresh_git:
            git.run("init", "-q", "-b", "main")
        for rel in written:
            atomic_write(directory / rel, files[rel].encode("utf-8"))
        git.add(written)
        commit = git.commit(t("init.committed") + "\n", written)
    except BaseException:
        _undo(directory, written, fresh_git=fresh_git, created_dir=created_dir)
        raise
    return Initialised(directory.resolve(), commit, tuple(written), owners.warnings, spec)
