"""Daily working-hour overlap between our side and a vendor, from IANA time zones.

For each of our working days, our hours on that date are placed on the UTC time line, and so
are the vendor's hours on every one of their working days that could touch it (the day
before, the same date and the day after, in their own calendar). The overlap is the part of
our day that falls inside one of theirs. This handles half- and quarter-hour offsets, work
weeks other than Monday to Friday, the weeks in spring and autumn when only one side has
changed its clocks, and teams that never overlap at all.

`describe()` turns that into everything a vendor page needs (`TimeView`): the overlap now and
in each stretch of the coming year between two clock changes (on either side), whether it is
shorter than the relationship needs and from when, the hand-off times, a slot for every
recurring meeting (inside the overlap on both sides when there is room, else the least bad
one), the meetings' recurrence and next dates, overdue meetings and upcoming holidays.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone as _tz
from functools import cache, cached_property, lru_cache
from typing import Any, Iterable

from markupsafe import Markup

from .timezones import parse_time, zone

UTC = _tz.utc
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
DEFAULT_DAYS = ("mon", "tue", "wed", "thu", "fri")

HORIZON_DAYS = 365  # clock changes and overlap changes are reported this far ahead
WEEKS_AHEAD = 12  # the week-by-week overlap table covers this many weeks
SLOT_STEP = 15  # meeting slots start on a quarter hour
REVIEWS_AHEAD_DAYS = 56  # the Upcoming page: reviews and steering committees in the next 8 weeks
HOLIDAYS_AHEAD_DAYS = 42  # ... and holidays in the next 6 weeks


# --- small formatting helpers --------------------------------------------------------------------


def city(timezone: str) -> str:
    """"America/New_York" -> "New York"."""
    return timezone.rsplit("/", 1)[-1].replace("_", " ")


def long_date(day: date) -> str:
    """"Monday 29 March 2027"."""
    return f"{DAY_NAMES[WEEKDAYS[day.weekday()]]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """"Mon 29 Mar 2027"."""
    return f"{DAY_NAMES[WEEKDAYS[day.weekday()]][:3]} {day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def weekday_of(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def day_list(days: Iterable[str]) -> str:
    """("mon", "tue", "wed", "thu") -> "Mon–Thu"; ("mon", "wed") -> "Mon, Wed"; runs of three or
    more days are ranges, and a run may wrap past Sunday: ("sun", ..., "thu") -> "Sun–Thu"."""
    picked = set(days)
    if not picked:
        return ""
    if len(picked) == 7:
        return "Mon–Sun"
    # Start the week on the first working day after a day off, so wrapping runs stay whole.
    start = next(i for i in range(7) if WEEKDAYS[i] in picked and WEEKDAYS[i - 1] not in picked)
    ordered = [WEEKDAYS[(start + i) % 7] for i in range(7) if WEEKDAYS[(start + i) % 7] in picked]
    runs: list[list[str]] = []
    for d in ordered:
        if runs and (WEEKDAYS.index(runs[-1][-1]) + 1) % 7 == WEEKDAYS.index(d):
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]][:3]}–{DAY_NAMES[run[-1]][:3]}")
        else:
            parts.extend(DAY_NAMES[d][:3] for d in run)
    return ", ".join(parts)


def duration(minutes: int) -> str:
    """"3 h 30 min", "45 min", "0 h"."""
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    if hours:
        return f"{hours} h"
    return f"{mins} min" if mins else "0 h"


def clock(minute_of_day: int) -> str:
    """Minutes since midnight -> "HH:MM" (wrapping past midnight)."""
    hours, mins = divmod(minute_of_day % 1440, 60)
    return f"{hours:02d}:{mins:02d}"


def local(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return ""
    return moment.astimezone(zone(timezone)).strftime("%H:%M")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _at(day: date, minute_of_day: int, timezone: str) -> datetime:
    """Wall-clock time `minute_of_day` on `day` in `timezone` (1440 = the next midnight), in UTC."""
    extra, rest = divmod(minute_of_day, 1440)
    wall = datetime.combine(day + timedelta(days=extra), time(rest // 60, rest % 60), zone(timezone))
    return _utc(wall)


def _minutes(a: datetime, b: datetime) -> int:
    return int((b - a).total_seconds() // 60)


Interval = tuple[datetime, datetime]


def _intersection(a: Interval, b: Interval) -> Interval | None:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if end > start else None


# --- schedules and the overlap on one day ---------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    timezone: str
    start: str  # "HH:MM"
    end: str
    days: tuple[str, ...] = DEFAULT_DAYS

    def works(self, day: date) -> bool:
        return weekday_of(day) in self.days

    def interval(self, day: date) -> Interval | None:
        """This side's working hours on `day` (its own calendar date), in UTC."""
        return _interval(self, day)

    def _interval(self, day: date) -> Interval | None:
        if not self.works(day):
            return None
        tz = zone(self.timezone)
        start = datetime.combine(day, parse_time(self.start), tz)
        end = (
            datetime.combine(day + timedelta(days=1), time(0, 0), tz)
            if self.end == "24:00"
            else datetime.combine(day, parse_time(self.end), tz)
        )
        return _utc(start), _utc(end)

    def intervals(self, span: Interval) -> list[Interval]:
        """This side's working hours (in UTC) that touch `span`, in order."""
        tz = zone(self.timezone)
        first = span[0].astimezone(tz).date() - timedelta(days=1)
        last = span[1].astimezone(tz).date() + timedelta(days=1)
        out = []
        day = first
        while day <= last:
            hours = self.interval(day)
            if hours is not None and _intersection(hours, span) is not None:
                out.append(hours)
            day += timedelta(days=1)
        return out

    def day_span(self, day: date) -> Interval:
        """Midnight to midnight of `day` in this side's time zone, in UTC."""
        return _at(day, 0, self.timezone), _at(day, 1440, self.timezone)

    @property
    def city(self) -> str:
        return city(self.timezone)


@lru_cache(maxsize=65536)
def _interval(schedule: Schedule, day: date) -> Interval | None:
    return schedule._interval(day)


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
        return _minutes(self.start, self.end)


def on_day(ours: Schedule, theirs: Schedule, day: date) -> DayOverlap | None:
    """Overlap on one of our working days (None if `day` is not one of ours)."""
    mine = ours.interval(day)
    if mine is None:
        return None
    span = ours.day_span(day)
    other = theirs.intervals(span)
    best: Interval | None = None
    for hours in other:
        common = _intersection(mine, hours)
        if common and (best is None or common[1] - common[0] > best[1] - best[0]):
            best = common
    shared = bool(other)
    if best is None:
        return DayOverlap(day, None, None, shared)
    return DayOverlap(day, best[0], best[1], shared)


def days(ours: Schedule, theirs: Schedule, start: date, count: int) -> list[DayOverlap]:
    out = []
    for index in range(count):
        result = on_day(ours, theirs, start + timedelta(days=index))
        if result is not None:
            out.append(result)
    return out


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


def window(result: DayOverlap, ours_tz: str, theirs_tz: str) -> Window:
    return Window(
        result.minutes,
        local(result.start, ours_tz),
        local(result.end, ours_tz),
        local(result.start, theirs_tz),
        local(result.end, theirs_tz),
    )


def typical(results: Iterable[DayOverlap], ours_tz: str, theirs_tz: str) -> Window | None:
    """The overlap on the first upcoming day both sides work (weeks are alike until the clocks
    change); a day off for them (Friday for a Sunday–Thursday team) is not typical."""
    results = list(results)
    for result in results:
        if result.shared:
            return window(result, ours_tz, theirs_tz)
    return window(results[0], ours_tz, theirs_tz) if results else None


# --- clock changes and the stretches between them -------------------------------------------------


@dataclass(frozen=True)
class ClockChange:
    timezone: str
    side: str  # "ours" or "theirs"
    day: date  # the local date the clocks change
    shift: int  # minutes; positive: clocks go forward
    summer: bool  # daylight saving ("summer") time after the change

    @property
    def text(self) -> str:
        """"Berlin clocks go forward 1 h to summer time on Sunday 28 March 2027"."""
        way = "forward" if self.shift > 0 else "back"
        kind = "summer time" if self.summer else "standard time"
        return f"{city(self.timezone)} clocks go {way} {duration(abs(self.shift))} to {kind} on {long_date(self.day)}"


def _noon_offset(timezone: str, day: date) -> timedelta:
    return datetime.combine(day, time(12), zone(timezone)).utcoffset() or timedelta(0)


@cache
def clock_changes(timezone: str, start: date, end: date, side: str = "ours") -> tuple[ClockChange, ...]:
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
            return Window(0, "", "", "", "")
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

    @property
    def why(self) -> str:
        return "; ".join(c.text for c in self.changes)

    @property
    def from_text(self) -> str:
        return long_date(self.from_day)

    @property
    def to_day(self) -> date:
        return self.last_day or self.end

    def summary(self, ours_city: str, theirs_city: str) -> str:
        """"Mon–Thu: 7 h, 09:00–16:00 Berlin · 10:00–17:00 Cairo; Fri: none (not a working day in Cairo)"."""
        parts = []
        for group in self.groups:
            w = group.plan.window
            if not group.plan.shared:
                parts.append(f"{group.label}: none (not a working day in {theirs_city})")
            elif not w.minutes:
                parts.append(f"{group.label}: no overlap")
            else:
                parts.append(f"{group.label}: {w.text}, {w.ours_start}–{w.ours_end} {ours_city} · {w.theirs_start}–{w.theirs_end} {theirs_city}")
        return "; ".join(parts) or "no working days"


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


def periods(ours: Schedule, theirs: Schedule, today: date, required_minutes: int, horizon: int = HORIZON_DAYS) -> list[Period]:
    return list(_periods(ours, theirs, today, required_minutes, horizon))


@lru_cache(maxsize=1024)
def _periods(ours: Schedule, theirs: Schedule, today: date, required_minutes: int, horizon: int) -> tuple[Period, ...]:
    """The coming `horizon` days cut at every clock change on either side; stretches whose
    overlap is the same are merged, so each period after the first starts with a real change."""
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


# --- hand-offs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandOff:
    """One side's day ends; the other side picks the work up (now, or when its day starts)."""

    by: str  # "ours" or "theirs": who hands over
    end_ours: str  # the end of the handing side's day, in our time
    end_theirs: str  # ... in their time
    pickup_ours: str | None  # the start of the receiving side's next day (None: already at work)
    pickup_theirs: str | None
    wait_minutes: int  # from hand-over to pick-up (0 when the other side is at work)

    @property
    def immediate(self) -> bool:
        return self.pickup_ours is None


def _handoff(by: str, giver: Interval, receiver: Schedule, ours_tz: str, theirs_tz: str) -> HandOff:
    moment = giver[1]
    nxt: datetime | None = None
    day = moment.astimezone(zone(receiver.timezone)).date() - timedelta(days=1)
    for _ in range(9):
        hours = receiver.interval(day)
        if hours is not None:
            if hours[0] <= moment < hours[1]:
                return HandOff(by, local(moment, ours_tz), local(moment, theirs_tz), None, None, 0)
            if hours[0] >= moment:
                nxt = hours[0]
                break
        day += timedelta(days=1)
    if nxt is None:  # pragma: no cover - a schedule always has a working day within a week
        return HandOff(by, local(moment, ours_tz), local(moment, theirs_tz), None, None, 0)
    return HandOff(by, local(moment, ours_tz), local(moment, theirs_tz), local(nxt, ours_tz), local(nxt, theirs_tz),
                   _minutes(moment, nxt))


# --- meeting slots -------------------------------------------------------------------------------


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

    @property
    def theirs_day_word(self) -> str:
        return {-1: "the day before", 1: "the next day"}.get(self.theirs_day, "")

    @property
    def theirs_day_text(self) -> str:
        return f" ({self.theirs_day_word})" if self.theirs_day_word else ""

    def problems(self, vendor: str) -> list[str]:
        """What is wrong with these times, in words ("starts 30 min before our day begins")."""
        out = []
        for early, late, whose in ((self.early_ours, self.late_ours, "our"), (self.early_theirs, self.late_theirs, f"{vendor}'s")):
            if early:
                out.append(f"starts {duration(early)} before {whose} day begins")
            if late:
                out.append(f"ends {duration(late)} after {whose} day ends")
        return out


@dataclass(frozen=True)
class Slot:
    """When one recurring meeting happens: a fixed time, or the one suggested here."""

    meeting_id: str
    title: str
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
    def end(self) -> str:
        return self.now.ours_end

    @property
    def fits(self) -> bool:
        """Inside both sides' working hours now and after every clock change in the coming year."""
        return all(t.fits for t in self.times)

    @property
    def fits_now(self) -> bool:
        return self.now.fits

    @property
    def text(self) -> str:
        """"Tue 11:00–11:30 Berlin · 15:30–16:00 Kolkata"."""
        t = self.now
        return (f"{DAY_NAMES[self.weekday][:3]} {t.ours_start}–{t.ours_end} {self.ours_city} · "
                f"{t.theirs_start}–{t.theirs_end} {self.theirs_city}{t.theirs_day_text}")

    @property
    def hours_text(self) -> str:
        """"11:00–11:30 Berlin time (15:30–16:00 Kolkata time)"."""
        t = self.now
        return (f"{t.ours_start}–{t.ours_end} {self.ours_city} time "
                f"({t.theirs_start}–{t.theirs_end} {self.theirs_city} time{', ' + t.theirs_day_word if t.theirs_day_word else ''})")

    @property
    def label(self) -> str:
        if self.fixed:
            return "fixed" if self.fits_now else "fixed, outside the overlap"
        return "suggested" if self.fits_now else "least bad"

    @property
    def cell(self) -> str:
        """For a table cell next to the weekday and length: "11:00 Berlin · 15:30 Kolkata (suggested)"."""
        t, nb = self.now, "\u00a0"  # no-break spaces keep "11:00 Berlin" on one line of a narrow column
        return (f"{t.ours_start}{nb}{self.ours_city.replace(' ', nb)} · {t.theirs_start}{nb}{self.theirs_city.replace(' ', nb)}"
                f"{t.theirs_day_text} ({self.label})")

    @property
    def note(self) -> str:
        """One or two sentences on how the slot sits in both working days, over the coming year."""
        t = self.now
        parts: list[str] = []
        if self.fits:
            parts.append("Inside the overlap on both sides all year.")
            moves = [f"{later.theirs_start}–{later.theirs_end} from {long_date(later.since)}" for later in self.times[1:]]
            if moves:
                parts.append(f"In {self.theirs_city} time: " + "; ".join(moves) + ".")
            return " ".join(parts)
        if t.fits:
            parts.append("Inside the overlap on both sides.")
        else:
            if not self.fixed:
                if self.window_minutes == 0:
                    parts.append(f"The working hours do not overlap on {DAY_NAMES[self.weekday]}s, so no slot suits both sides; this is the least bad one:")
                else:
                    parts.append(f"The overlap ({duration(self.window_minutes)}) is shorter than the meeting "
                                 f"({duration(self.duration_minutes)}), so no slot fits; this is the least bad one:")
            else:
                parts.append("This fixed time is outside the overlap:")
            parts.append("it " + ", and ".join(t.problems(self.vendor)) + ".")
        for later in self.times[1:]:
            moved = f"from {long_date(later.since)}, {later.theirs_start}–{later.theirs_end} {self.theirs_city} time{later.theirs_day_text}"
            if later.fits:
                parts.append(_sentence(f"{moved[0].upper()}{moved[1:]} (still inside the overlap)" if t.fits else f"{moved[0].upper()}{moved[1:]}, inside the overlap"))
            else:
                parts.append(_sentence(f"{moved[0].upper()}{moved[1:]}: it {', and '.join(later.problems(self.vendor))}"))
        return " ".join(parts)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", ":")) else text + "."


def _measure(ours: Schedule, theirs: Schedule, day: date, start: int, length: int) -> tuple[int, int, int, int, int, int, Interval]:
    """A meeting at `start` (minutes, our wall clock) on our date `day`: minutes outside each
    side's hours, and how early/late it is for each side relative to its nearest working day."""
    meeting = (_at(day, start, ours.timezone), _at(day, start + length, ours.timezone))
    out = []
    for schedule in (ours, theirs):
        hours = schedule.intervals((meeting[0] - timedelta(days=1), meeting[1] + timedelta(days=1)))
        inside = sum(_minutes(*c) for h in hours if (c := _intersection(meeting, h)))
        early = late = 0
        if hours:
            def distance(h: Interval) -> int:
                if _intersection(meeting, h):
                    return 0
                return _minutes(meeting[1], h[0]) if meeting[1] <= h[0] else _minutes(h[1], meeting[0])

            nearest = min(hours, key=distance)
            early = max(0, _minutes(meeting[0], nearest[0]))
            late = max(0, _minutes(nearest[1], meeting[1]))
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


def suggest(ours: Schedule, theirs: Schedule, *, meeting_id: str, title: str, weekday: str, duration_minutes: int,
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
    length = duration_minutes
    overlap_now = on_day(ours, theirs, refs[0][1])
    window_minutes = overlap_now.minutes if overlap_now else 0
    if fixed is not None:
        start = 1440 if fixed == "24:00" else parse_time(fixed).hour * 60 + parse_time(fixed).minute
    else:
        start = _best_start(ours, theirs, tuple(refs), length)
    return Slot(meeting_id, title, weekday, clock(start), length, fixed is not None, vendor, ours.city, theirs.city,
                _slot_times(ours, theirs, tuple(refs), start, length), window_minutes)


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


# --- everything a vendor page shows ------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """One of the coming weeks: the overlap on each of our working days in it."""

    monday: date
    days: tuple[DayOverlap, ...]


@dataclass
class TimeView:
    """Time zones, overlap, hand-offs and meeting times for one vendor (from `describe`)."""

    slug: str
    name: str
    short_name: str
    ours: Schedule
    theirs: Schedule
    today: date
    required_minutes: int
    periods: list[Period]
    reference_day: date  # the typical day the picture shows
    handoffs: tuple[HandOff, HandOff] | None
    slots: dict[str, Slot]
    meetings: list[Any] = field(default_factory=list)  # meetings.Series, in the vendor's order
    holidays: list[Any] = field(default_factory=list)  # meetings.Holiday, by date

    # --- the overlap ---

    @cached_property
    def weeks(self) -> list[Week]:
        """The overlap on each of our working days, week by week, from this week on."""
        monday = self.today - timedelta(days=self.today.weekday())
        return [
            Week(monday + timedelta(weeks=i), tuple(days(self.ours, self.theirs, monday + timedelta(weeks=i), 7)))
            for i in range(WEEKS_AHEAD)
        ]

    @property
    def now(self) -> Period:
        return self.periods[0]

    @property
    def window(self) -> Window:
        return self.now.window

    @property
    def changes(self) -> list[Period]:
        """The periods after the first: each starts with a clock change that changes the overlap."""
        return self.periods[1:]

    @property
    def horizon_end(self) -> date:
        return self.periods[-1].end

    @property
    def ours_city(self) -> str:
        return self.ours.city

    @property
    def theirs_city(self) -> str:
        return self.theirs.city

    @property
    def same_zone(self) -> bool:
        return self.ours.timezone == self.theirs.timezone

    @property
    def required_text(self) -> str:
        return duration(self.required_minutes)

    @property
    def short_now(self) -> bool:
        return self.now.short

    @property
    def short_from(self) -> Period | None:
        """The first coming period that is short, when the overlap is long enough now."""
        if self.short_now:
            return None
        return next((p for p in self.changes if p.short), None)

    @property
    def short_until(self) -> Period | None:
        """The first coming period that is long enough, when the overlap is short now."""
        if not self.short_now:
            return None
        return next((p for p in self.changes if not p.short), None)

    @property
    def short_ever(self) -> bool:
        return any(p.short for p in self.periods)

    def ranges(self, short: bool) -> list[tuple[date, date | None]]:
        """Stretches of the coming year in which the overlap is (`short`) or is not short:
        (first day, last day), the last day None when it lasts to the end of the horizon."""
        out: list[tuple[date, date | None]] = []
        previous: Period | None = None
        for index, p in enumerate(self.periods):
            if p.short == short:
                last = None if index == len(self.periods) - 1 else p.to_day
                if previous is not None and previous.short == short and out:
                    out[-1] = (out[-1][0], last)
                else:
                    out.append((self.today if index == 0 else p.from_day, last))
            previous = p
        return out

    def _ranges_text(self, short: bool, fmt: Any, joiner: str) -> str:
        parts = []
        for first, last in self.ranges(short):
            if first <= self.today:
                parts.append(f"until {fmt(last)}" if last else "")
            elif last is None:
                parts.append(f"from {fmt(first)}")
            else:
                parts.append(f"from {fmt(first)} to {fmt(last)}")
        return joiner.join(p for p in parts if p)

    @property
    def flag(self) -> str:
        """For the vendor directory: "", "short", "short from 2027-03-29", "short from 2027-03-29
        to 2027-10-29", "short except from 2027-03-29 to 2027-10-29"."""
        if not self.short_ever:
            return ""
        if all(p.short for p in self.periods):
            return "short"
        if self.short_now:
            return "short except " + self._ranges_text(False, date.isoformat, " and ")
        return "short " + self._ranges_text(True, date.isoformat, " and ")

    @property
    def short_text(self) -> str:
        """The same in words, for the vendor page ("short from Monday 29 March 2027 to Friday 29 October 2027")."""
        if not self.short_ever:
            return ""
        if all(p.short for p in self.periods):
            return "short"
        if self.short_now:
            return "short, except " + self._ranges_text(False, long_date, " and ")
        return "short " + self._ranges_text(True, long_date, " and ")

    def period_text(self, period: Period) -> str:
        return period.summary(self.ours.city, self.theirs.city)

    @property
    def handoff_lines(self) -> list[str]:
        """Both hand-offs in words: when each side's day ends, and when the other picks the work up."""
        if not self.handoffs:
            return []
        theirs_off, ours_off = self.handoffs
        v, oc, tc = self.short_name, self.ours.city, self.theirs.city
        if theirs_off.immediate:
            first = (f"End of their day: {theirs_off.end_theirs} {tc} time, {theirs_off.end_ours} {oc} time. We are still at work, "
                     f"so what {v} finishes reaches us the same day: ask for it before then.")
        else:
            first = (f"End of their day: {theirs_off.end_theirs} {tc} time, {theirs_off.end_ours} {oc} time. We pick their work up "
                     f"at the start of our day, {theirs_off.pickup_ours} {oc} time, {duration(theirs_off.wait_minutes)} later.")
        if ours_off.immediate:
            second = (f"End of our day: {ours_off.end_ours} {oc} time, {ours_off.end_theirs} {tc} time. {v} is still at work: "
                      f"hand over before we leave, and they can carry on the same day.")
        else:
            second = (f"End of our day: {ours_off.end_ours} {oc} time, {ours_off.end_theirs} {tc} time. {v} picks our work up "
                      f"at the start of their day, {ours_off.pickup_theirs} {tc} time ({ours_off.pickup_ours} {oc} time), "
                      f"{duration(ours_off.wait_minutes)} later.")
        return [first, second]

    @property
    def uneven(self) -> bool:
        """Whether the overlap differs between our working days (e.g. a day off on their side)."""
        return len(self.now.groups) > 1

    @property
    def window_days(self) -> str:
        """Our weekdays on which `window` is the overlap now ("Mon–Thu")."""
        return next((g.label for g in self.now.groups if g.plan.shared and g.plan.window == self.window), "")

    @property
    def other_days(self) -> str:
        """The overlap on our other weekdays now ("Fri: none (not a working day in Cairo)")."""
        rest = [g for g in self.now.groups if not (g.plan.shared and g.plan.window == self.window)]
        return "; ".join(
            Period(self.now.start, self.now.end, None, (), (g.plan,), self.required_minutes).summary(self.ours.city, self.theirs.city)
            .replace(DAY_NAMES[g.plan.weekday][:3], g.label, 1)
            for g in rest
        )

    # --- meetings ---

    def slot(self, meeting_id: str) -> Slot | None:
        return self.slots.get(meeting_id)

    def cell(self, meeting_id: str) -> str:
        """The Time cell of the Governance table; with the weekday when the data gives none."""
        slot = self.slots.get(meeting_id)
        if slot is None:
            return ""
        series = next((s for s in self.meetings if s.id == meeting_id), None)
        given = series is not None and getattr(series.meeting, "weekday", None)
        return slot.cell if given else f"{DAY_NAMES[slot.weekday][:3]} {slot.cell}"

    @property
    def overdue(self) -> list[Any]:
        return [s for s in self.meetings if s.overdue]

    def occurrences(self, start: date, end: date, types: tuple[str, ...] | None = None) -> list[Any]:
        out = []
        for series in self.meetings:
            if types is None or series.type in types:
                out.extend(series.occurrences(start, end))
        return sorted(out, key=lambda o: (o.start, o.title))

    @property
    def upcoming_reviews(self) -> list[Any]:
        """Service reviews, steering committees and other meetings (not status syncs) in the next
        8 weeks, and the next steering committee even when it is further away."""
        end = self.today + timedelta(days=REVIEWS_AHEAD_DAYS - 1)
        found = self.occurrences(self.today, end, ("service-review", "steering-committee", "other"))
        for series in self.meetings:
            if series.type == "steering-committee" and not any(o.meeting_id == series.id for o in found):
                found.extend(series.next(1))
        return sorted(found, key=lambda o: (o.start, o.title))

    @property
    def upcoming_holidays(self) -> list[Any]:
        end = self.today + timedelta(days=HOLIDAYS_AHEAD_DAYS - 1)
        return [h for h in self.holidays if h.last >= self.today and h.first <= end]

    @property
    def has_calendar(self) -> bool:
        return bool(self.meetings or self.holidays)

    @property
    def calendar_path(self) -> str | None:
        """The docs-relative path of this vendor's calendar file (None: nothing to put in one)."""
        return f"vendors/{self.slug}/{self.slug}.ics" if self.has_calendar else None

    # --- the picture ---

    def picture(self, ours_name: str) -> Markup:
        """The inline SVG strip of a typical day (see timeline.py)."""
        from .timeline import strip

        return strip(self, ours_name)


def _shared_weekdays(period: Period) -> list[str]:
    return [d.weekday for d in period.shared]


def _pick_reference(ours: Schedule, theirs: Schedule, period: Period) -> date:
    """A typical day for the picture: mid-week if both work then, else the first shared day."""
    shared = _shared_weekdays(period)
    preference = ["wed", "tue", "thu", "mon", "fri", "sat", "sun"]
    wanted = next((wd for wd in preference if wd in shared), None) or next((wd for wd in preference if wd in ours.days), "wed")
    start = period.first_day or period.start
    day = start + timedelta(days=(WEEKDAYS.index(wanted) - start.weekday()) % 7)
    if day > period.end:
        day = start
    return day


def describe(ours: Schedule, vendor: Any, today: date) -> TimeView:
    """Everything time-related the pages show for `vendor` (a model.Vendor, already cut down to
    the site's audience), from the build date `today`."""
    from . import meetings as mt

    theirs: Schedule = vendor.schedule
    required = round(vendor.required_overlap_hours * 60)
    plan = periods(ours, theirs, today, required)
    reference = _pick_reference(ours, theirs, plan[0])
    handoffs = None
    mine, other = ours.interval(reference), None
    if mine is not None:
        candidates = theirs.intervals(ours.day_span(reference))
        if candidates:
            other = max(candidates, key=lambda h: _minutes(*(_intersection(h, ours.day_span(reference)) or (h[0], h[0]))))
    if mine is not None and other is not None:
        handoffs = (
            _handoff("theirs", other, ours, ours.timezone, theirs.timezone),
            _handoff("ours", mine, theirs, ours.timezone, theirs.timezone),
        )
    spans = [(p.start, p.end) for p in plan]
    avoid = {c.day for p in plan for c in p.changes}
    series = mt.series_of(vendor, ours, today)
    slots: dict[str, Slot] = {}
    for s in series:
        slots[s.id] = suggest(
            ours, theirs, meeting_id=s.id, title=s.title, weekday=s.weekday, duration_minutes=s.duration_minutes,
            fixed=s.fixed_time, spans=spans, since=max(today, s.rule.dtstart), vendor=vendor.short_name, avoid=avoid,
        )
        s.slot = slots[s.id]
    return TimeView(
        slug=vendor.slug,
        name=vendor.name,
        short_name=vendor.short_name,
        ours=ours,
        theirs=theirs,
        today=today,
        required_minutes=required,
        periods=plan,
        reference_day=reference,
        handoffs=handoffs,
        slots=slots,
        meetings=series,
        holidays=mt.holidays_of(vendor, theirs),
    )
