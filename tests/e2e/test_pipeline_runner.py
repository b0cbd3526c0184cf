"""The `.gitlab-ci.yml` that `yakkan init` writes, run job by job as GitLab's runner runs it:
gitlab-ci-local (the runner emulator, shell executor, each job in a fresh copy of a fresh
clone), the runner's Python standing for the job image's, a UTC clock as hosted runners
have, and the pipeline's variables as GitLab sets them for each source. The rules of the
file choose the jobs; nothing here picks a job by name.

gitlab-ci-local comes from npm (`.ci/run` installs the version in `.ci/tools/package.json`
with its lock); without it these tests skip, unless `YAKKAN_REQUIRE_RUNNER=1` (set by
`.ci/run`) makes its absence a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.e2e.test_init import run, yakkan
from tests.e2e.test_notify import Inbox, free_port
from tests.village import APPLICATION, CONFIG, at_the_push, rebuilding, yakkan_command

ROOT = Path(__file__).resolve().parents[2]
SPEC = "yakkan @ git+https://git.example.jp/joho/yakkan@0123456789abcdef0123456789abcdef01234567"


def _runner() -> str | None:
    found = os.environ.get("GITLAB_CI_LOCAL") or str(
        ROOT / ".ci" / "tools" / "node_modules" / ".bin" / "gitlab-ci-local"
    )
    return found if Path(found).exists() else shutil.which("gitlab-ci-local")


GCL = _runner()
if GCL is None and os.environ.get("YAKKAN_REQUIRE_RUNNER") == "1":
    raise RuntimeError("gitlab-ci-local is required here (YAKKAN_REQUIRE_RUNNER=1)")
pytestmark = pytest.mark.skipif(GCL is None, reason="gitlab-ci-local is not installed")


@dataclass
class Pipeline:
    code: int
    log: str

    def ran(self) -> dict[str, str]:
        """job → PASS/FAIL, from the runner's summary."""
        return dict(
            (job, verdict)
            for verdict, job in re.findall(r"^\s*(PASS|FAIL)\s+(\S+)", self.log, flags=re.M)
        )


def pipeline(
    checkout: Path, env: dict[str, str], source: str, *, check_schema: bool = False,
    **variables: str,
) -> Pipeline:  # fmt: skip
    """One pipeline of `source` in `checkout`, as GitLab would start it. A merge request's
    pipeline runs, unless the test gives the runner's clock, at the moment of the push (the
    commit checked out), as a forge starts it: `verify` judges a pull request as arriving on
    the day its check runs.

    gitlab-ci-local checks the file against GitLab's JSON schema before it runs anything;
    that check reads the file alone (the same for every pipeline here, and checked by the
    forges' schemas in test_workflows.py), so it runs where a test asks (`check_schema`)
    rather than in every pipeline (it is half of the runner's own start-up)."""
    if source == "merge_request_event":
        variables = at_the_push(checkout, variables)
    settings = {
        "CI_PIPELINE_SOURCE": source,
        "CI_DEFAULT_BRANCH": "main",
        "YAKKAN_SPEC": env["YAKKAN_SPEC"],  # the wheel of this checkout, for the install step
        **variables,
    }
    args = [str(GCL), "--force-shell-executor", "--shell-isolation", "--no-color"]
    if not check_schema:
        args.append("--no-json-schema-validation")
    for key, value in settings.items():
        args += ["--variable", f"{key}={value}"]
    proc = subprocess.run(
        args,
        cwd=checkout,
        env={
            **env,
            "TZ": "UTC",  # hosted runners' clock
            "GCL_IGNORE_PREDEFINED_VARS": ",".join(settings),
            "HOME": str(checkout.parent / "home"),
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return Pipeline(proc.returncode, proc.stdout + proc.stderr)


def git(cwd: Path, *args: str, person: str = "kanri", when: str | None = None) -> str:
    env_when = {} if when is None else {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    proc = run_as(cwd, ["git", *args], person, env_when)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def run_as(
    cwd: Path, args: list[str], person: str, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run(cwd, *args, person=person, env_extra=extra)


def act(clone: Path, person: str, *args: str, day: str = "2026-04-01") -> None:
    """A yakkan command as `person`, on `day`, committed that day."""
    stamp = f"{day}T10:00:00+09:00"
    proc = run_as(
        clone,
        [*yakkan_command(), *args, "--date", day],
        person,
        {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "YAKKAN_TODAY": day},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@dataclass
class Project:
    """The village's project on the forge (a bare repository) and a folder for clones."""

    bare: Path
    root: Path

    def clone(self, name: str, source: Path | None = None) -> Path:
        target = self.root / name
        git(self.root, "clone", "-q", str(source or self.bare), str(target))
        return target

    def runner_checkout(self, name: str, ref: str, source: Path | None = None) -> Path:
        """A fresh clone as the runner makes it (full depth), on `ref`."""
        checkout = self.root / "runner" / name / "repo"
        checkout.parent.mkdir(parents=True)
        (checkout.parent / "home").mkdir()
        git(self.root, "clone", "-q", str(source or self.bare), str(checkout))
        git(checkout, "checkout", "-q", "-B", "pipeline", ref)
        return checkout


def init_project(root: Path) -> None:
    """The village's project as `yakkan init` makes it, its config and CODEOWNERS committed,
    on the forge (`root/village.git`), and the files a clerk attaches (`root/files`)."""
    origin = root / "origin"
    made = yakkan(root, "init", str(origin), "--platform", "gitlab", "--install", SPEC)
    assert made.returncode == 0, made.stderr
    (origin / "yakkan.yaml").write_text(CONFIG, "utf-8")
    git(origin, "commit", "-qam", "yakkan.yaml: 職員と課")
    owners(origin)
    git(root, "clone", "-q", "--bare", str(origin), str(root / "village.git"))
    files = root / "files"
    files.mkdir()
    (files / "signup.png").write_bytes(b"\x89PNG signup")
    (files / "terms.pdf").write_bytes(b"%PDF terms")


@dataclass(frozen=True)
class Projects:
    """Projects built once per test process and copied, as tests/village.py does with
    villages: a state is its forge's repository and the files folder after a named building
    step, run for real the first time a test process meets it. Honest because every commit
    here is dated (`run` of test_init.py, `act`), nothing in a bare repository holds its own
    path, and a person's clone is made anew from the copy: the copy is the very same
    history. YAKKAN_TEST_REBUILD=1 builds every project step by step."""

    saved: Path

    def get(
        self, target: Path, state: str = "init", step: Callable[[Project], None] | None = None
    ) -> Project:
        """The project in `state` at `target`: the project as `init_project` makes it, then
        `step` (the building step `state` names)."""
        if rebuilding():
            return self._build(target, step)
        source = self.saved / state
        if not source.exists():
            building = self.saved / f"{state}.building"
            self._build(building, step)
            for part in ("village.git", "files"):
                shutil.copytree(building / part, source / part, symlinks=True)
            shutil.rmtree(building)
        for part in ("village.git", "files"):
            shutil.copytree(source / part, target / part, symlinks=True)
        return Project(target / "village.git", target)

    def _build(self, target: Path, step: Callable[[Project], None] | None) -> Project:
        target.mkdir(parents=True, exist_ok=True)
        if step is None:
            init_project(target)
            return Project(target / "village.git", target)
        project = self.get(target)
        step(project)
        for left in target.iterdir():  # the clones it worked in: a test makes its own
            if left.name not in ("village.git", "files"):
                shutil.rmtree(left)
        return project


@pytest.fixture(scope="session")
def projects(tmp_path_factory: pytest.TempPathFactory) -> Projects:
    return Projects(tmp_path_factory.mktemp("projects"))


@pytest.fixture
def project(projects: Projects, tmp_path: Path) -> Project:
    return projects.get(tmp_path)


def owners(clone: Path, person: str = "kanri", when: str | None = None) -> None:
    """CODEOWNERS written anew for the config and records of now, and committed (at `when`),
    as the merge-request job asks (`yakkan codeowners --check`)."""
    made = run_as(
        clone, [*yakkan_command(), "codeowners", "--platform", "gitlab", "--write"], person
    )
    assert made.returncode == 0, made.stderr
    if git(clone, "status", "--porcelain"):
        git(clone, "commit", "-qam", "CODEOWNERS: 今の課と記録", person=person, when=when)


def apply_drive(clone: Path, service: str = "somu-drive", day: str = "2026-04-01") -> None:
    files = clone.parent / "files"
    app = files / f"{service}.yaml"
    app.write_text(APPLICATION.format(id=service, info_class=3), "utf-8")
    act(
        clone, "yamada", "apply", "--from", str(app),
        "--attach", f"signup={files / 'signup.png'}", "--attach", f"terms={files / 'terms.pdf'}",
        day=day,
    )  # fmt: skip
    owners(clone, "yamada")


def forge_approval(clone: Path, service: str = "somu-drive") -> None:
    """A hand-made approval: the state and the approver typed in, no double-check."""
    record = clone / "records" / "somu" / f"{service}.yaml"
    record.write_text(
        record.read_text("utf-8").replace("state: applied", "state: approved")
        + "approval:\n  approved_by: sato\n  approved_on: '2026-04-01'\n",
        "utf-8",
    )
    git(clone, "commit", "-qam", "承認済みにした", person="yamada")


def merge_base(repo: Path, a: str, b: str) -> str:
    return git(repo, "merge-base", a, b).strip()


# --- merge requests ------------------------------------------------------------------------


def applied_on_a_branch(project: Project) -> None:
    """A clerk's application for somu-drive, CODEOWNERS written anew, pushed on its own
    branch `apply-drive` (a building step of `Projects`)."""
    clerk = project.clone("clerk")
    git(clerk, "switch", "-q", "-c", "apply-drive")
    apply_drive(clerk)
    git(clerk, "push", "-q", "origin", "apply-drive")


def clerk_on(project: Project, branch: str) -> Path:
    """The clerk's clone, on `branch` as the forge holds it."""
    clerk = project.clone("clerk")
    git(clerk, "switch", "-q", branch)
    return clerk


@pytest.mark.parametrize("forged", [False, True], ids=["honest", "forged"])
def test_merge_request_from_a_branch(
    projects: Projects, tmp_path: Path, runner_env: dict[str, str], forged: bool
) -> None:
    """The honest pipeline also runs gitlab-ci-local's check of the file against GitLab's
    JSON schema (the other pipelines here leave it out: see `pipeline`)."""
    project = projects.get(tmp_path, "applied on a branch", applied_on_a_branch)
    if forged:
        clerk = clerk_on(project, "apply-drive")
        forge_approval(clerk)
        git(clerk, "push", "-q", "origin", "apply-drive")
    checkout = project.runner_checkout("mr", "origin/apply-drive")
    result = pipeline(
        checkout, runner_env, "merge_request_event", check_schema=not forged,
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
        CI_MERGE_REQUEST_DIFF_BASE_SHA=merge_base(checkout, "origin/main", "HEAD"),
    )  # fmt: skip
    assert set(result.ran()) == {"yakkan"}, result.log  # the rules route it to verify only
    if forged:
        assert result.ran()["yakkan"] == "FAIL", result.log
        assert "somu-drive" in result.log and "Traceback" not in result.log
    else:
        assert result.ran()["yakkan"] == "PASS", result.log
        assert "json schema validated" in result.log, result.log


def test_a_merge_request_job_without_its_base_fails(
    projects: Projects, tmp_path: Path, runner_env: dict[str, str]
) -> None:
    """Without GitLab's base (a pipeline not of a merge request) verify has nothing to trust."""
    project = projects.get(tmp_path, "applied on a branch", applied_on_a_branch)
    checkout = project.runner_checkout("mr", "origin/apply-drive")
    result = pipeline(checkout, runner_env, "merge_request_event")
    assert result.ran() == {"yakkan": "FAIL"}, result.log


def fork_of(project: Project) -> tuple[Path, Path]:
    """A fork of the village's project (its own bare repository) and the forger's clone."""
    fork = project.root / "fork.git"
    git(project.root, "clone", "-q", "--bare", str(project.bare), str(fork))
    forger = project.clone("forger", source=fork)
    return fork, forger


def test_merge_request_from_a_fork_whose_main_is_forged(
    project: Project, runner_env: dict[str, str]
) -> None:
    """The forgery sits on the fork's own `main`; the merge request's branch only adds an
    honest-looking change on top. In the fork's pipeline `origin` is the fork, so
    `origin/main..HEAD` would look at the honest commit alone."""
    fork, forger = fork_of(project)
    apply_drive(forger)
    forge_approval(forger)
    git(forger, "push", "-q", "origin", "main")
    git(forger, "switch", "-q", "-c", "apply-slack")
    apply_drive(forger, "somu-slack")
    git(forger, "push", "-q", "origin", "apply-slack")
    checkout = project.runner_checkout("mr", "origin/apply-slack", source=fork)
    git(checkout, "fetch", "-q", str(project.bare), "main:refs/village/main")
    base = merge_base(checkout, "refs/village/main", "HEAD")  # what GitLab computes
    # The control: from the fork's origin, the forgery is out of sight and verify passes.
    blind = run_as(checkout, [*yakkan_command(), "verify", "origin/main..HEAD"], "kanri")
    assert blind.returncode == 0, blind.stdout + blind.stderr
    result = pipeline(
        checkout, runner_env, "merge_request_event",
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
        CI_MERGE_REQUEST_DIFF_BASE_SHA=base,
        CI_MERGE_REQUEST_SOURCE_PROJECT_URL=str(fork),
        CI_MERGE_REQUEST_PROJECT_URL=str(project.bare),
    )  # fmt: skip
    assert result.ran() == {"yakkan": "FAIL"}, result.log
    assert "somu-drive" in result.log and "Traceback" not in result.log


def test_merge_request_from_a_fork_with_its_own_config(
    project: Project, runner_env: dict[str, str]
) -> None:
    """The fork's `yakkan.yaml` makes the forger a responsible manager of 総務課, and the
    forger then approves through yakkan itself: by the village's config, never so."""
    fork, forger = fork_of(project)
    config = forger / "yakkan.yaml"
    config.write_text(
        config.read_text("utf-8")
        .replace(
            "  - {id: takahashi,",
            "  - {id: mallory, name: 真代 理, email: mallory@example.jp, forge: mallory}\n"
            "  - {id: takahashi,",
        )
        .replace("responsible: [sato, tanaka]", "responsible: [sato, tanaka, mallory]"),
        "utf-8",
    )
    git(forger, "commit", "-qam", "yakkan.yaml: 担当の追加", person="mallory")
    git(forger, "push", "-q", "origin", "main")
    git(forger, "switch", "-q", "-c", "apply-drive")
    apply_drive(forger)
    marks = [a for n in range(1, 9) for a in ("--mark", f"{n}=ok")]
    act(forger, "yamada", "check", "somu-drive", "--role", "applicant", *marks)
    act(forger, "mallory", "check", "somu-drive", "--role", "responsible", *marks)
    act(forger, "mallory", "approve", "somu-drive", "--yes")
    git(forger, "push", "-q", "origin", "apply-drive")
    checkout = project.runner_checkout("mr", "origin/apply-drive", source=fork)
    git(checkout, "fetch", "-q", str(project.bare), "main:refs/village/main")
    result = pipeline(
        checkout, runner_env, "merge_request_event",
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
        CI_MERGE_REQUEST_DIFF_BASE_SHA=merge_base(checkout, "refs/village/main", "HEAD"),
    )  # fmt: skip
    assert result.ran() == {"yakkan": "FAIL"}, result.log
    assert "somu-drive" in result.log and "Traceback" not in result.log


# --- the default branch --------------------------------------------------------------------


def applied_on_main(project: Project) -> None:
    """A clerk's application for somu-drive, CODEOWNERS anew, pushed to `main`."""
    clerk = project.clone("clerk")
    apply_drive(clerk)
    git(clerk, "push", "-q", "origin", "main")


@pytest.mark.parametrize("source", ["web", "api"])
def test_the_audit_runs_on_main_for_every_source(
    projects: Projects, tmp_path: Path, runner_env: dict[str, str], source: str
) -> None:
    """The sources `push` and `schedule` are held by other tests, whose pipelines are those
    very pipelines: `push` by test_the_audit_on_main_catches_a_forgery_pushed_there (its
    pipeline `before`), `schedule` by test_the_schedule_without_smtp_is_red_only_for_late_work
    (on a village whose application was approved since); each asserts what this test does."""
    project = projects.get(tmp_path, "applied on main", applied_on_main)
    checkout = project.runner_checkout("main", "origin/main")
    result = pipeline(checkout, runner_env, source, CI_COMMIT_BRANCH="main")
    assert result.ran().get("yakkan-audit") == "PASS", result.log
    assert "yakkan" not in result.ran(), result.log  # verify is the merge request's job


def test_the_audit_on_main_catches_a_forgery_pushed_there(
    projects: Projects, tmp_path: Path, runner_env: dict[str, str]
) -> None:
    """Also holds test_the_audit_runs_on_main_for_every_source[push]: the pipeline `before`
    is the push of an honest application to main, where the audit runs and passes and
    verify does not run (`ran() == {"yakkan-audit": "PASS"}` says both)."""
    project = projects.get(tmp_path, "applied on main", applied_on_main)
    clerk = project.clone("clerk")
    before = pipeline(
        project.runner_checkout("before", "origin/main"), runner_env, "push",
        CI_COMMIT_BRANCH="main",
    )  # fmt: skip
    assert before.ran() == {"yakkan-audit": "PASS"}, before.log
    assert before.ran().get("yakkan-audit") == "PASS", before.log  # [push], as it was
    assert "yakkan" not in before.ran(), before.log  # [push]: verify is the merge request's
    forge_approval(clerk)
    git(clerk, "push", "-q", "origin", "main")
    after = pipeline(
        project.runner_checkout("after", "origin/main"), runner_env, "push",
        CI_COMMIT_BRANCH="main",
    )  # fmt: skip
    assert after.ran() == {"yakkan-audit": "FAIL"}, after.log
    assert "somu-drive" in after.log and "Traceback" not in after.log


# --- the schedule --------------------------------------------------------------------------


def approved_long_ago(project: Project) -> None:
    """somu-drive approved and acknowledged on 2026-04-01, with nothing done since: its
    backups and reviews are late on any day after that (a building step of `Projects`)."""
    clerk = project.clone("clerk")
    apply_drive(clerk, day="2026-03-20")
    marks = [a for n in range(1, 9) for a in ("--mark", f"{n}=ok")]
    act(clerk, "yamada", "check", "somu-drive", "--role", "applicant", *marks, day="2026-03-20")
    act(clerk, "sato", "check", "somu-drive", "--role", "responsible", *marks, day="2026-03-25")
    act(clerk, "sato", "approve", "somu-drive", "--yes")
    act(clerk, "suzuki", "acknowledge", "somu-drive", day="2026-04-02")
    git(clerk, "push", "-q", "origin", "main")


def test_the_schedule_without_smtp_is_red_only_for_late_work(
    projects: Projects, tmp_path: Path, runner_env: dict[str, str]
) -> None:
    """Also holds test_the_audit_runs_on_main_for_every_source[schedule]: a scheduled
    pipeline on main runs the audit, which passes, and not verify."""
    project = projects.get(tmp_path, "approved long ago", approved_long_ago)
    checkout = project.runner_checkout("schedule", "origin/main")
    result = pipeline(checkout, runner_env, "schedule", CI_COMMIT_BRANCH="main")
    ran = result.ran()
    assert ran.get("yakkan-notify") == "PASS", result.log  # says it is not set up, and passes
    assert "--if-configured" in result.log
    assert ran.get("yakkan-due") == "FAIL", result.log  # the useful red: work is late
    assert ran.get("yakkan-audit") == "PASS", result.log
    assert "yakkan" not in ran, result.log  # [schedule]: verify is the merge request's job


class OneBounce(Inbox):
    """Refuses one address until told otherwise."""

    bounce: str | None = None

    async def handle_RCPT(  # type: ignore[override]
        self, server: object, session: object, envelope: object, address: str, options: object
    ) -> str:
        if address == self.bounce:
            return "550 5.1.1 No such user"
        return await super().handle_RCPT(server, session, envelope, address, options)


def test_one_bounced_address_does_not_repeat_everyone_s_reminders(
    projects: Projects, tmp_path: Path, runner_env: dict[str, str]
) -> None:
    project = projects.get(tmp_path, "approved long ago", approved_long_ago)
    clerk = project.clone("clerk")
    inbox = OneBounce()
    inbox.bounce = "sato@example.jp"
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        config = clerk / "yakkan.yaml"
        config.write_text(
            config.read_text("utf-8")
            + "notify:\n  host: 127.0.0.1\n"
            + f"  port: {port}\n  security: none\n  from: yakkan@example.jp\n",
            "utf-8",
        )
        git(clerk, "commit", "-qam", "yakkan.yaml: notify", person="kanri")
        git(clerk, "push", "-q", "origin", "main")
        checkout = project.runner_checkout("schedule", "origin/main")
        first = pipeline(checkout, runner_env, "schedule", CI_COMMIT_BRANCH="main")
        assert first.ran().get("yakkan-notify") == "FAIL", first.log
        sent_first = {rcpt for rcpts, _ in inbox.received for rcpt in rcpts}
        assert "suzuki@example.jp" in sent_first and "sato@example.jp" not in sent_first
        count_first = len(inbox.received)
        inbox.bounce = None  # the address is fixed before the next morning
        # The next scheduled pipeline, in the same runner: its cache is what the first kept.
        git(checkout, "fetch", "-q", "origin")
        second = pipeline(checkout, runner_env, "schedule", CI_COMMIT_BRANCH="main")
        assert second.ran().get("yakkan-notify") == "PASS", second.log
        again = [rcpts for rcpts, _ in inbox.received[count_first:]]
        assert again == [["sato@example.jp"]], (again, second.log)
    finally:
        controller.stop()


def test_a_new_service_without_its_owners_fails_the_merge_request(
    projects: Projects, tmp_path: Path, runner_env: dict[str, str]
) -> None:
    """Issue 19: a new service's attachments would fall to the catch-all line; the job asks
    for CODEOWNERS to be written anew in the same merge request."""
    project = projects.get(tmp_path, "applied on a branch", applied_on_a_branch)
    clerk = clerk_on(project, "apply-drive")
    git(clerk, "reset", "-q", "--hard", "HEAD~1")  # the CODEOWNERS commit left out
    git(clerk, "push", "-q", "--force", "origin", "apply-drive")
    checkout = project.runner_checkout("mr", "origin/apply-drive")
    result = pipeline(
        checkout, runner_env, "merge_request_event",
        CI_MERGE_REQUEST_DIFF_BASE_SHA=merge_base(checkout, "origin/main", "HEAD"),
    )  # fmt: skip
    assert result.ran() == {"yakkan": "FAIL"}, result.log
    assert "/attachments/somu-drive/" in result.log and "--write" in result.log


def test_honest_morning_work_passes_on_a_utc_runner(
    project: Project, runner_env: dict[str, str]
) -> None:
    """Issue 20: a clerk applies at 08:30 in Japan, the pipeline runs at 08:45 on a runner
    whose clock is UTC (23:45 of the day before there). The commit is not "later than the
    audit's day": the day is the village's, on any machine."""
    clerk = project.clone("clerk")
    git(clerk, "switch", "-q", "-c", "apply-drive")
    morning = "2026-12-07T08:30:00+09:00"
    files = clerk.parent / "files"
    app = files / "somu-drive.yaml"
    app.write_text(APPLICATION.format(id="somu-drive", info_class=3), "utf-8")
    applied = run_as(
        clerk,
        [*yakkan_command(), "apply", "--from", str(app),
         "--attach", f"signup={files / 'signup.png'}", "--attach", f"terms={files / 'terms.pdf'}"],
        "yamada",
        {"GIT_AUTHOR_DATE": morning, "GIT_COMMITTER_DATE": morning,
         "YAKKAN_TODAY": morning, "TZ": "UTC"},
    )  # fmt: skip
    assert applied.returncode == 0, applied.stdout + applied.stderr
    owners(clerk, "yamada", when="2026-12-07T08:32:00+09:00")
    git(clerk, "push", "-q", "origin", "apply-drive")
    checkout = project.runner_checkout("mr", "origin/apply-drive")
    result = pipeline(
        checkout, runner_env, "merge_request_event",
        CI_MERGE_REQUEST_DIFF_BASE_SHA=merge_base(checkout, "origin/main", "HEAD"),
        YAKKAN_TODAY="2026-12-06T23:45:00Z",  # the runner's clock: 08:45 in Japan
    )  # fmt: skip
    assert result.ran() == {"yakkan": "PASS"}, result.log
    git(clerk, "switch", "-q", "main")
    git(clerk, "merge", "-q", "--no-ff", "apply-drive", "-m", "Merge apply-drive",
        person="sato", when="2026-12-07T08:50:00+09:00")  # fmt: skip
    git(clerk, "push", "-q", "origin", "main")
    audit = pipeline(
        project.runner_checkout("main", "origin/main"), runner_env, "push",
        CI_COMMIT_BRANCH="main", YAKKAN_TODAY="2026-12-06T23:55:00Z",
    )  # fmt: skip
    assert audit.ran() == {"yakkan-audit": "PASS"}, audit.log
