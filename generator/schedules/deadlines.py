"""Dated obligations: a contract's notice deadline, a document's expiry, an action's due date;
how many days are left, when reminders fall, and whether one is due for a decision.

A contract's notice deadline is the last day notice can be given: its end date minus the
notice period (the end date itself without one). Reminders fire a number of days before the
deadline (the team's lead times, 90, 30 and 7 days unless it says otherwise); a reminder whose
day has passed is not given again. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_REMINDERS = (90, 30, 7)  # days before a deadline
DECISIONS_AHEAD_DAYS = 120  # a deadline is listed under "Decisions due" from this many days ahead


def notice_deadline(end: date, notice_days: int | None) -> date:
    """The last day to give notice for a contract ending on `end` (inclusive)."""
    return end - timedelta(days=notice_days or 0)


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
        return (0 <= self.days_left <= DECISIONS_AHEAD_DAYS) or self.warning

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
