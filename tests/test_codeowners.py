"""CODEOWNERS for the three forges, exact text; and `codeowners --write` end to end."""

from __future__ import annotations

import pytest
import yaml

from tests.village import CONFIG, Village
from yakkan_cli.actions.codeowners import Platform, build, missing_lines
from yakkan_cli.model import Config

HEADER = (
    "# yakkan codeowners --platform {} が生成（課の記録と添付を利用責任者に割り当てる）。"
    "yakkan.yaml を直したら作り直してください\n"
)
CONF = Config.model_validate(yaml.safe_load(CONFIG))
RECORDS = [("somu", "somu-drive"), ("kikaku", "kikaku-chat")]

GITHUB = """
# 上のどれにも当たらないファイル（設定・CI・テンプレートを含む）は、全課の利用責任者が確認します
* @sato-h @tanaka-i @takahashi-m

# 検査を無効にできるファイル: 設定、署名鍵、テンプレート、CI、CODEOWNERS、pre-commit、.gitattributes
/yakkan.yaml @sato-h @tanaka-i @takahashi-m
/.yakkan/ @sato-h @tanaka-i @takahashi-m
/templates/ @sato-h @tanaka-i @takahashi-m
/.github/ @sato-h @tanaka-i @takahashi-m
/.gitlab/ @sato-h @tanaka-i @takahashi-m
/.gitlab-ci.yml @sato-h @tanaka-i @takahashi-m
/.gitea/ @sato-h @tanaka-i @takahashi-m
/.forgejo/ @sato-h @tanaka-i @takahashi-m
/CODEOWNERS @sato-h @tanaka-i @takahashi-m
/docs/CODEOWNERS @sato-h @tanaka-i @takahashi-m
/.pre-commit-config.yaml @sato-h @tanaka-i @takahashi-m
/ci-requirements.txt @sato-h @tanaka-i @takahashi-m
/.gitattributes @sato-h @tanaka-i @takahashi-m

# 総務課
/records/somu/ @sato-h @tanaka-i
/attachments/somu-drive/ @sato-h @tanaka-i

# 企画課
/records/kikaku/ @takahashi-m
/attachments/kikaku-chat/ @takahashi-m
"""

GITLAB = """
# 上のどれにも当たらないファイル（設定・CI・テンプレートを含む）は、全課の利用責任者が確認します
* @sato-h @tanaka-i @takahashi-m

# 検査を無効にできるファイル: 設定、署名鍵、テンプレート、CI、CODEOWNERS、pre-commit、.gitattributes
/yakkan.yaml @sato-h @tanaka-i @takahashi-m
/.yakkan/ @sato-h @tanaka-i @takahashi-m
/templates/ @sato-h @tanaka-i @takahashi-m
/.github/ @sato-h @tanaka-i @takahashi-m
/.gitlab/ @sato-h @tanaka-i @takahashi-m
/.gitlab-ci.yml @sato-h @tanaka-i @takahashi-m
/.gitea/ @sato-h @tanaka-i @takahashi-m
/.forgejo/ @sato-h @tanaka-i @takahashi-m
/CODEOWNERS @sato-h @tanaka-i @takahashi-m
/docs/CODEOWNERS @sato-h @tanaka-i @takahashi-m
/.pre-commit-config.yaml @sato-h @tanaka-i @takahashi-m
/ci-requirements.txt @sato-h @tanaka-i @takahashi-m
/.gitattributes @sato-h @tanaka-i @takahashi-m

[somu]
# 総務課
/records/somu/ @sato-h @tanaka-i
/attachments/somu-drive/ @sato-h @tanaka-i

[kikaku]
# 企画課
/records/kikaku/ @takahashi-m
/attachments/kikaku-chat/ @takahashi-m
"""

GITEA = r"""
# 上のどれにも当たらないファイル（設定・CI・テンプレートを含む）は、全課の利用責任者が確認します
.* @sato-h @tanaka-i @takahashi-m

# 検査を無効にできるファイル: 設定、署名鍵、テンプレート、CI、CODEOWNERS、pre-commit、.gitattributes
^yakkan\.yaml$ @sato-h @tanaka-i @takahashi-m
^\.yakkan/.*$ @sato-h @tanaka-i @takahashi-m
^templates/.*$ @sato-h @tanaka-i @takahashi-m
^\.github/.*$ @sato-h @tanaka-i @takahashi-m
^\.gitlab/.*$ @sato-h @tanaka-i @takahashi-m
^\.gitlab-ci\.yml$ @sato-h @tanaka-i @takahashi-m
^\.gitea/.*$ @sato-h @tanaka-i @takahashi-m
^\.forgejo/.*$ @sato-h @tanaka-i @takahashi-m
^CODEOWNERS$ @sato-h @tanaka-i @takahashi-m
^docs/CODEOWNERS$ @sato-h @tanaka-i @takahashi-m
^\.pre-commit-config\.yaml$ @sato-h @tanaka-i @takahashi-m
^ci-requirements\.txt$ @sato-h @tanaka-i @takahashi-m
^\.gitattributes$ @sato-h @tanaka-i @takahashi-m

# 総務課
^records/somu/.*$ @sato-h @tanaka-i
^attachments/somu-drive/.*$ @sato-h @tanaka-i

# 企画課
^records/kikaku/.*$ @takahashi-m
^attachments/kikaku-chat/.*$ @takahashi-m
"""


def test_github() -> None:
    owners = build(CONF, RECORDS, Platform.GITHUB)
    assert owners.text == HEADER.format("github") + GITHUB
    assert owners.location == ".github/CODEOWNERS"
    assert owners.warnings == ()


def test_gitlab() -> None:
    owners = build(CONF, RECORDS, Platform.GITLAB)
    assert owners.text == HEADER.format("gitlab") + GITLAB
    assert owners.location == ".gitlab/CODEOWNERS"


def test_gitea() -> None:
    owners = build(CONF, RECORDS, Platform.GITEA)
    assert owners.text == HEADER.format("gitea") + GITEA
    assert owners.location == ".gitea/CODEOWNERS"


def test_manager_without_forge_handle_is_warned() -> None:
    data = yaml.safe_load(CONFIG)
    for person in data["people"]:
        if person["id"] == "takahashi":
            del person["forge"]
    owners = build(Config.model_validate(data), RECORDS, Platform.GITHUB)
    assert "kikaku" not in owners.text
    assert len(owners.warnings) == 1
    assert "takahashi" in owners.warnings[0]


def test_codeowners_command(village: Village) -> None:
    village.apply()
    head = village.head()
    printed = village.ok("codeowners", "--platform", "gitea")
    assert r"^attachments/somu-drive/.*$ @sato-h @tanaka-i" in printed.stdout
    assert village.status() == ""
    written = village.ok("codeowners", "--write")
    assert written.stdout == ""
    assert "コミットはしていません" in written.stderr
    text = (village.path / ".github/CODEOWNERS").read_text("utf-8")
    assert "/attachments/somu-drive/ @sato-h @tanaka-i\n" in text
    assert village.head() == head
    bad = village.yakkan("codeowners", "--platform", "bitbucket")
    assert bad.code == 2
    assert "bitbucket" in bad.stderr


def test_codeowners_check_names_what_drifted(village: Village) -> None:
    """Issue 19: a service added after CODEOWNERS was written falls to the catch-all line;
    `--check` (run by the generated merge-request jobs) says so and how to fix it."""
    absent = village.yakkan("codeowners", "--check")
    assert absent.code == 1 and ".github/CODEOWNERS がありません" in absent.stderr
    village.ok("codeowners", "--write")
    assert "とおりです" in village.ok("codeowners", "--check").stderr
    village.apply()
    drifted = village.yakkan("codeowners", "--check")
    assert drifted.code == 1, drifted.output
    assert "/attachments/somu-drive/ @sato-h @tanaka-i" in drifted.stderr
    assert "yakkan codeowners --platform github --write" in drifted.stderr
    assert "Traceback" not in drifted.output
    village.ok("codeowners", "--write")
    assert village.yakkan("codeowners", "--check").code == 0
    both = village.yakkan("codeowners", "--check", "--write")
    assert both.code == 2 and "同時に" in both.stderr


@pytest.mark.parametrize(
    ("expected", "current", "missing"),
    [
        ("# c\n* @a\n/records/somu/ @s\n", "* @a\n/records/somu/ @s\n", []),
        ("* @a\n/records/somu/ @s\n", "* @a\n", ["/records/somu/ @s"]),
        ("* @a\n/records/somu/ @s\n", None, ["* @a", "/records/somu/ @s"]),
        ("/records/somu/ @s @t\n", "/records/somu/ @s\n", ["/records/somu/ @s @t"]),
        ("[somu]\n/x/ @s\n", "/x/ @s\n", ["[somu]"]),  # GitLab's section matters
        ("* @a\n", "  * @a  \n# extra\n/y/ @z\n", []),  # extra lines are the village's
    ],
)
def test_missing_lines(expected: str, current: str | None, missing: list[str]) -> None:
    assert missing_lines(expected, current) == missing


# --- every path a pull request could use, matched the way each forge matches -------------


def _github_match(pattern: str, path: str) -> bool:
    """GitHub's and GitLab's CODEOWNERS patterns as generated here: `*`, an anchored file
    `/a/b`, or an anchored folder `/a/` owning everything below it."""
    if pattern == "*":
        return True
    anchored = pattern.lstrip("/")
    if pattern.endswith("/"):
        return path.startswith(anchored)
    return path == anchored


def _gitea_match(pattern: str, path: str) -> bool:
    import re

    return re.fullmatch(pattern, path) is not None


def owners_of(text: str, path: str, platform: Platform) -> set[str]:
    """The owners of `path`: the last matching line (GitHub, Gitea), and for GitLab the
    union over sections of each section's last matching line (every section must approve)."""
    match = _gitea_match if platform is Platform.GITEA else _github_match
    sections: dict[str, set[str]] = {}
    section = ""
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if platform is Platform.GITLAB and line.startswith("["):
            section = line
            continue
        pattern, *handles = line.split()
        if match(pattern, path):
            sections[section] = set(handles)
    return set().union(*sections.values()) if sections else set()


EVERY_MANAGER = {"@sato-h", "@tanaka-i", "@takahashi-m"}
DANGEROUS = [
    "yakkan.yaml",
    ".yakkan/allowed_signers",
    ".yakkan/accepted-findings.yaml",
    "templates/_macros.md.j2",
    "templates/application.html.j2",
    ".github/workflows/yakkan.yml",
    ".github/workflows/new-bypass.yml",
    ".github/CODEOWNERS",
    ".gitlab-ci.yml",
    ".gitlab/CODEOWNERS",
    ".gitea/CODEOWNERS",
    ".gitea/workflows/ci.yml",
    ".forgejo/workflows/ci.yml",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".pre-commit-config.yaml",
    "ci-requirements.txt",
    ".gitattributes",
    "README.md",  # anything else: the catch-all
    "attachments/somu-new/terms.pdf",  # a new record's attachments before CODEOWNERS knows it
]


@pytest.mark.parametrize("platform", list(Platform))
@pytest.mark.parametrize("path", DANGEROUS)
def test_every_path_a_pull_request_could_use_has_every_manager(
    platform: Platform, path: str
) -> None:
    text = build(CONF, RECORDS, platform).text
    assert owners_of(text, path, platform) >= EVERY_MANAGER


@pytest.mark.parametrize("platform", list(Platform))
def test_department_folders_go_to_their_managers(platform: Platform) -> None:
    text = build(CONF, RECORDS, platform).text
    somu = owners_of(text, "records/somu/somu-drive.yaml", platform)
    kikaku = owners_of(text, "attachments/kikaku-chat/terms.pdf", platform)
    if platform is Platform.GITLAB:  # the default section applies too: any manager there
        assert {"@sato-h", "@tanaka-i"} <= somu
        assert "@takahashi-m" in kikaku
    else:
        assert somu == {"@sato-h", "@tanaka-i"}
        assert kikaku == {"@takahashi-m"}


@pytest.mark.parametrize("handle", ["sato h", "sato@h", "-sato", "sato-", "佐藤", "a/b c"])
def test_forge_handles_are_checked(handle: str) -> None:
    data = yaml.safe_load(CONFIG)
    data["people"][0]["forge"] = handle
    with pytest.raises(ValueError, match="forge"):
        Config.model_validate(data)


@pytest.mark.parametrize("handle", ["sato-h", "@sato-h", "sato.h", "group/sub", "a_b"])
def test_forge_handles_that_forges_accept(handle: str) -> None:
    data = yaml.safe_load(CONFIG)
    data["people"][0]["forge"] = handle
    Config.model_validate(data)
