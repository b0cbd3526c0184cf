"""Where CI gets yakkan from: the spec `init` writes, checked from tables (no I/O)."""

from __future__ import annotations

import json

import pytest

from yakkan_cli.actions.install_spec import (
    check_index,
    check_spec,
    is_pinned,
    spec_from_direct_url,
)
from yakkan_cli.errors import YakkanError

COMMIT = "0123456789abcdef0123456789abcdef01234567"
SHA = "ab" * 32


@pytest.mark.parametrize(
    ("spec", "pinned"),
    [
        (f"yakkan @ git+https://git.example.jp/joho/yakkan@{COMMIT}", True),
        ("yakkan @ git+https://git.example.jp/joho/yakkan@main", False),  # a branch moves
        ("yakkan @ git+https://git.example.jp/joho/yakkan@v1.0", False),  # so can a tag
        (f"yakkan @ https://files.example.jp/yakkan-1.0-py3-none-any.whl#sha256={SHA}", True),
        ("yakkan @ https://files.example.jp/yakkan-1.0-py3-none-any.whl", False),
        ("yakkan==1.0", True),
        ("yakkan===1.0", True),
        ("yakkan>=1.0", False),
        ("yakkan==1.*", False),
        ("yakkan", False),
    ],
)
def test_is_pinned(spec: str, pinned: bool) -> None:
    assert is_pinned(spec) is pinned


@pytest.mark.parametrize(
    "spec",
    [
        f"yakkan @ git+https://git.example.jp/joho/yakkan@{COMMIT}",
        f"  yakkan @ https://files.example.jp/y.whl#sha256={SHA}  ",
    ],
)
def test_check_spec_accepts(spec: str) -> None:
    assert check_spec(spec) == spec.strip()


def test_a_bare_version_needs_its_index() -> None:
    """Issue 21: `yakkan==X` alone would be whatever the public index serves under that name."""
    with pytest.raises(YakkanError, match="--index-url"):
        check_spec("yakkan==0.1.0")
    assert check_spec("yakkan==0.1.0", "https://pypi.village.example/simple") == "yakkan==0.1.0"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://pypi.village.example/simple", True),
        ("http://pypi.village.example/simple", False),
        ("file:///srv/wheels", False),
        ("https://x.example/simple' && curl evil", False),
        ("https://x.example/$(evil)", False),
        ("https://x.example/simple\nrun: evil", False),
    ],
)
def test_check_index(url: str, ok: bool) -> None:
    if ok:
        assert check_index(url) == url
    else:
        with pytest.raises(YakkanError, match="index-url"):
            check_index(url)


@pytest.mark.parametrize(
    ("spec", "why"),
    [
        ("yakkan>=0.1", "固定されていません"),
        ("yakkan", "固定されていません"),
        ("other==1.0", "yakkan を指していません"),
        ("yakkan==1.0'; curl evil | sh; echo '", "引用符なし"),
        ('yakkan==1.0"', "引用符なし"),
        ("yakkan==1.0\nrun: evil", "引用符なし"),
        ("yakkan==$(evil)", "引用符なし"),
        ("yakkan[", "読めません"),
        ("", "引用符なし"),
        # A URL that names no single build, or none a runner reaches (issue 20).
        ("yakkan @ git+https://git.example.jp/joho/yakkan", "固定されていません"),
        ("yakkan @ git+https://git.example.jp/joho/yakkan@main", "固定されていません"),
        ("yakkan @ https://files.example.jp/yakkan-1.0-py3-none-any.whl", "固定されていません"),
        (f"yakkan @ file:///home/joho/yakkan-1.0-py3-none-any.whl#sha256={SHA}", "取り出せません"),
        (f"yakkan @ http://files.example.jp/y.whl#sha256={SHA}", "取り出せません"),
    ],
)
def test_check_spec_refuses(spec: str, why: str) -> None:
    with pytest.raises(YakkanError, match=why):
        check_spec(spec)


def test_spec_from_a_vcs_install() -> None:
    raw = json.dumps(
        {
            "url": "https://git.example.jp/joho/yakkan",
            "vcs_info": {"vcs": "git", "commit_id": COMMIT},
        }
    )
    spec = spec_from_direct_url(raw, "0.1.0")
    assert spec == f"yakkan @ git+https://git.example.jp/joho/yakkan@{COMMIT}"
    assert is_pinned(spec)


def test_spec_from_a_wheel_url() -> None:
    raw = json.dumps(
        {"url": "https://files.example.jp/yakkan-0.1.0-py3-none-any.whl",
         "archive_info": {"hashes": {"sha256": SHA}}}
    )  # fmt: skip
    assert spec_from_direct_url(raw, "0.1.0").endswith(f"#sha256={SHA}")


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (None, "入手元"),  # from an index: the name alone says nothing of what it is
        (json.dumps({"url": "file:///home/me/yakkan", "dir_info": {"editable": True}}), "ローカル"),
        (json.dumps({"url": "file:///tmp/yakkan.whl", "archive_info": {}}), "ローカル"),
        ("not json", "入手元"),
    ],
)
def test_no_installable_source_is_refused_with_advice(raw: str | None, why: str) -> None:
    with pytest.raises(YakkanError, match=why) as caught:
        spec_from_direct_url(raw, "0.1.0")
    assert "--install" in caught.value.message
