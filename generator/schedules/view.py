"""A vendor's time, as data: `describe()` gathers the overlap now and through the coming year,
the hand-offs, the meetings with their slots, overdue meetings and upcoming holidays.

Everything here is computed once per vendor and build date; `wording` turns it into the
sentences pages show, and the overlap picture (`generator/render/svg/timeline.py`) draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .clock import WEEKDAYS, duration
from .handoffs import HandOff, handoffs
from .hours import Schedule, Window
from .meetings import Holiday, HolidaySpec, MeetingSpec, Occurrence, Party, Series, holidays, series
from .periods import Period, periods

REVIEWS_AHEAD_DAYS = 56  # the Upcoming page: reviews and steering committees in the next 8 weeks
HOLIDAYS_AHEAD_DAYS = 42  # ... and holidays in the next 6 weeks


@dataclass(frozen=True)
class TimeView:
    """Time zones, overlap, hand-offs and meeting times for one vendor (from `describe`)."""

    vendor: Party
    ours: Schedule
    theirs: Schedule
    today: date
    required_minutes: int
    periods: tuple[Period, ...]  # the first is now; each later one starts with a clock change
    reference_day: date  # the typical day the picture shows
    handoffs: tuple[HandOff, HandOff] | None  # theirs to us, ours to them
    meetings: tuple[Series, ...]  # in the vendor's order
    holidays: tuple[Holiday, ...]  # by date

    # --- the overlap ---

    @property
    def now(self) -> Period:
        return self.periods[0]

    @property
    def window(self) -> Window:
        return self.now.window

    @property
    def later(self) -> tuple[Period, ...]:
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
        return next((p for p in self.later if p.short), None)

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

    @property
    def uneven(self) -> bool:
        """Whether the overlap differs between our working days (e.g. a day off on their side)."""
        return len(self.now.groups) > 1

    # --- meetings and holidays ---

    def series(self, meeting_id: str) -> Series | None:
        return next((s for s in self.meetings if s.id == meeting_id), None)

    @property
    def overdue(self) -> list[Series]:
        return [s for s in self.meetings if s.overdue]

    def occurrences(self, start: date, end: date, types: tuple[str, ...] | None = None) -> list[Occurrence]:
        out = []
        for one in self.meetings:
            if types is None or one.type in types:
                out.extend(one.occurrences(start, end))
        return sorted(out, key=lambda o: (o.start, o.title))

    @property
    def upcoming_reviews(self) -> list[Occurrence]:
        """Service reviews, steering committees and other meetings (not status syncs) in the next
        8 weeks, and the next steering committee even when it is further away."""
        end = self.today + timedelta(days=REVIEWS_AHEAD_DAYS - 1)
        found = self.occurrences(self.today, end, ("service-review", "steering-committee", "other"))
        for one in self.meetings:
            if one.type == "steering-committee" and not any(o.meeting_id == one.id for o in found):
                found.extend(one.next(1))
        return sorted(found, key=lambda o: (o.start, o.title))

    @property
    def upcoming_holidays(self) -> list[Holiday]:
        end = self.today + timedelta(days=HOLIDAYS_AHEAD_DAYS - 1)
        return [h for h in self.holidays if h.last >= self.today and h.first <= end]

    @property
    def has_calendar(self) -> bool:
        return bool(self.meetings or self.holidays)


def _reference_day(ours: Schedule, period: Period) -> date:
    """A typical day for the picture: mid-week if both work then, else the first shared day."""
    shared = [d.weekday for d in period.shared]
    preference = ["wed", "tue", "thu", "mon", "fri", "sat", "sun"]
    wanted = next((wd for wd in preference if wd in shared), None) or next((wd for wd in preference if wd in ours.days), "wed")
    start = period.first_day or period.start
    day = start + timedelta(days=(WEEKDAYS.index(wanted) - start.weekday()) % 7)
    if day > period.end:
        day = start
    return day


def describe(ours: Schedule, theirs: Schedule, vendor: Party, *, required_minutes: int, today: date,
             meetings: tuple[MeetingSpec, ...] = (), holiday_specs: tuple[HolidaySpec, ...] = (),
             until: date | None = None) -> TimeView:
    """Everything time-related the pages show for one vendor, from the build date `today`.
    `until` is the vendor's last day when it is leaving: its meetings end there."""
    plan = periods(ours, theirs, today, required_minutes)
    reference = _reference_day(ours, plan[0])
    return TimeView(
        vendor=vendor,
        ours=ours,
        theirs=theirs,
        today=today,
        required_minutes=required_minutes,
        periods=plan,
        reference_day=reference,
        handoffs=handoffs(ours, theirs, reference),
        meetings=tuple(series(meetings, ours, theirs, vendor, today, plan, until)),
        holidays=tuple(holidays(holiday_specs, theirs, vendor)),
    )
