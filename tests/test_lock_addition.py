"""How `yakkan lock`'s next step names the lock to `git add` (actions/lock.py::addition):
a table of where the lock lies and where the person stands, without git."""

from __future__ import annotations

from pathlib import Path

import pytest

from yakkan_cli.actions.lock import Addition, addition

ROOT = Path("/home/kanri/records")
SPACED = Path("/home/kanri/村の 記録")
OTHER = Path("/home/kanri/other")


@pytest.mark.parametrize(
    ("target", "root", "here", "here_root", "expected"),
    [
        # In the work tree: relative to the folder git runs in, folders and all.
        (ROOT / "ci-requirements.txt", ROOT, ROOT, ROOT, Addition("git", "ci-requirements.txt")),
        (ROOT / "ci" / "lock.txt", ROOT, ROOT, ROOT, Addition("git", "ci/lock.txt")),
        (ROOT / "ci-requirements.txt", ROOT, ROOT / "sub", ROOT,
         Addition("git", "../ci-requirements.txt")),
        (ROOT / "a" / "x.txt", ROOT, ROOT / "b" / "c", ROOT, Addition("git", "../../a/x.txt")),
        # Outside it (no work tree, another one, a repository nested in it): from the top.
        (ROOT / "ci" / "lock.txt", ROOT, Path("/tmp"), None,
         Addition("git -C /home/kanri/records", "ci/lock.txt")),
        (ROOT / "lock.txt", ROOT, OTHER, OTHER, Addition("git -C /home/kanri/records", "lock.txt")),
        (ROOT / "lock.txt", ROOT, ROOT / "vendored", ROOT / "vendored",
         Addition("git -C /home/kanri/records", "lock.txt")),
        # Quoted for the shell when a name holds a blank or a quote.
        (SPACED / "ci.txt", SPACED, Path("/tmp"), None,
         Addition("git -C '/home/kanri/村の 記録'", "ci.txt")),
        (ROOT / "it's.txt", ROOT, ROOT, ROOT, Addition("git", "'it'\"'\"'s.txt'")),
    ],
)  # fmt: skip
def test_addition(
    target: Path, root: Path, here: Path, here_root: Path | None, expected: Addition
) -> None:
    assert addition(target, root, here, here_root) == expected
