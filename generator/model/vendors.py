"""A vendor, with every part of its file typed, as one audience sees it; and how it is built.

Every section a page shows has a type here, so templates never read a vendor's raw data.
Values keep the form the file gave them (dates as `date`s, text as written); a section this
audience may not see is None or empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import audience as aud
from ..load import Inputs
from ..schedules import hours
from ..schedules.meetings import HolidaySpec, MeetingSpec, Party
from ..schedules.view import TimeView, describe
from .labels import MEETING_TYPES
from .people import Organization, Owner, Person, Role, schedule
from .playbooks import ChecklistItem, Play, VendorFacts, reading_order

DEFAULT_MEETING_MINUTES = {"status-sync": 30, "service-review": 60, "steering-committee": 90, "other": 60}


# --- the parts of a vendor file --------------------------------------------------------------------


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
class Measure:
    id: str
    kind: str  # "SLA" or "KPI"
    name: str
    category: str | None
    comparator: str
    target: float
    baseline: float | None
    unit: str
    measured: str | None
    source: str | None


@dataclass(frozen=True)
class Clause:
    """An incentive or a penalty: when it applies, what follows, and its cap."""

    when: str
    then: str
    cap: str | None


@dataclass(frozen=True)
class Contract:
    reference: str | None
    start: date | None
    end: date | None
    notice_days: int | None
    value: str | None
    notes: str | None


@dataclass(frozen=True)
class Channel:
    type: str
    tool: str
    where: str | None
    url: str | None
    use_for: str | None


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
class DayOff:
    """A holiday of the vendor's, as its file lists it."""

    first: date
    until: date | None  # the last day, for holidays longer than a day
    name: str

    @property
    def last(self) -> date:
        return self.until or self.first


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
    risks: tuple[str, ...]


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


# --- the vendor ------------------------------------------------------------------------------------


@dataclass
class Vendor:
    slug: str
    source_path: str
    name: str
    short_name: str
    facts: VendorFacts
    summary: str | None
    tier: str | None
    status: str | None
    since: str | None
    location: str | None
    website: str | None
    services: tuple[Service, ...]
    schedule: hours.Schedule
    required_overlap_hours: float
    contacts: tuple[Person, ...]
    team: dict[str, Person]  # our people on this relationship, by role
    spoc_ours: Person | None
    spoc_theirs: Person | None
    escalation: tuple[Escalation, ...]
    meetings: tuple[Meeting, ...]
    objectives: tuple[Objective, ...]
    measures: tuple[Measure, ...]
    incentives: tuple[Clause, ...]
    penalties: tuple[Clause, ...]
    contract: Contract | None
    communication: Communication | None
    culture: Culture | None
    holidays: tuple[DayOff, ...]
    capacity: Capacity | None
    assessment: Assessment | None
    onboarding: Onboarding | None
    exit: Exit | None
    plays: list[Play]
    time: TimeView
    _owners: dict[str, Owner] = field(default_factory=dict, repr=False)

    def owner(self, item: ChecklistItem, roles: dict[str, Role]) -> Owner:
        return self.holder(item.owner, roles)

    def holder(self, key: str, roles: dict[str, Role]) -> Owner:
        """Who holds `our-<role>` or `vendor-<role>` here: the side, the role and the named
        person where the data has one (an item's owner, or whom to ask about it)."""
        found = self._owners.get(key)
        if found is None:
            side, role_id = key.split("-", 1)
            role = roles[role_id]
            if side == "our":
                found = Owner("ours", role, self.team.get(role_id))
            else:
                found = Owner("theirs", role, next((c for c in self.contacts if role_id in c.roles), None))
            self._owners[key] = found
        return found

    @property
    def our_people(self) -> list[tuple[Person, list[str]]]:
        """Our people on this relationship, each once with all the roles they hold here."""
        roles: dict[str, list[str]] = {}
        people: dict[str, Person] = {}
        for role, person in self.team.items():
            people[person.id] = person
            roles.setdefault(person.id, []).append(role)
        order = sorted(people, key=lambda pid: ("spoc" not in roles[pid], people[pid].name))
        return [(people[pid], sorted(roles[pid])) for pid in order]

    @property
    def onboarding_first(self) -> bool:
        """Whether the onboarding playbooks' plays come first (the vendor is onboarding; its
        plays already say so, as some apply to onboarding vendors only)."""
        return self.facts.status == "onboarding"

    def meeting(self, meeting_id: str) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def meeting_of(self, kind: str) -> Meeting | None:
        return next((m for m in self.meetings if m.type == kind), None)

    @property
    def steering_committee(self) -> Meeting | None:
        return self.meeting_of("steering-committee")

    @property
    def window(self) -> hours.Window:
        """The daily overlap now (the shortest on a day both sides work)."""
        return self.time.window

    @property
    def overlap_short(self) -> bool:
        """Whether the overlap now is shorter than this relationship needs."""
        return self.time.short_now

    @property
    def calendar_path(self) -> str | None:
        """The docs-relative path of this vendor's calendar file (None: nothing to put in one)."""
        return f"vendors/{self.slug}/{self.slug}.ics" if self.time.has_calendar else None


# --- building one --------------------------------------------------------------------------------


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _meetings(data: dict[str, Any], org: Organization, by_id: dict[str, Person], plays: dict[str, Play]) -> tuple[Meeting, ...]:
    out = []
    for m in (data.get("governance") or {}).get("meetings") or []:
        ours = tuple(org.people[p] for p in m.get("ours", []) if p in org.people)
        theirs = tuple(by_id[c] for c in m.get("theirs", []) if c in by_id)
        out.append(Meeting(
            id=m["id"],
            title=m.get("title") or MEETING_TYPES[m["type"]],
            type=m["type"],
            cadence=m["cadence"],
            weekday=m.get("weekday"),
            time=m.get("time"),
            duration_minutes=m.get("duration_minutes", DEFAULT_MEETING_MINUTES[m["type"]]),
            first=_day(m.get("first")),
            last_held=_day(m.get("last_held")),
            ours=ours,
            theirs=theirs,
            chair=next((p for p in ours + theirs if p.id == m.get("chair")), None),
            play=m.get("play") if m.get("play") in plays else None,
            agenda=tuple(m.get("agenda", ())),
        ))
    return tuple(out)


def _measures(performance: dict[str, Any]) -> tuple[Measure, ...]:
    return tuple(
        Measure(id=m["id"], kind=kind, name=m["name"], category=m.get("category"), comparator=m.get("comparator", ">="),
                target=m["target"], baseline=m.get("baseline"), unit=m["unit"], measured=m.get("measured"),
                source=m.get("source"))
        for kind, group in (("SLA", "slas"), ("KPI", "kpis"))
        for m in performance.get(group) or []
    )


def _sections(data: dict[str, Any]) -> dict[str, Any]:
    """The typed optional sections of a vendor file; None (or empty) where this audience sees nothing."""
    contract, comm, culture = data.get("contract"), data.get("communication"), data.get("culture")
    capacity, assessment = data.get("capacity"), data.get("assessment")
    onboarding, leaving = data.get("onboarding"), data.get("exit")
    performance = data.get("performance") or {}
    return {
        "incentives": tuple(Clause(t["when"], t["then"], t.get("cap")) for t in performance.get("incentives") or []),
        "penalties": tuple(Clause(t["when"], t["then"], t.get("cap")) for t in performance.get("penalties") or []),
        "contract": Contract(contract.get("reference"), _day(contract.get("start")), _day(contract.get("end")),
                             contract.get("notice_days"), contract.get("value"), contract.get("notes")) if contract else None,
        "communication": Communication(
            tuple(comm.get("languages") or ()),
            tuple(Channel(c["type"], c["tool"], c.get("where"), c.get("url"), c.get("use_for")) for c in comm.get("channels") or ()),
        ) if comm else None,
        "culture": Culture(tuple(culture.get("notes") or ()),
                           tuple(SocialEvent(s["event"], s.get("cadence")) for s in culture.get("social") or ())) if culture else None,
        "holidays": tuple(sorted((DayOff(date.fromisoformat(h["date"]), _day(h.get("until")), h["name"])
                                  for h in data.get("holidays") or ()), key=lambda h: h.first)),
        "capacity": Capacity(capacity.get("team_size"), capacity.get("max_team_size"), capacity.get("ramp_up_weeks"),
                             capacity.get("surge")) if capacity else None,
        "assessment": Assessment(assessment.get("health"), assessment.get("summary"),
                                 tuple(assessment.get("risks") or ())) if assessment else None,
        "onboarding": Onboarding(_day(onboarding.get("day_one")), onboarding.get("notes")) if onboarding else None,
        "exit": Exit(_day(leaving.get("notice_given")), _day(leaving.get("last_day")), leaving.get("reason"),
                     leaving.get("successor")) if leaving else None,
    }


def vendor(slug: str, inputs: Inputs, audience: str, org: Organization, plays: dict[str, Play], today: date) -> Vendor:
    """The vendor of `slug` as `audience` sees it, with its plays and its time."""
    doc = inputs.vendors[slug]
    full = doc.data
    data = aud.cut(full, "vendor", audience)
    facts = VendorFacts(full["tier"], full["status"], tuple(s["type"] for s in full["services"]))
    contacts = tuple(Person.from_data(c, "theirs") for c in data.get("contacts", []))
    by_id = {c.id: c for c in contacts}
    team_ids = {**org.defaults, **(data.get("our_team") or {})}
    team = {role: org.people[pid] for role, pid in team_ids.items() if pid in org.people}
    theirs = schedule(full["working_hours"]["timezone"], full["working_hours"])  # vendor-visible by schema
    escalation = tuple(
        Escalation(step["level"], org.people.get(step.get("ours", "")), by_id.get(step.get("theirs", "")),
                   step.get("respond_within"), step.get("when"))
        for step in sorted(data.get("escalation") or [], key=lambda s: s["level"])
    )
    meetings = _meetings(data, org, by_id, plays)
    performance = data.get("performance") or {}
    selection = full.get("plays") or {}
    chosen = reading_order([
        play for play in plays.values()
        if (play.applies(facts) or play.id in selection.get("add", ())) and play.id not in selection.get("skip", ())
    ], onboarding_first=facts.status == "onboarding")
    sections = _sections(data)
    name, short_name = data["name"], data.get("short_name", data["name"])
    required = float(full.get("required_overlap_hours", org.required_overlap_hours))
    # Everything time-related (schedules/): one computation, whose window the directory, the
    # profile and the plays all show.
    time = describe(
        org.schedule, theirs, Party(slug, name, short_name), required_minutes=hours.required_minutes(required), today=today,
        meetings=tuple(MeetingSpec(m.id, m.title, m.type, m.cadence, m.weekday, m.time, m.duration_minutes, m.first, m.last_held)
                       for m in meetings),
        holiday_specs=tuple(HolidaySpec(h.name, h.first, h.last) for h in sections["holidays"]),
        until=sections["exit"].last_day if sections["exit"] else None,
    )
    return Vendor(
        slug=slug,
        source_path=doc.path,
        name=name,
        short_name=short_name,
        facts=facts,
        summary=data.get("summary"),
        tier=data.get("tier"),
        status=data.get("status"),
        since=data.get("since"),
        location=data.get("location"),
        website=data.get("website"),
        services=tuple(Service(s["id"], s["name"], s["type"], s.get("description")) for s in data.get("services", [])),
        schedule=theirs,
        required_overlap_hours=required,
        contacts=contacts,
        team=team,
        spoc_ours=team.get("spoc"),
        spoc_theirs=next((c for c in contacts if "spoc" in c.roles), None),
        escalation=escalation,
        meetings=meetings,
        objectives=tuple(Objective(o["id"], o["statement"], tuple(o.get("kpis") or ())) for o in performance.get("objectives") or []),
        measures=_measures(performance),
        plays=chosen,
        time=time,
        **sections,
    )
