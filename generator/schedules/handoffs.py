"""Hand-offs: when each side's working day ends, and when the other side picks the work up
(at once, when it is still at work, or at the start of its next working day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..support.codes import Side
from .clock import local, zone
from .hours import Interval, Schedule, between, intersection


@dataclass(frozen=True)
class HandOff:
    """One side's day ends; the other side picks the work up (now, or when its day starts)."""

    by: Side  # who hands over
    end_ours: str  # the end of the handing side's day, in our time
    end_theirs: str  # ... in their time
    pickup_ours: str | None  # the start of the receiving side's next day (None: already at work)
    pickup_theirs: str | None
    wait_minutes: int  # from hand-over to pick-up (0 when the other side is at work)

    @property
    def immediate(self) -> bool:
        return self.pickup_ours is None


def _handoff(by: Side, giver: Interval, receiver: Schedule, ours_tz: str, theirs_tz: str) -> HandOff:
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
                   between(moment, nxt))


def handoffs(ours: Schedule, theirs: Schedule, day: date) -> tuple[HandOff, HandOff] | None:
    """Theirs to us, then ours to them, on our working day `day` (None if one side is off):
    their stretch of work that overlaps our calendar day most is the one that hands over."""
    mine = ours.interval(day)
    if mine is None:
        return None
    span = ours.day_span(day)
    candidates = theirs.intervals(span)
    if not candidates:
        return None
    other = max(candidates, key=lambda h: between(*(intersection(h, span) or (h[0], h[0]))))
    return (
        _handoff("theirs", other, ours, ours.timezone, theirs.timezone),
        _handoff("ours", mine, theirs, ours.timezone, theirs.timezone),
    )
