"""A vendor, with every part of its file typed, as one audience sees it; and how it is built.

Every section a page shows has a type here, so templates never read a vendor's raw data.
Values keep the form the file gave them (dates as `date`s, text as written); a section this
audience may not see is None or empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .fields import fields
from ..support.codes import Audience
from . import audience as aud
from ..sources.load import Document, Inputs
from ..support.problems import Problem
from ..schedules import deadlines, hours, wording
from ..schedules.deadlines import Deadline
from ..schedules.hours import Schedule
from ..schedules.meetings import HolidaySpec, MeetingSpec, Party
from ..schedules.view import TimeView, describe
from ..schedules.workdays import Side, Sides, dates_off
from . import anchors, records, relationship, scorecards
from . import compliance as compliance_
from .anchors import Dated
from .labels import MEETING_TYPES
from .joiners import Joiner, joiners
from .leavers import Holding, Leaver, leavers, register
from .people import DayOff, Organization, Owner, Person, Role, schedule
from .playbooks import ChecklistItem, Play, VendorFacts, reading_order
from .relationship import Action, Decision, ContractDocument, Done, Health, LogEntry, Renewal, Risk
from .records import ChangeRequest, DecisionRight, ImprovementPlan, RaisedEscalation, Transition
from .scorecards import Clause, Measure
from .vendor_parts import (Assessment, Capacity, Communication, Contract, Culture, Escalation, Exit, Meeting, Objective,
                           Onboarding, Sections, Service, parse_day, read_sections)

DEFAULT_MEETING_MINUTES = {"status-sync": 30, "service-review": 60, "steering-committee": 90, "other": 60}


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
    sections: Sections  # the file's optional sections: contract, communication, culture, holidays...
    plays: list[Play]
    time: TimeView
    sides: Sides  # both sides' working weeks and holidays: every date counted in working days
    # How the relationship runs (relationship.py): health checks, risks, the governance log,
    # the contract's renewal, documents that expire, and checklist items the team has done.
    health: Health = field(default_factory=lambda: Health(()))
    risks: tuple[Risk, ...] = ()
    log: tuple[LogEntry, ...] = ()
    renewal: Renewal | None = None
    documents: tuple[ContractDocument, ...] = ()
    progress: dict[tuple[str, str], Done] = field(default_factory=dict)
    joiners: tuple[Joiner, ...] = ()  # people joining, until their 90th day (model/joiners.py)
    leavers: tuple[Leaver, ...] = ()  # people leaving, with their dated offboarding (model/leavers.py)
    access_register: tuple[Holding, ...] = ()  # who holds which tool (our sites show it, never a vendor's)
    warnings: tuple[Problem, ...] = ()  # deadlines passed with nothing decided, at their place in the file
    # The records plays ask for (records.py), dated checklist items by (play id, item id)
    # (anchors.py), compliance by tier (compliance.py; our sites only).
    escalations: tuple[RaisedEscalation, ...] = ()
    change_requests: tuple[ChangeRequest, ...] = ()
    improvement_plans: tuple[ImprovementPlan, ...] = ()
    transition: Transition | None = None
    decision_rights: tuple[DecisionRight, ...] = ()
    item_dates: dict[tuple[str, str], Dated] = field(default_factory=dict)
    compliance: tuple[compliance_.Requirement, ...] = ()
    subcontractors: tuple[compliance_.Subcontractor, ...] = ()
    key_personnel: tuple[compliance_.KeyPerson, ...] = ()
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
        return f"vendors/{self.slug}/{self.slug}.ics" if self.time.has_calendar or self.deadlines else None

    # --- results, decisions and deadlines ---

    @property
    def scored(self) -> tuple[Measure, ...]:
        """The measures with results: the scorecard."""
        return tuple(m for m in self.measures if m.results)

    @property
    def scorecard_status(self) -> str | None:
        """The worst latest status among its measures (None: no results yet)."""
        return scorecards.worst([m.status for m in self.measures])

    def status_count(self, status: str) -> int:
        return sum(1 for m in self.measures if m.status == status)

    @property
    def decisions(self) -> tuple[Decision, ...]:
        return tuple(d for entry in self.log for d in entry.decisions)

    @property
    def actions(self) -> tuple[Action, ...]:
        return tuple(a for entry in self.log for a in entry.actions)

    @property
    def open_actions(self) -> tuple[Action, ...]:
        """Open actions, overdue first, then by owner and due date."""
        return relationship.open_actions(self.log)

    @property
    def overdue_actions(self) -> tuple[Action, ...]:
        return tuple(a for a in self.open_actions if a.overdue)

    @property
    def compliance_gaps(self) -> tuple[compliance_.Requirement, ...]:
        """The requirements of its tier it does not meet well: missing, expired or expiring."""
        return tuple(r for r in self.compliance if r.problem)

    @property
    def late_records(self) -> tuple[records.Late, ...]:
        """Escalations unanswered past their level's time, overdue improvement plans and
        knowledge-transfer sessions not held by their day."""
        return records.late(self.escalations, self.improvement_plans, self.transition)

    @property
    def deadlines(self) -> tuple[Deadline, ...]:
        """The contract's notice deadline and the documents' expiries, by date."""
        found = ([self.renewal.deadline] if self.renewal else []) + [d.deadline for d in self.documents]
        return tuple(sorted(found, key=lambda d: (d.day, d.key)))

    @property
    def deadlines_due(self) -> tuple[Deadline, ...]:
        """Deadlines for "Decisions due": within the next 120 days, or passed with nothing settled."""
        return tuple(d for d in self.deadlines if d.due)

    @property
    def stale_risks(self) -> tuple[Risk, ...]:
        return tuple(r for r in self.risks if r.stale)

    def done(self, play_id: str, item_id: str) -> Done | None:
        """Whether the team recorded a checklist item as done (shared progress)."""
        return self.progress.get((play_id, item_id))


# --- building one --------------------------------------------------------------------------------


def _meetings(data: dict[str, Any], full: dict[str, Any], org: Organization, by_id: dict[str, Person],
              plays: dict[str, Play]) -> tuple[Meeting, ...]:
    out = []
    # A log entry counts as `last_held`, also one this audience may not read: the day a meeting
    # it sees was held is no secret, and it decides whether the meeting is overdue.
    logged = relationship.held((full.get("governance") or {}).get("log") or [])
    for m in (data.get("governance") or {}).get("meetings") or []:
        last = max(filter(None, (parse_day(m.get("last_held")), logged.get(m["id"]))), default=None)
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
            first=parse_day(m.get("first")),
            last_held=last,
            ours=ours,
            theirs=theirs,
            chair=next((p for p in ours + theirs if p.id == m.get("chair")), None),
            play=m.get("play") if m.get("play") in plays else None,
            agenda=tuple(m.get("agenda", ())),
        ))
    return tuple(out)


def _escalation(data: dict[str, Any], org: Organization, by_id: dict[str, Person]) -> tuple[Escalation, ...]:
    """The escalation levels, lowest first, with the people they name."""
    return tuple(
        Escalation(step["level"], org.people.get(step.get("ours", "")), by_id.get(step.get("theirs", "")),
                   step.get("respond_within"), step.get("when"))
        for step in sorted(data.get("escalation") or [], key=lambda s: s["level"])
    )


def _scorecard(performance: dict[str, Any], claim_days: int | None, audience: Audience,
               today: date) -> tuple[tuple[Measure, ...], tuple[Clause, ...], tuple[Clause, ...]]:
    """The measures, and the incentive and penalty clauses on them (their money for the restricted site)."""
    measures = scorecards.measures(performance, today)
    by_measure = {m.id: m for m in measures}
    incentives = scorecards.clauses(performance.get("incentives") or [], by_measure, today, audience == "restricted", claim_days)
    penalties = scorecards.clauses(performance.get("penalties") or [], by_measure, today, audience == "restricted", claim_days)
    return measures, incentives, penalties


def _chosen(selection: dict[str, Any], facts: VendorFacts, plays: dict[str, Play]) -> list[Play]:
    """The plays that apply to the vendor, with those its file adds and without those it skips, in reading order."""
    return reading_order([
        play for play in plays.values()
        if (play.applies(facts) or play.id in selection.get("add", ())) and play.id not in selection.get("skip", ())
    ], onboarding_first=facts.status == "onboarding")


def _time(org: Organization, theirs: Schedule, party: Party, required: float, meetings: tuple[Meeting, ...],
          sections: Sections, today: date) -> TimeView:
    """Everything time-related (schedules/): one computation, whose window the directory, the
    profile and the plays all show."""
    return describe(
        org.schedule, theirs, party, required_minutes=hours.required_minutes(required), today=today,
        meetings=tuple(MeetingSpec(m.id, m.title, m.type, m.cadence, m.weekday, m.time, m.duration_minutes, m.first, m.last_held)
                       for m in meetings),
        holiday_specs=tuple(HolidaySpec(h.name, h.first, h.last) for h in sections.holidays),
        our_holiday_specs=tuple(HolidaySpec(h.name, h.first, h.last, "ours") for h in org.holidays),
        until=sections.exit.last_day if sections.exit else None,
    )


def vendor(slug: str, inputs: Inputs, audience: Audience, org: Organization, plays: dict[str, Play], today: date) -> Vendor:
    """The vendor of `slug` as `audience` sees it, with its plays and its time."""
    doc = inputs.vendors[slug]
    full = fields(doc.data)
    data = aud.cut(full, "vendor", audience)
    facts = VendorFacts(full["tier"], full["status"], tuple(s["type"] for s in full["services"]))
    contacts = tuple(Person.from_data(c, "theirs") for c in data.get("contacts", []))
    by_id = {c.id: c for c in contacts}
    team_ids = {**org.defaults, **(data.get("our_team") or {})}
    team = {role: org.people[pid] for role, pid in team_ids.items() if pid in org.people}
    theirs = schedule(full["working_hours"]["timezone"], full["working_hours"])  # vendor-visible by schema
    escalation = _escalation(data, org, by_id)
    meetings = _meetings(data, full, org, by_id, plays)
    performance = data.get("performance") or {}
    measures, incentives, penalties = _scorecard(performance, (data.get("contract") or {}).get("claim_days"), audience, today)
    organization = fields(inputs.organization.data if inputs.organization else None)
    remind = deadlines.lead_times(organization.get("remind_days"))
    titles = {m.id: m.title for m in meetings}
    chosen = _chosen(full.get("plays") or {}, facts, plays)
    people = {**org.people, **by_id}  # owners may be on either side (validation keeps the ids apart)
    sections = read_sections(data, people)
    name, short_name = data["name"], data.get("short_name", data["name"])
    required = float(full.get("required_overlap_hours", org.required_overlap_hours))
    renewal = relationship.renewal(data.get("contract"), people, remind, today)
    documents = relationship.documents(data.get("documents") or [], people, remind, today)
    sides = Sides(Side(org.schedule, dates_off(org.holidays)), Side(theirs, dates_off(sections.holidays)))
    time = _time(org, theirs, Party(slug, name, short_name), required, meetings, sections, today)
    channels = sections.communication.channels if sections.communication else ()
    leaving = leavers(data.get("leavers") or [], channels, people, sides, team, org.short_name)
    events = anchors.vendor_events(sections.onboarding, renewal.deadline.day if renewal else None, sections.contract,
                                   sections.exit, time)
    return Vendor(
        slug=slug, source_path=doc.path, name=name, short_name=short_name, facts=facts,
        summary=data.get("summary"), tier=data.get("tier"), status=data.get("status"), since=data.get("since"),
        location=data.get("location"), website=data.get("website"),
        services=tuple(Service(s["id"], s["name"], s["type"], s.get("description")) for s in data.get("services", [])),
        schedule=theirs, required_overlap_hours=required, contacts=contacts, team=team,
        spoc_ours=team.get("spoc"), spoc_theirs=next((c for c in contacts if "spoc" in c.roles), None),
        escalation=escalation, meetings=meetings,
        objectives=tuple(Objective(o["id"], o["statement"], tuple(o.get("kpis") or ())) for o in performance.get("objectives") or []),
        measures=measures, incentives=incentives, penalties=penalties, plays=chosen, time=time, sides=sides,
        health=relationship.health(data.get("health_checks") or [], relationship.dimensions(organization)),
        risks=relationship.risks(data.get("risks") or [], people, today),
        log=relationship.log((data.get("governance") or {}).get("log") or [], titles, people, today),
        renewal=renewal, documents=documents,
        progress=relationship.progress(data.get("progress"), people),
        joiners=joiners(data.get("joiners") or [], people, today, data.get("joiner_progress")),
        leavers=leaving,
        access_register=register(data.get("joiners") or [], leaving, channels),
        warnings=_warnings(doc, renewal, documents, data.get("documents") or [])
        + _unclaimed_warnings(doc, full.get("performance") or {}, full.get("contract") or {}, today),
        **records.for_vendor(data, full, people, {m.id: m.name for m in measures}, sides.theirs, today),
        item_dates=anchors.item_dates(chosen, events, sides),
        **compliance_.for_vendor(data, full, organization, documents, by_id, audience, today),
        sections=sections,
    )


def _unclaimed_warnings(doc: Document, raw: dict[str, Any], contract: dict[str, Any], today: date) -> tuple[Problem, ...]:
    """Service credits earned whose claim window closed with no claim recorded, at the rule's
    `money` in the vendor file. Worked out from the whole file, whatever the audience (money is
    restricted by default, but whoever builds has the data); only when a rule has credits."""
    groups = {g: raw.get(g) or [] for g in ("incentives", "penalties")}
    if not any((t.get("money") or {}).get("kind") == "credit" for terms in groups.values() for t in terms):
        return ()
    by_measure = {m.id: m for m in scorecards.measures(raw, today)}
    out = []
    for group, terms in groups.items():
        for index, clause in enumerate(scorecards.clauses(terms, by_measure, today, False, contract.get("claim_days"))):
            late = clause.unclaimed()
            if not late:
                continue
            line, column = doc.source.at(("performance", group, index, "money"), key=True)
            for o in late:
                out.append(Problem(doc.path, line, column, wording.unclaimed_credit(o.result.period, o.claim_by or o.result.period.end)))
    return tuple(out)


def _warnings(doc: Document, renewal: Renewal | None, documents: tuple[ContractDocument, ...], raw: list[dict[str, Any]]) -> tuple[Problem, ...]:
    """Deadlines that passed with nothing decided, at their place in the vendor file (positions
    are worked out only when there is one: most builds have none)."""
    out = []
    if renewal is not None and renewal.deadline.warning:
        line, column = doc.source.at(("contract", "end"))
        out.append(Problem(doc.path, line, column, wording.passed_warning(renewal.deadline)))
    for document in documents:
        if document.deadline.warning:
            index = next(i for i, d in enumerate(raw) if d["id"] == document.id)
            line, column = doc.source.at(("documents", index, "expires"))
            out.append(Problem(doc.path, line, column, wording.passed_warning(document.deadline)))
    return tuple(out)
