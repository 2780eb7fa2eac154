"""Time zones and clock times from user data: checked names, parsed "HH:MM" strings."""

from __future__ import annotations

import difflib
from datetime import time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

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


@cache
def _names() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone_problem(name: str) -> str | None:
    """Why `name` is not a usable IANA time zone, with a suggestion; None if it is fine."""
    if name in _COMMON_MISTAKES:
        return f"`{name}` is not an IANA time zone name (or is an outdated alias); use `{_COMMON_MISTAKES[name]}`"
    if name.startswith("UTC") or name.startswith("GMT"):
        if name not in ("UTC", "GMT"):
            return (
                f"`{name}` is a fixed offset, which ignores daylight saving time; use the IANA name of "
                "the city whose clock the team follows, like `Asia/Kolkata`"
            )
    valid = name in _names()
    if valid:
        try:
            zone(name)
            return None
        except (ZoneInfoNotFoundError, ValueError, OSError):  # pragma: no cover - tzdata mismatch
            pass
    close = difflib.get_close_matches(name, _names(), n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else "; use a name like `Europe/Berlin` or `Asia/Kolkata`"
    return f"`{name}` is not an IANA time zone name{hint}"


def parse_time(text: str) -> time:
    """"09:30" -> time(9, 30); "24:00" is the end of the day (time.max)."""
    if text == "24:00":
        return time.max
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def minutes(text: str) -> int:
    hours, mins = text.split(":")
    return int(hours) * 60 + int(mins)
