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


Key = tuple[str, str]  # a person's side and id: ids are unique across both sides, sides kept all the same


def _key(person: Person) -> Key:
    return (person.side, person.id)


def _same(a: Person | None, b: Person) -> bool:
    return a is not None and _key(a) == _key(b)


def attended(v: Vendor, person: Person) -> list[Series]:
    """The recurring meetings of `v` that `person` attends, in the vendor's order."""
    out = []
    for meeting in v.meetings:
        series = v.time.series(meeting.id)
        if series is not None and any(_same(p, person) for p in meeting.ours + meeting.theirs):
            out.append(series)
    return out


def deadline_owner(v: Vendor, deadline: Deadline) -> Person | None:
    """Who owns a deadline of `v`: the renewal's owner for its notice deadline, a document's owner for its expiry."""
    if deadline.kind == "notice":
        return v.renewal.owner if v.renewal is not None else None
    return next((d.owner for d in v.documents if d.deadline.key == deadline.key), None)


Owned = list[tuple[Person | None, Entry]]


def _meetings(v: Vendor, today: date, end: date) -> Owned:
    """Each meeting's occurrences up to `end` (and the meeting itself when it is overdue), once
    for each attendee on either side."""
    out: Owned = []
    for meeting in v.meetings:
        series = v.time.series(meeting.id)
        if series is None:
            continue
        found = [Entry(series.due, "meeting", v, series.title, overdue=True, series=series)] if series.overdue and series.due else []
        found += [Entry(o.date, "meeting", v, o.title, occurrence=o) for o in series.occurrences(today, end)]
        out += [(p, e) for p in meeting.ours + meeting.theirs for e in found]
    return out


def _owned(v: Vendor, today: date) -> Owned:
    """Open actions, deadlines (passed with nothing settled, or to come), late records and risk
    reviews, each with its owner."""
    out: Owned = [(a.owner, Entry(a.due, "action", v, a.text, overdue=a.overdue, action=a)) for a in v.open_actions]
    deadlines = [(v.renewal.owner, v.renewal.deadline)] if v.renewal is not None else []
    deadlines += [(d.owner, d.deadline) for d in v.documents]
    out += [(owner, Entry(d.day, "deadline", v, d.subject, overdue=d.warning, deadline=d))
            for owner, d in deadlines if d.warning or not d.passed]
    out += [(r.owner, Entry(r.due, "record", v, r.text, overdue=True, why=r.kind)) for r in v.late_records]
    out += [(r.owner, Entry(r.review, "risk", v, r.text, overdue=r.stale)) for r in v.risks
            if r.review is not None and (r.stale or r.review >= today)]
    return out


def _items(site: Site, v: Vendor) -> tuple[Owned, dict[Key, int]]:
    """The checklist items not recorded as done, by the person who holds the item's role at `v`:
    the dated ones, and how many have no date."""
    out: Owned = []
    undated: dict[Key, int] = {}
    for play in v.plays:
        for item in play.checklist:
            holder = v.owner(item, site.roles).person
            if holder is None or v.done(play.id, item.id) is not None:
                continue
            when = v.item_dates.get((play.id, item.id))
            if when is None:
                undated[_key(holder)] = undated.get(_key(holder), 0) + 1
            else:
                out.append((holder, Entry(when.day, "item", v, play.title, overdue=when.day < site.today, play=play,
                                          item=item, why=when.why)))
    return out, undated


def agendas(site: Site) -> dict[Key, Agenda]:
    """The overdue items and next WEEKS weeks of everyone with a page on `site` (Site.people),
    by (side, id): one pass over the vendors for all of them."""
    today = site.today
    monday = today - timedelta(days=today.weekday())
    end = monday + timedelta(days=7 * WEEKS - 1)
    people = {_key(p): p for p in site.people}
    found: dict[Key, list[Entry]] = {key: [] for key in people}
    undated: dict[Key, list[Undated]] = {key: [] for key in people}
    for v in site.vendors:
        items, counts = _items(site, v)
        for owner, entry in _owned(v, today) + _meetings(v, today, end) + items:
            if owner is not None and _key(owner) in found:
                found[_key(owner)].append(entry)
        for key, count in counts.items():
            if key in undated:
                undated[key].append(Undated(v, count))
    return {key: _agenda(people[key], found[key], tuple(undated[key]), today) for key in people}


def _agenda(person: Person, found: list[Entry], undated: tuple[Undated, ...], today: date) -> Agenda:
    monday = today - timedelta(days=today.weekday())
    starts = [monday + timedelta(days=7 * n) for n in range(WEEKS + 1)]
    overdue = tuple(sorted((e for e in found if e.overdue), key=lambda e: e.sort_key))
    ahead = sorted((e for e in found if not e.overdue and e.day < starts[-1]), key=lambda e: e.sort_key)
    weeks = tuple(Week(starts[n], tuple(e for e in ahead if starts[n] <= e.day < starts[n + 1])) for n in range(WEEKS))
    return Agenda(person, today, overdue, weeks, undated)


def agenda(site: Site, person: Person) -> Agenda:
    """One person's agenda (agendas: build them all at once where more than one is needed)."""
    return agendas(site)[_key(person)]
