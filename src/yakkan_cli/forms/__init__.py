"""The printed forms: Japanese era dates and the Jinja2 rendering of the two 様式."""

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
