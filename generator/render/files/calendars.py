"""Calendar files (.ics, RFC 5545): each vendor's governance meetings and holidays, and a
portfolio calendar of all of them.

- `vendors/<slug>/<slug>.ics`: the vendor's recurring meetings (DTSTART in our time zone with
  its VTIMEZONE, an RRULE from the cadence, at the fixed or suggested slot) and its listed
  holidays (all-day events; `until` makes them span several days).
- Deadlines (schedules.deadlines): the contract's notice deadline and each document's expiry,
  as all-day events on the day, each with a VALARM reminder per lead time (90, 30 and 7 days
  before unless the team sets others); a reminder whose day has passed is left out, so a
  calendar app does not raise it the moment it subscribes. Contracts and documents are
  internal unless marked, so these reach a vendor's own calendar only when shared with it.
- `calendars/portfolio.ics`: all of them, on sites that are not vendor-facing. A vendor-facing
  site gets only its own vendor's calendar (its model holds only that vendor anyway).

Time zones (VTIMEZONE from tzdata) and calendar properties come from the `icalendar`
package; events are plain `Entry` values written with icalendar's value types, and every
file is byte for byte what icalendar's `to_ical()` writes (tests check). Files are
reproducible: UIDs come from the site key, the vendor slug and the meeting id (or the
holiday's date and name), DTSTAMP from the build date, and events and time zones are written
in a fixed order. Only fields of the audience-cut model are used.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any, Iterable

import icalendar
from icalendar.timezone.tzid import tzid_from_dt

from ..joiners import Plan
from ...model import MEETING_TYPES, Site, Vendor, labels, possessive
from ...schedules import slot_wording, wording
from ...schedules.clock import DAY_MINUTES, MONTH_NAMES, city, duration, minutes, zone
from ...schedules.deadlines import Deadline
from ...schedules.meetings import Holiday, Series
from ..voice import Voice

PRODID = "-//Relationship Playbooks//Governance calendars//EN"
PORTFOLIO_PATH = "calendars/portfolio.ics"
UID_DOMAIN = "relationship-playbooks"
def meeting_uid(site: Site, vendor: Vendor, meeting_id: str) -> str:
    return f"{site.key}.{vendor.slug}.meeting.{meeting_id}@{UID_DOMAIN}"


def holiday_uid(site: Site, vendor: Vendor, holiday: Holiday) -> str:
    digest = hashlib.sha256(holiday.name.encode("utf-8")).hexdigest()[:8]
    return f"{site.key}.{vendor.slug}.holiday.{holiday.first.isoformat()}-{digest}@{UID_DOMAIN}"


def deadline_uid(site: Site, vendor: Vendor, deadline: Deadline) -> str:
    return f"{site.key}.{vendor.slug}.deadline.{deadline.key}@{UID_DOMAIN}"


def _stamp(site: Site) -> datetime:
    return datetime.combine(site.today, time(0, 0), timezone.utc)


@dataclass(frozen=True)
class Alarm:
    """A reminder of an event: `days` before its start, shown with `description`."""

    days: int
    description: str

    def component(self) -> icalendar.Alarm:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -timedelta(days=self.days))
        alarm.add("description", self.description)
        return alarm

    def lines(self) -> list[str]:
        """`component().to_ical()`'s lines: icalendar writes an alarm's properties alphabetically."""
        return ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_text(self.description)}",
                f"TRIGGER:{icalendar.vDuration(-timedelta(days=self.days)).to_ical().decode()}", "END:VALARM"]


@dataclass(frozen=True)
class Entry:
    """One event of a calendar, as plain values.

    `ical()` writes it; `component()` is the same event as an icalendar object, the reference
    tests/test_calendars.py holds `ical()` to byte for byte (icalendar builds and writes each
    property through several layers of objects, which made events most of a calendar's cost).
    Values are written with icalendar's own value types, so text escaping, durations and
    recurrence rules are exactly icalendar's.
    """

    uid: str
    stamp: datetime  # UTC
    summary: str
    start: datetime | date  # a datetime in an IANA zone, or an all-day date
    category: str
    description: str
    duration: timedelta | None = None
    end: date | None = None  # all-day events: the day after the last
    rrule: dict[str, Any] | None = None
    transparent: bool = False
    alarms: tuple[Alarm, ...] = ()

    def component(self) -> icalendar.Event:
        event = icalendar.Event()
        event.add("uid", self.uid)
        event.add("dtstamp", self.stamp)
        event.add("summary", self.summary)
        event.add("dtstart", self.start)
        if self.end is not None:
            event.add("dtend", self.end)
        if self.duration is not None:
            event.add("duration", self.duration)
        if self.rrule is not None:
            event.add("rrule", self.rrule)
        if self.transparent:
            event.add("transp", "TRANSPARENT")
        event.add("categories", [self.category])
        event.add("description", self.description)
        for alarm in self.alarms:
            event.add_component(alarm.component())
        return event

    def ical(self) -> bytes:
        """`component().to_ical()`: the properties in icalendar's order for a VEVENT (its
        canonical ones first, then the rest alphabetically)."""
        lines = ["BEGIN:VEVENT", f"SUMMARY:{_text(self.summary)}"]
        if isinstance(self.start, datetime):
            tzid = _tzid(self.start.tzinfo)
            lines.append(f"DTSTART:{_datetime(self.start)}Z" if tzid == "UTC" else f"DTSTART;TZID={tzid}:{_datetime(self.start)}")
        else:
            lines.append(f"DTSTART;VALUE=DATE:{_date(self.start)}")
        if self.end is not None:
            lines.append(f"DTEND;VALUE=DATE:{_date(self.end)}")
        if self.duration is not None:
            lines.append(f"DURATION:{icalendar.vDuration(self.duration).to_ical().decode()}")
        lines.append(f"DTSTAMP:{_datetime(self.stamp)}Z")
        lines.append(f"UID:{_text(self.uid)}")
        if self.rrule is not None:
            lines.append(f"RRULE:{icalendar.vRecur(self.rrule).to_ical().decode()}")
        lines.append(f"CATEGORIES:{_text(self.category)}")
        lines.append(f"DESCRIPTION:{_text(self.description)}")
        if self.transparent:
            lines.append("TRANSP:TRANSPARENT")
        for alarm in self.alarms:  # subcomponents follow the properties
            lines.extend(alarm.lines())
        lines.append("END:VEVENT")
        return b"".join(fold(line) for line in lines)


@lru_cache(maxsize=64)
def _tzid(zone_info: Any) -> str | None:
    """The TZID icalendar gives a time zone ("UTC" for all the names of UTC)."""
    return tzid_from_dt(datetime(2000, 1, 1, tzinfo=zone_info))


def _text(value: str) -> str:
    # icalendar reads its escaped bytes back as "utf-8-sig": a leading byte order mark goes.
    return icalendar.vText(value).to_ical().decode("utf-8-sig")


def _date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _datetime(moment: datetime) -> str:
    return f"{_date(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def _meeting_event(site: Site, vendor: Vendor, series: Series) -> Entry:
    slot = series.slot
    ours_tz = series.ours.timezone
    minute = minutes(slot.start)
    start = (datetime.combine(series.rule.dtstart, time((minute % DAY_MINUTES) // 60, minute % 60), zone(ours_tz))
             + timedelta(days=minute // DAY_MINUTES))
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
    meeting = vendor.meeting(series.id)
    if meeting is not None:
        people = [p.name for p in meeting.ours + meeting.theirs]
        if people:
            lines.append("Attendees: " + ", ".join(people) + ".")
        if meeting.agenda:
            lines.append("Agenda: " + "; ".join(meeting.agenda) + ".")
    return Entry(
        uid=meeting_uid(site, vendor, series.id), stamp=_stamp(site), summary=f"{series.title} · {vendor.short_name}",
        start=start, duration=timedelta(minutes=slot.duration_minutes), rrule=series.rule.ical(until),
        category=category, description="\n".join(lines),
    )


def _holiday_event(site: Site, vendor: Vendor, holiday: Holiday) -> Entry:
    days = "a working day" if holiday.working_days == 1 else f"{holiday.working_days} working days"
    return Entry(
        uid=holiday_uid(site, vendor, holiday), stamp=_stamp(site), summary=f"{vendor.short_name} holiday: {holiday.name}",
        start=holiday.first, end=holiday.last + timedelta(days=1),  # exclusive: the day after the last
        transparent=True, category="Holiday",
        description=f"{vendor.name} is closed ({city(vendor.schedule.timezone)}): {days} without delivery."
        if holiday.working_days else f"{vendor.name} holiday ({city(vendor.schedule.timezone)}).",
    )


def _deadline_event(site: Site, vendor: Vendor, deadline: Deadline) -> Entry:
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
        uid=deadline_uid(site, vendor, deadline), stamp=_stamp(site), summary=f"{title} · {vendor.short_name}",
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
                uid=f"{site.key}.{vendor.slug}.item.{play.id}.{item.id}@{UID_DOMAIN}", stamp=_stamp(site),
                summary=f"{play.title}: {when.why} · {vendor.short_name}", start=when.day, end=when.day + timedelta(days=1),
                transparent=True, category="Checklist",
                description="\n".join(line for line in (text, f"{wording.date_text(when.day)}, {when.why} ({vendor.name}).") if line),
            ))
    return out


def events(site: Site, vendor: Vendor) -> list[Entry]:
    out = [_meeting_event(site, vendor, s) for s in vendor.time.meetings]
    out += [_holiday_event(site, vendor, h) for h in vendor.time.holidays]
    out += [_deadline_event(site, vendor, d) for d in vendor.deadlines]
    out += _item_events(site, vendor)
    return out


def _first_day(cal_events: Iterable[Entry], today: date) -> date:
    days = [today]
    for event in cal_events:
        days.append(event.start.date() if isinstance(event.start, datetime) else event.start)
    return date(min(days).year, 1, 1)


def _zones(cal_events: Iterable[Entry]) -> list[str]:
    """The TZIDs the events' start times use."""
    return sorted({event.start.tzinfo.key for event in cal_events  # type: ignore[union-attr]
                   if isinstance(event.start, datetime) and getattr(event.start.tzinfo, "key", None)})


_CRLF = b"\r\n"
_FOLD = b"\r\n "


def fold(line: str) -> bytes:
    """One content line as RFC 5545 writes it: at most 75 octets a line, continued lines
    starting with a space, never splitting a UTF-8 character, and (as icalendar does, for
    clients that mind) never ending a line on the `\\` or `^` that starts an escape.

    icalendar's own folding looks at every character of every line in Python, which made it
    most of the cost of a calendar; this is the same result (tests/test_properties.py checks
    it against icalendar for any text) computed on the encoded bytes.
    """
    data = line.encode("utf-8")
    if len(data) < 75:
        return data + _CRLF
    parts = []
    start = 0
    while len(data) - start >= 75:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # inside a character: break before it
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return _FOLD.join(parts) + _CRLF


def serialise(component: icalendar.cal.component.Component) -> bytes:
    """`component.to_ical()`, byte for byte: icalendar's content lines, folded by `fold`."""
    return b"".join(fold(line) for line in component.content_lines() if line)


@lru_cache(maxsize=64)
def _vtimezone(tzid: str, first: date, last: date) -> bytes:
    """The VTIMEZONE of `tzid` with every transition from `first` to `last` (from tzdata), as
    icalendar writes it. Kept: most calendars of a site share our zone and their first year."""
    return serialise(icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last))


_END = b"END:VCALENDAR\r\n"


_NAME, _DESCRIPTION = "\ue000name\ue000", "\ue000description\ue000"  # stand-ins icalendar leaves as they are
_LINE_BREAKS = re.compile(r"[\r\n]+")


def one_line(value: str) -> str:
    """A name or description for the calendar's own properties. NAME, X-WR-CALNAME and
    X-WR-CALDESC are written as they are (icalendar escapes nothing in them), so a line
    break in a vendor's name would end the line: it becomes a space."""
    return _LINE_BREAKS.sub(" ", value)


@lru_cache(maxsize=16)
def _shell_lines(timezone: str) -> tuple[tuple[str, str], ...]:
    """The calendar's own properties as icalendar writes them, unfolded, with stand-ins for
    the name and the description; each with its property name. Made once per run."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", _NAME)  # RFC 7986
    cal.add("x-wr-calname", _NAME)
    cal.add("description", _DESCRIPTION)
    cal.add("x-wr-caldesc", _DESCRIPTION)
    cal.add("x-wr-timezone", timezone)
    cal.add("refresh-interval", timedelta(days=1))
    cal.add("x-published-ttl", "P1D")
    lines = [str(line) for line in cal.content_lines() if line]
    assert lines[-1] == "END:VCALENDAR"
    return tuple((line.split(":", 1)[0].split(";", 1)[0], line) for line in lines[:-1])


def _shell(site: Site, name: str, description: str, first: date, zones: Iterable[str]) -> bytes:
    """A calendar's properties and the VTIMEZONEs its events need, without the events and
    without its END line: icalendar writes each component on its own, so the events'
    bytes can follow. The time zones cover the years the series can reach.

    The properties are icalendar's, written once per run with stand-ins; each calendar puts
    its name and description in, written by the property's own icalendar type (tests check
    the result against icalendar's for any text)."""
    values = {_NAME: one_line(name), _DESCRIPTION: one_line(description)}
    out = []
    for prop, line in _shell_lines(site.organization.schedule.timezone):
        for stand_in, value in values.items():
            if stand_in in line:
                kind = icalendar.Calendar.types_factory.for_property(prop)
                line = line.replace(stand_in, kind(value).to_ical().decode("utf-8-sig"))
                break
        out.append(fold(line))
    last = date(site.today.year + 10, 1, 1)
    return b"".join(out) + b"".join(_vtimezone(tzid, first, last) for tzid in sorted(set(zones)))


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
    found = events(site, vendor)
    if not found:
        return {}, Part()
    first, zones = _first_day(found, site.today), tuple(_zones(found))
    part = Part(b"".join(event.ical() for event in found), first, zones)
    org = site.organization
    shell = _shell(
        site,
        f"{vendor.short_name} × {org.short_name}",
        f"Governance meetings of {org.name} and {vendor.name}, and {possessive(vendor.short_name)} holidays"
        f"{', and contract and document deadlines' if vendor.deadlines else ''}. "
        f"Built {site.today.day} {MONTH_NAMES[site.today.month - 1]} {site.today.year}.",
        first,
        zones,
    )
    assert vendor.calendar_path is not None  # it has events
    return {vendor.calendar_path: shell + part.events + _END}, part


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
                uid=f"{site.key}.{vendor.slug}.joiner.{digest}@{UID_DOMAIN}", stamp=_stamp(site), summary=event.title,
                start=start, duration=timedelta(minutes=event.minutes), category="Onboarding",
                description=(f"{duration(event.minutes)}: {start:%H:%M} {city(ours_tz)} time, {theirs:%H:%M} "
                             f"{city(vendor.schedule.timezone)} time." + (f" With {people}." if people else "")),
            ))
        shell = _shell(site, f"{joiner.name}: first weeks at {vendor.short_name}",
                       f"{joiner.name}'s welcome call, first syncs and check-ins with {site.organization.name}.",
                       _first_day(found, site.today), _zones(found))
        out[f"vendors/{vendor.slug}/{joiner.path}.ics"] = shell + b"".join(e.ical() for e in found) + _END
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
    shell = _shell(
        site,
        f"{org.short_name}: all vendors",
        f"Governance meetings, holidays and deadlines of all of {possessive(org.name)} vendors. "
        f"Built {site.today.day} {MONTH_NAMES[site.today.month - 1]} {site.today.year}.",
        min(part.first for part in parts if part.first),
        [zone_ for part in parts for zone_ in part.zones],
    )
    return {PORTFOLIO_PATH: shell + b"".join(part.events for part in parts) + _END}
