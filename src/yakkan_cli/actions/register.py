"""`yakkan register`: the register (台帳) of every service, for the annual report (issue 12).

The rows come from `rules/register.py`; the same rows feed the CSV, the Excel workbook, the
HTML page and its PDF (`forms/register.py` writes them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from yakkan_cli.errors import YakkanError
from yakkan_cli.messages import t
from yakkan_cli.model import State
from yakkan_cli.rules.register import Register, Row, row_from, summary_in_fiscal_year
from yakkan_cli.store.listing import Summarized

if TYPE_CHECKING:
    # Types only: `register_over` runs on the record cache's plain data (cli/fast.py).
    from yakkan_cli.actions.workspace.workspace import Workspace
    from yakkan_cli.rules.schedule import Lists
    from yakkan_cli.rules.settings import ReadSettings


def build_register(
    ws: Workspace,
    *,
    as_of: date,
    states: Sequence[State] = (),
    department: str | None = None,
    fiscal_year: int | None = None,
) -> Register:
    from yakkan_cli.actions.fulltrack import all_lists

    return register_over(
        ws.summaries(),
        ws.config,
        as_of=as_of,
        lists=all_lists(ws),
        states=states,
        department=department,
        fiscal_year=fiscal_year,
    )


def register_over(
    summaries: Iterable[Summarized | YakkanError],
    config: ReadSettings,
    *,
    as_of: date,
    states: Sequence[State] = (),
    department: str | None = None,
    fiscal_year: int | None = None,
    lists: Lists | None = None,
) -> Register:
    """The register of these records: the workspace's, or the record cache's alone (which
    reads no ISMAP snapshot: `lists` None)."""
    if department is not None and config.department(department) is None:
        raise YakkanError(t("actions.unknown_department", id=department))
    rows: list[Row] = []
    errors: list[YakkanError] = []
    for item in summaries:
        if isinstance(item, YakkanError):
            errors.append(item)
            continue
        summary = item.summary
        if states and summary.state not in states:
            continue
        if department is not None and summary.department != department:
            continue
        if fiscal_year is not None and not summary_in_fiscal_year(summary, fiscal_year):
            continue
        rows.append(row_from(summary, config, as_of, lists))
    rows.sort(key=lambda r: (r.department, r.id))
    return Register(as_of, config.organization, rows, errors, fiscal_year)
