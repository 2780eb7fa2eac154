"""Calendar files (.ics, RFC 5545): each vendor's governance meetings and holidays, and a
portfolio calendar of all of them.

- `vendors/<slug>/<slug>.ics`: the vendor's recurring meetings (DTSTART in our time zone with
  its VTIMEZONE, an RRULE from the cadence, at the fixed or suggested slot, an EXDATE for each
  date that falls on a holiday of either side), its listed holidays and ours from
  organization.yml (all-day events; `until` makes them span several days).
- Deadlines (schedules.deadlines): the contract's notice deadline and each document's expiry,
  as all-day events on the day, each with a VALARM reminder per lead time (90, 30 and 7 days
  before unless the team sets others); a reminder whose day has passed is left out, so a
  calendar app does not raise it the moment it subscribes. Contracts and documents are
  internal unless marked, so these reach a vendor's own calendar only when shared with it.
- `calendars/portfolio.ics`: all of them (our holidays once), on sites that are not vendor-facing. A vendor-facing
  site gets only its own vendor's calendar (its model holds only that vendor anyway).

Events are plain `Entry` values written by ical.py (the iCalendar writer: icalendar's value
types and VTIMEZONEs, every file byte for byte what icalendar's `to_ical()` writes). Files are
reproducible: UIDs come from the site key, the vendor slug and the meeting id (or the
holiday's date and name), DTSTAMP from the build date, and events and time zones are written
in a fixed order. Only fields of the audience-cut model are used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone


from ..joiners import Plan
from ...model import MEETING_TYPES, Site, Vendor, labels, possessive
from ...schedules import slot_wording, wording
from ...schedules.clock import DAY_MINUTES, MONTH_NAMES, city, duration, minutes, zone
from ...schedules.deadlines import Deadline
from ...schedules.meetings import Holiday, Series
from ..voice import Voice
from . import ical
from .ical import END, Alarm, Entry, stamp

PORTFOLIO_PATH = "calendars/portfolio.ics"
UID_DOMAIN = "relationship-playbooks"
def meeting_uid(site: Site, vendor: Vendor, meeting_id: str) -> str:
    return f"{site.key}.{vendor.slug}.meeting.{meeting_id}@{UID_DOMAIN}"


def holiday_uid(site: Site, vendor: Vendor, holiday: Holiday) -> str:
    digest = hashlib.sha256(holiday.name.encode("utf-8")).hexdigest()[:8]
    return f"{site.key}.{vendor.slug}.holiday.{holiday.first.isoformat()}-{digest}@{UID_DOMAIN}"


def deadline_uid(site: Site, vendor: Vendor, deadline: Deadline) -> str:
    return f"{site.key}.{vendor.slug}.deadline.{deadline.key}@{UID_DOMAIN}"


def _at_slot(day: date, slot_start: str, timezone_: str) -> datetime:
    """The meeting's start on `day` (its slot may start past our midnight), in our zone."""
    minute = minutes(slot_start)
    return datetime.combine(day, time((minute % DAY_MINUTES) // 60, minute % 60), zone(timezone_)) + timedelta(days=minute // DAY_MINUTES)


def meeting_event(site: Site, vendor: Vendor, series: Series) -> Entry:
    slot = series.slot
    ours_tz = series.ours.timezone
    start = _at_slot(series.rule.dtstart, slot.start, ours_tz)
    until = None
    if series.rule.until is not None:
        last = datetime.combine(series.rule.until + timedelta(days=1), time(0, 0), zone(ours_tz))
        until = (last - timedelta(seconds=1)).astimezone(timezone.utc)
    category = MEETING_TYPES.get(series.type, "Meeting")
    voice = Voice(site)  # on a vendor-facing site the calendar speaks to the vendor's staff: the meeting is with us
    other = voice.meeting_with(vendor)
    lines = [
        f"{category} with {other}, {labels.word('cadence', series.cadence)} ({wording.rule(series.rule)}), {duration(slot.duration_minutes)}.",
        f"Time: {slot_wording.slot_text(slot)} ({slot_wording.slot_label(slot)}).",
    ]
    note = slot_wording.slot_note(slot, voice.days_whose(vendor), series.rule)
    if note:
        lines.append(note)
    skipped = series.rule.skipped
    if skipped:
        lines.append("Not held on a holiday of either side: " + ", ".join(wording.date_text(day) for day in skipped) + ".")
    meeting = vendor.meeting(series.id)
    if meeting is not None:
        people = [p.name for p in meeting.ours + meeting.theirs]
        if people:
            lines.append("Attendees: " + ", ".join(people) + ".")
        if meeting.agenda:
            lines.append("Agenda: " + "; ".join(meeting.agenda) + ".")
    return Entry(
        uid=meeting_uid(site, vendor, series.id), stamp=stamp(site), summary=f"{series.title} · {vendor.short_name}",
        start=start, duration=timedelta(minutes=slot.duration_minutes), rrule=series.rule.ical(until),
        exdates=tuple(_at_slot(day, slot.start, ours_tz) for day in skipped),
        category=category, description="\n".join(lines),
    )


def _holiday_event(site: Site, vendor: Vendor, holiday: Holiday) -> Entry:
    days = "a working day" if holiday.working_days == 1 else f"{holiday.working_days} working days"
    return Entry(
        uid=holiday_uid(site, vendor, holiday), stamp=stamp(site), summary=f"{vendor.short_name} holiday: {holiday.name}",
        start=holiday.first, end=holiday.last + timedelta(days=1),  # exclusive: the day after the last
        transparent=True, category="Holiday",
        description=f"{vendor.name} is closed ({city(vendor.schedule.timezone)}): {days} without delivery."
        if holiday.working_days else f"{vendor.name} holiday ({city(vendor.schedule.timezone)}).",
    )


def deadline_event(site: Site, vendor: Vendor, deadline: Deadline) -> Entry:
    """An all-day event on the deadline, with a reminder per lead time still to come."""
    title = wording.deadline_title(deadline)
    if deadline.kind == "notice" and vendor.renewal is not None:
        renewal = vendor.renewal
        lines = [f"The last day to give notice on the contract with {vendor.name}: {wording.date_text(deadline.day)}."]
        if renewal.rolled:
            lines.append(f"The contract {wording.renewed(renewal.rolled, site.today)}.")
        if renewal.auto_renew:
            lines.append("Without notice the contract renews by itself.")
        decided = labels.word("renewal_decision", renewal.decision) if renewal.decision else "not decided yet"
        lines.append(f"Decision: {decided}." + (f" Owner: {renewal.owner.name}." if renewal.owner else ""))
    else:
        lines = [f"{title} ({vendor.name}): {wording.date_text(deadline.day)}."]
        if deadline.owner:
            lines.append(f"Owner: {deadline.owner}.")
    return Entry(
        uid=deadline_uid(site, vendor, deadline), stamp=stamp(site), summary=f"{title} · {vendor.short_name}",
        start=deadline.day, end=deadline.day + timedelta(days=1), transparent=True, category="Deadline",
        description="\n".join(lines),
        alarms=tuple(Alarm(days, wording.reminder(deadline, days, vendor.short_name)) for days in deadline.reminders()),
    )


def _item_events(site: Site, vendor: Vendor) -> list[Entry]:
    """An all-day event for each checklist item whose date follows an event of this vendor
    (model/anchors.py): titled by its play and why it falls then; its text when it is plain."""
    out = []
    for play in vendor.plays:
        for item in play.checklist:
            when = vendor.item_dates.get((play.id, item.id))
            if when is None:
                continue
            text = item.text if "{" not in item.text else ""  # a templated item reads right only on the page
            out.append(Entry(
                uid=f"{site.key}.{vendor.slug}.item.{play.id}.{item.id}@{UID_DOMAIN}", stamp=stamp(site),
                summary=f"{play.title}: {when.why} · {vendor.short_name}", start=when.day, end=when.day + timedelta(days=1),
                transparent=True, category="Checklist",
                description="\n".join(line for line in (text, f"{wording.date_text(when.day)}, {when.why} ({vendor.name}).") if line),
            ))
    return out


def own_events(site: Site, vendor: Vendor) -> list[Entry]:
    """The vendor's own events: meetings, its holidays, deadlines and dated items (its part of
    the portfolio calendar)."""
    out = [meeting_event(site, vendor, s) for s in vendor.time.meetings]
    out += [_holiday_event(site, vendor, h) for h in vendor.time.holidays]
    out += [deadline_event(site, vendor, d) for d in vendor.deadlines]
    out += _item_events(site, vendor)
    return out


def our_holiday_events(site: Site, vendor: Vendor | None = None) -> list[Entry]:
    """Our holidays (organization.yml) as all-day events, the days we are away: in a vendor's
    calendar (`vendor`), or once in the portfolio's (every vendor's time holds the same ones)."""
    org = site.organization
    holidays = vendor.time.our_holidays if vendor else site.vendors[0].time.our_holidays if site.vendors else ()
    scope = f"{site.key}.{vendor.slug if vendor else 'organization'}"
    return [Entry(
        uid=f"{scope}.away.{h.first.isoformat()}-{hashlib.sha256(h.name.encode('utf-8')).hexdigest()[:8]}@{UID_DOMAIN}",
        stamp=stamp(site), summary=f"{org.short_name} away: {h.name}", start=h.first, end=h.last + timedelta(days=1),
        transparent=True, category="Holiday",
        description=f"{org.name} is away ({city(org.schedule.timezone)}): no meetings, and nothing that needs {org.short_name} falls on this day.",
    ) for h in holidays]


def events(site: Site, vendor: Vendor) -> list[Entry]:
    """Everything in the vendor's calendar: its own events, then our holidays."""
    return own_events(site, vendor) + our_holiday_events(site, vendor)


@dataclass(frozen=True)
class Part:
    """One vendor's events as written for its calendar (and again, unchanged, for the
    portfolio calendar), the first day they start on and the time zones they use."""

    events: bytes = b""
    first: date | None = None
    zones: tuple[str, ...] = ()


def vendor_files(site: Site, vendor: Vendor) -> tuple[dict[str, bytes], Part]:
    """One vendor's calendar file, and its part of the portfolio calendar: the bytes of
    `to_ical()` of a calendar holding its events and their time zones (tests check)."""
    found = own_events(site, vendor)
    ours = our_holiday_events(site, vendor)
    if not found and not ours:
        return {}, Part()
    first, zones = ical.first_day(found + ours, site.today), tuple(ical.zones(found))
    part = Part(b"".join(event.ical() for event in found), ical.first_day(found, site.today) if found else None, zones)
    org = site.organization
    shell = ical.shell(
        site,
        f"{vendor.short_name} × {org.short_name}",
        f"Governance meetings of {org.name} and {vendor.name}, and the holidays of both"
        f"{', and contract and document deadlines' if vendor.deadlines else ''}. "
        f"Built {site.today.day} {MONTH_NAMES[site.today.month - 1]} {site.today.year}.",
        first,
        zones,
    )
    assert vendor.calendar_path is not None  # it has events
    return {vendor.calendar_path: shell + part.events + b"".join(e.ical() for e in ours) + END}, part


def joiner_files(site: Site, vendor: Vendor, plans: list[Plan]) -> dict[str, bytes]:
    """Each joiner's calendar (`vendors/<slug>/joiners/<id>.ics`): their welcome call, first
    syncs with their buddy and the 30/60/90-day check-ins, each in our time zone at a time
    inside both sides' working hours (joiners.py chose it)."""
    out = {}
    ours_tz = site.organization.schedule.timezone
    for plan in plans:
        joiner = plan.joiner
        if not plan.events:
            continue
        found = []
        for event in plan.events:
            start = event.start.astimezone(zone(ours_tz))
            theirs = event.start.astimezone(zone(vendor.schedule.timezone))
            people = ", ".join(p.name for p in (joiner.buddy, joiner.manager) if p is not None)
            digest = hashlib.sha256(f"{joiner.id}/{event.kind}/{event.start.isoformat()}".encode("utf-8")).hexdigest()[:10]
            found.append(Entry(
                uid=f"{site.key}.{vendor.slug}.joiner.{digest}@{UID_DOMAIN}", stamp=stamp(site), summary=event.title,
                start=start, duration=timedelta(minutes=event.minutes), category="Onboarding",
                description=(f"{duration(event.minutes)}: {start:%H:%M} {city(ours_tz)} time, {theirs:%H:%M} "
                             f"{city(vendor.schedule.timezone)} time." + (f" With {people}." if people else "")),
            ))
        shell = ical.shell(site, f"{joiner.name}: first weeks at {vendor.short_name}",
                       f"{joiner.name}'s welcome call, first syncs and check-ins with {site.organization.name}.",
                       ical.first_day(found, site.today), ical.zones(found))
        out[f"vendors/{vendor.slug}/{joiner.path}.ics"] = shell + b"".join(e.ical() for e in found) + END
    return out


def portfolio(site: Site, parts: list[Part]) -> dict[str, bytes]:
    """The calendar of every vendor's meetings and holidays (not on vendor-facing sites).

    Its properties and time zones, then the vendors' events as already written for their own
    calendars. The bytes are those of `to_ical()` of one calendar holding all the events
    (tests/test_calendars.py checks), without writing any event a second time.
    """
    parts = [part for part in parts if part.events]
    if site.vendor_facing or not parts:
        return {}
    org = site.organization
    ours = our_holiday_events(site)
    shell = ical.shell(
        site,
        f"{org.short_name}: all vendors",
        f"Governance meetings, holidays and deadlines of all of {possessive(org.name)} vendors, and {possessive(org.short_name)} own holidays. "
        f"Built {site.today.day} {MONTH_NAMES[site.today.month - 1]} {site.today.year}.",
        min([part.first for part in parts if part.first] + [ical.first_day(ours, site.today)]),
        [zone_ for part in parts for zone_ in part.zones],
    )
    return {PORTFOLIO_PATH: shell + b"".join(part.events for part in parts) + b"".join(e.ical() for e in ours) + END}

