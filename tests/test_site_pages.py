"""The pieces of `yakkan site` that keep record text text, tested from tables (no browser:
tests/e2e/test_site.py opens the pages in Chromium)."""

from __future__ import annotations

import json

import pytest

from yakkan_cli.actions.site import safe_file_name
from yakkan_cli.forms.site import href, json_for_script, policy, web_link, with_policy

HOSTILE = [
    "</script><script>alert(1)</script>",
    "</SCRIPT >",
    "<!-- <script>",
    "a & b &amp; c",
    "line\u2028separator\u2029paragraph",
    '"quoted" \\ backslash',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_json_for_a_script_block_cannot_end_it(text: str) -> None:
    embedded = str(json_for_script({"rows": [{"name": text}]}))
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in embedded
    assert json.loads(embedded) == {"rows": [{"name": text}]}  # the script reads it back whole


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://policies.google.com/terms", "https://policies.google.com/terms"),
        ("HTTP://example.jp/", "HTTP://example.jp/"),
        ("javascript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("file:///etc/passwd", None),
        ("//example.jp/x", None),
        ("", None),
        (None, None),
    ],
)
def test_only_web_addresses_become_links(url: str | None, link: str | None) -> None:
    assert web_link(url) == link


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("terms.pdf", "terms.pdf"),
        ("約款.pdf", "約款.pdf"),
        ("../../x", "_.._x"),
        ("<img src=x onerror=alert(1)>.png", "_img_src_x_onerror_alert_1__.png"),
        (".hidden", "hidden"),
        ("...", "file"),
        ("a b?c#d.txt", "a_b_c_d.txt"),
    ],
)
def test_copies_of_attachments_get_plain_names(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe
    assert "/" not in safe_file_name(name) and not safe_file_name(name).startswith(".")


def test_links_are_percent_encoded_segment_by_segment() -> None:
    assert href("files/1-a b#c?.png") == "files/1-a%20b%23c%3F.png"
    assert href("services/somu-drive/index.html") == "services/somu-drive/index.html"


def test_the_policy_forbids_every_fetch_and_names_the_one_script() -> None:
    assert policy().startswith("default-src 'none';")
    assert "script-src" not in policy()  # no script may run at all
    with_script = policy("run();")
    assert (
        "script-src 'sha256-" in with_script
        and "unsafe-inline'" not in with_script.split("script-src")[1]
    )
    assert policy("run();") != policy("run(); evil();")


@pytest.mark.parametrize(
    "html",
    [
        "<!DOCTYPE html><html><head><title>x</title>",
        '<!DOCTYPE html><html><HEAD lang="ja"><script>alert(1)</script>',
        "<p>a form with no head</p>",
    ],
)
def test_a_forms_page_gets_the_policy_before_anything_else_of_its_head(html: str) -> None:
    out = with_policy(html)
    meta = out.index("Content-Security-Policy")
    assert meta < out.find("<title>") or "<title>" not in out
    assert "<script>" not in out or meta < out.index("<script>")
