"""One person's weeks: what they own and attend across the vendors of a site, dated.

A person's page (`people/<id>/`) and calendar (`people/<id>.ics`) are made from this: the
open actions they own (from the meetings' logs), the meetings they attend, the contract notice
deadlines and document expiries they own, the risks whose review they own, late records
(improvement plans, knowledge-transfer sessions) they own, and the checklist items their role
holds at each vendor where the item's date follows an event (anchors.py). What is past its day
and still open comes first, as overdue; the rest falls in this week and the next four (from
this week's Monday to the fifth Sunday). Checklist items without a date are counted per
vendor: the vendor's checklists page, filtered to the person, lists them.

Built from the audience-cut model only: on a vendor's own site, its one vendor and what that
vendor may read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..schedules.deadlines import Deadline
from ..schedules.meetings import Occurrence, Series
from .people import Person
from .playbooks import ChecklistItem, Play
from .relationship import Action
from .site import Site
from .vendors import Vendor

WEEKS = 5  # this week and the next four

Kind = Literal["action", "meeting", "deadline", "item", "record", "risk"]


@dataclass(frozen=True)
class Entry:
    """One dated thing a person owns or attends, at one vendor."""

    day: date
    kind: Kind
    vendor: Vendor
    text: str  # the action, meeting title, deadline, record or risk, play title
    overdue: bool = False
    occurrence: Occurrence | None = None  # a meeting: when, in both sides' time
    series: Series | None = None  # a meeting not held for longer than its cadence (overdue)
    action: Action | None = None
    deadline: Deadline | None = None
    play: Play | None = None  # a checklist item: its play and the item
    item: ChecklistItem | None = None
    why: str = ""  # a dated item: "5 working days before the notice deadline"; a record: its kind

    @property
    def sort_key(self) -> tuple[date, int, str, str]:
        minute = self.occurrence.start.hour * 60 + self.occurrence.start.minute if self.occurrence else -1
        return (self.day, minute, self.vendor.name.lower(), self.text)


@dataclass(frozen=True)
class Week:
    start: date  # a Monday
    entries: tuple[Entry, ...]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


@dataclass(frozen=True)
class Undated:
    """A vendor's checklist items held by the person's role that have no date."""

    vendor: Vendor
    count: int


@dataclass(frozen=True)
class Agenda:
    person: Person
    today: date
    overdue: tuple[Entry, ...]  # the longest overdue first
    weeks: tuple[Week, ...]  # WEEKS of them, this week first
    undated: tuple[Undated, ...]

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Everything dated, overdue first."""
        return self.overdue + tuple(e for w in self.weeks for e in w.entries)

    @property
    def empty(self) -> bool:
        return not self.entries


def _same(a: Person | None, b: Person) -> bool:
    return a is not None and a.id == b.id and a.side == b.side


def _actions(v: Vendor, person: Person) -> list[Entry]:
    return [Entry(a.due, "action", v, a.text, overdue=a.overdue, action=a) for a in v.open_actions if _same(a.owner, person)]


def attended(v: Vendor, person: Person) -> list[Series]:
    """The recurring meetings of `v` that `person` attends, in the vendor's order."""
    out = []
    for meeting in v.meetings:
        series = v.time.series(meeting.id)
        if series is not None and any(_same(p, person) for p in meeting.ours + meeting.theirs):
            out.append(series)
    return out


def _meetings(v: Vendor, person: Person, today: date, end: date) -> list[Entry]:
    out = []
    for series in attended(v, person):
        if series.overdue and series.due is not None:
            out.append(Entry(series.due, "meeting", v, series.title, overdue=True, series=series))
        out += [Entry(o.date, "meeting", v, o.title, occurrence=o) for o in series.occurrences(today, end)]
    return out


def deadline_owner(v: Vendor, deadline: Deadline) -> Person | None:
    """Who owns a deadline of `v`: the renewal's owner for its notice deadline, a document's owner for its expiry."""
    if deadline.kind == "notice":
        return v.renewal.owner if v.renewal is not None else None
    return next((d.owner for d in v.documents if d.deadline.key == deadline.key), None)


def _deadlines(v: Vendor, person: Person) -> list[Entry]:
    owned: list[Deadline] = []
    if v.renewal is not None and _same(v.renewal.owner, person):
        owned.append(v.renewal.deadline)
    owned += [d.deadline for d in v.documents if _same(d.owner, person)]
    return [Entry(d.day, "deadline", v, d.subject, overdue=d.warning, deadline=d) for d in owned if d.warning or not d.passed]


def _items(site: Site, v: Vendor, person: Person) -> tuple[list[Entry], int]:
    """The checklist items the person's role holds at `v` that are not recorded as done: the
    dated ones, and how many have no date."""
    out, undated = [], 0
    for play in v.plays:
        for item in play.checklist:
            if not _same(v.owner(item, site.roles).person, person) or v.done(play.id, item.id) is not None:
                continue
            when = v.item_dates.get((play.id, item.id))
            if when is None:
                undated += 1
            else:
                out.append(Entry(when.day, "item", v, play.title, overdue=when.day < site.today, play=play, item=item,
                                 why=when.why))
    return out, undated


def _records(v: Vendor, person: Person, today: date) -> list[Entry]:
    out = [Entry(r.due, "record", v, r.text, overdue=True, why=r.kind) for r in v.late_records if _same(r.owner, person)]
    out += [Entry(r.review, "risk", v, r.text, overdue=r.stale) for r in v.risks
            if r.review is not None and _same(r.owner, person) and (r.stale or r.review >= today)]
    return out


def agenda(site: Site, person: Person) -> Agenda:
    """`person`'s overdue items and their next WEEKS weeks on `site`."""
    today = site.today
    monday = today - timedelta(days=today.weekday())
    end = monday + timedelta(days=7 * WEEKS - 1)
    found: list[Entry] = []
    undated: list[Undated] = []
    for v in site.vendors:
        items, count = _items(site, v, person)
        found += _actions(v, person) + _meetings(v, person, today, end) + _deadlines(v, person) + items + _records(v, person, today)
        if count:
            undated.append(Undated(v, count))
    overdue = tuple(sorted((e for e in found if e.overdue), key=lambda e: e.sort_key))
    ahead = sorted((e for e in found if not e.overdue and e.day <= end), key=lambda e: e.sort_key)
    weeks = tuple(Week(monday + timedelta(days=7 * n),
                       tuple(e for e in ahead if monday + timedelta(days=7 * n) <= e.day < monday + timedelta(days=7 * (n + 1))))
                  for n in range(WEEKS))
    return Agenda(person, today, overdue, weeks, tuple(undated))
