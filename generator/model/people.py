"""Roles, people, who owns a checklist item, and our own organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from collections.abc import Mapping
from typing import Any

from .fields import fields
from ..support.codes import Audience, Side
from . import audience as aud
from ..sources.load import Inputs
from .health import health_dimensions
from ..schedules import deadlines
from ..schedules.clock import DEFAULT_DAYS
from ..schedules.hours import Schedule

DEFAULT_OVERLAP_HOURS = 3.0


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    short: str
    description: str


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    side: Side
    title: str | None = None
    roles: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None
    timezone: str | None = None
    notes: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, object], side: Side) -> "Person":
        """A person of a schema-checked file (`people`, `contacts`): its text fields are text."""
        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        roles = data.get("roles", ())
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            side=side,
            title=text("title"),
            roles=tuple(str(role) for role in roles) if isinstance(roles, (list, tuple)) else (),
            email=text("email"),
            phone=text("phone"),
            timezone=text("timezone"),
            notes=text("notes"),
        )


@dataclass(frozen=True)
class Owner:
    """Who does a checklist item: a role on one side, and the named person if the data has one."""

    side: Side
    role: Role
    person: Person | None

    @property
    def key(self) -> str:  # `our-spoc`, `vendor-delivery-manager`: the id used in plays
        return ("our-" if self.side == "ours" else "vendor-") + self.role.id

    @property
    def side_label(self) -> str:
        return "ours" if self.side == "ours" else "vendor"


@dataclass(frozen=True)
class DayOff:
    """A holiday of one side (a vendor's, or ours in content/organization.yml), as its file lists it."""

    first: date
    until: date | None  # the last day, for holidays longer than a day
    name: str

    @property
    def last(self) -> date:
        return self.until or self.first


def days_off(data: list[dict[str, Any]] | None) -> tuple[DayOff, ...]:
    """A file's `holidays`, by date."""
    return tuple(sorted((DayOff(date.fromisoformat(h["date"]), date.fromisoformat(h["until"]) if h.get("until") else None, h["name"])
                         for h in data or ()), key=lambda h: h.first))


@dataclass
class Organization:
    name: str
    short_name: str
    summary: str | None
    website: str | None
    schedule: Schedule
    required_overlap_hours: float
    people: dict[str, Person]
    defaults: dict[str, str]  # role -> person id
    source_path: str
    remind_days: tuple[int, ...] = deadlines.DEFAULT_REMINDERS  # lead times before a deadline, largest first
    health_dimensions: tuple[str, ...] = ()  # the names of what a health check rates, in order
    holidays: tuple[DayOff, ...] = ()  # ours: they enter every date counted in working days


def schedule(timezone: str, hours: dict[str, Any]) -> Schedule:
    """A side's working week from a file's `working_hours` (and zone)."""
    return Schedule(timezone, hours["start"], hours["end"], tuple(hours.get("days", DEFAULT_DAYS)))


def roles(inputs: Inputs) -> dict[str, Role]:
    assert inputs.roles is not None
    return {rid: Role(rid, r["title"], r.get("short", r["title"]), r.get("description", ""))
            for rid, r in fields(inputs.roles.data)["roles"].items()}


def organization(inputs: Inputs, audience: Audience) -> Organization:
    doc = inputs.organization
    assert doc is not None
    full = fields(doc.data)
    data = aud.cut(full, "organization", audience)
    people = {p["id"]: Person.from_data(p, "ours") for p in data.get("people", [])}
    return Organization(
        name=data["name"],
        short_name=data.get("short_name", data["name"]),
        summary=data.get("summary"),
        website=data.get("website"),
        schedule=schedule(full["timezone"], full["working_hours"]),  # vendor-visible by schema
        required_overlap_hours=float(data.get("required_overlap_hours", DEFAULT_OVERLAP_HOURS)),
        people=people,
        defaults=dict(data.get("defaults") or {}),
        source_path=doc.path,
        remind_days=deadlines.lead_times(full.get("remind_days")),
        health_dimensions=tuple(str(d.get("name", d["id"])) for d in health_dimensions(full)),
        holidays=days_off(data.get("holidays")),
    )
