"""The typed model every page is rendered from, built for one audience.

Input is validated data; each document is first cut down by `audience.cut`, so the model of
a vendor-facing site holds only what that vendor may see. Relations are computed here, not
written by hand in the data: both single points of contact (from roles), our team per vendor
(organisation defaults overridden by the vendor file), the plays that apply to a vendor (from
each play's `applies_to`, plus the vendor's `plays.add`, minus `plays.skip`), checklist
owners resolved to named people, overdue reviews and the working-hour overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from . import audience as aud
from . import overlap
from .load import Inputs, PlayFile

PHASES = {
    "before-day-1": "Before day 1",
    "week-1": "Week 1",
    "month-1": "Month 1",
    "recurring": "Recurring",
}
TIERS = ("strategic", "tactical", "operational", "commodity")
STATUSES = ("onboarding", "active", "exiting", "exited")
SERVICE_TYPES = {
    "software-development": "Software development",
    "quality-assurance": "Quality assurance",
    "customer-support": "Customer support",
    "data-labelling": "Data labelling",
    "infrastructure": "Infrastructure",
    "design": "Design",
    "consulting": "Consulting",
    "back-office": "Back office",
}
MEETING_TYPES = {
    "status-sync": "Status sync",
    "service-review": "Service review",
    "steering-committee": "Steering committee",
    "other": "Meeting",
}
DEFAULT_OVERLAP_HOURS = 3.0
DEFAULT_MEETING_MINUTES = {"status-sync": 30, "service-review": 60, "steering-committee": 90, "other": 60}


class Data(dict):
    """Vendor data as templates see it: a missing optional field reads as None, not an error."""

    def __missing__(self, key: str) -> None:
        return None


# --- people and roles --------------------------------------------------------------------------


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
    side: str  # "ours" or "theirs"
    title: str | None = None
    roles: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None
    timezone: str | None = None
    notes: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any], side: str) -> "Person":
        return cls(
            id=data["id"],
            name=data["name"],
            side=side,
            title=data.get("title"),
            roles=tuple(data.get("roles", ())),
            email=data.get("email"),
            phone=data.get("phone"),
            timezone=data.get("timezone"),
            notes=data.get("notes"),
        )


@dataclass(frozen=True)
class Owner:
    """Who does a checklist item: a role on one side, and the named person if the data has one."""

    side: str  # "ours" or "theirs"
    role: Role
    person: Person | None

    @property
    def key(self) -> str:  # `our-spoc`, `vendor-delivery-manager`: the id used in plays
        return ("our-" if self.side == "ours" else "vendor-") + self.role.id

    @property
    def side_label(self) -> str:
        return "ours" if self.side == "ours" else "vendor"


# --- organisation ------------------------------------------------------------------------------


@dataclass
class Organization:
    name: str
    short_name: str
    summary: str | None
    website: str | None
    schedule: overlap.Schedule
    required_overlap_hours: float
    people: dict[str, Person]
    defaults: dict[str, str]  # role -> person id
    source_path: str


# --- playbooks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    owner: str  # `our-<role>` or `vendor-<role>`
    phase: str

    @property
    def side(self) -> str:
        return "ours" if self.owner.startswith("our-") else "theirs"

    @property
    def role(self) -> str:
        return self.owner.split("-", 1)[1]


@dataclass
class Play:
    id: str
    title: str
    area: str
    stem: str
    source_path: str
    summary: str
    audience: tuple[str, ...]
    applies_to: dict[str, tuple[str, ...]]
    cadence: str | None
    owner: str
    last_reviewed: date
    review_every: str
    review_due: date
    visibility: str
    checklist: tuple[ChecklistItem, ...]
    related: tuple[str, ...]
    sources: tuple[str, ...]
    body: str  # Markdown + Jinja2, sections this audience may not see already removed
    body_line: int
    positions: dict[str, tuple[int, int]]  # "summary", "checklist.<id>" -> line, column in the file

    @property
    def docs_path(self) -> str:
        return f"playbooks/{self.area}/{self.stem}.md"

    @property
    def checklist_size(self) -> int:
        return len(self.checklist)

    @cached_property
    def by_phase(self) -> list[tuple[str, str, list[ChecklistItem]]]:
        """(phase, label, items) for each phase that has items, in phase order (the checklist
        is a tuple, so this is worked out once)."""
        return [(phase, label, items) for phase, label in PHASES.items()
                if (items := [i for i in self.checklist if i.phase == phase])]

    def overdue(self, today: date) -> bool:
        return self.review_due < today

    def applies(self, vendor: "VendorFacts") -> bool:
        rule = self.applies_to
        if "tiers" in rule and vendor.tier not in rule["tiers"]:
            return False
        if "statuses" in rule and vendor.status not in rule["statuses"]:
            return False
        if "services" in rule and not set(rule["services"]) & set(vendor.service_types):
            return False
        return True


@dataclass
class Area:
    id: str
    title: str
    summary: str
    order: int
    source_path: str | None
    body: str
    body_line: int
    owner: str | None
    last_reviewed: date | None
    review_every: str | None
    plays: list[Play] = field(default_factory=list)

    @property
    def docs_path(self) -> str:
        return f"playbooks/{self.id}/index.md"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    origin: str
    url: str | None
    published: str | None
    summary: str | None


@dataclass(frozen=True)
class Term:
    term: str
    abbreviation: str | None
    definition: str
    plays: tuple[str, ...]


# --- vendors -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VendorFacts:
    """What play selection needs, taken from the full data before any audience cut."""

    tier: str
    status: str
    service_types: tuple[str, ...]


@dataclass
class Meeting:
    id: str
    title: str
    type: str
    cadence: str
    weekday: str | None
    time: str | None
    duration_minutes: int
    first: date | None
    ours: list[Person]
    theirs: list[Person]
    chair: Person | None
    play: str | None
    agenda: tuple[str, ...]


@dataclass
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


@dataclass
class Escalation:
    level: int
    ours: Person | None
    theirs: Person | None
    respond_within: str | None
    when: str | None


@dataclass
class Vendor:
    slug: str
    source_path: str
    name: str
    short_name: str
    facts: VendorFacts
    data: dict[str, Any]  # the audience-cut document, for sections without a dedicated type
    summary: str | None
    tier: str | None
    status: str | None
    since: str | None
    location: str | None
    website: str | None
    services: list[dict[str, Any]]
    schedule: overlap.Schedule
    required_overlap_hours: float
    contacts: list[Person]
    team: dict[str, Person]  # our people on this relationship, by role
    spoc_ours: Person | None
    spoc_theirs: Person | None
    escalation: list[Escalation]
    meetings: list[Meeting]
    objectives: list[dict[str, Any]]
    measures: list[Measure]
    plays: list[Play]
    window: overlap.Window | None = None
    time: Any = None  # overlap.describe(): overlap over the coming weeks, meeting slots, ...
    _owners: dict[str, Owner] = field(default_factory=dict, repr=False)

    def owner(self, item: ChecklistItem, roles: dict[str, Role]) -> Owner:
        found = self._owners.get(item.owner)
        if found is None:
            found = self._owners[item.owner] = self._find_owner(item, roles)
        return found

    def _find_owner(self, item: ChecklistItem, roles: dict[str, Role]) -> Owner:
        role = roles[item.role]
        if item.side == "ours":
            return Owner("ours", role, self.team.get(item.role))
        person = next((c for c in self.contacts if item.role in c.roles), None)
        return Owner("theirs", role, person)

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

    def meeting_of(self, kind: str) -> Meeting | None:
        return next((m for m in self.meetings if m.type == kind), None)

    @property
    def steering_committee(self) -> Meeting | None:
        return self.meeting_of("steering-committee")

    @property
    def overlap_short(self) -> bool:
        return self.window is not None and self.window.minutes < self.required_overlap_hours * 60


@dataclass(frozen=True)
class Review:
    """A playbook page and when its next review is due."""

    title: str
    docs_path: str
    area: str
    owner: str
    last_reviewed: date
    review_every: str
    due: date
    overdue: bool
    days_left: int


# --- the whole site ----------------------------------------------------------------------------


@dataclass
class Site:
    audience: str  # vendor | internal | restricted
    vendor_scope: str | None  # the one vendor of a vendor-facing site
    today: date
    organization: Organization
    roles: dict[str, Role]
    areas: list[Area]
    plays: dict[str, Play]
    vendors: list[Vendor]
    sources: list[Source]
    glossary: list[Term]
    edit_base: str | None  # where "edit this page" links point, or None for no edit links

    @property
    def vendor_facing(self) -> bool:
        return self.vendor_scope is not None

    @property
    def key(self) -> str:
        """A stable name for this site, e.g. for browser storage: same across rebuilds."""
        base = re.sub(r"[^a-z0-9]+", "-", self.organization.short_name.lower()).strip("-") or "site"
        return f"{base}-{self.vendor_scope}" if self.vendor_scope else f"{base}-{self.audience}"

    def reviews(self) -> list[Review]:
        """Every play and playbook with a review date, soonest due first."""
        rows = []
        for area in self.areas:
            if area.last_reviewed and area.owner:
                due = add_interval(area.last_reviewed, area.review_every or DEFAULT_REVIEW_INTERVAL)
                rows.append(Review(f"{area.title} (playbook)", area.docs_path, area.title, area.owner, area.last_reviewed,
                                   area.review_every or DEFAULT_REVIEW_INTERVAL, due, due < self.today, (due - self.today).days))
            for play in area.plays:
                rows.append(Review(play.title, play.docs_path, area.title, play.owner, play.last_reviewed, play.review_every,
                                   play.review_due, play.overdue(self.today), (play.review_due - self.today).days))
        return sorted(rows, key=lambda r: (r.due, r.title))

    def edit_url(self, source_path: str | None) -> str | None:
        if not self.edit_base or not source_path:
            return None
        return self.edit_base.rstrip("/") + "/" + source_path


# --- building ----------------------------------------------------------------------------------

_INTERVAL = re.compile(r"^(\d+) (day|week|month|year)s?$")


def add_interval(start: date, interval: str) -> date:
    number, unit = _INTERVAL.match(interval).groups()  # type: ignore[union-attr]
    n = int(number)
    if unit == "day":
        return start + timedelta(days=n)
    if unit == "week":
        return start + timedelta(weeks=n)
    months = n * (12 if unit == "year" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, min(day, start.day))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


DEFAULT_REVIEW_INTERVAL = "6 months"


def _play(file: PlayFile, audience: str) -> Play | None:
    front = file.meta.data
    level = aud.play_level(front)
    if not aud.allows(audience, level):
        return None
    data = aud.cut(front, "play", audience, level=level)
    reviewed = date.fromisoformat(data["last_reviewed"])
    interval = data.get("review_every", DEFAULT_REVIEW_INTERVAL)
    return Play(
        id=data["id"],
        title=data["title"],
        area=file.area,
        stem=file.stem,
        source_path=file.path,
        summary=aud.strip_sections(data["summary"], audience),
        audience=tuple(data["audience"]),
        applies_to={k: tuple(v) for k, v in (front.get("applies_to") or {}).items()},
        cadence=data.get("cadence"),
        owner=data["owner"],
        last_reviewed=reviewed,
        review_every=interval,
        review_due=add_interval(reviewed, interval),
        visibility=level,
        checklist=tuple(
            ChecklistItem(i["id"], aud.strip_sections(i["text"], audience), i["owner"], i["phase"])
            for i in data.get("checklist", [])
        ),
        related=tuple(data.get("related", ())),
        sources=tuple(data.get("sources", ())),
        body=aud.strip_sections(file.body, audience),
        body_line=file.body_line,
        positions={
            "summary": file.meta.source.at(("summary",)),
            **{
                f"checklist.{item['id']}": file.meta.source.at(("checklist", index, "text"))
                for index, item in enumerate(front["checklist"])
            },
        },
    )


def _organization(inputs: Inputs, audience: str) -> Organization:
    doc = inputs.organization
    assert doc is not None
    data = aud.cut(doc.data, "organization", audience)
    hours = doc.data["working_hours"]  # hours and zone are vendor-visible by schema
    people = {p["id"]: Person.from_data(p, "ours") for p in data.get("people", [])}
    return Organization(
        name=data["name"],
        short_name=data.get("short_name", data["name"]),
        summary=data.get("summary"),
        website=data.get("website"),
        schedule=overlap.Schedule(doc.data["timezone"], hours["start"], hours["end"], tuple(hours.get("days", overlap.DEFAULT_DAYS))),
        required_overlap_hours=float(data.get("required_overlap_hours", DEFAULT_OVERLAP_HOURS)),
        people=people,
        defaults=dict(data.get("defaults") or {}),
        source_path=doc.path,
    )


def _vendor(slug: str, inputs: Inputs, audience: str, org: Organization, plays: dict[str, Play], today: date) -> Vendor:
    doc = inputs.vendors[slug]
    full = doc.data
    data = aud.cut(full, "vendor", audience, mapping=Data)  # every mapping a Data, in the same pass
    facts = VendorFacts(full["tier"], full["status"], tuple(s["type"] for s in full["services"]))
    contacts = [Person.from_data(c, "theirs") for c in data.get("contacts", [])]
    by_id = {c.id: c for c in contacts}
    team_ids = {**org.defaults, **(data.get("our_team") or {})}
    team = {role: org.people[pid] for role, pid in team_ids.items() if pid in org.people}
    hours = full["working_hours"]  # vendor-visible by schema; selection and overlap need it whole
    schedule = overlap.Schedule(hours["timezone"], hours["start"], hours["end"], tuple(hours.get("days", overlap.DEFAULT_DAYS)))
    escalation = [
        Escalation(
            level=step["level"],
            ours=org.people.get(step.get("ours", "")),
            theirs=by_id.get(step.get("theirs", "")),
            respond_within=step.get("respond_within"),
            when=step.get("when"),
        )
        for step in sorted(data.get("escalation") or [], key=lambda s: s["level"])
    ]
    meetings = []
    for m in (data.get("governance") or {}).get("meetings") or []:
        ours = [org.people[p] for p in m.get("ours", []) if p in org.people]
        theirs = [by_id[c] for c in m.get("theirs", []) if c in by_id]
        chair = next((p for p in ours + theirs if p.id == m.get("chair")), None)
        meetings.append(
            Meeting(
                id=m["id"],
                title=m.get("title") or MEETING_TYPES[m["type"]],
                type=m["type"],
                cadence=m["cadence"],
                weekday=m.get("weekday"),
                time=m.get("time"),
                duration_minutes=m.get("duration_minutes", DEFAULT_MEETING_MINUTES[m["type"]]),
                first=date.fromisoformat(m["first"]) if m.get("first") else None,
                ours=ours,
                theirs=theirs,
                chair=chair,
                play=m.get("play") if m.get("play") in plays else None,
                agenda=tuple(m.get("agenda", ())),
            )
        )
    performance = data.get("performance") or {}
    measures = [
        Measure(
            id=m["id"], kind=kind, name=m["name"], category=m.get("category"), comparator=m.get("comparator", ">="),
            target=m["target"], baseline=m.get("baseline"), unit=m["unit"], measured=m.get("measured"), source=m.get("source"),
        )
        for kind, group in (("SLA", "slas"), ("KPI", "kpis"))
        for m in performance.get(group) or []
    ]
    selection = full.get("plays") or {}
    chosen = [
        play for play in plays.values()
        if (play.applies(facts) or play.id in selection.get("add", ())) and play.id not in selection.get("skip", ())
    ]
    vendor = Vendor(
        slug=slug,
        source_path=doc.path,
        name=data["name"],
        short_name=data.get("short_name", data["name"]),
        facts=facts,
        data=data,
        summary=data.get("summary"),
        tier=data.get("tier"),
        status=data.get("status"),
        since=data.get("since"),
        location=data.get("location"),
        website=data.get("website"),
        services=data.get("services", []),
        schedule=schedule,
        required_overlap_hours=float(full.get("required_overlap_hours", org.required_overlap_hours)),
        contacts=contacts,
        team=team,
        spoc_ours=team.get("spoc"),
        spoc_theirs=next((c for c in contacts if "spoc" in c.roles), None),
        escalation=escalation,
        meetings=meetings,
        objectives=performance.get("objectives") or [],
        measures=measures,
        plays=chosen,
    )
    # Working-hour overlap and everything time-related (see overlap.py): one computation,
    # whose typical window the directory, the profile and the plays all show.
    vendor.time = overlap.describe(org.schedule, vendor, today)
    vendor.window = vendor.time.window
    return vendor


def build(inputs: Inputs, *, audience: str, today: date, vendor_scope: str | None = None, edit_base: str | None = None) -> Site:
    """The model of one site. `vendor_scope` limits it to one vendor (a vendor-facing site)."""
    assert inputs.organization is not None and inputs.roles is not None
    if vendor_scope is not None and audience != "vendor":
        raise ValueError("a vendor-facing site is built for the vendor audience")
    org = _organization(inputs, audience)
    roles = {
        rid: Role(rid, r["title"], r.get("short", r["title"]), r.get("description", ""))
        for rid, r in inputs.roles.data["roles"].items()
    }
    plays_list = [p for p in (_play(f, audience) for f in inputs.plays) if p is not None]
    plays_list.sort(key=lambda p: (p.area, p.title.lower()))
    plays = {p.id: p for p in plays_list}
    areas = []
    for name, area_file in inputs.areas.items():
        meta = area_file.meta.data if area_file.meta else {}
        if not aud.allows(audience, meta.get("visibility", "internal")):
            continue
        area = Area(
            id=name,
            title=meta.get("title", name.replace("-", " ").capitalize()),
            summary=meta.get("summary", ""),
            order=meta.get("order", 100),
            source_path=area_file.path,
            body=aud.strip_sections(area_file.body, audience),
            body_line=area_file.body_line,
            owner=meta.get("owner"),
            last_reviewed=date.fromisoformat(meta["last_reviewed"]) if meta.get("last_reviewed") else None,
            review_every=meta.get("review_every"),
            plays=[p for p in plays_list if p.area == name],
        )
        if area.plays:
            areas.append(area)
    areas.sort(key=lambda a: (a.order, a.title.lower()))
    # Plays in playbook order (the `order` of each playbook's index.md), then by title.
    rank = {area.id: index for index, area in enumerate(areas)}
    plays = {p.id: p for p in sorted(plays.values(), key=lambda p: (rank.get(p.area, len(rank)), p.title.lower())) if p.area in rank}
    slugs = [vendor_scope] if vendor_scope else sorted(inputs.vendors)
    vendors = [_vendor(slug, inputs, audience, org, plays, today) for slug in slugs]
    if vendor_scope is not None:
        # Only the people this vendor works with: our other staff stay off its site.
        used = {p.id for v in vendors for p in v.team.values()}
        used |= {e.ours.id for v in vendors for e in v.escalation if e.ours}
        used |= {p.id for v in vendors for m in v.meetings for p in m.ours}
        org.people = {pid: p for pid, p in org.people.items() if pid in used}
    sources = [
        Source(s["id"], s["title"], s["origin"], s.get("url"), s.get("published"), s.get("summary"))
        for s in (inputs.sources.data["sources"] if inputs.sources else [])
    ]
    glossary = [
        Term(t["term"], t.get("abbreviation"), t["definition"], tuple(p for p in t.get("plays", ()) if p in plays))
        for t in (inputs.glossary.data["terms"] if inputs.glossary else [])
    ]
    glossary.sort(key=lambda t: t.term.lower())
    return Site(
        audience=audience,
        vendor_scope=vendor_scope,
        today=today,
        organization=org,
        roles=roles,
        areas=areas,
        plays=plays,
        vendors=vendors,
        sources=sources,
        glossary=glossary,
        edit_base=edit_base,
    )
