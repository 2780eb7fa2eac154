"""Recurring governance meetings and holidays as dates: recurrence rules, next occurrences,
overdue meetings.

A meeting's cadence becomes one recurrence rule (RFC 5545 RRULE), used both for the calendar
files and for the dates the pages list, so the two never disagree:

| cadence | rule |
|---|---|
| weekly, fortnightly | FREQ=WEEKLY;INTERVAL=1 or 2;BYDAY=TU |
| monthly, quarterly, half-yearly | FREQ=MONTHLY;INTERVAL=1, 3 or 6;BYDAY=3TH (the same weekday of the month as the first meeting) |
| yearly | FREQ=YEARLY;BYMONTH=1;BYDAY=3WE |

The series starts at the meeting's `first` date (moved forward to its weekday if needed), or
at the first such weekday from the build date. A meeting with `last_held` is overdue when
`last_held` plus one cadence period plus a few days' grace is before the build date.
Inputs are model objects (already cut down to the site's audience); nothing here reads YAML.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from .overlap import WEEKDAYS, Schedule, Slot, city, long_date, short_date, zone
from .timezones import minutes as clock_minutes

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
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def next_due(last: date, cadence: str) -> date:
    """The date a meeting last held on `last` is next due, one cadence period later."""
    freq, interval = FREQUENCY[cadence]
    if freq == "WEEKLY":
        return last + timedelta(weeks=interval)
    return add_months(last, 12 if freq == "YEARLY" else interval)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The `nth` (1..4, or -1 for the last) `weekday` (0 = Monday) of a month."""
    if nth == -1:
        last = add_months(date(year, month, 1), 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


@dataclass(frozen=True)
class Rule:
    """The recurrence of one meeting (a subset of RFC 5545 RRULE, all our cadences need)."""

    freq: str  # WEEKLY | MONTHLY | YEARLY
    interval: int
    weekday: str  # "tue"
    nth: int | None  # for MONTHLY/YEARLY: 1..4 or -1 (last)
    month: int | None  # for YEARLY
    dtstart: date
    until: date | None = None  # last possible date (inclusive), e.g. the last day of an exit

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

    @property
    def text(self) -> str:
        """"every Tuesday", "every second Tuesday", "the third Thursday of every third month"."""
        day = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}[self.weekday]
        if self.freq == "WEEKLY":
            return f"every {day}" if self.interval == 1 else f"every {ORDINALS.get(self.interval, str(self.interval))} {day}"
        ordinal = ORDINALS[self.nth or 1]
        if self.freq == "YEARLY":
            return f"the {ordinal} {day} of {date(2000, self.month or 1, 1).strftime('%B')} each year"
        every = {1: "every month", 3: "every third month", 6: "every sixth month"}.get(self.interval, f"every {self.interval} months")
        return f"the {ordinal} {day} of {every}"

    def dates(self, start: date, end: date) -> list[date]:
        """The meeting dates in [start, end]."""
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
            day = nth_weekday(month_start.year, month_start.month, weekday, self.nth or 1)
            if day is not None and start <= day <= end and day >= self.dtstart:
                out.append(day)
            index += 1


def rule_for(cadence: str, weekday: str, first: date, until: date | None = None) -> Rule:
    """The rule of a meeting held `cadence` on `weekday`, from the first such weekday on or after `first`."""
    freq, interval = FREQUENCY[cadence]
    start = first + timedelta(days=(WEEKDAYS.index(weekday) - first.weekday()) % 7)
    nth = month = None
    if freq != "WEEKLY":
        nth = (start.day - 1) // 7 + 1
        if nth == 5:
            nth = -1
        month = start.month if freq == "YEARLY" else None
    return Rule(freq, interval, weekday, nth, month, start, until)


@dataclass(frozen=True)
class Occurrence:
    """One meeting on one date, in both local times."""

    slug: str
    vendor: str  # the vendor's name
    vendor_short: str
    meeting_id: str
    title: str
    type: str
    start: datetime  # aware, our time zone
    end: datetime
    theirs_timezone: str
    fixed: bool

    @property
    def date(self) -> date:
        return self.start.date()

    @property
    def date_text(self) -> str:
        return short_date(self.start.date())

    @property
    def ours_text(self) -> str:
        return f"{self.start.strftime('%H:%M')}–{self.end.strftime('%H:%M')} {city(self.start.tzinfo.key)}"  # type: ignore[union-attr]

    @property
    def theirs_text(self) -> str:
        tz = zone(self.theirs_timezone)
        a, b = self.start.astimezone(tz), self.end.astimezone(tz)
        shift = (a.date() - self.start.date()).days
        day = {-1: f" ({short_date(a.date())})", 1: f" ({short_date(a.date())})"}.get(shift, "")
        return f"{a.strftime('%H:%M')}–{b.strftime('%H:%M')} {city(self.theirs_timezone)}{day}"


@dataclass
class Series:
    """One recurring meeting of a vendor: its rule, slot, and whether it is overdue."""

    id: str
    title: str
    type: str
    cadence: str
    weekday: str
    fixed_time: str | None
    duration_minutes: int
    first: date | None  # as written in the data
    last_held: date | None
    rule: Rule
    today: date
    meeting: Any  # the model.Meeting
    slug: str
    vendor: str
    vendor_short: str
    ours: Schedule
    theirs: Schedule
    slot: Slot | None = None

    @property
    def start_time(self) -> str:
        assert self.slot is not None
        return self.slot.start

    def occurrences(self, start: date, end: date) -> list[Occurrence]:
        return [self._occurrence(day) for day in self.rule.dates(start, end)]

    def _occurrence(self, day: date) -> Occurrence:
        minute = clock_minutes(self.start_time) if self.start_time != "24:00" else 1440
        tz = zone(self.ours.timezone)
        wall = time((minute % 1440) // 60, minute % 60)
        begin = datetime.combine(day + timedelta(days=minute // 1440), wall, tz)
        finish = (begin.astimezone(timezone.utc) + timedelta(minutes=self.duration_minutes)).astimezone(tz)
        return Occurrence(self.slug, self.vendor, self.vendor_short, self.id, self.title, self.type, begin, finish,
                          self.theirs.timezone, self.fixed_time is not None)

    def next(self, count: int = 1) -> list[Occurrence]:
        days: list[date] = []
        start = self.today
        while len(days) < count and start < self.today + timedelta(days=800):
            days.extend(self.rule.dates(start, start + timedelta(days=199)))
            start += timedelta(days=200)
        return [self._occurrence(day) for day in days[:count]]

    @cached_property
    def next_one(self) -> Occurrence | None:
        found = self.next(1)
        return found[0] if found else None

    @property
    def due(self) -> date | None:
        return next_due(self.last_held, self.cadence) if self.last_held else None

    @property
    def overdue(self) -> bool:
        due = self.due
        return due is not None and due + timedelta(days=GRACE_DAYS[self.cadence]) < self.today

    @property
    def overdue_days(self) -> int:
        due = self.due
        return (self.today - due).days if due else 0

    @property
    def overdue_text(self) -> str:
        """"due since Friday 23 October 2026 (4 weeks ago)"."""
        due = self.due
        if due is None:
            return ""
        days = self.overdue_days
        ago = f"{days // 7} weeks" if days >= 14 else f"{days} days"
        return f"due since {long_date(due)} ({ago} ago)"


@dataclass(frozen=True)
class Holiday:
    """One of the vendor's listed holidays: all-day, from `first` to `last` inclusive."""

    slug: str
    vendor: str
    vendor_short: str
    name: str
    first: date
    last: date
    working_days: int  # how many of the vendor's working days it takes out

    @property
    def dates_text(self) -> str:
        if self.first == self.last:
            return short_date(self.first)
        return f"{short_date(self.first)} – {short_date(self.last)}"

    @property
    def uid_part(self) -> str:
        digest = hashlib.sha256(self.name.encode("utf-8")).hexdigest()[:8]
        return f"{self.first.isoformat()}-{digest}"


def _weekday_for(meeting: Any, ours: Schedule, theirs: Schedule) -> str:
    if meeting.weekday:
        return meeting.weekday
    if meeting.first:
        return WEEKDAYS[meeting.first.weekday()]
    for wd in ("tue", "wed", "thu", "mon", "fri", "sat", "sun"):
        if wd in ours.days and wd in theirs.days:
            return wd
    return next(wd for wd in WEEKDAYS if wd in ours.days)


def _data_of(vendor: Any, meeting_id: str) -> dict[str, Any]:
    """The meeting's entry in the vendor's (audience-cut) data, for fields the model has no slot for."""
    governance = (vendor.data or {}).get("governance") or {}
    return next((m for m in governance.get("meetings") or [] if m.get("id") == meeting_id), {})


def series_of(vendor: Any, ours: Schedule, today: date) -> list[Series]:
    """The vendor's recurring meetings, in the order the data lists them."""
    exit_data = (vendor.data or {}).get("exit") or {}
    until = date.fromisoformat(exit_data["last_day"]) if exit_data.get("last_day") else None
    out = []
    for meeting in vendor.meetings:
        weekday = _weekday_for(meeting, ours, vendor.schedule)
        start = meeting.first or today
        held = _data_of(vendor, meeting.id).get("last_held")
        out.append(Series(
            id=meeting.id,
            title=meeting.title,
            type=meeting.type,
            cadence=meeting.cadence,
            weekday=weekday,
            fixed_time=meeting.time,
            duration_minutes=meeting.duration_minutes,
            first=meeting.first,
            last_held=date.fromisoformat(held) if held else None,
            rule=rule_for(meeting.cadence, weekday, start, until),
            today=today,
            meeting=meeting,
            slug=vendor.slug,
            vendor=vendor.name,
            vendor_short=vendor.short_name,
            ours=ours,
            theirs=vendor.schedule,
        ))
    return out


def holidays_of(vendor: Any, theirs: Schedule) -> list[Holiday]:
    out = []
    for h in (vendor.data or {}).get("holidays") or []:
        first = date.fromisoformat(h["date"])
        last = date.fromisoformat(h["until"]) if h.get("until") else first
        count = sum(1 for i in range((last - first).days + 1) if theirs.works(first + timedelta(days=i)))
        out.append(Holiday(vendor.slug, vendor.name, vendor.short_name, h["name"], first, last, count))
    return sorted(out, key=lambda h: (h.first, h.name))

