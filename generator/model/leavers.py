"""People who leave a vendor's team (the vendor file's `leavers`), their dated offboarding
checklist, and the access register: who holds which of the vendor's tools since when, from
the joiners and the leavers, and who grants (and removes) it.

A leaver's checklist, counted in working days of the vendor's week less its holidays
(schedules/workdays.py), from their `last_day`:

- hand-over of their open work: 10 working days before;
- knowledge transfer, recorded, with whoever takes the work over: 5 working days before, on
  a day both sides work and neither is away (it needs us in the room);
- removal of each access they hold: on the last day, by whoever grants that tool;
- confirmation in writing that every access is gone: our first working day after it.

The register is for our sites only (internal, restricted export): pages and exports that use
it are made only where the site is not vendor-facing (README "Audiences").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..schedules.workdays import Sides, add_working_days
from ..support.codes import Side
from .people import Person
from .vendor_parts import Channel

HAND_OVER_DAYS = -10
KNOWLEDGE_DAYS = -5
CONFIRM_DAYS = 1


def channel_key(channel: Channel) -> str:
    """How a leaver's `holds` names a channel: its `id`, or its `type` when it has none."""
    return channel.id or channel.type


def tool_name(channel: Channel) -> str:
    """"Jira, Project WEBQA": the tool and where in it."""
    return f"{channel.tool}, {channel.where}" if channel.where else channel.tool


@dataclass(frozen=True)
class Step:
    """One dated item of a leaver's offboarding checklist."""

    id: str  # hand-over, knowledge-transfer, access-<channel>, confirm
    kind: str  # hand-over | knowledge-transfer | access-removal | confirmation
    text: str  # plain text (escaped where it lands)
    day: date
    side: Side  # who does it
    owner: Person | None
    channel: Channel | None = None

    @property
    def when(self) -> str:
        """Where the day sits against the last day, in words."""
        return {"hand-over": "10 working days before the last day", "knowledge-transfer": "5 working days before the last day",
                "access-removal": "on the last day", "confirmation": "the first working day after the last day"}[self.kind]


@dataclass(frozen=True)
class Leaver:
    id: str
    name: str
    role: str  # a vendor-side role id (roles.yml)
    last_day: date
    joined: date | None  # since when they hold their accesses, if the file says
    holds: tuple[Channel, ...]
    hands_over_to: Person | None
    steps: tuple[Step, ...]

    @property
    def path(self) -> str:
        """Docs-relative folder of their page under the vendor's (`leavers/<id>`)."""
        return f"leavers/{self.id}"


@dataclass(frozen=True)
class Holding:
    """One row of the access register: a person holding one tool."""

    person: str
    who: str  # joiner | leaver
    channel: Channel
    since: date | None
    until: date | None  # removed on this day (a leaver's last day)
    granted_by: Person | None

    def status(self, today: date) -> str:
        if self.until is None:
            return "active"
        return "removed" if self.until < today else "to remove"


def _both_on_or_before(day: date, sides: Sides) -> date:
    """`day`, or the last day before it both sides work, neither away."""
    for back in range(60):
        candidate = day - timedelta(days=back)
        if sides.both_work(candidate):
            return candidate
    return day


def steps(name: str, last_day: date, holds: tuple[Channel, ...], hands_over_to: Person | None, sides: Sides,
          team: dict[str, Person], org_name: str) -> tuple[Step, ...]:
    """A leaver's checklist (the module's docstring), by date."""
    theirs = sides.theirs
    taker = hands_over_to.name if hands_over_to else "the person who takes the work over"
    out = [
        Step("hand-over", "hand-over", f"Go through {name}'s open work with them and move each item to {taker} or another owner in the tracker.",
             add_working_days(last_day, HAND_OVER_DAYS, theirs), "theirs", hands_over_to),
        Step("knowledge-transfer", "knowledge-transfer",
             f"Record a knowledge-transfer session in which {name} shows {taker} what only they know; invite {org_name}.",
             _both_on_or_before(add_working_days(last_day, KNOWLEDGE_DAYS, theirs), sides), "theirs", hands_over_to),
    ]
    for channel in holds:
        granter = channel.access.granted_by if channel.access else None
        out.append(Step(f"access-{channel_key(channel)}", "access-removal", f"Remove {name}'s access to {tool_name(channel)}.",
                        last_day, granter.side if granter else "theirs", granter, channel))
    admin = team.get("it-admin")
    out.append(Step("confirm", "confirmation",
                    f"Check the access register and confirm in writing that every access {name} held is removed.",
                    add_working_days(last_day, CONFIRM_DAYS, sides.ours), "ours", admin))
    return tuple(sorted(out, key=lambda s: s.day))


def leavers(data: list[dict[str, Any]], channels: tuple[Channel, ...], people: dict[str, Person], sides: Sides,
            team: dict[str, Person], org_name: str) -> tuple[Leaver, ...]:
    """The leavers, by last day and name, each with their checklist."""
    by_key = {channel_key(c): c for c in channels}
    out = []
    for entry in data:
        holds = tuple(by_key[key] for key in entry.get("holds") or () if key in by_key)
        last = date.fromisoformat(entry["last_day"])
        taker = people.get(entry.get("hands_over_to") or "")
        out.append(Leaver(entry["id"], entry["name"], entry["role"], last,
                          date.fromisoformat(entry["joined"]) if entry.get("joined") else None, holds, taker,
                          steps(entry["name"], last, holds, taker, sides, team, org_name)))
    return tuple(sorted(out, key=lambda one: (one.last_day, one.name)))


def register(joiners: list[dict[str, Any]], leavers_: tuple[Leaver, ...], channels: tuple[Channel, ...]) -> tuple[Holding, ...]:
    """Who holds which tool since when: every joiner the file lists holds each tool whose
    channel says how to get access, from their start; every leaver holds what they hold until
    their last day. By tool, then person."""
    granted = [c for c in channels if c.access is not None]
    out = [Holding(j["name"], "joiner", c, date.fromisoformat(j["starts"]), None, c.access.granted_by if c.access else None)
           for j in joiners for c in granted]
    out += [Holding(one.name, "leaver", c, one.joined, one.last_day, c.access.granted_by if c.access else None)
            for one in leavers_ for c in one.holds]
    return tuple(sorted(out, key=lambda h: (tool_name(h.channel), h.person)))
