"""`yakkan doctor` on repositories made by `yakkan init`, then spoiled as they get spoiled."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_init import SPEC, run, yakkan


def make(tmp_path: Path, platform: str = "github") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    repo = tmp_path / "records-repo"
    made = yakkan(tmp_path, "init", str(repo), "--platform", platform, "--install", SPEC)
    assert made.returncode == 0, made.stderr
    # The .gitattributes of the init of the crash-safety work, added here if init has none.
    if not (repo / ".gitattributes").exists():
        (repo / ".gitattributes").write_text("attachments/** -text\n*.yaml text eol=lf\n")
        run(repo, "git", "add", ".gitattributes")
        run(repo, "git", "commit", "-qm", "gitattributes")
    return repo


def report(repo: Path) -> dict[str, object]:
    result = yakkan(repo, "doctor", "--json")
    data: dict[str, object] = json.loads(result.stdout)
    data["exit"] = result.returncode
    return data


def failing(data: dict[str, object]) -> list[str]:
    checks = data["checks"]
    assert isinstance(checks, list)
    return [c["check"] for c in checks if not c["ok"]]


def test_a_fresh_repository_needs_only_the_forge_settings(tmp_path: Path) -> None:
    for platform in ("github", "gitlab"):
        repo = make(tmp_path / platform, platform)
        data = report(repo)
        assert data["exit"] == 0, data
        assert failing(data) == []
        assert data["platform"] == platform
        manual = data["manual"]
        assert isinstance(manual, list) and len(manual) == 4
        text = yakkan(repo, "doctor")
        assert text.returncode == 0
        assert "手で設定すること" in text.stdout
        assert "Traceback" not in text.stderr


def test_a_stale_codeowners_and_an_unpinned_workflow_are_named(tmp_path: Path) -> None:
    repo = make(tmp_path)
    config = repo / "yakkan.yaml"
    config.write_text(
        config.read_text("utf-8").replace("forge: kanri-t", "forge: kanri-new"), "utf-8"
    )
    workflow = repo / ".github/workflows/yakkan.yml"
    text = workflow.read_text("utf-8").replace(SPEC, "yakkan>=0.1")
    text = text.replace(
        "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", "actions/checkout@v4", 1
    )
    workflow.write_text(text, "utf-8")
    data = report(repo)
    assert data["exit"] == 1
    names = failing(data)
    assert "codeowners" in names and "install" in names
    out = yakkan(repo, "doctor")
    assert out.returncode == 1
    assert ".github/CODEOWNERS が yakkan.yaml と記録の今の内容から作るものと違います" in out.stdout
    assert "yakkan codeowners --platform github --write" in out.stdout
    assert "yakkan>=0.1" in out.stdout
    assert "actions/checkout@v4" in out.stdout
    assert "CI と pre-commit が違う yakkan を入れます" in out.stdout


def test_missing_gitattributes_and_shallow_clone(tmp_path: Path) -> None:
    repo = make(tmp_path)
    (repo / ".gitattributes").unlink()
    run(repo, "git", "commit", "-qam", "drop gitattributes")
    shallow = tmp_path / "shallow"
    run(tmp_path, "git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    data = report(shallow)
    assert data["exit"] == 1
    assert {"gitattributes", "history"} <= set(failing(data))


def test_signing_set_up_for_a_responsible_manager(tmp_path: Path) -> None:
    repo = make(tmp_path)
    config = repo / "yakkan.yaml"
    config.write_text(
        config.read_text("utf-8").replace("signed_approvals: false", "signed_approvals: true"),
        "utf-8",
    )
    data = report(repo)  # kanri is the responsible manager, with no signing key set
    assert data["exit"] == 1
    assert "signing" in failing(data)


def test_verify_and_audit_in_a_shallow_clone_say_to_fetch_the_history(tmp_path: Path) -> None:
    repo = make(tmp_path)
    (repo / "README.md").write_text("村の記録\n", "utf-8")
    run(repo, "git", "add", "README.md")
    run(repo, "git", "commit", "-qm", "readme")
    shallow = tmp_path / "shallow"
    run(tmp_path, "git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    for args in (("verify", "HEAD~1..HEAD"), ("audit",)):
        result = yakkan(shallow, *args)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "git fetch --unshallow" in result.stderr
        assert "Traceback" not in result.stderr
