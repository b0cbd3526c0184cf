"""A note explains a mark and goes when that mark is changed (rules.readiness.note_stays)."""

from __future__ import annotations

import pytest

from yakkan_cli.model import Mark
from yakkan_cli.rules.readiness import note_stays

OK, NG, NA = Mark.OK, Mark.NG, Mark.NA


@pytest.mark.parametrize(
    ("old", "other", "new", "stays"),
    [
        (NG, None, OK, False),  # the × it explained was corrected: the note goes
        (NG, OK, OK, False),
        (NA, OK, OK, False),
        (None, None, OK, False),  # a first mark: any older note was about another mark
        (NG, None, NG, True),  # the same mark again: its note still explains it
        (NA, OK, NA, True),
        (OK, NA, OK, True),  # the other column's ／ may be what the note explains
        (NG, NG, OK, True),
    ],
)
def test_note_stays(old: Mark | None, other: Mark | None, new: Mark, stays: bool) -> None:
    assert note_stays(old, other, new) is stays
