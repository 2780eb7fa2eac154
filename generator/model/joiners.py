"""People joining a vendor's team (the vendor file's `joiners`): who, in which role, from
which day, with which buddy and manager, and the items of their first weeks recorded as done
for them alone (`joiner_progress`, by joiner id). Their dated first weeks are worked out where
their page is made (generator/render/joiners.py); here only the entry, resolved to people.

A joiner is listed until their 90th day: after that the nightly build drops them by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .people import Person
from .relationship import Done, progress as progress_of

LISTED_DAYS = 90  # a joiner's first 90 days: their page and calendar, then they drop off
CHECK_INS = (30, 60, 90)  # days after the start with a check-in


@dataclass(frozen=True)
class Joiner:
    id: str
    name: str
    role: str  # a vendor-side role id (roles.yml)
    starts: date
    buddy: Person | None  # a vendor contact or one of our people (validation: known)
    manager: Person | None
    progress: dict[tuple[str, str], Done] = field(default_factory=dict)  # (play id, item id): done for them

    def done(self, play_id: str, item_id: str) -> Done | None:
        return self.progress.get((play_id, item_id))

    @property
    def last_listed(self) -> date:
        return self.starts + timedelta(days=LISTED_DAYS)

    @property
    def path(self) -> str:
        """Docs-relative folder of their page under the vendor's (`joiners/<id>`)."""
        return f"joiners/{self.id}"


def joiners(data: list[dict[str, Any]], people: dict[str, Person], today: date,
            recorded: dict[str, Any] | None = None) -> tuple[Joiner, ...]:
    """The joiners still in their first 90 days (or not started yet), by start date and name;
    `recorded`: the vendor file's `joiner_progress` (joiner id -> play id -> item id -> done)."""
    found = []
    for entry in data:
        joiner = Joiner(entry["id"], entry["name"], entry["role"], date.fromisoformat(entry["starts"]),
                        people.get(entry["buddy"]), people.get(entry.get("manager") or ""),
                        progress_of((recorded or {}).get(entry["id"]), people))
        if joiner.last_listed >= today:
            found.append(joiner)
    return tuple(sorted(found, key=lambda j: (j.starts, j.name)))
