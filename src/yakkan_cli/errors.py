"""The exceptions that carry a message for the user.

Everything else that escapes a command is a bug and is reported as an internal error
(exit 3), never dressed up as a user error.
"""

from __future__ import annotations


class YakkanError(Exception):
    """Refused by a rule or by invalid data: exit 1, message already in Japanese."""

    exit_code = 1

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        return "\n".join([self.message, *self.details])


class UsageProblem(YakkanError):
    """A command line that cannot be acted on (a flag missing without a TTY …): exit 2."""

    exit_code = 2


def visible(text: str, limit: int = 80) -> str:
    """`text` as an error message may quote it: control characters written out (`\x1b`,
    `\n`, `\u202e`) so that a hostile key or value cannot drive the terminal, and at most
    `limit` characters."""
    shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text[: limit + 1])
    return shown if len(text) <= limit else shown[:limit] + "…"
