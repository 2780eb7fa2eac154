"""A vendor's quarterly review pack, as data: the scorecard for the last complete quarter, the
latest health check, open and overdue actions, risks due for review, the deadlines coming up,
and what changed in the vendor's file since the last review.

"Since the last review" is worked out from the data, never from git, so a build stays
reproducible: the last review is the day the vendor's review meeting was last held (its
steering committee, else its service review with the longest cadence; a log entry counts),
and a change is anything the file dates after it: results for periods that ended since, health
checks, meetings held with their decisions and actions, actions done, risks raised, checklist
items done. Without a review meeting held, changes count from the start of the quarter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from typing import Callable

from ..support.problems import Problem
from ..schedules import reporting, wording
from ..schedules.meetings import Occurrence
from ..schedules.reporting import ReportPeriod
from . import pack_parts
from .pack_parts import Headline, Need, Plan
from .relationship import Action, Decision, HealthCheck, LogEntry, Risk
from .scorecards import Measure, Result
from .vendor_parts import Meeting
from .vendors import Vendor

REVIEW_TYPES = ("steering-committee", "service-review")
LONGEST_FIRST = ("yearly", "half-yearly", "quarterly", "monthly", "fortnightly", "weekly")


@dataclass(frozen=True)
class QuarterRow:
    """One measure over the quarter: its periods in it (missing ones included) and where it
    stood at the quarter's end."""

    measure: Measure
    results: tuple[Result, ...]

    @property
    def last(self) -> Result | None:
        recorded = [r for r in self.results if not r.missing]
        return recorded[-1] if recorded else None

    @property
    def missing(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.missing)

    @property
    def misses(self) -> int:
        """Periods in the quarter that missed the target (at risk still meets it)."""
        return sum(1 for r in self.results if r.status == "off")


@dataclass(frozen=True)
class NewResults:
    """Results recorded for periods that ended since the last review."""

    measure: Measure
    results: tuple[Result, ...]


@dataclass(frozen=True)
class Changes:
    """What the vendor's file records since the last review."""

    since: date
    results: tuple[NewResults, ...]
    health_checks: tuple[HealthCheck, ...]
    meetings: tuple[LogEntry, ...]
    actions_closed: tuple[Action, ...]
    risks_raised: tuple[Risk, ...]
    items_done: int

    @property
    def any(self) -> bool:
        return bool(self.results or self.health_checks or self.meetings or self.actions_closed or self.risks_raised
                    or self.items_done)


@dataclass(frozen=True)
class ReviewPack:
    vendor: Vendor
    today: date
    quarter: ReportPeriod
    meeting: Meeting | None  # the review meeting
    last_review: date | None
    next_review: Occurrence | None
    rows: tuple[QuarterRow, ...]
    health: HealthCheck | None
    decisions: tuple[Decision, ...]  # taken since the last review
    risks_due: tuple[Risk, ...]  # stale, or to be reviewed by the next review
    changes: Changes
    headline: Headline
    needs: tuple[Need, ...]  # decisions needed, the renewal first when it is due before or near the meeting
    plan: Plan  # the quarter ahead

    @property
    def renewal_first(self) -> bool:
        """Whether the renewal must be decided before the meeting (it heads the decisions)."""
        return pack_parts.renewal_first(self.needs)

    @property
    def path(self) -> str:
        return review_path(self.vendor)

    @property
    def open_actions(self) -> tuple[Action, ...]:
        return self.vendor.open_actions

    @property
    def overdue_actions(self) -> tuple[Action, ...]:
        return self.vendor.overdue_actions


def review_path(vendor: Vendor) -> str:
    return f"vendors/{vendor.slug}/review.md"


def review_meeting(vendor: Vendor) -> Meeting | None:
    """The steering committee, else the service review that meets least often."""
    found = [m for m in vendor.meetings if m.type in REVIEW_TYPES]
    if not found:
        return None
    return min(found, key=lambda m: (REVIEW_TYPES.index(m.type),
                                     LONGEST_FIRST.index(m.cadence) if m.cadence in LONGEST_FIRST else len(LONGEST_FIRST)))


def hints(vendor: Vendor, last_held_at: Callable[[str], tuple[str, int, int]]) -> tuple[Problem, ...]:
    """What a review pack lacks that the vendor file could give, for `validate` to say at its
    place in the file (a page never prints an editing hint): a review meeting held with no
    health check recorded, so the pack has neither side's view. `last_held_at` gives a meeting's
    `last_held` place in the vendor's file (path, line, column) from the meeting's id."""
    meeting = review_meeting(vendor)
    if meeting is None or meeting.last_held is None or vendor.health.latest is not None:
        return ()
    path, line, column = last_held_at(meeting.id)
    return (Problem(path, line, column, f"warning: the {meeting.title} was held on {wording.date_text(meeting.last_held)} "
                    "but no health check is recorded, so the review pack has neither side's view; add one under `health_checks` "
                    "with both sides' scores"),)


def pack(vendor: Vendor, today: date) -> ReviewPack:
    quarter = reporting.last_complete("quarterly", today)
    meeting = review_meeting(vendor)
    last = meeting.last_held if meeting else None
    series = vendor.time.series(meeting.id) if meeting else None
    upcoming = series.next_one if series else None
    since = last or quarter.start
    horizon = upcoming.date if upcoming else today
    rows = tuple(QuarterRow(m, m.within(quarter.start, quarter.end)) for m in vendor.scored)
    decisions = tuple(d for d in vendor.decisions if d.date > since or (last is None and d.date >= since))
    risks_due = tuple(r for r in vendor.risks if r.stale or (r.review is not None and r.review <= horizon))
    changes = Changes(
        since=since,
        results=tuple(NewResults(m, found) for m in vendor.scored
                      if (found := tuple(r for r in m.recorded if r.period.end > since))),
        health_checks=tuple(c for c in vendor.health.checks if c.date > since),
        meetings=tuple(e for e in vendor.log if e.date > since),
        actions_closed=tuple(a for a in vendor.actions if not a.open and a.done is not None and a.done > since),
        risks_raised=tuple(r for r in vendor.risks if r.raised is not None and r.raised > since),
        items_done=sum(1 for d in vendor.progress.values() if d.day > since),
    )
    meeting_day = upcoming.date if upcoming else None
    needs = pack_parts.needs(vendor, meeting_day)
    return ReviewPack(vendor, today, quarter, meeting, last, upcoming, rows, vendor.health.latest, decisions, risks_due,
                      changes, pack_parts.headline(vendor, needs), needs,
                      pack_parts.plan(vendor, today, meeting_day))
