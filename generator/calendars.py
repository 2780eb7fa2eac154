"""Calendar files (.ics, RFC 5545): each vendor's governance meetings and holidays, and a
portfolio calendar of all of them.

- `vendors/<slug>/<slug>.ics`: the vendor's recurring meetings (DTSTART in our time zone with
  its VTIMEZONE, an RRULE from the cadence, at the fixed or suggested slot) and its listed
  holidays (all-day events; `until` makes them span several days).
- `calendars/portfolio.ics`: all of them, on sites that are not vendor-facing. A vendor-facing
  site gets only its own vendor's calendar (its model holds only that vendor anyway).

Files are built with the `icalendar` package. They are reproducible: UIDs come from the site
key, the vendor slug and the meeting id (or the holiday's date and name), DTSTAMP from the
build date, and events and time zones are written in a fixed order. Only fields of the
audience-cut model are used.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Iterable

import icalendar

from .meetings import Holiday, Series
from .model import Site, Vendor
from .overlap import MONTH_NAMES, TimeView, city, duration, zone

PRODID = "-//Relationship Playbooks//Governance calendars//EN"
PORTFOLIO_PATH = "calendars/portfolio.ics"
UID_DOMAIN = "relationship-playbooks"
MEETING_CATEGORIES = {
    "status-sync": "Status sync",
    "service-review": "Service review",
    "steering-committee": "Steering committee",
    "other": "Meeting",
}


def vendor_path(vendor: Vendor) -> str:
    return f"vendors/{vendor.slug}/{vendor.slug}.ics"


def meeting_uid(site: Site, vendor: Vendor, meeting_id: str) -> str:
    return f"{site.key}.{vendor.slug}.meeting.{meeting_id}@{UID_DOMAIN}"


def holiday_uid(site: Site, vendor: Vendor, holiday: Holiday) -> str:
    return f"{site.key}.{vendor.slug}.holiday.{holiday.uid_part}@{UID_DOMAIN}"


def _stamp(site: Site) -> datetime:
    return datetime.combine(site.today, time(0, 0), timezone.utc)


def _meeting_event(site: Site, vendor: Vendor, view: TimeView, series: Series) -> icalendar.Event:
    slot = series.slot
    assert slot is not None
    ours_tz = view.ours.timezone
    hours, minutes = (int(x) for x in slot.start.split(":"))
    start = datetime.combine(series.rule.dtstart, time(hours % 24, minutes), zone(ours_tz)) + timedelta(days=hours // 24)
    event = icalendar.Event()
    event.add("uid", meeting_uid(site, vendor, series.id))
    event.add("dtstamp", _stamp(site))
    event.add("summary", f"{series.title} · {vendor.short_name}")
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=series.duration_minutes))
    until = None
    if series.rule.until is not None:
        last = datetime.combine(series.rule.until + timedelta(days=1), time(0, 0), zone(ours_tz))
        until = (last - timedelta(seconds=1)).astimezone(timezone.utc)
    event.add("rrule", series.rule.ical(until))
    event.add("categories", [MEETING_CATEGORIES.get(series.type, "Meeting")])
    lines = [
        f"{MEETING_CATEGORIES.get(series.type, 'Meeting')} with {vendor.name}, {series.cadence} ({series.rule.text}), "
        f"{duration(series.duration_minutes)}.",
        f"Time: {slot.text} ({slot.label}).",
    ]
    if slot.note:
        lines.append(slot.note)
    meeting = series.meeting
    people = [p.name for p in list(meeting.ours) + list(meeting.theirs)]
    if people:
        lines.append("Attendees: " + ", ".join(people) + ".")
    if meeting.agenda:
        lines.append("Agenda: " + "; ".join(meeting.agenda) + ".")
    event.add("description", "\n".join(lines))
    return event


def _holiday_event(site: Site, vendor: Vendor, holiday: Holiday) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", holiday_uid(site, vendor, holiday))
    event.add("dtstamp", _stamp(site))
    event.add("summary", f"{vendor.short_name} holiday: {holiday.name}")
    event.add("dtstart", holiday.first)
    event.add("dtend", holiday.last + timedelta(days=1))  # exclusive: the day after the last
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Holiday"])
    days = "a working day" if holiday.working_days == 1 else f"{holiday.working_days} working days"
    event.add("description", f"{vendor.name} is closed ({city(vendor.schedule.timezone)}): {days} without delivery."
              if holiday.working_days else f"{vendor.name} holiday ({city(vendor.schedule.timezone)}).")
    return event


def events(site: Site, vendor: Vendor) -> list[icalendar.Event]:
    view: TimeView | None = vendor.time
    if view is None:
        return []
    out = [_meeting_event(site, vendor, view, s) for s in view.meetings if s.slot is not None]
    out += [_holiday_event(site, vendor, h) for h in view.holidays]
    return out


def _first_day(cal_events: Iterable[icalendar.Event], today: date) -> date:
    days = [today]
    for event in cal_events:
        value = event.decoded("dtstart")
        days.append(value.date() if isinstance(value, datetime) else value)
    return date(min(days).year, 1, 1)


@lru_cache(maxsize=64)
def _vtimezone(tzid: str, first: date, last: date) -> icalendar.Timezone:
    """The VTIMEZONE of `tzid` with every transition from `first` to `last` (from tzdata)."""
    return icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)


def _zones(cal_events: Iterable[icalendar.Event]) -> list[str]:
    """The TZIDs the events' start times use."""
    found = set()
    for event in cal_events:
        value = event.decoded("dtstart")
        if isinstance(value, datetime) and value.tzinfo is not None and getattr(value.tzinfo, "key", None):
            found.add(value.tzinfo.key)  # type: ignore[union-attr]
    return sorted(found)


def calendar(site: Site, name: str, description: str, cal_events: list[icalendar.Event]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)  # RFC 7986
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", site.organization.schedule.timezone)
    cal.add("refresh-interval", timedelta(days=1))
    cal.add("x-published-ttl", "P1D")
    # A VTIMEZONE for every TZID the events use, covering the years the series can reach.
    first, last = _first_day(cal_events, site.today), date(site.today.year + 10, 1, 1)
    for tzid in _zones(cal_events):
        cal.add_component(_vtimezone(tzid, first, last))
    for event in cal_events:
        cal.add_component(event)
    return cal.to_ical()


def vendor_calendar(site: Site, vendor: Vendor, found: list[icalendar.Event] | None = None) -> bytes | None:
    found = events(site, vendor) if found is None else found
    if not found:
        return None
    org = site.organization
    return calendar(
        site,
        f"{vendor.short_name} × {org.short_name}",
        f"Governance meetings of {org.name} and {vendor.name}, and {vendor.short_name}'s holidays. "
        f"Built {site.today.day} {MONTH_NAMES[site.today.month - 1]} {site.today.year}.",
        found,
    )


# Calendars already made in this process (`playbooks serve` regenerates after every save): a
# vendor's events and file, by a fingerprint of everything they are made from.
_MADE: OrderedDict[str, tuple[list[icalendar.Event], bytes]] = OrderedDict()
_MADE_LIMIT = 4096


def _fingerprint(site: Site, vendor: Vendor) -> str:
    org = site.organization
    parts = [
        site.key, site.today.isoformat(), org.name, org.short_name, org.schedule, vendor.slug, vendor.name,
        vendor.short_name, vendor.schedule, vendor.required_overlap_hours, vendor.data,
        [[p.name for p in list(m.ours) + list(m.theirs)] for m in vendor.meetings],
    ]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode("utf-8")).hexdigest()


def _made(site: Site, vendor: Vendor) -> tuple[list[icalendar.Event], bytes]:
    key = _fingerprint(site, vendor)
    if key in _MADE:
        _MADE.move_to_end(key)
        return _MADE[key]
    found = events(site, vendor)
    made = (found, vendor_calendar(site, vendor, found) or b"")
    _MADE[key] = made
    if len(_MADE) > _MADE_LIMIT:
        _MADE.popitem(last=False)
    return made


def files(site: Site) -> dict[str, bytes]:
    """docs-relative path -> bytes of every calendar file of this site."""
    out: dict[str, bytes] = {}
    everything: list[icalendar.Event] = []
    for vendor in site.vendors:
        found, data = _made(site, vendor)
        if not found:
            continue
        out[vendor_path(vendor)] = data
        everything.extend(found)
    if everything and not site.vendor_facing:
        org = site.organization
        out[PORTFOLIO_PATH] = calendar(
            site,
            f"{org.short_name}: all vendors",
            f"Governance meetings and holidays of all of {org.name}'s vendors. "
            f"Built {site.today.day} {MONTH_NAMES[site.today.month - 1]} {site.today.year}.",
            everything,
        )
    return out
