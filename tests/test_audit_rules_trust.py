"""Issue 19, pure rules: one key line, one person (A7); a key's end judged at arrival;
the guarded paths of a merge (A2); git's indirections and record file names (A8, A4)."""

from __future__ import annotations

from datetime import date

import pytest

from yakkan_cli.rules.audit.indirections import nested_attributes
from yakkan_cli.rules.audit.paths import is_guarded, misnamed_record, named_service
from yakkan_cli.rules.audit.signers import fingerprint, key_valid_before, signer_problems

KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
OTHER = "AAAAC3NzaC1lZDI1NTE5AAAAIBxq6N8s5xJ0qJgk3vWmT0yVb3QeS1hBj3Qn9b1Vb4cT"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (f"sato@example.jp ssh-ed25519 {KEY}\n", []),
        (f'sato@example.jp namespaces="git",valid-after="20260101" ssh-ed25519 {KEY} c\n', []),
        (f"# a comment\n\nsato@example.jp ssh-ed25519 {KEY}\n", []),
        (f"sato@example.jp,yamada@example.jp ssh-ed25519 {KEY}\n", [1]),
        (f'"sato@example.jp,yamada@example.jp" ssh-ed25519 {KEY}\n', [1]),
        (f"*@example.jp ssh-ed25519 {KEY}\n", [1]),
        (f"sat?@example.jp ssh-ed25519 {KEY}\n", [1]),
        (f"sato@example.jp cert-authority ssh-ed25519 {KEY}\n", [1]),
        (f"sato@example.jp ssh-ed25519 {KEY}\nyamada@example.jp ssh-ed25519 {KEY}\n", [2]),
        # The same person twice (a rotation window) is one person.
        (f"sato@example.jp ssh-ed25519 {KEY}\nSATO@example.jp ssh-ed25519 {KEY}\n", []),
        (f"sato@example.jp ssh-ed25519 {KEY}\nyamada@example.jp ssh-ed25519 {OTHER}\n", []),
    ],
)
def test_one_key_line_one_person(text: str, lines: list[int]) -> None:
    assert [p.line for p in signer_problems(text)] == lines


def test_a_key_ends_on_its_last_valid_before() -> None:
    mine = fingerprint(KEY)
    assert mine is not None and mine.startswith("SHA256:")
    rotated = (
        f'sato@example.jp valid-before="20260501" ssh-ed25519 {KEY}\n'
        f'sato@example.jp valid-after="20260501" ssh-ed25519 {OTHER}\n'
    )
    assert key_valid_before(rotated, mine) == date(2026, 5, 1)
    assert key_valid_before(rotated, fingerprint(OTHER) or "") is None
    assert key_valid_before(f"sato@example.jp ssh-ed25519 {KEY}\n", mine) is None


@pytest.mark.parametrize(
    ("path", "guarded"),
    [
        ("yakkan.yaml", True),
        (".yakkan/allowed_signers", True),
        ("records/somu/somu-drive.yaml", True),
        ("attachments/somu-drive/terms.pdf", True),
        ("templates/application.md.j2", True),
        (".github/workflows/yakkan.yml", True),
        (".github/CODEOWNERS", True),
        (".gitlab-ci.yml", True),
        (".gitlab/CODEOWNERS", True),
        (".gitea/workflows/yakkan.yml", True),
        ("CODEOWNERS", True),
        ("docs/CODEOWNERS", True),
        (".gitattributes", True),
        ("docs/deep/.gitattributes", True),
        (".pre-commit-config.yaml", True),
        ("README.md", False),
        ("docs/guide.md", False),
        ("templates", False),
    ],
)
def test_the_paths_a_merge_may_not_change(path: str, guarded: bool) -> None:
    assert is_guarded(path) is guarded


@pytest.mark.parametrize(
    ("path", "misnamed", "service"),
    [
        ("records/somu/somu-drive.yaml", False, "somu-drive"),
        ("records/somu/ｓｏｍｕ-drive.yaml", True, "somu-drive"),
        ("records/somu/somu-drive.yml", True, "somu-drive"),
        ("records/somu/old/somu-drive.yaml", True, "somu-drive"),
        ("records/README.md", True, None),
    ],
)
def test_record_file_names(path: str, misnamed: bool, service: str | None) -> None:
    assert misnamed_record(path) is misnamed
    assert named_service(path) == service


def test_gitattributes_below_records_and_attachments() -> None:
    assert nested_attributes("records/.gitattributes")
    assert nested_attributes("records/somu/.gitattributes")
    assert nested_attributes("attachments/somu-drive/.gitattributes")
    assert not nested_attributes(".gitattributes")
    assert not nested_attributes("records/somu/somu-drive.yaml")
