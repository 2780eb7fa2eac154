"""A slot for each recurring meeting: a time on its weekday inside both sides' working hours
when there is room, judged over every period of the coming year (a series keeps our
wall-clock time, so the other side's time moves with each clock change), else the least bad
one. Data only; `wording` says it in sentences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Iterable

from .clock import WEEKDAYS, clock, local, minutes, zone
from .hours import Interval, Schedule, at, between, intersection, on_day

SLOT_STEP = 15  # meeting slots start on a quarter hour


@dataclass(frozen=True)
class SlotTimes:
    """A meeting slot on one reference date: both local times and how far outside each side's hours."""

    since: date  # the first meeting date these times hold for
    ours_start: str
    ours_end: str
    theirs_start: str
    theirs_end: str
    theirs_day: int  # their calendar date minus ours at the start (-1, 0, +1)
    outside_ours: int  # minutes of the meeting outside our working hours
    outside_theirs: int
    early_ours: int  # the meeting starts this many minutes before our day
    late_ours: int  # ... ends this many minutes after our day
    early_theirs: int
    late_theirs: int

    @property
    def fits(self) -> bool:
        return self.outside_ours == 0 and self.outside_theirs == 0


@dataclass(frozen=True)
class Slot:
    """When one recurring meeting happens: a fixed time, or the one suggested here."""

    meeting_id: str
    weekday: str
    start: str  # "HH:MM" in our time zone: the series keeps this wall-clock time
    duration_minutes: int
    fixed: bool
    vendor: str  # the vendor's short name, for notes
    ours_city: str
    theirs_city: str
    times: tuple[SlotTimes, ...]  # now, then again whenever a clock change moves their times
    window_minutes: int  # the overlap on that weekday now

    @property
    def now(self) -> SlotTimes:
        return self.times[0]

    @property
    def fits(self) -> bool:
        """Inside both sides' working hours now and after every clock change in the coming year."""
        return all(t.fits for t in self.times)

    @property
    def fits_now(self) -> bool:
        return self.now.fits


def _measure(ours: Schedule, theirs: Schedule, day: date, start: int, length: int) -> tuple[int, int, int, int, int, int, Interval]:
    """A meeting at `start` (minutes, our wall clock) on our date `day`: minutes outside each
    side's hours, and how early/late it is for each side relative to its nearest working day."""
    meeting = (at(day, start, ours.timezone), at(day, start + length, ours.timezone))
    out = []
    for schedule in (ours, theirs):
        hours = schedule.intervals((meeting[0] - timedelta(days=1), meeting[1] + timedelta(days=1)))
        inside = sum(between(*c) for h in hours if (c := intersection(meeting, h)))
        early = late = 0
        if hours:
            def distance(h: Interval) -> int:
                if intersection(meeting, h):
                    return 0
                return between(meeting[1], h[0]) if meeting[1] <= h[0] else between(h[1], meeting[0])

            nearest = min(hours, key=distance)
            early = max(0, between(meeting[0], nearest[0]))
            late = max(0, between(nearest[1], meeting[1]))
        else:
            early = length  # no working hours anywhere near: all of it is outside
        out.append((max(0, length - inside), early, late))
    (o_ours, e_ours, l_ours), (o_theirs, e_theirs, l_theirs) = out
    return o_ours, o_theirs, e_ours, l_ours, e_theirs, l_theirs, meeting


def _times(ours: Schedule, theirs: Schedule, day: date, since: date, start: int, length: int) -> SlotTimes:
    o_ours, o_theirs, e_ours, l_ours, e_theirs, l_theirs, meeting = _measure(ours, theirs, day, start, length)
    their_date = meeting[0].astimezone(zone(theirs.timezone)).date()
    return SlotTimes(
        since, clock(start), clock(start + length),
        local(meeting[0], theirs.timezone), local(meeting[1], theirs.timezone),
        (their_date - day).days, o_ours, o_theirs, e_ours, l_ours, e_theirs, l_theirs,
    )


def _reference_days(weekday: str, spans: list[tuple[date, date]], since: date, avoid: set[date]) -> list[tuple[date, date]]:
    """For each (start, end) span: (first meeting date in it, a typical date of `weekday` in it)."""
    out = []
    target = WEEKDAYS.index(weekday)
    for start, end in spans:
        first = max(start, since)
        if first > end:
            continue
        day = first + timedelta(days=(target - first.weekday()) % 7)
        if day > end:
            continue
        typical_day = day
        while typical_day in avoid and typical_day + timedelta(days=7) <= end:
            typical_day += timedelta(days=7)
        out.append((day, typical_day))
    return out


def suggest(ours: Schedule, theirs: Schedule, *, meeting_id: str, weekday: str, duration_minutes: int,
            fixed: str | None, spans: list[tuple[date, date]], since: date, vendor: str, avoid: Iterable[date] = ()) -> Slot:
    """The slot of one recurring meeting on `weekday`: `fixed` ("HH:MM", our time zone) if given,
    else the best start on a quarter hour, judged over every span of the coming year:

    1. fewest minutes outside either side's hours in the worst span, then now;
    2. the discomfort spread evenly (the most either side is early or late, smallest);
    3. inside our own hours (when someone has to be outside theirs); on the hour or half hour;
       near the middle of the overlap; earliest.
    """
    refs = _reference_days(weekday, list(spans), since, set(avoid))
    if not refs:  # pragma: no cover - the horizon always holds a date of every weekday
        refs = [(since, since)]
    overlap_now = on_day(ours, theirs, refs[0][1])
    window_minutes = overlap_now.minutes if overlap_now else 0
    start = minutes(fixed) if fixed is not None else _best_start(ours, theirs, tuple(refs), duration_minutes)
    return Slot(meeting_id, weekday, clock(start), duration_minutes, fixed is not None, vendor, ours.city, theirs.city,
                _slot_times(ours, theirs, tuple(refs), start, duration_minutes), window_minutes)


@lru_cache(maxsize=4096)
def _slot_times(ours: Schedule, theirs: Schedule, refs: tuple[tuple[date, date], ...], start: int, length: int) -> tuple[SlotTimes, ...]:
    """The slot now, and again after every clock change that moves it (for either side)."""
    out: list[SlotTimes] = []
    for first, day in refs:
        t = _times(ours, theirs, day, first, start, length)
        if not out or (t.theirs_start, t.theirs_end, t.early_ours, t.late_ours, t.early_theirs, t.late_theirs) != (
            out[-1].theirs_start, out[-1].theirs_end, out[-1].early_ours, out[-1].late_ours, out[-1].early_theirs, out[-1].late_theirs
        ):
            out.append(t)
    return tuple(out)


def _wall(moment: datetime, day: date, timezone: str) -> int:
    """Minutes from the start of `day` to `moment`, on the wall clock of `timezone`."""
    wall = moment.astimezone(zone(timezone)).replace(tzinfo=None)
    return int((wall - datetime.combine(day, time(0))).total_seconds() // 60)


@lru_cache(maxsize=4096)
def _best_start(ours: Schedule, theirs: Schedule, refs: tuple[tuple[date, date], ...], length: int) -> int:
    overlap_now = on_day(ours, theirs, refs[0][1])
    centre = None  # the middle of today's overlap, in minutes of our day
    if overlap_now and overlap_now.start is not None and overlap_now.end is not None:
        centre = (_wall(overlap_now.start, refs[0][1], ours.timezone) + _wall(overlap_now.end, refs[0][1], ours.timezone)) / 2

    def tail(start: int) -> tuple[Any, ...]:  # the tie-breaks after the costs
        return (start % 30 != 0, abs(start + length / 2 - centre) if centre is not None else 0, start)

    # Usually the overlap is long enough on every reference day: pick inside its common part.
    windows = []
    for _, day in refs:
        result = on_day(ours, theirs, day)
        if result is None or result.start is None or result.end is None:
            break
        windows.append((_wall(result.start, day, ours.timezone), _wall(result.end, day, ours.timezone)))
    else:
        lo, hi = max(a for a, _ in windows), min(b for _, b in windows)
        first = -(-lo // SLOT_STEP) * SLOT_STEP
        inside = list(range(first, hi - length + 1, SLOT_STEP))
        if inside:
            return min(inside, key=tail)
    # Otherwise weigh every quarter hour of the day.
    best: tuple[Any, ...] | None = None
    best_start = 0
    for start in range(0, 1440 - length + 1, SLOT_STEP):
        measured = [_measure(ours, theirs, day, start, length) for _, day in refs]
        key = (
            max(m[0] + m[1] for m in measured),  # worst
            measured[0][0] + measured[0][1],  # now
            max(max(m[2:6]) for m in measured),  # spread
            measured[0][0],  # outside our hours now
            *tail(start),
        )
        if best is None or key < best:
            best, best_start = key, start
    return best_start
