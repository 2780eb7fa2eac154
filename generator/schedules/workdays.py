"""Working days with holidays, the one place they are counted: the days one side works (its
weekdays, less its holidays), the days both sides work, counting working days from a date,
and a meeting time inside both sides' working hours on a given day. Standard library only.

Every date the sites compute in working days comes from here: a joiner's dates (joiners.py,
in their own side's week from their start, day 1 = the start), an anchored checklist item's
day (model/anchors.py, counted from the day after its event in the working days of the side
that owns the item), and when an escalation must be answered (model/records.py). Each skips
its side's holidays; what needs the other side moves to a day both sides work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable, Protocol

from ..support.codes import Side as SideCode
from .hours import Schedule, on_day

SEARCH_DAYS = 60  # how far to look for a working day before giving up (a side that never works)


@dataclass(frozen=True)
class Side:
    """One side's working week and the days it is away."""

    schedule: Schedule
    off: frozenset[date] = frozenset()

    def works(self, day: date) -> bool:
        return self.schedule.works(day) and day not in self.off


class Span(Protocol):
    """A holiday as a file lists it: its first and last day (both included)."""

    @property
    def first(self) -> date: ...

    @property
    def last(self) -> date: ...


def dates_off(holidays: Iterable[Span]) -> frozenset[date]:
    """Every date of the holidays, both ends included."""
    return days_off((h.first, h.last) for h in holidays)


def days_off(spans: Iterable[tuple[date, date]]) -> frozenset[date]:
    """Every date of the (first, last) spans, both included."""
    out: set[date] = set()
    for first, last in spans:
        day = first
        while day <= last and len(out) < 10_000:
            out.add(day)
            day += timedelta(days=1)
    return frozenset(out)


@dataclass(frozen=True)
class Sides:
    """Both sides of a relationship: ours (organization.yml) and the vendor's."""

    ours: Side
    theirs: Side

    def of(self, side: SideCode) -> Side:
        """"ours" or "theirs"."""
        return self.ours if side == "ours" else self.theirs

    def both_work(self, day: date) -> bool:
        return self.ours.works(day) and self.theirs.works(day)

    def away(self, day: date) -> bool:
        """Whether either side has a holiday on `day`."""
        return day in self.ours.off or day in self.theirs.off


def add_working_days(start: date, days: int, side: Side) -> date:
    """The day `days` working days of `side` after `start` (counted from the day after; a
    negative number counts back, 0 is `start` itself), skipping the side's holidays."""
    if days == 0:
        return start
    return nth_working_day(start + timedelta(days=1) if days > 0 else start, days, side)


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
