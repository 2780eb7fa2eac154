"""Working days with holidays: the days one side works (its weekdays, less its holidays), the
days both sides work, counting working days from a date, and a meeting time inside both
sides' working hours on a given day. Standard library only.

A joiner's dates (model/joiners.py) are counted here: in their own side's working week,
skipping that side's holidays, and moved to a day both sides work for what needs the other side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from .hours import Schedule, on_day

SEARCH_DAYS = 60  # how far to look for a working day before giving up (a side that never works)


@dataclass(frozen=True)
class Side:
    """One side's working week and the days it is away."""

    schedule: Schedule
    off: frozenset[date] = frozenset()

    def works(self, day: date) -> bool:
        return self.schedule.works(day) and day not in self.off


def days_off(spans: Iterable[tuple[date, date]]) -> frozenset[date]:
    """Every date of the (first, last) spans, both included."""
    out: set[date] = set()
    for first, last in spans:
        day = first
        while day <= last and len(out) < 10_000:
            out.add(day)
            day += timedelta(days=1)
    return frozenset(out)


def nth_working_day(start: date, n: int, side: Side) -> date:
    """The `n`th working day of `side` counted from `start` (day 1 is `start` itself when the
    side works then, else the next day it works); a negative `n` counts the working days
    before `start` (-1: the last working day before it). Calendar days if the side never works."""
    step = 1 if n > 0 else -1
    day = start if n > 0 else start - timedelta(days=1)
    left = abs(n)
    for _ in range(abs(n) * 7 + SEARCH_DAYS):
        if side.works(day):
            left -= 1
            if left == 0:
                return day
        day += timedelta(days=step)
    return start + timedelta(days=n - 1 if n > 0 else n)


def both_work(day: date, one: Side, other: Side) -> date:
    """`day`, or the first day after it that both sides work, neither on holiday."""
    for offset in range(SEARCH_DAYS):
        candidate = day + timedelta(days=offset)
        if one.works(candidate) and other.works(candidate):
            return candidate
    return day


def shared_time(ours: Schedule, theirs: Schedule, day: date, length_minutes: int) -> datetime | None:
    """The start (UTC) of the first `length_minutes` inside both sides' working hours on our
    date `day`, or None when the overlap that day is shorter."""
    found = on_day(ours, theirs, day)
    if found is None or found.start is None or found.minutes < length_minutes:
        return None
    return found.start
