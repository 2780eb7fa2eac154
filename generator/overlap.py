"""Daily working-hour overlap between our side and a vendor, from IANA time zones.

For each of our working days, our hours on that date are placed on the UTC time line, and so
are the vendor's hours on every one of their working days that could touch it (the day
before, the same date and the day after, in their own calendar). The overlap is the part of
our day that falls inside one of theirs. This handles half- and quarter-hour offsets, work
weeks other than Monday to Friday, the weeks in spring and autumn when only one side has
changed its clocks, and teams that never overlap at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from .timezones import parse_time, zone

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
DEFAULT_DAYS = ("mon", "tue", "wed", "thu", "fri")


@dataclass(frozen=True)
class Schedule:
    timezone: str
    start: str  # "HH:MM"
    end: str
    days: tuple[str, ...] = DEFAULT_DAYS

    def interval(self, day: date) -> tuple[datetime, datetime] | None:
        """This side's working hours on `day` (its own calendar date), in UTC."""
        if WEEKDAYS[day.weekday()] not in self.days:
            return None
        tz = zone(self.timezone)
        start = datetime.combine(day, parse_time(self.start), tz)
        end = (
            datetime.combine(day + timedelta(days=1), parse_time("00:00"), tz)
            if self.end == "24:00"
            else datetime.combine(day, parse_time(self.end), tz)
        )
        return _utc(start), _utc(end)


def _utc(moment: datetime) -> datetime:
    from datetime import timezone as _tz

    return moment.astimezone(_tz.utc)


@dataclass(frozen=True)
class DayOverlap:
    day: date  # our calendar date
    start: datetime | None  # UTC
    end: datetime | None

    @property
    def minutes(self) -> int:
        if self.start is None or self.end is None:
            return 0
        return int((self.end - self.start).total_seconds() // 60)


def on_day(ours: Schedule, theirs: Schedule, day: date) -> DayOverlap | None:
    """Overlap on one of our working days (None if `day` is not one of ours)."""
    mine = ours.interval(day)
    if mine is None:
        return None
    best: tuple[datetime, datetime] | None = None
    total = timedelta(0)
    for offset in (-1, 0, 1):
        other = theirs.interval(day + timedelta(days=offset))
        if other is None:
            continue
        start, end = max(mine[0], other[0]), min(mine[1], other[1])
        if end > start:
            total += end - start
            if best is None or end - start > best[1] - best[0]:
                best = (start, end)
    if best is None:
        return DayOverlap(day, None, None)
    return DayOverlap(day, best[0], best[1])


def days(ours: Schedule, theirs: Schedule, start: date, count: int) -> list[DayOverlap]:
    out = []
    for index in range(count):
        result = on_day(ours, theirs, start + timedelta(days=index))
        if result is not None:
            out.append(result)
    return out


def local(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return ""
    return moment.astimezone(zone(timezone)).strftime("%H:%M")


def duration(minutes: int) -> str:
    """"3 h 30 min", "45 min", "0 h"."""
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    if hours:
        return f"{hours} h"
    return f"{mins} min" if mins else "0 h"


@dataclass(frozen=True)
class Window:
    """The overlap on a typical day, in both local times."""

    minutes: int
    ours_start: str
    ours_end: str
    theirs_start: str
    theirs_end: str

    @property
    def text(self) -> str:
        return duration(self.minutes)


def window(result: DayOverlap, ours_tz: str, theirs_tz: str) -> Window:
    return Window(
        result.minutes,
        local(result.start, ours_tz),
        local(result.end, ours_tz),
        local(result.start, theirs_tz),
        local(result.end, theirs_tz),
    )


def typical(results: Iterable[DayOverlap], ours_tz: str, theirs_tz: str) -> Window | None:
    """The first upcoming working day's overlap (weeks are alike until the clocks change)."""
    for result in results:
        return window(result, ours_tz, theirs_tz)
    return None


def describe(ours: Schedule, vendor: object, today: date) -> object | None:
    """Everything time-related the vendor pages show (filled in by the time-zone work)."""
    return None
