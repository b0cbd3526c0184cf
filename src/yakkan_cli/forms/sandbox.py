"""The Jinja2 environment the forms' templates run in: a sandbox.

A template may come from a records repository, that is from any pull request that touches
`templates/`, and is rendered on the machine of whoever prints a form, the reviewer
included. So it runs in Jinja's ImmutableSandboxedEnvironment: it may read the values it is
given and call the filters, and nothing else (no attribute starting with `_`, so no
`__globals__`, `__subclasses__` or `__init__`; no changing lists or mappings; ranges
capped), and it reads no file outside its folder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
import jinja2.sandbox


class _ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that reads nothing outside its folder.

    Jinja already refuses `..` in a template name; a symbolic link committed into a
    repository's `templates/` (to `~/.ssh/id_ed25519`, say) would still be followed and
    printed into the form. Such a template is treated as not there.
    """

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(d).resolve()) for d in self.searchpath):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


def sandboxed_environment(dirs: Sequence[Path]) -> jinja2.Environment:
    """Templates looked up in `dirs` in turn, rendered sandboxed with StrictUndefined;
    HTML templates (*.html.j2) autoescaped."""
    return jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader([_ConfinedLoader(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2", "html"), default_for_string=False, default=False
        ),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
