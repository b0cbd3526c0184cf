"""A2 (issue 19.6): every guarded path is recomputed at a merge. An "update branch" merge
that slips in a change of its own — a `|| true` in a forge's workflow, a CODEOWNERS in any
of the places a forge reads one, a `.gitattributes` at any depth, a template, the config —
is a finding naming the merge and the file; a conflict resolved by hand in a file nobody
guards is not."""

from __future__ import annotations

import pytest

from tests.e2e.forgeries.found import found, report
from tests.village import Village

DAY = "2026-08-01"


def _merge_with(year: Village, path: str, text: str) -> str:
    """main merges a pull request with `--no-commit`, and writes `path` into the merge."""
    year.git("switch", "-q", "-c", "pr")
    year.ok("purpose-check", "somu-drive", "--matches", "--date", DAY, as_="suzuki")
    year.git("switch", "-q", "main")
    year.git("merge", "-q", "--no-ff", "--no-commit", "pr", as_="sato")
    target = year.path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    return year.hand_commit("sato", "Merge pr")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (
            ".github/workflows/yakkan.yml",
            "jobs:\n  verify:\n    steps:\n      - run: yakkan verify || true\n",
        ),
        (".gitlab-ci.yml", "verify:\n  script: yakkan verify || true\n"),
        (".gitea/workflows/yakkan.yml", "jobs: {}\n"),
        ("CODEOWNERS", "* @yamada-t\n"),
        (".github/CODEOWNERS", "* @yamada-t\n"),
        ("docs/CODEOWNERS", "* @yamada-t\n"),
        (".gitlab/CODEOWNERS", "* @yamada-t\n"),
        (".gitattributes", "records/** -diff\n"),
        ("docs/deep/.gitattributes", "* linguist-generated\n"),
        ("templates/application.md.j2", "承認済み\n"),
        (".pre-commit-config.yaml", "repos: []\n"),
    ],
)
def test_merge_slips_in_a_guarded_file(year: Village, path: str, text: str) -> None:
    base = year.head()
    bad = _merge_with(year, path, text)
    found(year, base, bad, "A2", path)


def test_a_merge_that_writes_an_unguarded_file_is_no_finding(year: Village) -> None:
    base = year.head()
    _merge_with(year, "docs/guide.md", "手順の説明\n")
    for args in (("verify", f"{base}..HEAD"), ("audit",)):
        assert report(year, *args)["findings"] == []
