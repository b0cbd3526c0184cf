"""The report: one Markdown table of every command beside its floor and its target.

The targets are issue 14's ("Targets"); each row says which floor its ratio is taken
against and whether the target is met. `results.md` gets the whole report; the README's
speed table (between `<!-- bench:begin -->` and `<!-- bench:end -->`) is the same table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
HEADER = (
    "| command | size | cache | yakkan s | peak MiB | floor | floor s | ratio "
    "| × bytes · compose | target | met? |"
)
RULE = "|---|---:|---|---:|---:|---|---:|---:|---:|---|---|"


@dataclass(frozen=True)
class Target:
    """Every bound given must hold; `text` says them as the issue does."""

    ratio: float | None = None  # at most this many times the row's floor
    seconds: float | None = None  # under this wall time
    mib: float | None = None  # peak memory under this

    @property
    def text(self) -> str:
        parts = []
        if self.seconds is not None:
            parts.append(f"< {self.seconds:g} s")
        if self.ratio is not None:
            parts.append(f"≤ {self.ratio:g}× floor")
        if self.mib is not None:
            parts.append(f"< {self.mib:g} MiB")
        return ", ".join(parts)

    def missed(self, seconds: float, ratio: float | None, mib: float) -> list[str]:
        """What the measurement misses of the target (empty: met)."""
        missed = []
        if self.seconds is not None and seconds >= self.seconds:
            missed.append("time")
        if self.ratio is not None and (ratio is None or ratio > self.ratio):
            missed.append("ratio")
        if self.mib is not None and mib >= self.mib:
            missed.append("memory")
        return missed

    def __and__(self, other: Target) -> Target:
        return Target(
            other.ratio if other.ratio is not None else self.ratio,
            other.seconds if other.seconds is not None else self.seconds,
            other.mib if other.mib is not None else self.mib,
        )


@dataclass(frozen=True)
class Row:
    command: str
    size: str
    cache: str  # "warm", "cold" or "—" (the command reads no records)
    seconds: float
    peak_mib: float
    floor: str
    floor_seconds: float | None
    target: Target | None = None
    # The read commands' ratios against reading the bytes and composing the nodes.
    bytes_seconds: float | None = None
    compose_seconds: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor_seconds if self.floor_seconds else None

    @property
    def met(self) -> str:
        if self.target is None:
            return "—"
        missed = self.target.missed(self.seconds, self.ratio, self.peak_mib)
        return "yes" if not missed else "**no** (" + ", ".join(missed) + ")"

    def line(self) -> str:
        def times(value: float | None) -> str:
            return "—" if value is None else f"{value:.1f}×"

        both = "—"
        if self.bytes_seconds and self.compose_seconds:
            both = (
                f"{times(self.seconds / self.bytes_seconds)} · "
                f"{times(self.seconds / self.compose_seconds)}"
            )
        cells = [
            self.command,
            self.size,
            self.cache,
            f"{self.seconds:.3f}",
            f"{self.peak_mib:.0f}",
            self.floor,
            "—" if self.floor_seconds is None else f"{self.floor_seconds:.3f}",
            times(self.ratio),
            both,
            self.target.text if self.target else "—",
            self.met,
        ]
        return "| " + " | ".join(cells) + " |"


@dataclass
class Report:
    title_line: str  # how, where and when it was measured
    rows: list[Row] = field(default_factory=list)
    floors: list[tuple[str, str, float]] = field(default_factory=list)  # size, floor, seconds

    def table(self) -> str:
        return "\n".join([HEADER, RULE, *(row.line() for row in self.rows)])

    def floors_table(self) -> str:
        lines = ["| size | floor | seconds |", "|---:|---|---:|"]
        lines += [f"| {size} | {name} | {seconds:.3f} |" for size, name, seconds in self.floors]
        return "\n".join(lines)

    def markdown(self) -> str:
        return "\n".join(
            [
                "# yakkan benchmarks",
                "",
                self.title_line,
                "",
                self.table(),
                "",
                "## Floors, same run",
                "",
                self.floors_table(),
                "",
            ]
        )

    def readme_block(self) -> str:
        return "\n".join([BEGIN, self.title_line, "", self.table(), END])


def update_readme(readme: Path, block: str) -> None:
    """Replace what lies between the markers (markers included) with `block`."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if len(pattern.findall(text)) != 1:
        raise SystemExit(f"{readme}: expected one {BEGIN} … {END} block")
    readme.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")
