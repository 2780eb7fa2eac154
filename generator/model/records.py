"""The records a play asks the team to keep, each typed and in the vendor's file: escalations
raised, change requests, improvement plans, a transition plan with its knowledge-transfer
sessions, and the decision-rights (RACI) matrix.

Every item is cut to the audience before it gets here (audience.py: internal unless marked
`visibility: vendor`), so what is built from it is what this site may show. What is late (an
improvement plan past its due date, a session not held by its day, an escalation nobody has
answered within its level's `respond_within`) is worked out here once, for the profile, the
review pack and Upcoming alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..schedules.dates import respond_days
from ..schedules.workdays import Side, add_working_days
from .people import Person

@dataclass(frozen=True)
class RaisedEscalation:
    id: str
    level: int
    raised: date
    about: str
    responded: date | None
    resolved: date | None
    outcome: str | None
    respond_by: date | None  # from the level's `respond_within`; None when it gives no number
    late: bool  # open, unanswered, and past the day its level had to respond by

    @property
    def open(self) -> bool:
        return self.resolved is None


def escalations(data: list[dict[str, Any]], levels: dict[int, str | None], side: Side,
                today: date) -> tuple[RaisedEscalation, ...]:
    out = []
    for item in sorted(data, key=lambda e: (e["raised"], e["id"])):
        raised = date.fromisoformat(item["raised"])
        days = respond_days(levels.get(item["level"]))
        respond_by = add_working_days(raised, days, side) if days is not None else None
        responded, resolved = _day(item.get("responded")), _day(item.get("resolved"))
        out.append(RaisedEscalation(
            item["id"], item["level"], raised, item["about"], responded, resolved, item.get("outcome"), respond_by,
            resolved is None and responded is None and respond_by is not None and respond_by < today))
    return tuple(out)


@dataclass(frozen=True)
class ChangeRequest:
    id: str
    title: str
    raised: date
    requested_by: Person | None
    cost_change: float | None
    currency: str | None
    days_change: int | None  # working days the dates it touches move (negative: earlier)
    decision: str  # pending, approved, rejected, deferred
    decided: date | None
    note: str | None

    @property
    def cost(self) -> str | None:
        """"+38,000 EUR", "-1,500.5 EUR"; None when the request gives no cost."""
        if self.cost_change is None:
            return None
        amount = f"{abs(self.cost_change):,.2f}".rstrip("0").rstrip(".")
        sign = "+" if self.cost_change > 0 else "-" if self.cost_change < 0 else ""
        return f"{sign}{amount} {self.currency or ''}".strip()


def change_requests(data: list[dict[str, Any]], people: dict[str, Person]) -> tuple[ChangeRequest, ...]:
    return tuple(ChangeRequest(
        c["id"], c["title"], date.fromisoformat(c["raised"]), people.get(c.get("requested_by", "")),
        c.get("cost_change"), c.get("currency"), c.get("days_change"), c.get("decision", "pending"),
        _day(c.get("decided")), c.get("note"),
    ) for c in sorted(data, key=lambda c: (c["raised"], c["id"])))


@dataclass(frozen=True)
class ImprovementPlan:
    id: str
    title: str
    target: str
    measure: str | None  # the name of the SLA or KPI it is to move, if this site shows it
    owner: Person | None
    due: date
    status: str  # open, done, dropped
    done: date | None
    overdue: bool


def improvement_plans(data: list[dict[str, Any]], people: dict[str, Person], measures: dict[str, str],
                      today: date) -> tuple[ImprovementPlan, ...]:
    out = []
    for p in sorted(data, key=lambda p: (p["due"], p["id"])):
        due = date.fromisoformat(p["due"])
        status = p.get("status", "open")
        out.append(ImprovementPlan(p["id"], p["title"], p["target"], measures.get(p.get("measure", "")),
                                   people.get(p.get("owner", "")), due, status, _day(p.get("done")),
                                   status == "open" and due < today))
    return tuple(out)


@dataclass(frozen=True)
class Session:
    id: str
    topic: str
    date: date
    given_by: Person | None
    attendees: tuple[Person, ...]
    status: str  # planned, held, cancelled
    overdue: bool  # planned, and its day has passed


@dataclass(frozen=True)
class Transition:
    summary: str | None
    to: str | None  # who takes the work over
    owner: Person | None
    sessions: tuple[Session, ...]

    @property
    def overdue_sessions(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.overdue)


def transition(data: dict[str, Any] | None, people: dict[str, Person], today: date) -> Transition | None:
    if not data:
        return None
    sessions = tuple(Session(
        s["id"], s["topic"], date.fromisoformat(s["date"]), people.get(s.get("given_by", "")),
        tuple(people[p] for p in s.get("attendees") or () if p in people), s.get("status", "planned"),
        s.get("status", "planned") == "planned" and date.fromisoformat(s["date"]) < today,
    ) for s in sorted(data.get("sessions") or [], key=lambda s: (s["date"], s["id"])))
    if not sessions and not data.get("summary"):
        return None
    return Transition(data.get("summary"), data.get("to"), people.get(data.get("owner", "")), sessions)


@dataclass(frozen=True)
class DecisionRight:
    decision: str
    responsible: tuple[Person, ...]
    accountable: Person | None
    consulted: tuple[Person, ...]
    informed: tuple[Person, ...]


def decision_rights(data: list[dict[str, Any]], people: dict[str, Person]) -> tuple[DecisionRight, ...]:
    def some(ids: Any) -> tuple[Person, ...]:
        return tuple(people[i] for i in ids or () if i in people)

    return tuple(DecisionRight(d["decision"], some(d.get("responsible")), people.get(d.get("accountable", "")),
                               some(d.get("consulted")), some(d.get("informed"))) for d in data)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Late:
    """Something a record says should have happened by now: for Upcoming and the review pack."""

    due: date
    kind: str  # "Improvement plan", "Knowledge-transfer session", "Escalation"
    text: str
    owner: Person | None


def late(escalations_: tuple[RaisedEscalation, ...], plans: tuple[ImprovementPlan, ...],
         transition_: Transition | None) -> tuple[Late, ...]:
    """What is late across a vendor's records, the longest late first."""
    found = [Late(e.respond_by, f"Escalation, level {e.level}, not answered", e.about, None)
             for e in escalations_ if e.late and e.respond_by is not None]
    found += [Late(p.due, "Improvement plan", p.title, p.owner) for p in plans if p.overdue]
    if transition_ is not None:
        found += [Late(s.date, "Knowledge-transfer session", s.topic, s.given_by) for s in transition_.overdue_sessions]
    return tuple(sorted(found, key=lambda item: (item.due, item.kind, item.text)))


def for_vendor(data: dict[str, Any], full: dict[str, Any], people: dict[str, Person], measures: dict[str, str],
               theirs: Side, today: date) -> dict[str, Any]:
    """A vendor's records as the Vendor's fields: `data` cut for the audience, `full` the whole
    file (for the levels' `respond_within`, counted in the vendor's working days less its holidays)."""
    levels = {s["level"]: s.get("respond_within") for s in full.get("escalation") or []}
    return {
        "escalations": escalations(data.get("escalations") or [], levels, theirs, today),
        "change_requests": change_requests(data.get("change_requests") or [], people),
        "improvement_plans": improvement_plans(data.get("improvement_plans") or [], people, measures, today),
        "transition": transition(data.get("transition"), people, today),
        "decision_rights": decision_rights(data.get("decision_rights") or [], people),
    }
