"""The iCalendar writer (RFC 5545): events as plain `Entry` values, and a calendar's bytes
(its properties, the VTIMEZONEs its events need, the events), byte for byte what icalendar's
`to_ical()` writes (tests/test_calendars.py and tests/test_properties.py check); calendars.py
and person_calendars.py say what goes in them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any, Iterable

import icalendar
from icalendar.timezone.tzid import tzid_from_dt

from ...model import Site

PRODID = "-//Relationship Playbooks//Governance calendars//EN"
END = b"END:VCALENDAR\r\n"


def stamp(site: Site) -> datetime:
    """DTSTAMP of every event of a site: its build day (reproducible files)."""
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
    exdates: tuple[datetime, ...] = ()  # dates the rule skips (a holiday of either side), in the start's zone
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
        if self.exdates:
            event.add("exdate", list(self.exdates))
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
        if self.exdates:
            tzid = _tzid(self.exdates[0].tzinfo)
            lines.append(f"EXDATE;TZID={tzid}:" + ",".join(_datetime(moment) for moment in self.exdates))
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


def first_day(cal_events: Iterable[Entry], today: date) -> date:
    days = [today]
    for event in cal_events:
        days.append(event.start.date() if isinstance(event.start, datetime) else event.start)
    return date(min(days).year, 1, 1)


def zones(cal_events: Iterable[Entry]) -> list[str]:
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


_NAME, _DESCRIPTION = "\ue000name\ue000", "\ue000description\ue000"  # stand-ins icalendar leaves as they are
_LINE_BREAKS = re.compile(r"[\r\n]+")


def one_line(value: str) -> str:
    """A name or description for the calendar's own properties. NAME, X-WR-CALNAME and
    X-WR-CALDESC are written as they are (icalendar escapes nothing in them), so a line
    break in a vendor's name would end the line: it becomes a space."""
    return _LINE_BREAKS.sub(" ", value)


@lru_cache(maxsize=16)
def _shell_lines(zone: str) -> tuple[tuple[str, str], ...]:
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
    cal.add("x-wr-timezone", zone)
    cal.add("refresh-interval", timedelta(days=1))
    cal.add("x-published-ttl", "P1D")
    lines = [str(line) for line in cal.content_lines() if line]
    assert lines[-1] == "END:VCALENDAR"
    return tuple((line.split(":", 1)[0].split(";", 1)[0], line) for line in lines[:-1])


def shell(site: Site, name: str, description: str, first: date, zones: Iterable[str]) -> bytes:
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




def calendar_file(site: Site, name: str, description: str, found: list[Entry]) -> bytes:
    """A whole calendar of `found` events: its properties, the time zones they use, the events."""
    return shell(site, name, description, first_day(found, site.today), zones(found)) + b"".join(e.ical() for e in found) + END
