"""CODEOWNERS for the three forges, exact text; and `codeowners --write` end to end."""

from __future__ import annotations

import yaml

from tests.village import CONFIG, Village
from yakkan_cli.actions.codeowners import Platform, build
from yakkan_cli.model import Config

HEADER = (
    "# yakkan codeowners --platform {} が生成（課の記録と添付を利用責任者に割り当てる）。"
    "yakkan.yaml を直したら作り直してください\n"
)
CONF = Config.model_validate(yaml.safe_load(CONFIG))
RECORDS = [("somu", "somu-drive"), ("kikaku", "kikaku-chat")]

GITHUB = """
/yakkan.yaml @sato-h @tanaka-i @takahashi-m
/.yakkan/ @sato-h @tanaka-i @takahashi-m

# 総務課
/records/somu/ @sato-h @tanaka-i
/attachments/somu-drive/ @sato-h @tanaka-i

# 企画課
/records/kikaku/ @takahashi-m
/attachments/kikaku-chat/ @takahashi-m
"""

GITLAB = """
/yakkan.yaml @sato-h @tanaka-i @takahashi-m
/.yakkan/ @sato-h @tanaka-i @takahashi-m

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
^yakkan\.yaml$ @sato-h @tanaka-i @takahashi-m
^\.yakkan/.*$ @sato-h @tanaka-i @takahashi-m

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
