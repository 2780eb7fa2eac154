"""Dated obligations: a contract's notice deadline, a document's expiry, an action's due date;
how many days are left, when reminders fall, and whether one is due for a decision.

A contract's notice deadline is the last day notice can be given: its end date minus the
notice period (the end date itself without one). Reminders fire a number of days before the
deadline (the team's lead times, 90, 30 and 7 days unless it says otherwise); a reminder whose
day has passed is not given again.

A contract that renews by itself (`auto_renew`) and whose notice deadline passed with no
decision recorded has renewed (or will, at its end) for another term (`renewal_months`, 12
unless it says otherwise), again and again until a term's notice deadline is still ahead: that
term's end and notice deadline are the ones that count. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .dates import add_months

DEFAULT_REMINDERS = (90, 30, 7)  # days before a deadline
DECISIONS_AHEAD_DAYS = 120  # a deadline is listed under "Decisions due" from this many days ahead
DEFAULT_RENEWAL_MONTHS = 12  # the term an automatic renewal adds, unless the contract says otherwise


def notice_deadline(end: date, notice_days: int | None) -> date:
    """The last day to give notice for a contract ending on `end` (inclusive)."""
    return end - timedelta(days=notice_days or 0)


def next_term_end(end: date, months: int) -> date:
    """The end of the term that follows one ending on `end` (31 Aug 2026, 12 months: 31 Aug 2027)."""
    return add_months(end + timedelta(days=1), months) - timedelta(days=1)


@dataclass(frozen=True)
class Rolled:
    """An automatic renewal worked out: the term now in force (or next, once notice can no longer
    be given) and how many terms were added."""

    first_deadline: date  # the notice deadline that passed with no decision
    start: date  # the renewed term's first day
    end: date  # its end: the next notice deadline is worked out from it
    terms: int  # terms added (1 for one renewal)


def rolled(end: date, notice_days: int | None, months: int, today: date) -> Rolled | None:
    """An auto-renewing contract ending on `end` whose notice deadline passed before `today`
    with no decision: the term whose notice deadline is today or later (None when the first
    deadline has not passed, or a term would run past the calendar's last year)."""
    first = notice_deadline(end, notice_days)
    if first >= today:
        return None
    start, terms = end, 0
    while notice_deadline(end, notice_days) < today:
        if end.year + months // 12 + 1 >= date.max.year:  # a term past the calendar's last year
            return None
        start, end, terms = end + timedelta(days=1), next_term_end(end, months), terms + 1
    return Rolled(first, start, end, terms)


def days_between(today: date, day: date) -> int:
    """Days from `today` to `day`: negative when `day` has passed."""
    return (day - today).days


@dataclass(frozen=True)
class Deadline:
    """One dated obligation of a vendor, as of the build date."""

    kind: str  # "notice" (a contract's) or "expiry" (a document's)
    key: str  # stable within the vendor: "notice", or "document.<id>"
    subject: str  # what it is about: "contract NW-2023-014", "ISO 27001 certificate" (wording.deadline_title says it)
    day: date
    today: date
    remind_days: tuple[int, ...]  # lead times, in days, largest first
    settled: bool  # a decision is recorded (contract), or the document was replaced (expiry in the future)
    owner: str | None = None  # who acts on it, by name
    renewed_to: date | None = None  # a notice deadline: the contract renewed by itself to this day, with no decision

    @property
    def renewed(self) -> bool:
        """A contract that renewed by itself after its notice deadline passed with no decision:
        listed under "Decisions due" until a decision is recorded, pointing at the next deadline."""
        return self.renewed_to is not None and not self.settled

    @property
    def days_left(self) -> int:
        return days_between(self.today, self.day)

    @property
    def passed(self) -> bool:
        return self.day < self.today

    @property
    def due(self) -> bool:
        """On Upcoming's "Decisions due": from DECISIONS_AHEAD_DAYS ahead until the day, and
        after it while nothing is settled."""
        return (0 <= self.days_left <= DECISIONS_AHEAD_DAYS) or self.warning or self.renewed

    @property
    def warning(self) -> bool:
        """Passed with nothing settled: shown as a warning on the page and in the build output."""
        return self.passed and not self.settled

    def reminders(self) -> tuple[int, ...]:
        """The lead times whose reminder day is today or later: a calendar app would raise the
        others at once on subscribing."""
        return tuple(days for days in self.remind_days if self.day - timedelta(days=days) >= self.today)


def lead_times(days: list[int] | tuple[int, ...] | None, default: tuple[int, ...] = DEFAULT_REMINDERS) -> tuple[int, ...]:
    """Reminder lead times, distinct and largest first; `default` when none are given."""
    return tuple(sorted(set(days), reverse=True)) if days else default
