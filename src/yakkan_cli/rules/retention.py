"""How long a closed record must be kept (S5.4) and when it may be disposed of.

S5.4: the service administrator keeps the forms "for at least 3 years after the service
ends". yakkan reads it as follows (the number of years is `policy.retention_years`):

* A **terminated** service counts from the later of `termination.end_on` (the day the
  service ends, as the procedure says) and `termination.approved_on`: the termination form
  is only complete once approved, and since the rule is a minimum, keeping longer is
  always compliant.
* A **rejected** or **withdrawn** application counts from `closure.on`. The forms of an
  application that was refused or withdrawn are records of the procedure too, so they are
  kept just as long.
* Other states have no retention end: the record is still in use or in progress.

With `retention_basis: end_date` the years count from that day itself. With
`retention_basis: fiscal_year` they count from the first April 1 *strictly after* that
day, the start of the next Japanese fiscal year (翌年度の4月1日起算, as in public records
management): a service ending on 2026-03-31 counts from 2026-04-01, one ending on April 1
2026 (already in fiscal 2026) counts from 2027-04-01.

Years are calendar years with the day clamped: 2028-02-29 plus 3 years is 2031-02-28.
The record may be disposed of on `retain_until` itself and any day after.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from yakkan_cli.model import RetentionBasis, State

if TYPE_CHECKING:
    from yakkan_cli.model import Policy, Record
    from yakkan_cli.rules.settings import PolicySettings

FISCAL_YEAR_START = (4, 1)  # month, day: the Japanese fiscal year starts on April 1


def add_years(day: date, years: int) -> date:
    """`day` moved by whole calendar years; February 29 becomes February 28."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # only Feb 29 into a common year can fail
        return day.replace(year=day.year + years, day=28)


def next_fiscal_year_start(day: date) -> date:
    """The first April 1 strictly after `day` (2026-03-31 → 2026-04-01, 2026-04-01 → 2027-04-01)."""
    month, first = FISCAL_YEAR_START
    this_year = date(day.year, month, first)
    return this_year if day < this_year else date(day.year + 1, month, first)


def retention_start(record: Record) -> date | None:
    """The day the retention clock starts from, before the basis is applied; None while open."""
    if record.state is State.TERMINATED and record.termination is not None:
        termination = record.termination
        approved = termination.approved_on
        return max(termination.end_on, approved) if approved else termination.end_on
    if record.state in (State.REJECTED, State.WITHDRAWN) and record.closure is not None:
        return record.closure.on
    return None


def retain_until(record: Record, policy: Policy) -> date | None:
    """The first day the record and its attachments may be disposed of; None while open."""
    return retain_from(retention_start(record), policy)


def retain_from(start: date | None, policy: PolicySettings) -> date | None:
    """`retain_until` of a record whose retention clock starts on `start` (None: open)."""
    if start is None:
        return None
    if policy.retention_basis is RetentionBasis.FISCAL_YEAR:
        start = next_fiscal_year_start(start)
    return add_years(start, policy.retention_years)
