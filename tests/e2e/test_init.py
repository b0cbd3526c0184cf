"""`yakkan init`: a repository that passes its own CI."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from tests.village import Village, clean_env, yakkan_command


def run(
    cwd: Path, *args: str, person: str = "kanri", env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = clean_env()
    env.update(
        GIT_AUTHOR_NAME=person,
        GIT_AUTHOR_EMAIL=f"{person}@example.jp",
        GIT_COMMITTER_NAME=person,
        GIT_COMMITTER_EMAIL=f"{person}@example.jp",
        GIT_AUTHOR_DATE="2026-04-01T09:00:00+09:00",
        GIT_COMMITTER_DATE="2026-04-01T09:00:00+09:00",
        YAKKAN_TODAY="2026-04-01",  # the day commands check --date against
    )
    env.update(env_extra or {})
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def yakkan(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(cwd, *yakkan_command(), *args)


# A spec a village would give: its own mirror of yakkan at one commit.
SPEC = "yakkan @ git+https://git.example.jp/joho/yakkan@0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("platform", "workflow", "owners"),
    [
        ("github", ".github/workflows/yakkan.yml", ".github/CODEOWNERS"),
        ("gitlab", ".gitlab-ci.yml", ".gitlab/CODEOWNERS"),
    ],
)
def test_init_passes_its_own_ci(tmp_path: Path, platform: str, workflow: str, owners: str) -> None:
    repo = tmp_path / "records-repo"
    made = yakkan(
        tmp_path, "init", str(repo), "--org", "恩納村", "--platform", platform, "--install", SPEC
    )
    assert made.returncode == 0, made.stderr
    assert SPEC in made.stderr
    assert run(repo, "git", "status", "--porcelain").stdout == ""
    files = run(repo, "git", "ls-files").stdout.split()
    for name in (
        "yakkan.yaml",
        "records/.gitkeep",
        "attachments/.gitkeep",
        workflow,
        owners,
        ".pre-commit-config.yaml",
    ):
        assert name in files
    assert 'organization: "恩納村"' in (repo / "yakkan.yaml").read_text("utf-8")
    ci = yaml.safe_load((repo / workflow).read_text("utf-8"))
    steps = str(ci)
    for command in ("yakkan validate", "yakkan fmt --check", "yakkan verify", "pip install"):
        assert command in steps
    # The same pinned yakkan in CI and in the pre-commit hooks.
    assert f"YAKKAN_SPEC: '{SPEC}'" in (repo / workflow).read_text("utf-8")
    assert f"additional_dependencies: ['{SPEC}']" in (repo / ".pre-commit-config.yaml").read_text(
        "utf-8"
    )
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text("utf-8"))
    assert [h["id"] for h in hooks["repos"][0]["hooks"]] == ["yakkan-validate", "yakkan-fmt-check"]
    assert "@kanri-t" in (repo / owners).read_text("utf-8")
    # The CI workflow's commands, on the new repository and on a first pull request.
    assert yakkan(repo, "validate").returncode == 0
    assert yakkan(repo, "fmt", "--check").returncode == 0
    run(repo, "git", "switch", "-q", "-c", "feature")
    (repo / "yakkan.yaml").write_text(
        (repo / "yakkan.yaml").read_text("utf-8").replace("管理 太郎", "管理 次郎"), "utf-8"
    )
    run(repo, "git", "commit", "-qam", "yakkan.yaml: 名前を直す")
    verified = yakkan(repo, "verify", "main..HEAD")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert yakkan(repo, "audit").returncode == 0


def test_init_refuses_an_existing_repository(village: Village) -> None:
    head = village.head()
    result = village.yakkan("init", ".")
    assert result.code == 1
    assert "既に yakkan.yaml があります" in result.stderr
    assert "Traceback" not in result.output
    assert village.head() == head
    assert village.status() == ""


def test_init_in_an_existing_git_repository(tmp_path: Path) -> None:
    run(tmp_path, "git", "init", "-q", "-b", "main")
    (tmp_path / ".gitignore").write_text("*.bak\n", "utf-8")
    run(tmp_path, "git", "add", ".gitignore")
    run(tmp_path, "git", "commit", "-qm", "start")
    made = yakkan(tmp_path, "init", "--install", SPEC)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / ".gitignore").read_text("utf-8") == "*.bak\n"  # kept as it was
    assert run(tmp_path, "git", "rev-list", "--count", "HEAD").stdout.strip() == "2"


def test_init_refuses_a_yakkan_it_cannot_name(tmp_path: Path) -> None:
    """The tests run an editable install (a local folder): CI could not install that, so
    `init` without --install refuses, says how, and writes nothing."""
    repo = tmp_path / "records-repo"
    made = yakkan(tmp_path, "init", str(repo))
    assert made.returncode == 1
    assert "--install" in made.stderr
    assert "Traceback" not in made.stderr
    assert not repo.exists()


@pytest.mark.parametrize("spec", ["yakkan", "yakkan>=0.1", "yakkan==1.0'; evil '", "evil==1"])
def test_init_refuses_an_unpinned_or_hostile_spec(tmp_path: Path, spec: str) -> None:
    repo = tmp_path / "records-repo"
    made = yakkan(tmp_path, "init", str(repo), "--install", spec)
    assert made.returncode == 1, made.stderr
    assert not repo.exists()
