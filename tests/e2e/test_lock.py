"""What CI installs besides yakkan (issue 21): the lock `init` writes, `yakkan lock` that
renews it, and `init --install` that names where yakkan comes from."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.e2e.test_init import SPEC, run, yakkan

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "yakkan_cli" / "scaffold" / "ci-requirements.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def pins(text: str) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def test_the_shipped_lock_satisfies_every_dependency_of_yakkan() -> None:
    """A dependency added to pyproject.toml without `yakkan lock` fails here, not in a
    village's CI (`pip check` there would say the same, too late)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    locked = pins(SHIPPED.read_text("utf-8"))
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in {SHIPPED.name}: run `yakkan lock -o {SHIPPED}`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (name, locked[name])


def test_every_pin_of_the_shipped_lock_carries_its_hashes() -> None:
    text = SHIPPED.read_text("utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 3)[3])
    assert len(entries) == len(pins(text)) > 20
    for entry in entries:
        assert "--hash=sha256:" in entry, entry
    assert "yakkan==" not in text  # yakkan itself comes from YAKKAN_SPEC


@pytest.mark.parametrize("platform", ["github", "gitlab"])
def test_init_writes_the_lock_and_the_jobs_install_only_from_it(
    tmp_path: Path, platform: str
) -> None:
    made = yakkan(tmp_path, "init", "v", "--platform", platform, "--install", SPEC)
    assert made.returncode == 0, made.stderr
    repo = tmp_path / "v"
    assert (repo / "ci-requirements.txt").read_bytes() == SHIPPED.read_bytes()
    workflow = ".gitlab-ci.yml" if platform == "gitlab" else ".github/workflows/yakkan.yml"
    text = (repo / workflow).read_text("utf-8")
    installs = re.findall(r"python -m pip install .*", text)
    assert installs and all(
        line in ("python -m pip install --require-hashes --no-deps -r ci-requirements.txt",
                 'python -m pip install --no-deps "$YAKKAN_SPEC"')
        for line in installs
    ), installs  # fmt: skip
    assert text.count("python -m pip check") == 4
    assert "PIP_INDEX_URL" not in text


def test_init_refuses_a_bare_version_without_its_index(tmp_path: Path) -> None:
    refused = yakkan(tmp_path, "init", "v", "--install", "yakkan==0.1.0")
    assert refused.returncode == 1
    assert "--index-url" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "v").exists()
    made = yakkan(
        tmp_path, "init", "w", "--platform", "gitlab", "--install", "yakkan==0.1.0",
        "--index-url", "https://pypi.onna.example/simple",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "w" / ".gitlab-ci.yml").read_text("utf-8")
    assert "  PIP_INDEX_URL: 'https://pypi.onna.example/simple'\n" in text
    bad = yakkan(
        tmp_path, "init", "x", "--install", "yakkan==0.1.0", "--index-url", "http://plain.example/"
    )
    assert bad.returncode == 1 and "--index-url" in bad.stderr


def test_lock_renews_the_file_keeping_its_pins(tmp_path: Path) -> None:
    """`yakkan lock` resolves with uv against the package index (network): without
    --upgrade it keeps the pins it finds, so a renewal changes only what must change."""
    made = yakkan(tmp_path, "init", "v", "--install", SPEC)
    assert made.returncode == 0, made.stderr
    repo = tmp_path / "v"
    before = (repo / "ci-requirements.txt").read_text("utf-8")
    renewed = yakkan(repo, "lock")
    assert renewed.returncode == 0, renewed.stderr
    assert "git add ci-requirements.txt" in renewed.stderr
    after = (repo / "ci-requirements.txt").read_text("utf-8")
    assert pins(after) == pins(before)
    refused = yakkan(repo, "lock", "--index-url", "http://plain.example/simple")
    assert refused.returncode == 1 and "https" in refused.stderr
    assert (repo / "ci-requirements.txt").read_text("utf-8") == after


NEXT_ADD = re.compile(r"次の手順: 内容を確かめて (.+?) && (git(?: -C \S+)?) commit")


def test_the_next_step_names_the_lock_as_git_add_takes_it_where_the_person_stands(
    tmp_path: Path,
) -> None:
    """`lock -o PATH` names the file as `git add` takes it from the folder the person ran
    it in (git reads a path relative to that folder), or with `git -C ROOT` from outside
    the work tree; running the named command stages the very file."""
    made = yakkan(tmp_path, "init", "v", "--install", SPEC)
    assert made.returncode == 0, made.stderr
    repo = tmp_path / "v"
    (repo / "sub").mkdir()
    cases = [
        (repo / "sub", "../locks/ci-requirements.txt", "git add ../locks/ci-requirements.txt",
         "locks/ci-requirements.txt"),
        (tmp_path, "v/more/ci.txt", f"git -C {repo.resolve()} add more/ci.txt", "more/ci.txt"),
    ]  # fmt: skip
    for here, output, expected, staged in cases:
        (repo / Path(staged).parent).mkdir(exist_ok=True)
        locked = yakkan(here, "lock", "-o", output)
        assert locked.returncode == 0, locked.stderr
        found = NEXT_ADD.search(locked.stderr)
        assert found is not None, locked.stderr
        assert found.group(1) == expected
        added = run(here, "sh", "-c", found.group(1))
        assert added.returncode == 0, added.stderr
        status = run(repo, "git", "status", "--porcelain").stdout
        assert f"A  {staged}\n" in status, status
