"""People joining a vendor's team (the vendor file's `joiners`): who, in which role, from
which day, with which buddy and manager. Their dated first weeks are worked out where their
page is made (generator/render/joiners.py); here only the entry, resolved to people.

A joiner is listed until their 90th day: after that the nightly build drops them by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .people import Person

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

    @property
    def last_listed(self) -> date:
        return self.starts + timedelta(days=LISTED_DAYS)

    @property
    def path(self) -> str:
        """Docs-relative folder of their page under the vendor's (`joiners/<id>`)."""
        return f"joiners/{self.id}"


def joiners(data: list[dict[str, Any]], people: dict[str, Person], today: date) -> tuple[Joiner, ...]:
    """The joiners still in their first 90 days (or not started yet), by start date and name."""
    found = []
    for entry in data:
        joiner = Joiner(entry["id"], entry["name"], entry["role"], date.fromisoformat(entry["starts"]),
                        people.get(entry["buddy"]), people.get(entry.get("manager") or ""))
        if joiner.last_listed >= today:
            found.append(joiner)
    return tuple(sorted(found, key=lambda j: (j.starts, j.name)))
