"""The parts of a review pack that make it ready for the room (model.review builds the pack):
one headline status, the decisions needed with the renewal first when its notice deadline
falls before or near the meeting, and what the quarter after the last complete one holds.

The headline is red, amber or green, always said in words: the worst of each measure's
latest status (on target: green, at risk: amber, off target or breached: red) and, where the
file has one (our sites only), our own assessment of the relationship. It names the periods
it covers, so it never seems to disagree with the profile, which shows the same latest periods.
Results alone do not make it green: overdue actions, or a renewal to decide before the meeting
(or within NEAR_DAYS after it), make it at least amber, and it says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from ..schedules import reporting, wording
from ..schedules.deadlines import Deadline
from ..schedules.reporting import ReportPeriod
from .people import Person
from .records import ChangeRequest, ImprovementPlan
from .scorecards import Measure
from .vendors import Vendor

Rag = Literal["green", "amber", "red"]
RAG_ORDER: tuple[Rag, ...] = ("green", "amber", "red")
FROM_STATUS: dict[str, Rag] = {"on": "green", "risk": "amber", "off": "red"}
# The renewal comes first among the decisions when its notice deadline falls before the
# meeting or at most this many days after it: the room is the last place to decide it.
NEAR_DAYS = 30

NeedKind = Literal["renewal", "document", "change-request", "escalate", "plan"]


@dataclass(frozen=True)
class Headline:
    """The pack's one status: `rag` is None when nothing is measured and nothing assessed."""

    rag: Rag | None
    measured: Rag | None  # from the measures' latest periods
    assessed: Rag | None  # our assessment in the file (internal)
    measures: tuple[Measure, ...]  # the scored measures, each at its latest period
    overdue_actions: int = 0  # open actions past their due day
    renewal_first: bool = False  # the renewal must be decided before (or soon after) the meeting

    @property
    def results(self) -> Rag | None:
        """The status from results alone: the worse of the measures' and our assessment."""
        found = [r for r in (self.measured, self.assessed) if r is not None]
        return max(found, key=RAG_ORDER.index) if found else None

    @property
    def first(self) -> ReportPeriod | None:
        """The earliest of the measures' latest periods."""
        found = [m.latest.period for m in self.measures if m.latest is not None]
        return min(found, key=lambda p: p.end) if found else None

    @property
    def last(self) -> ReportPeriod | None:
        found = [m.latest.period for m in self.measures if m.latest is not None]
        return max(found, key=lambda p: p.end) if found else None

    def count(self, status: str) -> int:
        return sum(1 for m in self.measures if m.status == status)


def headline(vendor: Vendor, needs: tuple[Need, ...]) -> Headline:
    """The pack's status: the worst of its results, and at least amber while actions are
    overdue or the renewal must be decided first (`needs`, as `needs()` orders them)."""
    scored = vendor.scored
    statuses = [FROM_STATUS[m.status] for m in scored if m.status is not None]
    measured = max(statuses, key=RAG_ORDER.index) if statuses else None
    health = vendor.sections.assessment.health if vendor.sections.assessment else None
    assessed = next((r for r in RAG_ORDER if r == health), None)
    found = Headline(None, measured, assessed, scored, len(vendor.overdue_actions), renewal_first(needs))
    rag = found.results
    if found.overdue_actions or found.renewal_first:
        rag = "amber" if rag in (None, "green") else rag
    return replace(found, rag=rag)


@dataclass(frozen=True)
class Need:
    """One decision the meeting is asked for (or, for the renewal, to be taken before it)."""

    kind: NeedKind
    subject: str  # what is to be decided, in words
    by: date | None  # the last day to decide
    owner: Person | None
    before_meeting: bool  # the renewal: its notice deadline falls before or near the meeting
    deadline: Deadline | None = None
    change: ChangeRequest | None = None
    measure: Measure | None = None
    plan: ImprovementPlan | None = None


def needs(vendor: Vendor, meeting_day: date | None) -> tuple[Need, ...]:
    """The decisions needed, the renewal first when its notice deadline is before or near
    the meeting (within NEAR_DAYS after it), the rest by the day they are needed by."""
    first: list[Need] = []
    rest: list[Need] = []
    renewal = vendor.renewal
    if renewal is not None and not renewal.deadline.settled and (renewal.deadline.due or _near(renewal.deadline.day, meeting_day)):
        d = renewal.deadline
        near = _near(d.day, meeting_day)
        need = Need("renewal", "renew, renegotiate or end the contract", d.day, renewal.owner, near, deadline=d)
        (first if near else rest).append(need)
    for d in vendor.deadlines_due:
        if d.kind == "expiry":
            rest.append(Need("document", "ask for the renewed document before it expires" if not d.passed
                             else "it has expired: get a valid one or decide to go on without it", d.day, None, False, deadline=d))
    for c in vendor.change_requests:
        if c.decision == "pending":
            rest.append(Need("change-request", "approve, reject or defer the change", None, c.requested_by, False, change=c))
    for m in vendor.scored:
        if m.escalate:
            rest.append(Need("escalate", "agree how to bring the measure back inside its margin", None, None, False, measure=m))
    for p in vendor.improvement_plans:
        if p.overdue:
            rest.append(Need("plan", "close, extend or replace the overdue plan", p.due, p.owner, False, plan=p))
    rest.sort(key=lambda n: (n.by is None, n.by or date.max))
    return tuple(first + rest)


def renewal_first(needs: tuple[Need, ...]) -> bool:
    """Whether the renewal must be decided before the meeting: it heads the decisions."""
    return bool(needs) and needs[0].kind == "renewal" and needs[0].before_meeting


def _near(day: date, meeting_day: date | None) -> bool:
    return meeting_day is not None and day <= meeting_day + timedelta(days=NEAR_DAYS)


@dataclass(frozen=True)
class PlanRow:
    day: date
    kind: Literal["action", "deadline", "plan"]
    what: str
    owner: Person | None = None
    owner_name: str | None = None  # a deadline's owner, by name


@dataclass(frozen=True)
class Plan:
    """The quarter the pack looks ahead to, and what is due by its end, by date."""

    quarter: ReportPeriod
    rows: tuple[PlanRow, ...]


def plan(vendor: Vendor, today: date, meeting_day: date | None) -> Plan:
    """The quarter of the next review meeting (else the one after today's), with what is due
    by that quarter's end: open actions (overdue ones included), deadlines not yet settled and
    open improvement plans."""
    quarter = reporting.quarter(meeting_day) if meeting_day else reporting.quarter(today).next()
    end = quarter.end
    rows = [PlanRow(a.due, "action", a.text, a.owner) for a in vendor.open_actions if a.due <= end]
    rows += [PlanRow(d.day, "deadline", wording.deadline_title(d), owner_name=d.owner)
             for d in vendor.deadlines if today <= d.day <= end and not (d.kind == "notice" and d.settled)]
    rows += [PlanRow(p.due, "plan", p.title, p.owner) for p in vendor.improvement_plans if p.status == "open" and p.due <= end]
    return Plan(quarter, tuple(sorted(rows, key=lambda r: (r.day, r.kind, r.what))))
