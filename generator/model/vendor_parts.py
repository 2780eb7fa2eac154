"""The parts of a vendor file, each typed (services, escalation levels, meetings, contract,
channels and how to get into them, culture, capacity, onboarding, exit): plain values the
vendor (vendors.py) is made of, with nothing computed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .people import Person


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
    id: str | None = None  # how a leaver's `holds` names it (else by its `type`)


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
