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

from ..schedules.dates import add_working_days

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


def item_date(when: tuple[str, int] | None, events: dict[str, date], workdays: tuple[str, ...]) -> Dated | None:
    """The day of an item anchored `when` = (event, working days), if the vendor has the event."""
    if when is None:
        return None
    event, offset = when
    anchor = events.get(event)
    if anchor is None:
        return None
    return Dated(add_working_days(anchor, offset, workdays), event, offset)
