"""Meeting slots in words: when a slot sits in both working days, what is wrong with it, and how
its times move over the year ("Inside the overlap on both sides all year.")."""

from __future__ import annotations

from datetime import date, timedelta

from .clock import DAY_NAMES, duration, short_date
from .recurrence import Rule
from .slots import Slot, SlotTimes
from .view import TimeView


def _day_word(times: SlotTimes) -> str:
    return {-1: "the day before", 1: "the next day"}.get(times.theirs_day, "")


def _day_text(times: SlotTimes) -> str:
    word = _day_word(times)
    return f" ({word})" if word else ""


def slot_problems(times: SlotTimes, whose: tuple[str, str]) -> list[str]:
    """What is wrong with these times, in words ("starts 30 min before our day begins"); `whose`:
    whose day each side's is, for the site's reader (voice.days_whose: "our", "Lotus Code Works'";
    on a vendor's site "Northwind's", "your")."""
    out = []
    ours, theirs = whose
    for early, late, side in ((times.early_ours, times.late_ours, ours), (times.early_theirs, times.late_theirs, theirs)):
        if early:
            out.append(f"starts {duration(early)} before {side} day begins")
        if late:
            out.append(f"ends {duration(late)} after {side} day ends")
    return out


def slot_text(slot: Slot) -> str:
    """"Tue 11:00–11:30 Berlin · 15:30–16:00 Kolkata"."""
    t = slot.now
    return (f"{DAY_NAMES[slot.weekday][:3]} {t.ours_start}–{t.ours_end} {slot.ours_city} · "
            f"{t.theirs_start}–{t.theirs_end} {slot.theirs_city}{_day_text(t)}")


def slot_hours(slot: Slot) -> str:
    """"11:00–11:30 Berlin time (15:30–16:00 Kolkata time)"."""
    t = slot.now
    word = _day_word(t)
    return (f"{t.ours_start}–{t.ours_end} {slot.ours_city} time "
            f"({t.theirs_start}–{t.theirs_end} {slot.theirs_city} time{', ' + word if word else ''})")


def slot_label(slot: Slot) -> str:
    if slot.fixed:
        return "fixed" if slot.fits_now else "fixed, outside the overlap"
    return "suggested" if slot.fits_now else "least bad"


def slot_cell(view: TimeView, meeting_id: str) -> str:
    """The Time cell of the Governance table: "11:00 Berlin · 15:30 Kolkata (suggested)", with
    the weekday first when the data gives none."""
    found = view.series(meeting_id)
    if found is None:
        return ""
    slot, t, nb = found.slot, found.slot.now, "\u00a0"  # no-break spaces keep "11:00 Berlin" on one line
    cell = (f"{t.ours_start}{nb}{slot.ours_city.replace(' ', nb)} · {t.theirs_start}{nb}{slot.theirs_city.replace(' ', nb)}"
            f"{_day_text(t)} ({slot_label(slot)})")
    return cell if found.spec.weekday else f"{DAY_NAMES[slot.weekday][:3]} {cell}"


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", ":")) else text + "."


def _first_meeting(since: date, rule_: Rule | None) -> date:
    """The first meeting of the series on or after `since` (the first such weekday when no rule is
    given): a monthly meeting's times change from its next meeting, not from any Thursday."""
    if rule_ is None:
        return since
    found = rule_.dates(since, since + timedelta(days=400))
    return found[0] if found else since


def _changes(slot: Slot, rule_: Rule | None) -> list[tuple[SlotTimes, date]]:
    """The slot's later times with the first meeting each applies to; a span of weeks that holds
    no meeting of the series (a monthly one between two clock changes) is left out."""
    later = slot.times[1:]
    out = []
    for index, times in enumerate(later):
        first = _first_meeting(times.since, rule_)
        ends = later[index + 1].since if index + 1 < len(later) else None
        if ends is None or first < ends:
            out.append((times, first))
    return out


def slot_note(slot: Slot, whose: tuple[str, str], rule_: Rule | None = None) -> str:
    """One or two sentences on how the slot sits in both working days, over the coming year
    (`whose`: whose day each side's is, see slot_problems; `rule_`: the meeting's recurrence,
    so that a change of times is dated by the meeting it first applies to)."""
    t = slot.now
    parts: list[str] = []
    if slot.fits:
        parts.append("Inside the overlap on both sides all year.")
        moves = [f"{later.theirs_start}–{later.theirs_end} from {short_date(first)}" for later, first in _changes(slot, rule_)]
        if moves:
            parts.append(f"In {slot.theirs_city} time: " + "; ".join(moves) + ".")
        return " ".join(parts)
    if t.fits:
        parts.append("Inside the overlap on both sides.")
    else:
        if not slot.fixed:
            if slot.window_minutes == 0:
                parts.append(f"The working hours do not overlap on {DAY_NAMES[slot.weekday]}s, so no slot suits both sides; this is the least bad one:")
            else:
                parts.append(f"The overlap ({duration(slot.window_minutes)}) is shorter than the meeting "
                             f"({duration(slot.duration_minutes)}), so no slot fits; this is the least bad one:")
        else:
            parts.append("This fixed time is outside the overlap:")
        parts.append("it " + ", and ".join(slot_problems(t, whose)) + ".")
    for later, first in _changes(slot, rule_):
        moved = f"from {short_date(first)}, {later.theirs_start}–{later.theirs_end} {slot.theirs_city} time{_day_text(later)}"
        if later.fits:
            parts.append(_sentence(f"{moved[0].upper()}{moved[1:]} (still inside the overlap)" if t.fits else f"{moved[0].upper()}{moved[1:]}, inside the overlap"))
        else:
            parts.append(_sentence(f"{moved[0].upper()}{moved[1:]}: it {', and '.join(slot_problems(later, whose))}"))
    return " ".join(parts)
