"""Calendar arithmetic: adding months (clamped to the month's end), intervals such as
"6 months" or "90 days", the nth weekday of a month, and how many working days an escalation
level's `respond_within` allows (they are counted in workdays.py, the one home of working days). Standard library only."""

from __future__ import annotations

import re
from datetime import date, timedelta


INTERVAL = re.compile(r"^(\d+) (day|week|month|year)s?$")  # the form schemas allow for review intervals


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months; the 31st becomes the month's last day if it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def add_interval(start: date, interval: str) -> date:
    """`start` plus an interval such as "3 months", "1 year", "2 weeks" or "90 days"."""
    match = INTERVAL.match(interval)
    if match is None:
        raise ValueError(f"not an interval: {interval!r}")
    n, unit = int(match.group(1)), match.group(2)
    if unit == "day":
        return start + timedelta(days=n)
    if unit == "week":
        return start + timedelta(weeks=n)
    return add_months(start, n * (12 if unit == "year" else 1))


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The `nth` (1..4, or -1 for the last) `weekday` (0 = Monday) of a month; None if none."""
    if nth == -1:
        last = add_months(date(year, month, 1), 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


# "4 working hours", "1 working day", "2 days", "1 hour": a level's `respond_within`.
_WITHIN = re.compile(r"^\s*(\d{1,3})\s+(working\s+)?(hours?|days?)\s*$", re.I)


def respond_days(text: str | None) -> int | None:
    """The working days a `respond_within` allows, as the dates an escalation keeps can tell it:
    hours are answered by the end of the next working day; None when the text says no number
    of hours or days (validation asks for one where an escalation is raised at that level)."""
    found = _WITHIN.match(text or "")
    if not found:
        return None
    amount, unit = int(found.group(1)), found.group(3).lower()
    return max(1, -(-amount // 8)) if unit.startswith("hour") else amount
