"""Clock changes through the coming year, and the periods between them over which the weekly
overlap stays the same (when only Europe or only North America has changed its clocks, the
overlap moves for a few weeks)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache

from ..support.codes import Side
from .clock import DAY_NAMES, WEEKDAYS, day_list, duration, weekday_of, zone
from .hours import NO_WINDOW, Schedule, Window, on_day, window

HORIZON_DAYS = 365  # clock changes and overlap changes are reported this far ahead


@dataclass(frozen=True)
class ClockChange:
    timezone: str
    side: Side
    day: date  # the local date the clocks change
    shift: int  # minutes; positive: clocks go forward
    summer: bool  # daylight saving ("summer") time after the change


def _noon_offset(timezone: str, day: date) -> timedelta:
    return datetime.combine(day, time(12), zone(timezone)).utcoffset() or timedelta(0)


@cache
def clock_changes(timezone: str, start: date, end: date, side: Side = "ours") -> tuple[ClockChange, ...]:
    """Days in (start, end] on which `timezone`'s UTC offset differs from the day before."""
    out = []
    previous = _noon_offset(timezone, start)
    day = start + timedelta(days=1)
    while day <= end:
        offset = _noon_offset(timezone, day)
        if offset != previous:
            dst = datetime.combine(day, time(12), zone(timezone)).dst() or timedelta(0)
            out.append(ClockChange(timezone, side, day, int((offset - previous).total_seconds() // 60), dst > timedelta(0)))
        previous = offset
        day += timedelta(days=1)
    return tuple(out)


@dataclass(frozen=True)
class DayPlan:
    """One of our weekdays within a period: do both sides work, and the overlap."""

    weekday: str
    shared: bool
    window: Window

    @property
    def name(self) -> str:
        return DAY_NAMES[self.weekday]


@dataclass(frozen=True)
class DayGroup:
    """Weekdays with the same overlap, for one line of text."""

    days: tuple[str, ...]
    plan: DayPlan

    @property
    def label(self) -> str:
        return day_list(self.days)


@dataclass(frozen=True)
class Period:
    """A stretch of days between two clock changes over which the weekly overlap is the same."""

    start: date  # first calendar day (the build date for the first period)
    end: date  # last calendar day, inclusive
    first_day: date | None  # the first of our working days in it on which both sides work
    changes: tuple[ClockChange, ...]  # the clock changes it starts with (none for the first)
    days: tuple[DayPlan, ...]  # our working weekdays, in week order
    required_minutes: int
    last_day: date | None = None  # the last of our working days in it on which both sides work

    @property
    def shared(self) -> tuple[DayPlan, ...]:
        return tuple(d for d in self.days if d.shared)

    @property
    def minutes(self) -> int:
        """The shortest overlap on a day both sides work (0 if none)."""
        return min((d.window.minutes for d in self.shared), default=0)

    @property
    def window(self) -> Window:
        shared = self.shared
        if not shared:
            return NO_WINDOW
        return min(shared, key=lambda d: d.window.minutes).window

    @property
    def text(self) -> str:
        return duration(self.minutes)

    @property
    def short(self) -> bool:
        return self.minutes < self.required_minutes

    @property
    def from_day(self) -> date:
        """The first day this period's overlap applies to a working day of both sides."""
        return self.first_day or self.start

    @property
    def to_day(self) -> date:
        return self.last_day or self.end

    @property
    def groups(self) -> list[DayGroup]:
        out: list[DayGroup] = []
        for plan in self.days:
            for index, group in enumerate(out):
                if group.plan.shared == plan.shared and group.plan.window == plan.window:
                    out[index] = DayGroup(group.days + (plan.weekday,), group.plan)
                    break
            else:
                out.append(DayGroup((plan.weekday,), plan))
        return out


def _plans(ours: Schedule, theirs: Schedule, start: date, end: date) -> tuple[dict[str, DayPlan], date | None, date | None]:
    """Each of our weekdays' usual overlap within [start, end], and the first and last shared working day."""
    seen: dict[str, Counter[DayPlan]] = {}

    def plan_of(day: date) -> DayPlan | None:
        result = on_day(ours, theirs, day)
        if result is None:
            return None
        return DayPlan(weekday_of(day), result.shared, window(result, ours.timezone, theirs.timezone))

    # Offsets are fixed between clock changes, so a weekday's first and last date in the span
    # decide it; only when they differ (a change during a day) is every date counted.
    for offset in range(7):
        first_date = start + timedelta(days=offset)
        if first_date > end:
            break
        last_date = first_date + timedelta(weeks=(end - first_date).days // 7)
        a, b = plan_of(first_date), plan_of(last_date)
        if a is None:
            continue
        if a == b:
            seen[a.weekday] = Counter({a: 1})
            continue
        counter: Counter[DayPlan] = Counter()
        day = first_date
        while day <= end:
            plan = plan_of(day)
            if plan is not None:
                counter[plan] += 1
            day += timedelta(weeks=1)
        seen[a.weekday] = counter
    plans = {wd: counter.most_common(1)[0][0] for wd, counter in seen.items()}

    def shared(day: date) -> bool:
        plan = plans.get(weekday_of(day))
        return plan is not None and plan.shared

    first = next((start + timedelta(days=i) for i in range((end - start).days + 1) if shared(start + timedelta(days=i))), None)
    last = next((end - timedelta(days=i) for i in range((end - start).days + 1) if shared(end - timedelta(days=i))), None)
    return plans, first, last


def periods(ours: Schedule, theirs: Schedule, today: date, required_minutes: int, horizon: int = HORIZON_DAYS) -> tuple[Period, ...]:
    """The coming `horizon` days cut at every clock change on either side; stretches whose
    overlap is the same are merged, so each period after the first starts with a real change."""
    return _periods(ours, theirs, today, required_minutes, horizon)


@lru_cache(maxsize=1024)
def _periods(ours: Schedule, theirs: Schedule, today: date, required_minutes: int, horizon: int) -> tuple[Period, ...]:
    end = today + timedelta(days=horizon)
    changes = sorted(
        clock_changes(ours.timezone, today, end, "ours") + clock_changes(theirs.timezone, today, end, "theirs"),
        key=lambda c: (c.day, c.side),
    )
    starts = sorted({today, *(c.day for c in changes)})
    merged: list[tuple[date, date, tuple[ClockChange, ...], dict[str, DayPlan], date | None, date | None]] = []
    for index, start in enumerate(starts):
        stop = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else end
        plans, first, last = _plans(ours, theirs, start, stop)
        these = tuple(c for c in changes if c.day == start)
        if merged:
            p_start, _, p_changes, p_plans, p_first, p_last = merged[-1]
            if all(p_plans[wd] == plan for wd, plan in plans.items() if wd in p_plans):
                merged[-1] = (p_start, stop, p_changes, {**plans, **p_plans}, p_first or first, last or p_last)
                continue
        merged.append((start, stop, these, plans, first, last))
    order = [wd for wd in WEEKDAYS if wd in ours.days]
    return tuple(
        Period(start, stop, first, these, tuple(plans[wd] for wd in order if wd in plans), required_minutes, last)
        for start, stop, these, plans, first, last in merged
    )
