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


def _refusal(tmp_path: Path, body: str) -> str:
    """Render a repository's application template whose third line is `body`; the message
    of the refusal that must follow."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "application.md.j2").write_text(f"# 申請書\n\n{body}\n", encoding="utf-8")
    with pytest.raises(YakkanError) as caught:
        render_form(sample_record(), sample_config(), "application", "md", repo_templates=templates)
    return caught.value.message


@pytest.mark.parametrize("index", range(8))
def test_a_hostile_template_runs_nothing(tmp_path: Path, index: int) -> None:
    marker = _marker(tmp_path)
    name, body = _attacks(marker)[index]
    message = _refusal(tmp_path, body)
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


_COSTLY = [
    ("a string repeated", "{{ 'x' * 10 ** 4 * 10 ** 5 }}"),
    ("a list repeated", "{{ ([1] * 100000) * 100000 }}"),
    ("a huge power", "{{ 7 ** 123456789 }}"),
    # Not caught where it is written: `~` cannot be intercepted. The memory bound stops it.
    (
        "a string doubled line after line",
        "{% set a = 'x' * 8000000 %}"
        + "".join("{% set a = a ~ a %}" for _ in range(12))
        + "{{ a | length }}",
    ),
    (
        "loops that never end",
        "{% for i in range(100000) %}{% for j in range(100000) %}"
        "{% for k in range(100000) %}{% endfor %}{% endfor %}{% endfor %}",
    ),
]


@pytest.mark.parametrize("index", range(len(_COSTLY)))
def test_a_template_asking_for_the_machine_is_stopped(
    tmp_path: Path, index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yakkan_cli.forms import sandbox

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 2)  # the default is generous; the loop is not
    name, body = _COSTLY[index]
    message = _refusal(tmp_path, body)
    assert "application.md.j2" in message and "3 行目" in message, (name, message)
    assert "メモリか時間" in message, (name, message)
    # The bounds are lifted again: the packaged form renders as before.
    assert render_form(sample_record(), sample_config(), "application", "md").startswith("#")
