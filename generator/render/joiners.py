"""One joiner's first weeks with real dates: their role's items (first_weeks.py), each due in
its phase's window, counted in working days of their own side's week from their start and
skipping that side's holidays: before day 1 is the five working days before the start, week 1
their first five working days, month 1 their 6th to 20th. An item that needs the other side
(whom to ask is on it) is due on the last day of its window both sides work, neither on holiday. Check-ins 30, 60 and 90 days after the
start, on a day both sides work. And the events of their calendar (welcome call, first syncs
with their buddy, the check-ins) at a time inside both sides' working hours.

Only vendor-facing sites have joiner pages (`vendors/<slug>/joiners/<id>/`, docs/vendor-sites.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable

from markupsafe import Markup

from ..support import escape
from . import first_weeks
from .first_weeks import Path, PathItem
from ..model import ChecklistItem, Play, Site, Vendor
from ..model.joiners import CHECK_INS, Joiner
from ..model.people import DayOff
from .voice import Voice
from ..schedules import wording
from ..schedules.workdays import Side, both_work, nth_working_day, shared_time

BEFORE_DAYS = 5  # before day 1: the five working days before the start
WEEK_DAYS = 5  # week 1: working days 1 to 5
MONTH_DAYS = 20  # month 1: working days 6 to 20
SYNCS = 3  # first syncs with the buddy: working days 2, 3 and 4
EVENT_MINUTES = {"welcome": 30, "sync": 15, "check-in": 30}
SEARCH = 10  # days to look ahead for a day with enough shared hours for an event


@dataclass(frozen=True)
class DatedItem:
    entry: PathItem
    due: date | None  # the last day of its phase (None: recurring); both sides work on it if shared
    start: date | None  # the first day of its phase
    shared: bool  # needs the other side (whom to ask is on it): due on a day both work


@dataclass(frozen=True)
class Event:
    kind: str  # welcome, sync, check-in
    title: str
    start: datetime  # UTC
    minutes: int


@dataclass
class Plan:
    joiner: Joiner
    path: Path
    phases: list[tuple[str, str, list[DatedItem]]]
    check_ins: list[tuple[int, date]]
    events: list[Event]
    first_day: date  # their first working day
    away: list[tuple[str, DayOff]] = field(default_factory=list)  # (whose, holiday) from before day 1 to month 1's end, by date


def _last_both(first: date, last: date, theirs: Side, ours: Side) -> date:
    """The last day from `first` to `last` both sides work; else the first both work after it."""
    current = last
    while current >= first:
        if theirs.works(current) and ours.works(current):
            return current
        current -= timedelta(days=1)
    return both_work(last, theirs, ours)


Phases = list[tuple[str, str, list[PathItem]]]
WINDOWS = {"before-day-1": (-BEFORE_DAYS, -1), "week-1": (1, WEEK_DAYS), "month-1": (WEEK_DAYS + 1, MONTH_DAYS)}


def dated_phases(vendor: Vendor, joiner: Joiner, phases: Phases) -> list[tuple[str, str, list[DatedItem]]]:
    """The role's items of each phase with the joiner's own dates (the module's docstring)."""
    theirs, ours = vendor.sides.theirs, vendor.sides.ours
    out = []
    for phase, label, entries in phases:
        dated = []
        for entry in entries:
            shared = entry.ask is not None and entry.ask.side == "ours"
            if phase not in WINDOWS:
                dated.append(DatedItem(entry, None, None, shared))
                continue
            first = nth_working_day(joiner.starts, WINDOWS[phase][0], theirs)
            due = nth_working_day(joiner.starts, WINDOWS[phase][1], theirs)
            if shared:
                due = _last_both(first, due, theirs, ours)
            dated.append(DatedItem(entry, due, first, shared))
        out.append((phase, label, dated))
    return out


def plan(site: Site, vendor: Vendor, joiner: Joiner, path: Path) -> Plan:
    theirs, ours = vendor.sides.theirs, vendor.sides.ours
    start = joiner.starts

    def day(n: int) -> date:
        return nth_working_day(start, n, theirs)

    phases = dated_phases(vendor, joiner, path.phases)
    check_ins = [(days, both_work(start + timedelta(days=days), theirs, ours)) for days in CHECK_INS]
    first, last = day(-BEFORE_DAYS), day(MONTH_DAYS)
    away = sorted([(vendor.short_name, h) for h in vendor.sections.holidays if h.last >= first and h.first <= last]
                  + [(site.organization.short_name, h) for h in site.organization.holidays if h.last >= first and h.first <= last],
                  key=lambda pair: (pair[1].first, pair[0] != vendor.short_name))
    return Plan(joiner, path, phases, check_ins, _events(site, vendor, joiner, theirs, ours, day, check_ins), day(1), away)


@dataclass(frozen=True)
class Progress:
    """How far one joiner has got, by date: items recorded done for them (`joiner_progress`),
    items still open whose date has not passed, and open items past their date."""

    joiner: Joiner
    done: int
    due: int
    overdue: tuple[DatedItem, ...]  # by date

    @property
    def total(self) -> int:
        return self.done + self.due + len(self.overdue)


def progress(site: Site, vendor: Vendor) -> list[Progress]:
    """Each joiner's progress at `vendor` on the build date (items that recur are not counted)."""
    out = []
    for joiner in vendor.joiners:
        items = [d for _, _, found in dated_phases(vendor, joiner, first_weeks.phases(site, vendor, joiner.role))
                 for d in found if d.due is not None]
        done = [d for d in items if joiner.done(d.entry.play.id, d.entry.item.id)]
        open_ = [d for d in items if not joiner.done(d.entry.play.id, d.entry.item.id)]
        late = tuple(sorted((d for d in open_ if d.due is not None and d.due < site.today),
                            key=lambda d: (d.due or site.today, d.entry.play.title, d.entry.item.id)))
        out.append(Progress(joiner, len(done), len(open_) - len(late), late))
    return out


def _events(site: Site, vendor: Vendor, joiner: Joiner, theirs: Side, ours: Side, day: Callable[[int], date],
            check_ins: list[tuple[int, date]]) -> list[Event]:
    buddy = joiner.buddy.name if joiner.buddy else "your buddy"
    wanted = [("welcome", f"Welcome call: {joiner.name}", day(1))]
    wanted += [("sync", f"First sync with {buddy}: {joiner.name}", day(n)) for n in range(2, 2 + SYNCS)]
    wanted += [("check-in", f"{days}-day check-in: {joiner.name}", when) for days, when in check_ins]
    out = []
    for kind, title, when in wanted:
        length = EVENT_MINUTES[kind]
        moment = None
        for offset in range(SEARCH):
            candidate = both_work(when + timedelta(days=offset), theirs, ours)
            moment = shared_time(site.organization.schedule, vendor.schedule, candidate, length)
            if moment is not None:
                break
        if moment is not None:
            out.append(Event(kind, title, moment, length))
    return out


# --- the page's markup ------------------------------------------------------------------------------


def when(item: DatedItem) -> str:
    if item.due is None or item.start is None:
        return "From week 2, as it recurs"
    if item.shared:
        return f"By {wording.when(item.due)}, a day both teams work (from {wording.when(item.start)})"
    return f"Between {wording.when(item.start)} and {wording.when(item.due)}"


def items_markup(site: Site, vendor: Vendor, found: Plan, voice: Voice, *, link: Callable[[str, str], str],
                 text: Callable[[Play, ChecklistItem], str]) -> Markup:
    """The joiner's items, dated, as labelled checkboxes under a heading per phase; ticks are
    kept for this joiner alone (`data-rp-joiner`, generator/assets/checklists.js)."""
    attr = escape.attr
    joiner = found.joiner
    title = f"{joiner.name}: first weeks"
    parts = [f'<div class="rp-path" data-rp-site="{attr(site.key)}" data-rp-vendor="{attr(vendor.slug)}" '
             f'data-rp-joiner="{attr(joiner.id)}" data-rp-role="{attr(found.path.role.id)}" data-rp-title="{attr(title)}" markdown="block">\n\n']
    for phase, label, entries in found.phases:
        parts.append(f"## {escape.text(label)}\n\n")
        parts.append(f'<ul class="rp-items" data-rp-phase="{attr(phase)}" markdown="block">\n')
        for dated in entries:
            play, item = dated.entry.play, dated.entry.item
            about = f"{when(dated)} · From {link(play.docs_path, play.title)}"
            if dated.entry.ask is not None:
                about += f" · Ask {escape.text(voice.owner(vendor, dated.entry.ask))}"
            due = f' data-rp-due="{attr(dated.due.isoformat())}"' if dated.due else ""
            done = joiner.done(play.id, item.id)  # recorded for this joiner (`joiner_progress`): done for everyone
            shared = f' data-rp-shared="{attr(done.day.isoformat())}"' if done else ""
            if done:
                about += f' <span class="rp-shared">Done {wording.when(done.day)}{escape.text(": " + done.note) if done.note else ""}</span>'
            parts.append(
                f'<li class="rp-item" data-rp-play="{attr(play.id)}" data-rp-item="{attr(item.id)}" data-rp-phase="{attr(phase)}"{due}{shared} '
                f'markdown="span"><label class="rp-label"><input type="checkbox" class="rp-box" '
                f'name="{attr(f"{play.id}/{item.id}")}"> <span class="rp-text">{text(play, item)}</span></label> '
                f'<span class="rp-owner">{about}</span></li>\n')
        parts.append("</ul>\n\n")
    parts.append("</div>")
    return Markup("".join(parts))
