"""How a relationship runs, as the vendor file records it: two-way health checks, risks, what
meetings decided and who does what by when, the contract's renewal and other deadlines, and
checklist items the team has done. Each part typed, as one audience sees it.

People named as owners may be on either side: someone in organization.yml or a contact of
the vendor (validation keeps the two apart). A person this audience may not see reads as
nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import mean
from typing import Any

from ..support.codes import Side
from .health import health_dimensions
from ..schedules import deadlines
from ..schedules.deadlines import Deadline
from .people import Person

STALE = "stale"


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# --- health checks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    description: str | None = None


def dimensions(organization: dict[str, Any]) -> tuple[Dimension, ...]:
    """organization.yml's `health_dimensions`, or the default five."""
    return tuple(Dimension(d["id"], d["name"], d.get("description")) for d in health_dimensions(organization))


@dataclass(frozen=True)
class Score:
    dimension: Dimension
    ours: int | None
    theirs: int | None
    ours_comment: str | None
    theirs_comment: str | None

    @property
    def gap(self) -> int | None:
        """Our score minus theirs: the finding is where the sides see it differently."""
        return self.ours - self.theirs if self.ours is not None and self.theirs is not None else None


@dataclass(frozen=True)
class HealthCheck:
    date: date
    scores: tuple[Score, ...]  # in the dimensions' order
    decision: str | None  # invest | improve | exit
    summary: str | None

    def _mean(self, side: Side) -> float | None:
        values = [getattr(s, side) for s in self.scores if getattr(s, side) is not None]
        return round(mean(values), 1) if values else None

    @property
    def ours_average(self) -> float | None:
        return self._mean("ours")

    @property
    def theirs_average(self) -> float | None:
        return self._mean("theirs")

    def score(self, dimension_id: str) -> Score | None:
        return next((s for s in self.scores if s.dimension.id == dimension_id), None)


@dataclass(frozen=True)
class HealthRow:
    """One dimension of the latest check beside the check before it."""

    score: Score
    before: Score | None


@dataclass(frozen=True)
class Health:
    """A vendor's health checks, oldest first."""

    checks: tuple[HealthCheck, ...]

    @property
    def latest(self) -> HealthCheck | None:
        return self.checks[-1] if self.checks else None

    @property
    def previous(self) -> HealthCheck | None:
        return self.checks[-2] if len(self.checks) > 1 else None

    @property
    def rows(self) -> tuple[HealthRow, ...]:
        latest, previous = self.latest, self.previous
        if latest is None:
            return ()
        return tuple(HealthRow(s, previous.score(s.dimension.id) if previous else None) for s in latest.scores)

    @property
    def largest_gap(self) -> int:
        return max((abs(r.score.gap) for r in self.rows if r.score.gap is not None), default=0)


def health(data: list[dict[str, Any]], dims: tuple[Dimension, ...]) -> Health:
    checks = []
    for check in sorted(data, key=lambda c: c["date"]):
        scores = check["scores"]
        checks.append(HealthCheck(
            date.fromisoformat(check["date"]),
            tuple(Score(d, scores[d.id].get("ours"), scores[d.id].get("theirs"), scores[d.id].get("ours_comment"),
                        scores[d.id].get("theirs_comment")) for d in dims if d.id in scores),
            check.get("decision"), check.get("summary")))
    return Health(tuple(checks))


# --- risks ---------------------------------------------------------------------------------------


RATING = {"low": 1, "medium": 2, "high": 3}


@dataclass(frozen=True)
class Risk:
    id: str
    text: str
    likelihood: str | None
    impact: str | None
    owner: Person | None
    mitigation: str | None
    raised: date | None
    review: date | None
    stale: bool  # its review date has passed

    @property
    def severity(self) -> int:
        """Likelihood times impact, 1 to 9 (medium where not given)."""
        return RATING.get(self.likelihood or "medium", 2) * RATING.get(self.impact or "medium", 2)


def risks(data: list[dict[str, Any]], people: dict[str, Person], today: date) -> tuple[Risk, ...]:
    """Stale first, then the most severe, then by review date."""
    out = []
    for r in data:
        review = _day(r.get("review"))
        out.append(Risk(r["id"], r["text"], r.get("likelihood"), r.get("impact"), people.get(r.get("owner", "")),
                        r.get("mitigation"), _day(r.get("raised")), review, review is not None and review < today))
    return tuple(sorted(out, key=lambda r: (not r.stale, -r.severity, r.review or date.max, r.id)))


# --- the governance log: decisions and actions ---------------------------------------------------


@dataclass(frozen=True)
class Decision:
    text: str
    owner: Person | None
    meeting: str  # the meeting's title
    date: date


@dataclass(frozen=True)
class Action:
    text: str
    owner: Person | None
    due: date
    status: str  # open | done | dropped
    done: date | None
    meeting: str
    agreed: date  # the day of the meeting that agreed it
    today: date

    @property
    def open(self) -> bool:
        return self.status == "open"

    @property
    def overdue(self) -> bool:
        return self.open and self.due < self.today

    @property
    def days_left(self) -> int:
        return deadlines.days_between(self.today, self.due)


@dataclass(frozen=True)
class LogEntry:
    meeting_id: str
    meeting: str  # its title
    date: date
    decisions: tuple[Decision, ...]
    actions: tuple[Action, ...]


def log(data: list[dict[str, Any]], titles: dict[str, str], people: dict[str, Person], today: date) -> tuple[LogEntry, ...]:
    """The log entries of meetings this audience sees (an entry of a meeting it may not see is
    left out with everything in it), oldest first."""
    out = []
    for entry in data:
        title = titles.get(entry["meeting"])
        if title is None:
            continue
        held = date.fromisoformat(entry["date"])
        out.append(LogEntry(
            entry["meeting"], title, held,
            tuple(Decision(d["text"], people.get(d.get("owner", "")), title, held) for d in entry.get("decisions") or ()),
            tuple(Action(a["text"], people.get(a["owner"]), date.fromisoformat(a["due"]), a.get("status", "open"),
                         _day(a.get("done")), title, held, today) for a in entry.get("actions") or ()),
        ))
    return tuple(sorted(out, key=lambda e: (e.date, e.meeting)))


def held(data: list[dict[str, Any]]) -> dict[str, date]:
    """The latest day each meeting was held, by the log: a log entry counts as `last_held`."""
    out: dict[str, date] = {}
    for entry in data:
        day = date.fromisoformat(entry["date"])
        if entry["meeting"] not in out or out[entry["meeting"]] < day:
            out[entry["meeting"]] = day
    return out


def open_actions(entries: tuple[LogEntry, ...]) -> tuple[Action, ...]:
    """Open actions, overdue first (the longest overdue first), then by owner and due date."""
    found = [a for e in entries for a in e.actions if a.open]
    return tuple(sorted(found, key=lambda a: (not a.overdue, a.due if a.overdue else date.min,
                                              a.owner.name if a.owner else "~", a.due, a.text)))


# --- the contract's renewal and documents that expire ----------------------------------------------


@dataclass(frozen=True)
class Renewal:
    """A contract's notice deadline and the decision due by it. A contract that renewed by
    itself (schedules.deadlines.rolled) has its renewed term in `rolled`, and its deadline is
    the renewed term's."""

    deadline: Deadline
    auto_renew: bool
    decision: str | None  # renew | renegotiate | end
    decided: date | None
    owner: Person | None
    note: str | None
    end: date | None = None  # the end date the file gives
    rolled: deadlines.Rolled | None = None

    @property
    def term_end(self) -> date | None:
        """The end of the term in force (or next, once notice can no longer be given)."""
        return self.rolled.end if self.rolled else self.end


def renewal(contract: dict[str, Any] | None, people: dict[str, Person], remind: tuple[int, ...], today: date) -> Renewal | None:
    """The notice deadline of a contract with an end date (None without one); for an
    auto-renewing contract whose deadline passed with no decision, the renewed term's."""
    if not contract or not contract.get("end"):
        return None
    end = date.fromisoformat(contract["end"])
    decision = contract.get("renewal") or {}
    owner = people.get(decision.get("owner", ""))
    reference = contract.get("reference")
    notice_days = contract.get("notice_days")
    auto_renew = bool(contract.get("auto_renew"))
    rolled = None
    if auto_renew and "decision" not in decision:
        rolled = deadlines.rolled(end, notice_days, contract.get("renewal_months") or deadlines.DEFAULT_RENEWAL_MONTHS, today)
    deadline = Deadline(
        "notice", "notice", f"contract {reference}" if reference else "the contract",
        deadlines.notice_deadline(rolled.end if rolled else end, notice_days), today,
        deadlines.lead_times(contract.get("remind_days"), remind), "decision" in decision, owner.name if owner else None,
        renewed_to=rolled.end if rolled else None)
    return Renewal(deadline, auto_renew, decision.get("decision"), _day(decision.get("decided")),
                   owner, decision.get("note"), end, rolled)


@dataclass(frozen=True)
class ContractDocument:
    id: str
    name: str
    kind: str | None
    expires: date
    owner: Person | None
    url: str | None
    deadline: Deadline
    standard: str | None = None  # what it is, as organization.yml's `compliance` names it
    scope: str | None = None  # what an attestation covers, and its period


def documents(data: list[dict[str, Any]], people: dict[str, Person], remind: tuple[int, ...], today: date) -> tuple[ContractDocument, ...]:
    out = []
    for d in data:
        expires = date.fromisoformat(d["expires"])
        owner = people.get(d.get("owner", ""))
        # A document is settled while it is valid: renewing it means recording the new one's expiry.
        deadline = Deadline("expiry", f"document.{d['id']}", d["name"], expires, today,
                            deadlines.lead_times(d.get("remind_days"), remind), expires >= today, owner.name if owner else None)
        out.append(ContractDocument(d["id"], d["name"], d.get("kind"), expires, owner, d.get("url"), deadline, d.get("standard"),
                            d.get("scope")))
    return tuple(sorted(out, key=lambda d: (d.expires, d.name)))


# --- shared checklist progress --------------------------------------------------------------------


@dataclass(frozen=True)
class Done:
    """A checklist item the team recorded as done, for everyone who reads the checklists."""

    day: date
    by: Person | None
    note: str | None


def progress(data: dict[str, Any] | None, people: dict[str, Person]) -> dict[tuple[str, str], Done]:
    """(play id, item id) -> when and by whom."""
    return {(play, item): Done(date.fromisoformat(d["done"]), people.get(d.get("by", "")), d.get("note"))
            for play, items in (data or {}).items() for item, d in items.items()}
