"""A template from a records repository is data, not code (issue 9, item 2).

Each attack below is what a pull request adding `templates/application.md.j2` could try
on the reviewer who renders the form: it must fail with a Japanese message naming the
template and its line, and must run nothing (the marker file stays absent).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.forms_fixtures import sample_config, sample_record
from yakkan_cli.errors import YakkanError
from yakkan_cli.forms import render_form


def _marker(tmp_path: Path) -> Path:
    return tmp_path / "pwned"


def _attacks(marker: Path) -> list[tuple[str, str]]:
    shell = f"touch {marker}"
    return [
        (
            "globals of a method",
            "{{ record.check.__func__.__globals__['__builtins__']['__import__']('os')"
            ".system('" + shell + "') }}",
        ),
        (
            "cycler's __init__",
            "{{ cycler.__init__.__globals__.os.popen('" + shell + "').read() }}",
        ),
        (
            "subclasses of object",
            "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
            "{% if c.__name__ == 'Popen' %}{{ c(['touch', '" + str(marker) + "']) }}"
            "{% endif %}{% endfor %}",
        ),
        ("os itself", "{{ os.popen('" + shell + "').read() }}"),
        (
            "builtins through a bound method",
            "{{ config.name_of.__globals__.__builtins__.__import__('subprocess')"
            ".run(['touch', '" + str(marker) + "']) }}",
        ),
        ("lipsum's globals", "{{ lipsum.__globals__['os'].popen('" + shell + "') }}"),
        ("changing the context", "{% set _ = record.application.users.append('x') %}ok"),
        ("format strings", "{{ '{0.__class__.__init__.__globals__}'.format(record) }}"),
    ]


@pytest.mark.parametrize("index", range(8))
def test_a_hostile_template_runs_nothing(tmp_path: Path, index: int) -> None:
    marker = _marker(tmp_path)
    name, body = _attacks(marker)[index]
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "application.md.j2").write_text(f"# 申請書\n\n{body}\n", encoding="utf-8")
    with pytest.raises(YakkanError) as caught:
        render_form(sample_record(), sample_config(), "application", "md", repo_templates=templates)
    message = caught.value.message
    assert "application.md.j2" in message, name
    assert "3 行目" in message, (name, message)
    assert message.startswith("テンプレート"), (name, message)
    if name != "os itself":  # that one is merely undefined
        assert "許されていない操作" in message, (name, message)
    assert not marker.exists(), name


def test_an_error_of_the_templates_own_making_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "application.md.j2").write_text("一行目\n{{ 1 // 0 }}\n", encoding="utf-8")
    with pytest.raises(YakkanError) as caught:
        render_form(sample_record(), sample_config(), "application", "md", repo_templates=tmp_path)
    message = caught.value.message
    assert "application.md.j2 の 2 行目" in message
    assert "ZeroDivisionError" in message


def test_a_template_including_itself_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "application.md.j2").write_text(
        '{% include "application.md.j2" %}\n', encoding="utf-8"
    )
    with pytest.raises(YakkanError) as caught:
        render_form(sample_record(), sample_config(), "application", "md", repo_templates=tmp_path)
    assert "application.md.j2" in caught.value.message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_a_symbolic_link_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-KEY-MATERIAL", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "leak.md.j2").symlink_to(secret)
    (templates / "application.md.j2").write_text('{% include "leak.md.j2" %}\n', encoding="utf-8")
    with pytest.raises(YakkanError) as caught:
        render_form(sample_record(), sample_config(), "application", "md", repo_templates=templates)
    assert "leak.md.j2" in caught.value.message
    assert "SECRET" not in str(caught.value)


def test_the_packaged_templates_render_in_the_sandbox() -> None:
    for form in ("application", "termination"):
        for fmt in ("md", "html"):
            text = render_form(sample_record(terminated=True), sample_config(), form, fmt)
            assert sample_record().service.name in text
