"""A side's working hours as intervals on the UTC time line, and their overlap on one day.

For one of our working days, our hours on that date are placed on the UTC time line, and so
are the other side's hours on every one of their working days that could touch it (the day
before, the same date and the day after, in their own calendar). The overlap is the part of
our day that falls inside one of theirs. This handles half- and quarter-hour offsets, work
weeks other than Monday to Friday, and teams that never overlap at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from .clock import DAY_MINUTES, DEFAULT_DAYS, city, duration, local, minutes, weekday_of, zone

UTC = timezone.utc
Interval = tuple[datetime, datetime]


def at(day: date, minute_of_day: int, timezone_: str) -> datetime:
    """Wall-clock time `minute_of_day` on `day` in `timezone_` (1440 = the next midnight), in UTC."""
    extra, rest = divmod(minute_of_day, DAY_MINUTES)
    wall = datetime.combine(day + timedelta(days=extra), time(rest // 60, rest % 60), zone(timezone_))
    return wall.astimezone(UTC)


def between(a: datetime, b: datetime) -> int:
    """Whole minutes from `a` to `b`."""
    return int((b - a).total_seconds() // 60)


def intersection(a: Interval, b: Interval) -> Interval | None:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if end > start else None


def required_minutes(hours: float) -> int:
    """The overlap a relationship needs, in whole minutes: what "short" is measured against."""
    return round(hours * 60)


@dataclass(frozen=True)
class Schedule:
    """One side's working week: its zone, the day's hours ("HH:MM", "24:00" allowed) and days."""

    timezone: str
    start: str
    end: str
    days: tuple[str, ...] = DEFAULT_DAYS

    def works(self, day: date) -> bool:
        return weekday_of(day) in self.days

    def interval(self, day: date) -> Interval | None:
        """This side's working hours on `day` (its own calendar date), in UTC."""
        return _interval(self, day)

    def intervals(self, span: Interval) -> list[Interval]:
        """This side's working hours (in UTC) that touch `span`, in order."""
        tz = zone(self.timezone)
        first = span[0].astimezone(tz).date() - timedelta(days=1)
        last = span[1].astimezone(tz).date() + timedelta(days=1)
        out = []
        day = first
        while day <= last:
            hours = self.interval(day)
            if hours is not None and intersection(hours, span) is not None:
                out.append(hours)
            day += timedelta(days=1)
        return out

    def day_span(self, day: date) -> Interval:
        """Midnight to midnight of `day` in this side's time zone, in UTC."""
        return at(day, 0, self.timezone), at(day, DAY_MINUTES, self.timezone)

    @property
    def city(self) -> str:
        return city(self.timezone)


@lru_cache(maxsize=65536)
def _interval(schedule: Schedule, day: date) -> Interval | None:
    if not schedule.works(day):
        return None
    return at(day, minutes(schedule.start), schedule.timezone), at(day, minutes(schedule.end), schedule.timezone)


@dataclass(frozen=True)
class DayOverlap:
    day: date  # our calendar date
    start: datetime | None  # UTC
    end: datetime | None
    shared: bool = True  # the other side works during this calendar day of ours at all

    @property
    def minutes(self) -> int:
        if self.start is None or self.end is None:
            return 0
        return between(self.start, self.end)


def on_day(ours: Schedule, theirs: Schedule, day: date) -> DayOverlap | None:
    """Overlap on one of our working days (None if `day` is not one of ours): the longest part
    of our hours inside one stretch of theirs."""
    mine = ours.interval(day)
    if mine is None:
        return None
    other = theirs.intervals(ours.day_span(day))
    best: Interval | None = None
    for hours in other:
        common = intersection(mine, hours)
        if common and (best is None or common[1] - common[0] > best[1] - best[0]):
            best = common
    if best is None:
        return DayOverlap(day, None, None, bool(other))
    return DayOverlap(day, best[0], best[1], bool(other))


@dataclass(frozen=True)
class Window:
    """The overlap on one day, in both local times ("" when there is none)."""

    minutes: int
    ours_start: str
    ours_end: str
    theirs_start: str
    theirs_end: str

    @property
    def text(self) -> str:
        return duration(self.minutes)


NO_WINDOW = Window(0, "", "", "", "")


def window(result: DayOverlap, ours_tz: str, theirs_tz: str) -> Window:
    return Window(result.minutes, local(result.start, ours_tz), local(result.end, ours_tz),
                  local(result.start, theirs_tz), local(result.end, theirs_tz))
