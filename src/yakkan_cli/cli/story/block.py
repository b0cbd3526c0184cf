"""`Block`: one heading of the page with its fields and lines; how a person and a day are
written in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from yakkan_cli.messages import t

if TYPE_CHECKING:
    from yakkan_cli.model import Config


@dataclass
class Block:
    heading: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def add(self, label: str, value: str | None) -> None:
        if value:
            self.fields.append((label, value))


def day(on: date | None) -> str:
    return on.isoformat() if on else "—"


def by(config: Config, person: str | None, on: date | None) -> str:
    return t("show.by", name=config.name_of(person), on=day(on))
