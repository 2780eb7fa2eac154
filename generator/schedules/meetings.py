"""A vendor's recurring governance meetings and holidays as dates.

Built from typed specs (`MeetingSpec`, `HolidaySpec`: what the model read from the vendor's
audience-cut data) in one step: each series' weekday, recurrence rule and slot are decided
when it is built, and it is frozen from then on. A series starts at the meeting's `first`
date (moved forward to its weekday if needed), or at the first such weekday from the build
date, and ends with the vendor's last day when it is leaving.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property

from ..support.codes import Side
from .clock import DAY_MINUTES, WEEKDAYS, minutes, zone
from .hours import Schedule
from .periods import Period
from .recurrence import Rule, next_due, overdue, rule_for
from .slots import Slot, suggest


@dataclass(frozen=True)
class Party:
    """The vendor, as meetings and holidays name it."""

    slug: str
    name: str
    short_name: str


@dataclass(frozen=True)
class MeetingSpec:
    id: str
    title: str
    type: str  # status-sync | service-review | steering-committee | other
    cadence: str
    weekday: str | None  # as the data gives it (None: chosen here)
    time: str | None  # a fixed start, "HH:MM" in our time zone (None: suggested here)
    duration_minutes: int
    first: date | None
    last_held: date | None


@dataclass(frozen=True)
class HolidaySpec:
    name: str
    first: date
    last: date  # inclusive
    side: Side = "theirs"  # "ours" for organization.yml's holidays


@dataclass(frozen=True)
class Occurrence:
    """One meeting on one date, in both local times."""

    vendor: Party
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


@dataclass(frozen=True)
class Series:
    """One recurring meeting of a vendor: when it happens, and whether it is overdue."""

    spec: MeetingSpec
    weekday: str  # the data's, or the one chosen for it
    rule: Rule
    slot: Slot
    vendor: Party
    ours: Schedule
    theirs: Schedule
    today: date

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def type(self) -> str:
        return self.spec.type

    @property
    def cadence(self) -> str:
        return self.spec.cadence

    @property
    def last_held(self) -> date | None:
        return self.spec.last_held

    def occurrences(self, start: date, end: date) -> list[Occurrence]:
        return [self._occurrence(day) for day in self.rule.dates(start, end)]

    def _occurrence(self, day: date) -> Occurrence:
        minute = minutes(self.slot.start)
        tz = zone(self.ours.timezone)
        wall = time((minute % DAY_MINUTES) // 60, minute % 60)
        begin = datetime.combine(day + timedelta(days=minute // DAY_MINUTES), wall, tz)
        finish = (begin.astimezone(timezone.utc) + timedelta(minutes=self.slot.duration_minutes)).astimezone(tz)
        return Occurrence(self.vendor, self.id, self.title, self.type, begin, finish, self.theirs.timezone, self.slot.fixed)

    def next(self, count: int = 1) -> list[Occurrence]:
        return [self._occurrence(day) for day in self.rule.next(self.today, count)]

    @cached_property
    def next_one(self) -> Occurrence | None:
        found = self.next(1)
        return found[0] if found else None

    @property
    def due(self) -> date | None:
        return next_due(self.last_held, self.cadence) if self.last_held else None

    @property
    def overdue(self) -> bool:
        return overdue(self.last_held, self.cadence, self.today)

    @property
    def overdue_days(self) -> int:
        due = self.due
        return (self.today - due).days if due else 0


@dataclass(frozen=True)
class Holiday:
    """A listed holiday of one side (the vendor's, or ours from organization.yml): all-day,
    from `first` to `last` inclusive."""

    vendor: Party
    name: str
    first: date
    last: date
    working_days: int  # how many of that side's working days it takes out
    side: Side = "theirs"  # "ours": a day we are away


def _weekday_for(spec: MeetingSpec, ours: Schedule, theirs: Schedule) -> str:
    if spec.weekday:
        return spec.weekday
    if spec.first:
        return WEEKDAYS[spec.first.weekday()]
    for wd in ("tue", "wed", "thu", "mon", "fri", "sat", "sun"):
        if wd in ours.days and wd in theirs.days:
            return wd
    return next(wd for wd in WEEKDAYS if wd in ours.days)


def series(specs: tuple[MeetingSpec, ...], ours: Schedule, theirs: Schedule, vendor: Party, today: date,
           plan: tuple[Period, ...], until: date | None, away: frozenset[date] = frozenset()) -> list[Series]:
    """The vendor's recurring meetings, in the order the data lists them, each with its slot
    judged over the periods of `plan` (days of clock changes are not typical). No meeting is
    held on a day in `away` (a holiday of either side): the rule skips it."""
    spans = [(p.start, p.end) for p in plan]
    avoid = {c.day for p in plan for c in p.changes} | away
    out = []
    for spec in specs:
        weekday = _weekday_for(spec, ours, theirs)
        rule = rule_for(spec.cadence, weekday, spec.first or today, until, away)
        slot = suggest(ours, theirs, meeting_id=spec.id, weekday=weekday, duration_minutes=spec.duration_minutes,
                       fixed=spec.time, spans=spans, since=max(today, rule.dtstart), vendor=vendor.short_name, avoid=avoid)
        out.append(Series(spec, weekday, rule, slot, vendor, ours, theirs, today))
    return out


def holidays(specs: tuple[HolidaySpec, ...], side: Schedule, vendor: Party) -> list[Holiday]:
    """The holidays of one side (`side`: its working week), each with the working days it takes out."""
    out = []
    for spec in specs:
        count = sum(1 for i in range((spec.last - spec.first).days + 1) if side.works(spec.first + timedelta(days=i)))
        out.append(Holiday(vendor, spec.name, spec.first, spec.last, count, spec.side))
    return sorted(out, key=lambda h: (h.first, h.name))
