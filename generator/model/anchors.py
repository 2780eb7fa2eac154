"""Dates that follow their event: a checklist item may be anchored to an event the vendor's data
knows (`when: {event: exit.last_day, working_days: -5}` in a play's front matter), and gets,
for each vendor whose data has that event, the day that many working days before or after it.

EVENTS is the one list of events (the play schema's enum is held to it by a test). Each reads
one date from what the vendor file says for this audience; an event the data does not have
leaves the item undated, in its phase as before. A new kind of event (a joiner's first day, a
leaver's last day) is one more entry here and in the schema's enum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from typing import Any

from ..schedules.view import TimeView
from ..schedules.workdays import Sides, add_working_days

# event -> how a page names it ("5 working days before the last day")
EVENTS = {
    "onboarding.day_one": "onboarding day one",
    "contract.notice_deadline": "the last day to give notice",
    "contract.end": "the contract's end",
    "exit.notice_given": "the day notice was given",
    "exit.last_day": "the last day",
    "next.service-review": "the next service review",
    "next.steering-committee": "the next steering committee",
}


@dataclass(frozen=True)
class Dated:
    """An item's day for one vendor, and how it was reached."""

    day: date
    event: str
    working_days: int

    @property
    def why(self) -> str:
        """"on the last day", "5 working days before the last day", "1 working day after onboarding day one"."""
        name = EVENTS[self.event]
        if self.working_days == 0:
            return f"on {name}"
        count = abs(self.working_days)
        return f"{count} working day{'s' if count != 1 else ''} {'before' if self.working_days < 0 else 'after'} {name}"


def item_date(when: tuple[str, int] | None, events: dict[str, date], sides: Sides, owner: str) -> Dated | None:
    """The day of an item anchored `when` = (event, working days), if the vendor has the event:
    counted in the working days of the side that owns it (`our-…` ours, `vendor-…` theirs),
    skipping that side's holidays (schedules/workdays.py)."""
    if when is None:
        return None
    event, offset = when
    anchor = events.get(event)
    if anchor is None:
        return None
    return Dated(add_working_days(anchor, offset, sides.of("ours" if owner.startswith("our-") else "theirs")), event, offset)


def vendor_events(onboarding: Any, notice_deadline: date | None, contract: Any, leaving: Any, time: TimeView) -> dict[str, date]:
    """The events a vendor's data has (its onboarding, contract and exit sections, the notice
    deadline, the next review meetings), by name."""
    found = {
        "onboarding.day_one": onboarding.day_one if onboarding else None,
        "contract.notice_deadline": notice_deadline,
        "contract.end": contract.end if contract else None,
        "exit.notice_given": leaving.notice_given if leaving else None,
        "exit.last_day": leaving.last_day if leaving else None,
    }
    for kind in ("service-review", "steering-committee"):
        days = [s.next_one.start.date() for s in time.meetings if s.type == kind and s.next_one is not None]
        found[f"next.{kind}"] = min(days, default=None)
    return {name: day for name, day in found.items() if day is not None}


def item_dates(plays: Any, events: dict[str, date], sides: Sides) -> dict[tuple[str, str], Dated]:
    """The day of each checklist item of `plays` anchored to one of `events`, by (play id, item id)."""
    return {(play.id, item.id): found for play in plays for item in play.checklist
            if (found := item_date(item.when, events, sides, item.owner)) is not None}


def dated(plays: Any, dates: dict[tuple[str, str], Dated]) -> list[tuple[Dated, Any, Any]]:
    """(day, play, item) of each dated item, earliest first."""
    found = [(dates[(play.id, item.id)], play, item) for play in plays for item in play.checklist if (play.id, item.id) in dates]
    return sorted(found, key=lambda one: (one[0].day, one[1].title, one[2].id))
