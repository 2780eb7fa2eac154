"""The parts of a vendor file, each typed (services, escalation levels, meetings, contract,
channels and how to get into them, culture, capacity, onboarding, exit): plain values the
vendor (vendors.py) is made of, with nothing computed, and `read_sections`, which reads a
file's optional sections into them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .people import DayOff, Person, days_off


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    type: str
    description: str | None


@dataclass(frozen=True)
class Escalation:
    level: int
    ours: Person | None
    theirs: Person | None
    respond_within: str | None
    when: str | None


@dataclass(frozen=True)
class Meeting:
    id: str
    title: str
    type: str
    cadence: str
    weekday: str | None
    time: str | None
    duration_minutes: int
    first: date | None
    last_held: date | None
    ours: tuple[Person, ...]
    theirs: tuple[Person, ...]
    chair: Person | None
    play: str | None
    agenda: tuple[str, ...]


@dataclass(frozen=True)
class Objective:
    id: str
    statement: str
    kpis: tuple[str, ...]


@dataclass(frozen=True)
class Contract:
    reference: str | None
    start: date | None
    end: date | None
    notice_days: int | None
    value: str | None
    notes: str | None


@dataclass(frozen=True)
class Access:
    """What a new person needs to get into a tool: who grants it, by when, how to ask."""

    granted_by: Person | None
    by: str | None  # a phase: before-day-1, week-1, month-1
    how: str | None


@dataclass(frozen=True)
class Channel:
    type: str
    tool: str
    where: str | None
    url: str | None
    use_for: str | None
    access: Access | None = None


@dataclass(frozen=True)
class Communication:
    languages: tuple[str, ...]
    channels: tuple[Channel, ...]


@dataclass(frozen=True)
class SocialEvent:
    event: str
    cadence: str | None


@dataclass(frozen=True)
class Culture:
    notes: tuple[str, ...]
    social: tuple[SocialEvent, ...]


@dataclass(frozen=True)
class Capacity:
    team_size: int | None
    max_team_size: int | None
    ramp_up_weeks: int | None
    surge: str | None


@dataclass(frozen=True)
class Assessment:
    health: str | None
    summary: str | None


@dataclass(frozen=True)
class Onboarding:
    day_one: date | None
    notes: str | None


@dataclass(frozen=True)
class Exit:
    notice_given: date | None
    last_day: date | None
    reason: str | None
    successor: str | None


@dataclass(frozen=True)
class Sections:
    """A vendor file's optional sections, typed (read_sections)."""

    contract: Contract | None
    communication: Communication | None
    culture: Culture | None
    holidays: tuple[DayOff, ...]
    capacity: Capacity | None
    assessment: Assessment | None
    onboarding: Onboarding | None
    exit: Exit | None


def parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _access(channel: dict[str, Any], people: dict[str, Person]) -> Access | None:
    access = channel.get("access")
    if not access:
        return None
    return Access(people.get(access["granted_by"]), access.get("by"), access.get("how"))


def read_sections(data: dict[str, Any], people: dict[str, Person]) -> Sections:
    """The typed optional sections of a vendor file (as one audience sees it); None (or empty)
    where this audience sees nothing."""
    contract, comm, culture = data.get("contract"), data.get("communication"), data.get("culture")
    capacity, assessment = data.get("capacity"), data.get("assessment")
    onboarding, leaving = data.get("onboarding"), data.get("exit")
    return Sections(
        contract=Contract(contract.get("reference"), parse_day(contract.get("start")), parse_day(contract.get("end")),
                             contract.get("notice_days"), contract.get("value"), contract.get("notes")) if contract else None,
        communication=Communication(
            tuple(comm.get("languages") or ()),
            tuple(Channel(c["type"], c["tool"], c.get("where"), c.get("url"), c.get("use_for"), _access(c, people))
                  for c in comm.get("channels") or ()),
        ) if comm else None,
        culture=Culture(tuple(culture.get("notes") or ()),
                           tuple(SocialEvent(s["event"], s.get("cadence")) for s in culture.get("social") or ())) if culture else None,
        holidays=days_off(data.get("holidays")),
        capacity=Capacity(capacity.get("team_size"), capacity.get("max_team_size"), capacity.get("ramp_up_weeks"),
                             capacity.get("surge")) if capacity else None,
        assessment=Assessment(assessment.get("health"), assessment.get("summary")) if assessment else None,
        onboarding=Onboarding(parse_day(onboarding.get("day_one")), onboarding.get("notes")) if onboarding else None,
        exit=Exit(parse_day(leaving.get("notice_given")), parse_day(leaving.get("last_day")), leaving.get("reason"),
                     leaving.get("successor")) if leaving else None,
    )
