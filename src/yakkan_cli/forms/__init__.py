"""The printed forms: Japanese era dates and the Jinja2 rendering of the two 様式."""
