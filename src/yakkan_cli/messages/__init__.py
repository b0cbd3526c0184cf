"""Every user-facing text of yakkan, in Japanese, in one catalog.

Code refers to a text by its key and fills in named fields: `t("vcs.dirty", path=...)`.
Keeping them here lets the wording be reviewed (and one day translated) as a whole.
The catalog is kept in one module per area (`records`, `procedure`, `audit`, `documents`,
`setup`, `help`, `screens`, `ismap`, `fulltrack`); add a new text to the area it belongs to.
A key is defined once in the whole catalog: a key found in two areas stops the import.
"""

from __future__ import annotations

# Nothing else imported: the entry point loads this catalog before anything else (for
# Ctrl-C's message), so `yakkan --version` pays only for the dictionaries themselves.
from yakkan_cli.messages import audit as _audit
from yakkan_cli.messages import documents as _documents
from yakkan_cli.messages import fulltrack as _fulltrack
from yakkan_cli.messages import help as _help
from yakkan_cli.messages import ismap as _ismap
from yakkan_cli.messages import procedure as _procedure
from yakkan_cli.messages import records as _records
from yakkan_cli.messages import screens as _screens
from yakkan_cli.messages import setup as _setup


def _catalog() -> dict[str, str]:
    merged: dict[str, str] = {}
    for part in (
        _records,
        _procedure,
        _audit,
        _documents,
        _setup,
        _help,
        _screens,
        _ismap,
        _fulltrack,
    ):
        twice = merged.keys() & part.TEXTS.keys()
        if twice:  # a key in two areas: one would silently win
            raise RuntimeError(f"message keys defined twice: {sorted(twice)}")
        merged.update(part.TEXTS)
    return merged


MESSAGES: dict[str, str] = _catalog()


def t(key: str, /, **fields: object) -> str:
    """The text for `key` with `fields` filled in; an unknown key is a bug, not a user error."""
    return MESSAGES[key].format(**fields)
