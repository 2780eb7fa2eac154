"""Clock and calendar basics: IANA zones, "HH:MM" times, day and month names, formatting.

Standard library only; everything else in `schedules` builds on it.
"""

from __future__ import annotations

import difflib
import re
from importlib import resources
from datetime import date, datetime
from functools import cache
from typing import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
             "sat": "Saturday", "sun": "Sunday"}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
DEFAULT_DAYS = ("mon", "tue", "wed", "thu", "fri")
DAY_MINUTES = 1440

# Abbreviations people write instead of IANA names, and the zone they usually mean.
_COMMON_MISTAKES = {
    "IST": "Asia/Kolkata",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "CST": "America/Chicago",
    "CEST": "Europe/Berlin",
    "BST": "Europe/London",
    "PHT": "Asia/Manila",
    "SGT": "Asia/Singapore",
    "NPT": "Asia/Kathmandu",
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
}


# --- zones -----------------------------------------------------------------------------------------


@cache
def _names() -> tuple[str, ...]:
    """The zone names with one fixed meaning: tzdata's, without the building machine's own
    setting (`localtime`), tzdata's placeholder (`Factory`) and the `posix/` and `right/`
    copies some systems install (`right/` counts leap seconds: other clocks)."""
    return tuple(sorted(name for name in available_timezones() if not _machine_dependent(name)))


def _machine_dependent(name: str) -> bool:
    return name in ("localtime", "Factory") or name.startswith(("posix/", "right/", "posixrules"))


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone_problem(name: str) -> str | None:
    """Why `name` is not a usable IANA time zone, with a suggestion; None if it is fine."""
    if name in _COMMON_MISTAKES:
        return f"`{name}` is not an IANA time zone name (or is an outdated alias); use `{_COMMON_MISTAKES[name]}`"
    if _machine_dependent(name):
        return (f"`{name}` is not a time zone with one meaning (it depends on the machine that builds the site, or "
                "is not a real place's clock); use the IANA name of the city whose clock the team follows, like "
                "`Europe/Berlin`")
    offset = _FIXED_OFFSET.match(name)
    if offset or re.match(r"^(?:UTC|GMT)\s*[+\-\u2212]", name):
        return (
            f"`{name}` is a fixed offset, which ignores daylight saving time; use the IANA name of "
            f"the city whose clock the team follows{_zones_at(offset)}"
        )
    if name in _names():
        try:
            zone(name)
            return None
        except (ZoneInfoNotFoundError, ValueError, OSError):  # pragma: no cover - tzdata mismatch
            pass
    close = difflib.get_close_matches(name, _names(), n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else "; use a name like `Europe/Berlin` or `Asia/Kolkata`"
    return f"`{name}` is not an IANA time zone name{hint}"


# "UTC+05:45", "GMT-3", "UTC +5:30", "+0545": an offset from UTC written instead of a zone.
_FIXED_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+\-\u2212])\s*(\d{1,2})(?::?([0-5]\d))?$")


def _zones_at(offset: re.Match[str] | None) -> str:
    """", such as `Asia/Kathmandu`, which is at +05:45 today": zones whose clocks show the
    written offset now (one per region that keeps the same time, from tzdata's zonenow.tab),
    or a general example when the offset could not be read or no zone has it."""
    if offset is None:
        return ", like `Asia/Kolkata`"
    sign = -1 if offset.group(1) != "+" else 1
    wanted = sign * (int(offset.group(2)) * 60 + int(offset.group(3) or 0))
    now = datetime.now(tz=ZoneInfo("UTC"))
    found = []
    for name in _representative_zones():
        try:
            shift = now.astimezone(zone(name)).utcoffset()
        except (ZoneInfoNotFoundError, ValueError, OSError):  # pragma: no cover - tzdata mismatch
            continue
        if shift is not None and int(shift.total_seconds()) // 60 == wanted:
            found.append(f"`{name}`")
    shown = f"{'-' if wanted < 0 else '+'}{abs(wanted) // 60:02d}:{abs(wanted) % 60:02d}"
    if not found:
        return f"; no zone is at {shown} today, so check the offset, or use a name like `Asia/Kolkata`"
    listed = found[0] if len(found) == 1 else ", ".join(found[:3][:-1]) + " or " + found[:3][-1]
    return f", such as {listed}, {'which is' if len(found) == 1 else 'which are'} at {shown} today"


@cache
def _representative_zones() -> tuple[str, ...]:
    """One zone per region keeping the same time now and in future (tzdata's zonenow.tab, or
    the system's zone1970.tab), west to east; every known zone if neither file is there."""
    for package_file in ("zonenow.tab", "zone1970.tab"):
        try:
            text = (resources.files("tzdata") / "zoneinfo" / package_file).read_text("utf-8")
        except (ModuleNotFoundError, OSError):  # pragma: no cover - depends on the installed tzdata
            continue
        return tuple(line.split("\t")[2] for line in text.splitlines() if line and not line.startswith("#"))
    return _names()  # pragma: no cover - no tzdata package


def city(timezone: str) -> str:
    """"America/New_York" -> "New York"."""
    return timezone.rsplit("/", 1)[-1].replace("_", " ")


# --- times of day ----------------------------------------------------------------------------------


def minutes(text: str) -> int:
    """"09:30" -> 570: minutes since midnight; "24:00" (the end of the day) -> 1440."""
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)


def clock(minute_of_day: int) -> str:
    """Minutes since midnight -> "HH:MM" (wrapping past midnight)."""
    hours, mins = divmod(minute_of_day % DAY_MINUTES, 60)
    return f"{hours:02d}:{mins:02d}"


def local(moment: datetime | None, timezone: str) -> str:
    """"HH:MM" on the wall clock of `timezone` ("" for no moment)."""
    if moment is None:
        return ""
    return moment.astimezone(zone(timezone)).strftime("%H:%M")


def duration(minutes_: int) -> str:
    """"3 h 30 min", "45 min", "0 h"."""
    hours, mins = divmod(minutes_, 60)
    if hours and mins:
        return f"{hours} h {mins} min"
    if hours:
        return f"{hours} h"
    return f"{mins} min" if mins else "0 h"


# --- days ------------------------------------------------------------------------------------------


def weekday_of(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def short_date(day: date) -> str:
    """"Mon 29 Mar 2027": the one style of a day in words on every site (wording.when adds the ISO form)."""
    return f"{DAY_NAMES[weekday_of(day)][:3]} {day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def day_list(days: Iterable[str]) -> str:
    """("mon", "tue", "wed", "thu") -> "Mon–Thu"; ("mon", "wed") -> "Mon, Wed"; runs of three or
    more days are ranges, and a run may wrap past Sunday: ("sun", ..., "thu") -> "Sun–Thu"."""
    picked = set(days)
    if not picked:
        return ""
    if len(picked) == 7:
        return "Mon–Sun"
    # Start the week on the first working day after a day off, so wrapping runs stay whole.
    start = next(i for i in range(7) if WEEKDAYS[i] in picked and WEEKDAYS[i - 1] not in picked)
    ordered = [WEEKDAYS[(start + i) % 7] for i in range(7) if WEEKDAYS[(start + i) % 7] in picked]
    runs: list[list[str]] = []
    for d in ordered:
        if runs and (WEEKDAYS.index(runs[-1][-1]) + 1) % 7 == WEEKDAYS.index(d):
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]][:3]}–{DAY_NAMES[run[-1]][:3]}")
        else:
            parts.extend(DAY_NAMES[d][:3] for d in run)
    return ", ".join(parts)
