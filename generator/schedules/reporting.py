"""Reporting periods: the weeks, months, quarters and years a KPI or SLA is measured over.

A result names its period as written in the vendor file: a date (`2026-10-14`, for daily
measures and for those taken per release or per ticket), an ISO week (`2026-W45`), a month
(`2026-10`), a quarter (`2026-Q3`) or a year (`2026`). Each `measured` cadence has exactly one
of these forms. Regular cadences have a next period, so a run of results has gaps that can be
named (a missing month is shown as missing, never filled in); per-release and per-ticket
results are dated and have no gaps. Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .dates import add_months

REGULAR = ("daily", "weekly", "monthly", "quarterly", "yearly")
DATED = ("per-release", "per-ticket")
FORMS = {
    "daily": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    "weekly": re.compile(r"^(\d{4})-W(\d{2})$"),
    "monthly": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarterly": re.compile(r"^(\d{4})-Q([1-4])$"),
    "yearly": re.compile(r"^(\d{4})$"),
}
FIRST_YEAR, LAST_YEAR = 1900, 2199  # as the schemas bound dates and periods
MAX_GAP_PERIODS = 400  # a run of periods longer than this is not filled in (a typo in a year, say)


@dataclass(frozen=True, order=True)
class ReportPeriod:
    """One period of a cadence: its first and last day (inclusive) and its code as written."""

    start: date
    end: date
    cadence: str
    code: str

    @property
    def regular(self) -> bool:
        return self.cadence in REGULAR

    def next(self) -> "ReportPeriod":
        """The period after this one (regular cadences only)."""
        return containing(self.cadence, self.end + timedelta(days=1))


def form_of(cadence: str) -> str:
    """The `FORMS` key of a cadence: dated measures are written as days."""
    return "daily" if cadence in DATED else cadence


@lru_cache(maxsize=4096)
def parse(code: str, cadence: str) -> ReportPeriod | None:
    """The period `code` names for a measure taken `cadence`; None if it is not of that form,
    not a real day, week or month, or outside the schemas' years. Parsed once per run for each
    code and cadence."""
    found = _match(code, cadence)
    if found is None or not FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR:
        return None
    return _period(found, code, cadence)


def _match(code: str, cadence: str) -> re.Match[str] | None:
    kind = form_of(cadence)
    return FORMS[kind].match(code) if kind in FORMS else None


def _period(found: re.Match[str], code: str, cadence: str) -> ReportPeriod | None:
    """The period a matched code names, in any year the calendar holds: the code computes the
    period after the schemas' last one (a run that ends in December 2199 steps into 2200)."""
    kind = form_of(cadence)
    year = int(found.group(1))
    try:
        if kind == "daily":
            day = date(year, int(found.group(2)), int(found.group(3)))
            return ReportPeriod(day, day, cadence, code)
        if kind == "weekly":
            monday = date.fromisocalendar(year, int(found.group(2)), 1)
            return ReportPeriod(monday, monday + timedelta(days=6), cadence, code)
        if kind == "monthly":
            first = date(year, int(found.group(2)), 1)
            return ReportPeriod(first, add_months(first, 1) - timedelta(days=1), cadence, code)
        if kind == "quarterly":
            first = date(year, 3 * int(found.group(2)) - 2, 1)
            return ReportPeriod(first, add_months(first, 3) - timedelta(days=1), cadence, code)
        return ReportPeriod(date(year, 1, 1), date(year, 12, 31), cadence, code)
    except (ValueError, OverflowError):  # month 13, week 54, 31 February, year 0
        return None


def containing(cadence: str, day: date) -> ReportPeriod:
    """The period of a regular cadence that holds `day`."""
    if cadence == "daily":
        code = day.isoformat()
    elif cadence == "weekly":
        year, week, _ = day.isocalendar()
        code = f"{year}-W{week:02d}"
    elif cadence == "monthly":
        code = f"{day.year}-{day.month:02d}"
    elif cadence == "quarterly":
        code = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    else:
        code = str(day.year)
    matched = _match(code, cadence)
    found = _period(matched, code, cadence) if matched else None
    assert found is not None  # a code written from a real day always names a period
    return found


def last_complete(cadence: str, today: date) -> ReportPeriod:
    """The latest period of a regular cadence that ended before `today`."""
    return containing(cadence, containing(cadence, today).start - timedelta(days=1))


def run(periods: list[ReportPeriod], until: date | None = None) -> list[tuple[ReportPeriod, bool]]:
    """Every period from the first of `periods` to the last (sorted, distinct), with gaps
    filled in and marked: (period, True) for one given, (period, False) for one missing. With
    `until`, a regular run continues to the last period that ended before it, so results not
    yet recorded show as missing too. Dated (irregular) periods have no gaps."""
    if not periods:
        return []
    given = {p.start: p for p in periods}
    first = periods[0]
    if not first.regular:
        return [(p, True) for p in periods]
    last_start = periods[-1].start
    if until is not None:
        done = last_complete(first.cadence, until)
        last_start = max(last_start, done.start)
    out: list[tuple[ReportPeriod, bool]] = []
    current = first
    while current.start <= last_start and len(out) < MAX_GAP_PERIODS:
        out.append((given.get(current.start, current), current.start in given))
        current = current.next()
    return out


def quarter(day: date) -> ReportPeriod:
    """The calendar quarter holding `day`."""
    return containing("quarterly", day)


def overlaps(period: ReportPeriod, first: date, last: date) -> bool:
    """Whether `period` shares a day with [first, last]."""
    return period.start <= last and period.end >= first
