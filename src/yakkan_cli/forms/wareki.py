"""Japanese era (和暦) dates: the pure rules live in rules/wareki.py (the ISMAP normaliser
reads 和暦 too, and rules may not import forms); the forms keep their old import path."""

from yakkan_cli.rules.wareki import ERAS, Era, era_of, era_year, format_year, parse_date, to_wareki

__all__ = ["ERAS", "Era", "era_of", "era_year", "format_year", "parse_date", "to_wareki"]
