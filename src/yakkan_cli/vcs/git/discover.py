"""The work tree that holds a folder, or a clear refusal (not a repository, a bare one, no git)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.vcs.git.repository import Git
from yakkan_cli.vcs.git.run import environment


def discover(start: Path) -> Git:
    """The work tree that contains `start`, or a clear refusal."""
    if not start.is_dir():
        raise YakkanError(t("vcs.no_dir", path=start))
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=start,
            capture_output=True,
            env=environment(),
            check=False,
        )
    except FileNotFoundError:
        raise YakkanError(t("vcs.no_git")) from None
    if proc.returncode != 0:
        bare = subprocess.run(
            ["git", "rev-parse", "--is-bare-repository"],
            cwd=start,
            capture_output=True,
            env=environment(),
            check=False,
        )
        if bare.returncode == 0 and bare.stdout.strip() == b"true":
            raise YakkanError(t("vcs.bare_repo", path=start))
        raise YakkanError(t("vcs.not_a_repo", path=start))
    return Git(Path(proc.stdout.decode("utf-8").strip()))
