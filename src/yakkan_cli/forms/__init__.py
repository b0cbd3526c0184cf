"""The printed forms: Japanese era dates and the Jinja2 rendering of the two 様式.

The names below are loaded when first used (PEP 562): `forms.items` and `forms.wareki`
are needed by commands that print no form (`show`, the prompts), and importing them must
not import Jinja2 with `forms.render`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yakkan_cli.forms.items import (
        APPLICATION_ITEM_TEXTS,
        RISK_HEADING,
        RISK_TEXTS,
        TERMINATION_ITEM_TEXTS,
    )
    from yakkan_cli.forms.render import (
        FORMATS,
        FORMS,
        PACKAGED_TEMPLATES,
        FormatName,
        FormName,
        render_form,
    )
    from yakkan_cli.forms.wareki import era_year, to_wareki

_HOME = {
    "APPLICATION_ITEM_TEXTS": "items",
    "RISK_HEADING": "items",
    "RISK_TEXTS": "items",
    "TERMINATION_ITEM_TEXTS": "items",
    "FORMATS": "render",
    "FORMS": "render",
    "PACKAGED_TEMPLATES": "render",
    "FormatName": "render",
    "FormName": "render",
    "render_form": "render",
    "era_year": "wareki",
    "to_wareki": "wareki",
}

__all__ = [
    "APPLICATION_ITEM_TEXTS",
    "FORMATS",
    "FORMS",
    "PACKAGED_TEMPLATES",
    "RISK_HEADING",
    "RISK_TEXTS",
    "TERMINATION_ITEM_TEXTS",
    "FormName",
    "FormatName",
    "era_year",
    "render_form",
    "to_wareki",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
