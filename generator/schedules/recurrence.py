"""A meeting's cadence as one recurrence rule (a subset of RFC 5545's RRULE), used both for
the calendar files and for the dates the pages list, so the two never disagree:

| cadence | rule |
|---|---|
| weekly, fortnightly | FREQ=WEEKLY;INTERVAL=1 or 2;BYDAY=TU |
| monthly, quarterly, half-yearly | FREQ=MONTHLY;INTERVAL=1, 3 or 6;BYDAY=3TH (the same weekday of the month as the first meeting) |
| yearly | FREQ=YEARLY;BYMONTH=1;BYDAY=3WE |

A rule may skip dates (`skip`): a meeting is never held on a day either side has a holiday.
The pages leave those dates out and the calendar files list them as EXDATEs.

Also when a meeting last held on a date is next due, and how late it may be before it counts
as overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .clock import WEEKDAYS
from .dates import add_months, nth_weekday

FREQUENCY = {
    "weekly": ("WEEKLY", 1),
    "fortnightly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
    "half-yearly": ("MONTHLY", 6),
    "yearly": ("YEARLY", 1),
}
# How long after a meeting was due it counts as overdue.
GRACE_DAYS = {"weekly": 2, "fortnightly": 3, "monthly": 7, "quarterly": 7, "half-yearly": 7, "yearly": 7}
ICAL_DAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}


def next_due(last: date, cadence: str) -> date:
    """The date a meeting last held on `last` is next due, one cadence period later."""
    freq, interval = FREQUENCY[cadence]
    if freq == "WEEKLY":
        return last + timedelta(weeks=interval)
    return add_months(last, 12 if freq == "YEARLY" else interval)


def overdue(last: date | None, cadence: str, today: date) -> bool:
    """Whether a meeting last held on `last` is overdue on `today` (grace included)."""
    return last is not None and next_due(last, cadence) + timedelta(days=GRACE_DAYS[cadence]) < today


@dataclass(frozen=True)
class Rule:
    """The recurrence of one meeting."""

    freq: str  # WEEKLY | MONTHLY | YEARLY
    interval: int
    weekday: str  # "tue"
    nth: int | None  # for MONTHLY/YEARLY: 1..4 or -1 (last)
    month: int | None  # for YEARLY
    dtstart: date
    until: date | None = None  # last possible date (inclusive), e.g. the last day of an exit
    skip: frozenset[date] = frozenset()  # days either side has a holiday: no meeting then

    @property
    def byday(self) -> str:
        return f"{self.nth}{ICAL_DAYS[self.weekday]}" if self.nth is not None else ICAL_DAYS[self.weekday]

    def ical(self, until_utc: datetime | None = None) -> dict[str, Any]:
        """The RRULE value for icalendar."""
        rule: dict[str, Any] = {"freq": self.freq, "interval": self.interval, "byday": self.byday}
        if self.freq == "YEARLY":
            rule["bymonth"] = self.month
        if until_utc is not None:
            rule["until"] = until_utc
        return rule

    def dates(self, start: date, end: date) -> list[date]:
        """The meeting dates in [start, end], less the skipped ones."""
        found = self.rule_dates(start, end)
        return [day for day in found if day not in self.skip] if self.skip else found

    @property
    def skipped(self) -> list[date]:
        """The dates the rule gives that are skipped (a holiday of either side), in order."""
        if not self.skip:
            return []
        return [day for day in self.rule_dates(self.dtstart, max(self.skip)) if day in self.skip]

    def rule_dates(self, start: date, end: date) -> list[date]:
        """The dates the recurrence rule itself gives in [start, end] (skipped ones included)."""
        end = min(end, self.until) if self.until else end
        out: list[date] = []
        if self.freq == "WEEKLY":
            step = timedelta(weeks=self.interval)
            day = self.dtstart
            if day < start:
                day += step * ((start - day).days // step.days)
            while day <= end:
                if day >= start:
                    out.append(day)
                day += step
            return out
        months = 12 if self.freq == "YEARLY" else self.interval
        index = 0
        if start > self.dtstart:
            gap = (start.year - self.dtstart.year) * 12 + start.month - self.dtstart.month
            index = max(0, gap // months - 1)
        weekday = WEEKDAYS.index(self.weekday)
        while True:
            month_start = add_months(date(self.dtstart.year, self.dtstart.month, 1), index * months)
            if month_start > end:
                return out
            found = nth_weekday(month_start.year, month_start.month, weekday, self.nth or 1)
            if found is not None and start <= found <= end and found >= self.dtstart:
                out.append(found)
            index += 1

    def next(self, today: date, count: int = 1) -> list[date]:
        """The first `count` meeting dates from `today` on (within a little over two years)."""
        days: list[date] = []
        start = today
        while len(days) < count and start < today + timedelta(days=800):
            days.extend(self.dates(start, start + timedelta(days=199)))
            start += timedelta(days=200)
        return days[:count]


def rule_for(cadence: str, weekday: str, first: date, until: date | None = None, skip: frozenset[date] = frozenset()) -> Rule:
    """The rule of a meeting held `cadence` on `weekday`, from the first such weekday on or after `first`."""
    freq, interval = FREQUENCY[cadence]
    start = first + timedelta(days=(WEEKDAYS.index(weekday) - first.weekday()) % 7)
    nth = month = None
    if freq != "WEEKLY":
        nth = (start.day - 1) // 7 + 1
        if nth == 5:
            nth = -1
        month = start.month if freq == "YEARLY" else None
    return Rule(freq, interval, weekday, nth, month, start, until, skip)
