from __future__ import annotations

from yakkan_cli.errors import YakkanError


class RuleViolation(YakkanError):
    """The procedure does not allow this; the message says why and what to do."""
