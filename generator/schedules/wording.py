"""Every sentence the site says about time, from the data in `view` and the modules below it.

Templates reach these through the `words` global; plays' `vendor.overlap` and
`vendor.cadence` phrases and the calendars' event descriptions use them too.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone as _timezone
from typing import Callable

from markupsafe import Markup

from .phrases import listed
from .clock import DAY_NAMES, MONTH_NAMES, city, day_list, duration, local, minutes, short_date, weekday_of, zone
from .deadlines import Deadline, Rolled
from .hours import Schedule, Window, at
from .meetings import Holiday, Occurrence, Series
from .periods import ClockChange, Period
from .recurrence import Rule
from .reporting import DATED, ReportPeriod, form_of
from .slots import Slot, SlotTimes
from .view import TimeView

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}

# --- the overlap --------------------------------------------------------------------------------


def overlap_phrase(window: Window | None, ours_tz: str, theirs_tz: str, days: str = "") -> str:
    """"09:00–14:00 Berlin time (13:30–18:30 Kolkata time, 5 h)", or that there is none; with
    `days` when the overlap does not hold on every working day of both sides: "..., 7 h, Mon–Thu)"."""
    if window is None or not window.minutes:
        return "no overlap in working hours"
    return (f"{window.ours_start}–{window.ours_end} {city(ours_tz)} time "
            f"({window.theirs_start}–{window.theirs_end} {city(theirs_tz)} time, {window.text}{', ' + days if days else ''})")


def clock_change(change: ClockChange) -> str:
    """"Berlin clocks go forward 1 h to summer time on Sunday 28 March 2027"."""
    way = "forward" if change.shift > 0 else "back"
    kind = "summer time" if change.summer else "standard time"
    return f"{city(change.timezone)} clocks go {way} {duration(abs(change.shift))} to {kind} on {short_date(change.day)}"


def period_why(period: Period) -> str:
    return "; ".join(clock_change(c) for c in period.changes)


def period_from(period: Period) -> str:
    return short_date(period.from_day)


def period_summary(period: Period, ours_city: str, theirs_city: str) -> str:
    """"Mon–Thu: 7 h, 09:00–16:00 Berlin · 10:00–17:00 Cairo; Fri: none (not a working day in Cairo)"."""
    parts = []
    for group in period.groups:
        w = group.plan.window
        if not group.plan.shared:
            parts.append(f"{group.label}: none (not a working day in {theirs_city})")
        elif not w.minutes:
            parts.append(f"{group.label}: no overlap")
        else:
            parts.append(f"{group.label}: {w.text}, {w.ours_start}–{w.ours_end} {ours_city} · {w.theirs_start}–{w.theirs_end} {theirs_city}")
    return "; ".join(parts) or "no working days"


def window_days(view: TimeView) -> str:
    """Our weekdays on which the overlap now is `view.window` ("Mon–Thu")."""
    return next((g.label for g in view.now.groups if g.plan.shared and g.plan.window == view.window), "")


def other_days(view: TimeView) -> str:
    """The overlap on our other weekdays now ("Fri: none (not a working day in Cairo)")."""
    rest = [g for g in view.now.groups if not (g.plan.shared and g.plan.window == view.window)]
    return "; ".join(
        period_summary(Period(view.now.start, view.now.end, None, (), (g.plan,), view.required_minutes), view.ours_city, view.theirs_city)
        .replace(DAY_NAMES[g.plan.weekday][:3], g.label, 1)
        for g in rest
    )


def days_only_theirs(ours: Schedule, theirs: Schedule) -> str:
    """The vendor's working days on which we do not work, said so: "Sun: none (not a working
    day in Berlin)"; "" when there are none. Our weekdays are what the overlap is told in."""
    only = [d for d in theirs.days if d not in ours.days]
    return f"{day_list(only)}: none (not a working day in {city(ours.timezone)})" if only else ""


def off_day_note(day: date, other: Schedule, name: str) -> str:
    """A day one side works that falls on the other's day off, said so: "(a Sunday, when
    Northwind does not work; its first working day after it is Mon 7 Dec 2026)"; "" otherwise."""
    if other.works(day):
        return ""
    after = next(day + timedelta(days=n) for n in range(1, 8) if other.works(day + timedelta(days=n)))
    return (f"(a {DAY_NAMES[weekday_of(day)]}, when {name} does not work; its first working day after it is "
            f"{short_date(after)})")


def _ranges(view: TimeView, short: bool, fmt: Callable[[date], str], joiner: str) -> str:
    parts = []
    for first, last in view.ranges(short):
        if first <= view.today:
            parts.append(f"until {fmt(last)}" if last else "")
        elif last is None:
            parts.append(f"from {fmt(first)}")
        else:
            parts.append(f"from {fmt(first)} to {fmt(last)}")
    return joiner.join(p for p in parts if p)


def flag(view: TimeView) -> str:
    """For the vendor directory: "" when the overlap is never short, else short_text."""
    return short_text(view)


def short_text(view: TimeView) -> str:
    """When the overlap is short, in words: "", "short", "short from Mon 29 Mar 2027", "short from Mon 29 Mar 2027
    to Fri 29 Oct 2027", "short, except from Mon 29 Mar 2027 to Fri 29 Oct 2027"."""
    if not view.short_ever:
        return ""
    if all(p.short for p in view.periods):
        return "short"
    if view.short_now:
        return "short, except " + _ranges(view, False, short_date, " and ")
    return "short " + _ranges(view, True, short_date, " and ")


def possessive(name: str) -> str:
    """"Northwind's", "Lotus Code Works'": a name that ends in s takes the apostrophe alone.
    The one home of this rule: the time sentences below need it, and everything above this
    layer reaches it as `model.possessive`."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def offset(minutes_: int) -> str:
    """An offset from UTC in minutes as people write it: "UTC+5:45", "UTC+1", "UTC−5", "UTC"."""
    if not minutes_:
        return "UTC"
    hours, rest = divmod(abs(minutes_), 60)
    return f"UTC{'+' if minutes_ > 0 else '−'}{hours}" + (f":{rest:02d}" if rest else "")


def offset_on(timezone: str, day: date) -> int:
    """The zone's offset from UTC at noon (UTC) of `day`, in minutes."""
    shift = datetime(day.year, day.month, day.day, 12, tzinfo=_timezone.utc).astimezone(zone(timezone)).utcoffset()
    return int(shift.total_seconds() // 60) if shift is not None else 0


def zone_text(timezone: str, day: date) -> str:
    """A time zone as a reader knows it, the place and its offset on `day`: "Kathmandu, UTC+5:45".
    The IANA name ("Asia/Kathmandu") stays in the data and in machine-read attributes."""
    return f"{city(timezone)}, {offset(offset_on(timezone, day))}"


def working_hours(schedule: Schedule, reader_timezone: str, day: date) -> str:
    """A person's working hours in their time and, when it differs, the reader's:
    "09:00–17:30 Berlin time (13:45–22:15 Kathmandu time)"."""
    text = f"{schedule.start}–{schedule.end} {city(schedule.timezone)} time"
    if schedule.timezone == reader_timezone:
        return text
    start = at(day, minutes(schedule.start), schedule.timezone)
    end = at(day, minutes(schedule.end), schedule.timezone)
    if end <= start:  # a night shift ends the next day
        end = at(day + timedelta(days=1), minutes(schedule.end), schedule.timezone)
    shift = (start.astimezone(zone(reader_timezone)).date() - day).days
    note = {-1: ", the day before", 1: ", the next day"}.get(shift, "")
    return f"{text} ({local(start, reader_timezone)}–{local(end, reader_timezone)} {city(reader_timezone)} time{note})"


# --- meetings and holidays ----------------------------------------------------------------------


def rule(rule_: Rule) -> str:
    """"every Tuesday", "every second Tuesday", "the third Thursday of every third month"."""
    day = DAY_NAMES[rule_.weekday]
    if rule_.freq == "WEEKLY":
        return f"every {day}" if rule_.interval == 1 else f"every {ORDINALS.get(rule_.interval, str(rule_.interval))} {day}"
    ordinal = ORDINALS[rule_.nth or 1]
    if rule_.freq == "YEARLY":
        return f"the {ordinal} {day} of {MONTH_NAMES[(rule_.month or 1) - 1]} each year"
    every = {1: "every month", 3: "every third month", 6: "every sixth month"}.get(rule_.interval, f"every {rule_.interval} months")
    return f"the {ordinal} {day} of {every}"


def cadence(cadence_: str, weekday: str | None) -> str:
    """"weekly on Tuesdays", "quarterly": a meeting's rhythm, for play text."""
    day = f" on {DAY_NAMES[weekday]}s" if weekday and cadence_ in ("weekly", "fortnightly") else ""
    return f"{cadence_}{day}"


def overdue(series: Series) -> str:
    """"due since Friday 23 October 2026 (4 weeks ago)"."""
    due = series.due
    if due is None:
        return ""
    days = series.overdue_days
    ago = f"{days // 7} weeks" if days >= 14 else f"{days} days"
    return f"due since {short_date(due)} ({ago} ago)"


def occurrence_ours(occurrence: Occurrence) -> str:
    """"11:00–12:30 Berlin"."""
    tz = occurrence.start.tzinfo
    return f"{occurrence.start.strftime('%H:%M')}–{occurrence.end.strftime('%H:%M')} {city(getattr(tz, 'key', ''))}"


def occurrence_theirs(occurrence: Occurrence) -> str:
    """"15:30–17:00 Kolkata", with their date when it is not ours."""
    tz = zone(occurrence.theirs_timezone)
    a, b = occurrence.start.astimezone(tz), occurrence.end.astimezone(tz)
    shift = (a.date() - occurrence.start.date()).days
    day = f" ({short_date(a.date())})" if shift in (-1, 1) else ""
    return f"{a.strftime('%H:%M')}–{b.strftime('%H:%M')} {city(occurrence.theirs_timezone)}{day}"


def holiday_dates(holiday: Holiday) -> str:
    if holiday.first == holiday.last:
        return short_date(holiday.first)
    return f"{short_date(holiday.first)} – {short_date(holiday.last)}"


def date_text(day: date) -> str:
    """"Mon 29 Mar 2027": the one way the sites and calendars write a day (clock.short_date)."""
    return short_date(day)


def when(day: date) -> Markup:
    """A day as a page shows it: `<time datetime="2027-03-29">Mon 29 Mar 2027</time>`, the
    words for the reader and the ISO form for machines. Templates print a bare `date` this way
    too (pages.environment)."""
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), short_date(day))


# --- reporting periods, deadlines and due dates ---------------------------------------------------

PERIOD_FORMS = {
    "daily": "a date like `2026-10-14`",
    "weekly": "an ISO week like `2026-W45`",
    "monthly": "a month like `2026-10`",
    "quarterly": "a quarter like `2026-Q3`",
    "yearly": 'a year in quotes like "2026"',
}


def period_form(cadence: str) -> str:
    """How a result's period is written for a measure taken `cadence` ("a quarter like `2026-Q3`")."""
    if cadence in DATED:
        return "the date of the release or count, like `2026-10-14`"
    return PERIOD_FORMS[cadence]


def period_label(period: ReportPeriod) -> str:
    """"Q3 2026", "Oct 2026", "week 45 of 2026", "Wed 14 Oct 2026", "2026"."""
    cadence = form_of(period.cadence)
    if cadence == "quarterly":
        return f"Q{(period.start.month - 1) // 3 + 1} {period.start.year}"
    if cadence == "monthly":
        return f"{MONTH_NAMES[period.start.month - 1][:3]} {period.start.year}"
    if cadence == "weekly":
        year, week, _ = period.start.isocalendar()
        return f"week {week} of {year}"
    if cadence == "yearly":
        return str(period.start.year)
    return short_date(period.start)


def period_tick(period: ReportPeriod) -> str:
    """A period as a chart's axis names it, in a few characters: "Q3 2026", "Oct 2026", "W45", "14 Oct"."""
    cadence = form_of(period.cadence)
    if cadence == "weekly":
        return f"W{period.start.isocalendar()[1]}"
    if cadence == "daily":
        return f"{period.start.day} {MONTH_NAMES[period.start.month - 1][:3]}"
    return period_label(period)


def period_span(period: ReportPeriod) -> str:
    """"1 July – 30 September 2026"; a single day as "Wed 14 Oct 2026"."""
    first, last = period.start, period.end
    if first == last:
        return short_date(first)
    head = f"{first.day} {MONTH_NAMES[first.month - 1]}" + (f" {first.year}" if first.year != last.year else "")
    return f"{head} – {last.day} {MONTH_NAMES[last.month - 1]} {last.year}"


def count(n: int, noun: str, nouns: str | None = None) -> str:
    """A count with its noun, singular for one and thousands separated: "1 item", "12 items",
    "1,090 days", count(2, "person", "people"). The one home of plurals in the site's words."""
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


def days_text(days: int) -> str:
    """Days from now in words: "today", "tomorrow", "in 40 days", "yesterday", "12 days ago"."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {count(days, 'day')}" if days > 0 else f"{count(-days, 'day')} ago"


def due_text(day: date, today: date) -> str:
    """An open action's due date for a table: "Thu 31 Dec 2026 (in 40 days)", "Mon 2 Nov 2026
    (overdue by 19 days)"."""
    days = (day - today).days
    if days < 0:
        return f"{short_date(day)} (overdue by {count(-days, 'day')})"
    return f"{short_date(day)} ({days_text(days)})"


def deadline_when(deadline: Deadline) -> str:
    """"Thursday 31 December 2026, in 40 days" or "... 3 days ago"."""
    return f"{short_date(deadline.day)}, {days_text(deadline.days_left)}"


def lead_times(days: tuple[int, ...]) -> str:
    """"90, 30 and 7 days before"; "7 days before"; "no reminders"."""
    if not days:
        return "no reminders"
    numbers = [str(d) for d in days]
    return f"{listed(numbers)} day{'' if numbers == ['1'] else 's'} before"


def deadline_title(deadline: Deadline) -> str:
    """"Notice deadline, contract NW-2023-014"; "ISO 27001 certificate expires"."""
    if deadline.kind == "notice":
        return f"Notice deadline, {deadline.subject}"
    return f"{deadline.subject[:1].upper()}{deadline.subject[1:]} expires"


def reminder(deadline: Deadline, days: int, vendor: str) -> str:
    """A calendar reminder's text: "In 90 days (Thursday 31 December 2026): Notice deadline,
    contract NW-2023-014 (Lotus Code Works)."."""
    return f"In {days} days ({short_date(deadline.day)}): {deadline_title(deadline)} ({vendor})."


def renewed(rolled: Rolled, today: date) -> str:
    """What an automatic renewal did, said once: "renewed to Tue 31 Aug 2027 without a decision
    (notice deadline Thu 2 Jul 2026 passed)"; "renews to ... on Tue 1 Sep 2026 ..." before it starts."""
    terms = f", {rolled.terms} terms" if rolled.terms > 1 else ""
    if rolled.start <= today:
        head = f"renewed to {short_date(rolled.end)} without a decision"
    else:
        head = f"renews to {short_date(rolled.end)} on {short_date(rolled.start)} without a decision"
    return f"{head} (notice deadline {short_date(rolled.first_deadline)} passed{terms})"


def unclaimed_credit(period: ReportPeriod, claim_by: date) -> str:
    """A service credit not claimed in time, as a problem line says it (what is wrong; what to do)."""
    return (f"the service credit earned in {period_label(period)} was not recorded as claimed by {short_date(claim_by)}, "
            f"the end of the contract's claim window; claim it, then add `{{period: \"{period.code}\", date: ...}}` "
            "under this rule's `money.claimed`")


def passed_warning(deadline: Deadline) -> str:
    """A deadline passed with nothing settled, as a problem line says it (what is wrong; what to do)."""
    when = f"{short_date(deadline.day)} ({days_text(deadline.days_left)})"
    if deadline.kind == "notice":
        return (f"the contract's notice deadline passed on {when} with no renewal decision recorded; record it under "
                "`contract.renewal` (`decision: renew`, `renegotiate` or `end`), and move `end` on if the contract renewed")
    return (f"{deadline.subject} expired on {when}; set `expires` to the renewed document's date, or remove the "
            "document if it no longer applies")
