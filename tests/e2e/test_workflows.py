"""The CI files `yakkan init` writes: checked by the forges' own schemas (SchemaStore, via
check-jsonschema) and by zizmor, then rehearsed: their `run:`/`script:` lines run in order
in a shell, in a clone made as the forge's checkout makes it, with the install step pointed
at a wheel built from this checkout. Green on an honest pull request, red on a forgery."""

from __future__ import annotations

import atexit
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.e2e.test_init import SPEC, run, yakkan
from tests.village import APPLICATION, CONFIG, at_the_push, rebuilding, yakkan_command

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


# What `yakkan init` writes, and the forge after a clerk's push, are built once per test
# process and copied (`built`): every commit here is dated (`run` of test_init.py), the
# repositories hold no path of their own, and the clones a test works in are made anew from
# the copy, so a copy is the very same history. YAKKAN_TEST_REBUILD=1 builds each anew.
_built: dict[str, Path] = {}


def built(name: str, target: Path, build: Callable[[Path], None]) -> Path:
    """`target` as `build(target)` leaves it: built the first time this process meets
    `name`, a copy of that after."""
    if rebuilding():
        build(target)
        return target
    if name not in _built:
        saved = Path(tempfile.mkdtemp(prefix="yakkan-workflows-"))
        atexit.register(shutil.rmtree, saved, True)
        build(saved / "built")
        _built[name] = saved / "built"
    shutil.copytree(_built[name], target, symlinks=True)
    return target


def init(tmp_path: Path, platform: str) -> Path:
    def make(repo: Path) -> None:
        made = yakkan(repo.parent, "init", str(repo), "--platform", platform, "--install", SPEC)
        assert made.returncode == 0, made.stderr

    return built(f"init {platform}", tmp_path / f"origin-{platform}", make)


@pytest.mark.parametrize(
    ("platform", "path", "schema"),
    [
        ("github", ".github/workflows/yakkan.yml", "vendor.github-workflows"),
        ("gitlab", ".gitlab-ci.yml", "vendor.gitlab-ci"),
    ],
)
def test_the_forges_schemas_accept_the_workflows(
    tmp_path: Path, platform: str, path: str, schema: str
) -> None:
    repo = init(tmp_path, platform)
    checked = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, str(repo / path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr


def zizmor(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--min-severity", "medium", "--no-progress", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_zizmor_finds_nothing_at_medium_or_above(tmp_path: Path) -> None:
    repo = init(tmp_path, "github")
    result = zizmor(repo / ".github/workflows/yakkan.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_would_see_the_old_mistakes(tmp_path: Path) -> None:
    """The control: the workflow as it was before (a tag pin, `${{ }}` in a shell line, the
    credentials left in the checkout) is reported, so the test above can fail."""
    repo = init(tmp_path, "github")
    workflow = repo / ".github/workflows/yakkan.yml"
    text = workflow.read_text("utf-8")
    text = re.sub(r"actions/checkout@[0-9a-f]{40} # v\S+", "actions/checkout@v4", text)
    text = text.replace('run: yakkan verify "$BASE_SHA..HEAD"',
                        'run: yakkan verify "origin/${{ github.head_ref }}..HEAD"')  # fmt: skip
    workflow.write_text(text, "utf-8")
    result = zizmor(workflow)
    assert result.returncode != 0
    assert "template-injection" in result.stdout + result.stderr


# --- rehearsal ---------------------------------------------------------------------------------


def github_pr_steps(workflow: Path, base: str) -> tuple[list[str], dict[str, str]]:
    """The `run:` lines of the pull-request job, and the env they get, with the `${{ }}`
    expressions the forge would fill filled as it would (`base`: the base SHA of the
    pull request event)."""
    data = yaml.safe_load(workflow.read_text("utf-8"))
    job = data["jobs"]["verify"]
    assert job["if"] == "github.event_name == 'pull_request'"
    commands: list[str] = []
    env: dict[str, str] = {}
    for step in job["steps"]:
        if "run" not in step:
            continue
        for key, value in (step.get("env") or {}).items():
            env[key] = str(value).replace("${{ github.event.pull_request.base.sha }}", base)
        commands.append(step["run"])
    assert not any("${{" in c for c in commands), "no expression inside a shell line"
    return commands, env


def gitlab_mr_script(config: Path) -> list[str]:
    data = yaml.safe_load(config.read_text("utf-8"))
    job = data["yakkan"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert data["variables"]["GIT_DEPTH"] == "0"
    return list(job["script"])


def rehearse(checkout: Path, commands: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Each line in bash as the runner would (`set -e`): the log and the first failure. The
    job runs, unless the test gives its clock, at the moment of the push (the commit checked
    out), as a forge starts it (`at_the_push`): `verify` judges a pull request as arriving
    that day."""
    env = at_the_push(checkout, env)
    log = ""
    for command in commands:
        proc = subprocess.run(
            ["bash", "-e", "-c", command], cwd=checkout, env=env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        log += f"$ {command}\n{proc.stdout}{proc.stderr}"
        if proc.returncode != 0:
            return proc.returncode, log
    return 0, log


def write_owners(repo: Path, platform: str, person: str = "kanri") -> None:
    """CODEOWNERS anew for the config and records of now, committed, as the job asks."""
    made = run(repo, *yakkan_command(), "codeowners", "--platform", platform, "--write")
    assert made.returncode == 0, made.stderr
    if run(repo, "git", "status", "--porcelain").stdout:
        run(repo, "git", "commit", "-qam", "CODEOWNERS", person=person)


def pushed_branch(forge: Path, platform: str) -> None:
    """In `forge`: origin (bare) with the village's config on main, and the branch a clerk
    pushed, with an application and CODEOWNERS written anew; the files attached."""
    forge.mkdir()
    origin = init(forge, platform)
    (origin / "yakkan.yaml").write_text(CONFIG, "utf-8")
    run(origin, "git", "commit", "-qam", "yakkan.yaml: 職員と課")
    write_owners(origin, platform)
    bare = forge / "origin.git"
    run(forge, "git", "clone", "-q", "--bare", str(origin), str(bare))
    clerk = forge / "clerk"
    run(forge, "git", "clone", "-q", str(bare), str(clerk))
    run(clerk, "git", "switch", "-q", "-c", "apply-drive")
    files = forge / "files"
    files.mkdir()
    (files / "signup.png").write_bytes(b"\x89PNG signup")
    (files / "terms.pdf").write_bytes(b"%PDF terms")
    app = files / "drive.yaml"
    app.write_text(APPLICATION.format(id="somu-drive", info_class=3), "utf-8")
    applied = run(
        clerk, *yakkan_command(), "apply", "--from", str(app),
        "--attach", f"signup={files / 'signup.png'}", "--attach", f"terms={files / 'terms.pdf'}",
        "--date", "2026-04-01", person="yamada",
    )  # fmt: skip
    assert applied.returncode == 0, applied.stderr
    write_owners(clerk, platform, person="yamada")
    run(clerk, "git", "push", "-q", "origin", "apply-drive")
    shutil.rmtree(clerk)  # each test clones its own


def pull_request(tmp_path: Path, platform: str, *, forged: bool) -> Path:
    """origin (bare) with the village's config on main; a clerk's clone pushes a branch with
    an application (and, when `forged`, a hand-made approval); the forge's checkout clones
    it with full history and checks out the branch's head."""
    forge = built(f"pushed {platform}", tmp_path / "forge", lambda f: pushed_branch(f, platform))
    bare = forge / "origin.git"
    if forged:
        clerk = tmp_path / "clerk"
        run(tmp_path, "git", "clone", "-q", str(bare), str(clerk))
        run(clerk, "git", "switch", "-q", "apply-drive")
        record = clerk / "records/somu/somu-drive.yaml"
        record.write_text(
            record.read_text("utf-8").replace("state: applied", "state: approved")
            + "approval:\n  approved_by: sato\n  approved_on: '2026-04-01'\n",
            "utf-8",
        )
        run(clerk, "git", "commit", "-qam", "承認済みにした", person="yamada")
        run(clerk, "git", "push", "-q", "origin", "apply-drive")
    checkout = tmp_path / "checkout"
    run(tmp_path, "git", "clone", "-q", str(bare), str(checkout))  # fetch-depth: 0
    head = run(checkout, "git", "rev-parse", "origin/apply-drive").stdout.strip()
    run(checkout, "git", "checkout", "-q", head)
    return checkout


@pytest.mark.parametrize("forged", [False, True], ids=["honest", "forged"])
def test_github_pull_request_job(tmp_path: Path, runner_env: dict[str, str], forged: bool) -> None:
    checkout = pull_request(tmp_path, "github", forged=forged)
    base = subprocess.run(
        ["git", "merge-base", "origin/main", "HEAD"], cwd=checkout,
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    commands, step_env = github_pr_steps(checkout / ".github/workflows/yakkan.yml", base)
    code, log = rehearse(checkout, commands, {**runner_env, **step_env})
    # The job's own install step put the wheel of this checkout in the runner's Python.
    # (The runner is shared by this module's tests: the second finds the same wheel in place.)
    assert re.search(
        r"Successfully installed yakkan|yakkan is already installed with the same version",
        log,
    ), log
    where = subprocess.run(
        ["python", "-c", "import yakkan_cli; print(yakkan_cli.__file__)"],
        env=runner_env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "/runner" in where and "site-packages" in where, where
    if forged:
        assert code == 1, log
        assert "somu-drive" in log and "Traceback" not in log
    else:
        assert code == 0, log


@pytest.mark.parametrize("forged", [False, True], ids=["honest", "forged"])
def test_gitlab_merge_request_job(tmp_path: Path, runner_env: dict[str, str], forged: bool) -> None:
    checkout = pull_request(tmp_path, "gitlab", forged=forged)
    script = gitlab_mr_script(checkout / ".gitlab-ci.yml")
    base = subprocess.run(
        ["git", "merge-base", "origin/main", "HEAD"], cwd=checkout,
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    env = {
        **runner_env,
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
    }
    code, log = rehearse(checkout, script, env)
    if forged:
        assert code == 1, log
        assert "somu-drive" in log and "Traceback" not in log
    else:
        assert code == 0, log


# --- the GitHub workflow's structure (what a local runner cannot show) -----------------------


def test_github_workflow_verifies_from_the_event_s_base_and_keeps_what_was_sent(
    tmp_path: Path,
) -> None:
    """Issue 20: the base of a pull request is the event's base SHA, never `origin` (a fork's
    own branch); what notify sent is saved even when one message failed; the audit runs on
    main for pushes, the schedule and a manual run; the schedule is at 08:00 in Japan."""
    repo = init(tmp_path, "github")
    data = yaml.safe_load((repo / ".github/workflows/yakkan.yml").read_text("utf-8"))
    triggers = data[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"] == [{"cron": "0 23 * * *"}]  # 23:00 UTC = 08:00 JST
    assert "workflow_dispatch" in triggers
    verify = data["jobs"]["verify"]["steps"][-1]
    assert verify["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    assert verify["run"] == 'yakkan verify "$BASE_SHA..HEAD"'
    audit = data["jobs"]["audit"]
    assert audit["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    steps = data["jobs"]["notify"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses.index("actions/cache/restore") < uses.index("actions/cache/save")
    save = steps[uses.index("actions/cache/save")]
    assert save["if"] == "always()"
    restore = steps[uses.index("actions/cache/restore")]
    assert save["with"]["key"] == restore["with"]["key"]
    assert save["with"]["path"] == restore["with"]["path"] == ".yakkan-notify.json"
    assert "--if-configured" in next(s["run"] for s in steps if s.get("name") == "Send reminders")


def test_gitlab_jobs_run_in_an_image_pinned_by_digest(tmp_path: Path) -> None:
    repo = init(tmp_path, "gitlab")
    text = (repo / ".gitlab-ci.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert re.fullmatch(r"python:3\.12@sha256:[0-9a-f]{64}", data["default"]["image"])
    assert all("image" not in job for name, job in data.items() if name.startswith("yakkan"))
    assert data["yakkan-notify"]["cache"]["when"] == "always"
