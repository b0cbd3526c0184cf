"""`yakkan lock`: the lock file of yakkan's dependencies that CI installs (issue 21).

The generated jobs install `ci-requirements.txt` with `pip install --require-hashes
--no-deps`, then yakkan itself from the pinned `YAKKAN_SPEC` with `--no-deps`, then run
`pip check`: nothing reaches a runner that was not reviewed in the repository, and a lock
that no longer satisfies yakkan makes the job red instead of quietly installing more.

The lock is made by uv (`uv pip compile --universal --generate-hashes`), a well-kept
resolver that writes one lock for every platform with environment markers and the hash of
every file of each pinned release, so the same file serves Linux runners and a clerk's
Windows PC. Its input is the dependency list of the yakkan that runs the command; an
existing lock's pins are kept unless `--upgrade` is given (uv reads them as preferences).
yakkan ships one, made the same way (`scaffold/ci-requirements.txt`), which `init` copies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.store.files import atomic_write

LOCK_FILE = "ci-requirements.txt"
# The oldest Python yakkan supports: a universal lock resolved for it holds for later ones.
PYTHON_FLOOR = "3.11"


@dataclass(frozen=True)
class Locked:
    path: Path
    packages: int


@dataclass(frozen=True)
class Addition:
    """How the person adds the lock from where they stand: `git` (`git`, or `git -C ROOT`
    when they stand outside the work tree that holds it) and the path to name to it."""

    git: str
    path: str


def addition(target: Path, root: Path, here: Path, here_root: Path | None) -> Addition:
    """`target` (absolute, in the work tree `root`) as `git add` takes it when run in
    `here` (whose work tree is `here_root`): git reads a path relative to the folder it runs
    in, so a lock written below or above that folder is named with its folders
    (`../ci-requirements.txt`); from outside that work tree (another one, a repository
    nested in it, none), `git -C ROOT` and the path from its top."""
    import shlex

    if here_root == root:
        return Addition("git", shlex.quote(os.path.relpath(target, here)))
    inside = target.relative_to(root).as_posix()
    return Addition(f"git -C {shlex.quote(str(root))}", shlex.quote(inside))


def addition_from(target: Path, here: Path) -> Addition | None:
    """`addition` for the work tree holding `target`, or None when it lies in none."""
    from yakkan_cli.vcs.git.discover import discover

    def top(folder: Path) -> Path | None:
        try:
            return discover(folder).root.resolve()
        except YakkanError:
            return None

    where = target.resolve()
    root = top(where.parent)
    if root is None:
        return None
    return addition(where, root, here.resolve(), top(here))


def dependencies() -> list[str]:
    """yakkan's own runtime requirements, as its installed metadata lists them."""
    try:
        listed = metadata.requires("yakkan") or []
    except metadata.PackageNotFoundError:
        raise YakkanError(t("lock.not_installed")) from None
    return [r for r in listed if "extra ==" not in r]


def shipped() -> str:
    """The lock that comes with this yakkan (what `init` writes)."""
    return (resources.files("yakkan_cli") / "scaffold" / LOCK_FILE).read_text("utf-8")


def _uv() -> list[str]:
    try:
        from uv import find_uv_bin  # type: ignore[import-not-found, unused-ignore]

        return [str(find_uv_bin())]
    except (ImportError, FileNotFoundError):
        found = shutil.which("uv")
        if found:
            return [found]
    raise YakkanError(t("lock.no_uv"))


def header(version: str) -> str:
    return t("lock.header", version=version) + "\n"


def lock(target: Path, *, index_url: str | None = None, upgrade: bool = False) -> Locked:
    """Write `target` anew; on any failure it is left as it was."""
    if index_url is not None and not index_url.startswith("https://"):
        raise YakkanError(t("lock.index_not_https", url=index_url))
    version = metadata.version("yakkan")
    with tempfile.TemporaryDirectory(prefix="yakkan-lock-") as scratch:
        folder = Path(scratch)
        wanted = folder / "requirements.in"
        wanted.write_text("\n".join(dependencies()) + "\n", "utf-8")
        out = folder / LOCK_FILE
        if target.exists() and not upgrade:
            shutil.copyfile(target, out)  # its pins are uv's preferences
        command = [
            *_uv(), "pip", "compile", str(wanted), "--output-file", str(out),
            "--universal", "--python-version", PYTHON_FLOOR, "--generate-hashes",
            "--no-header", "--quiet",
        ]  # fmt: skip
        if index_url:
            command += ["--index-url", index_url]
        if upgrade:
            command.append("--upgrade")
        env = dict(os.environ, UV_PYTHON_DOWNLOADS="never", UV_NO_PROGRESS="1")
        proc = subprocess.run(
            command, capture_output=True, text=True, check=False, env=env, stdin=subprocess.DEVNULL
        )
        if proc.returncode != 0:
            reason = (proc.stderr.strip() or proc.stdout.strip()).splitlines()
            raise YakkanError(t("lock.failed", reason=" / ".join(reason[-3:]) or "?"))
        # uv names the input file it was given, a temporary one: name what it stands for.
        body = out.read_text("utf-8").replace(f"-r {wanted}", "yakkan")
        lines = [line for line in body.splitlines() if not line.startswith("#")]
        text = header(version) + "\n".join(lines).strip("\n") + "\n"
    atomic_write(target, text.encode("utf-8"))
    packages = sum(1 for line in text.splitlines() if line and line[0].isalnum())
    return Locked(target, packages)
