"""Each person's calendar, `people/<id>.ics` beside their page (model/agenda.py): the meetings
they attend as timed, recurring events (the same events, with the same UIDs, as their vendor's
calendar), the deadlines they own with their reminders (the same too), and as all-day events
the actions they own, the dated checklist items their role holds, late records and risk
reviews; each action and checklist item with a reminder the day before (VALARM), unless that
day has passed. Written with ical.py's writer, so the bytes are icalendar's."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from .calendars import UID_DOMAIN, deadline_event, meeting_event
from .ical import Alarm, Entry, calendar_file, stamp
from ...model import Person, Site
from ...model.agenda import Entry as Item
from ...model.agenda import Agenda, agendas, attended
from ...schedules import wording

CATEGORIES = {"action": "Action", "item": "Checklist", "record": "Follow-up", "risk": "Risk review"}


def _all_day(site: Site, person: Person, one: Item) -> Entry:
    """An action, a dated checklist item, a late record or a risk review as an all-day event."""
    vendor, when = one.vendor, wording.date_text(one.day)
    if one.kind == "action" and one.action is not None:
        summary = f"{one.text} · {vendor.short_name}"
        description = f"Action for {person.name}, due {when}. Agreed at the {one.action.meeting} with {vendor.name}."
        key = f"action.{one.action.agreed.isoformat()}.{one.day.isoformat()}.{_digest(one.text)}"
    elif one.kind == "item" and one.play is not None and one.item is not None:
        summary = f"{one.play.title}: {one.why} · {vendor.short_name}"
        text = one.item.text if "{" not in one.item.text else ""  # a templated item reads right only on the page
        description = "\n".join(line for line in (text, f"{when}, {one.why} ({vendor.name}).") if line)
        key = f"item.{one.play.id}.{one.item.id}"
    else:
        summary = f"{CATEGORIES[one.kind]}: {one.text} · {vendor.short_name}"
        description = f"{one.why or CATEGORIES[one.kind]} ({vendor.name}), {'was due' if one.overdue else 'due'} {when}."
        key = f"{one.kind}.{one.day.isoformat()}.{_digest(one.text)}"
    remind = one.kind in ("action", "item") and one.day - timedelta(days=1) >= site.today
    return Entry(
        uid=f"{site.key}.people.{person.id}.{vendor.slug}.{key}@{UID_DOMAIN}", stamp=stamp(site), summary=summary,
        start=one.day, end=one.day + timedelta(days=1), transparent=True, category=CATEGORIES[one.kind],
        description=description,
        alarms=(Alarm(1, f"Due tomorrow: {one.text} ({vendor.short_name})"),) if remind else (),
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def events(site: Site, person: Person, weeks: Agenda) -> list[Entry]:
    """The person's events: meetings, then deadlines, then the all-day items by date."""
    out = [meeting_event(site, v, series) for v in site.vendors for series in attended(v, person)]
    out += [deadline_event(site, one.vendor, one.deadline) for one in weeks.entries if one.deadline is not None]
    out += [_all_day(site, person, one) for one in weeks.entries if one.kind in CATEGORIES]
    return out


def files(site: Site) -> dict[str, bytes]:
    """`people/<id>.ics` for everyone with a page on this site (Site.people)."""
    out = {}
    org = site.organization
    everyone = agendas(site)
    for person in site.people:
        path = site.person_page(person)
        if path is None:
            continue
        side = org.short_name if person.side == "ours" else site.vendors[0].short_name
        out[path.removesuffix(".md") + ".ics"] = calendar_file(
            site, f"{person.name} ({side})",
            f"{person.name}'s meetings, actions, deadlines and dated checklist items. "
            f"Built {wording.date_text(site.today)}.",
            events(site, person, everyone[(person.side, person.id)]))
    return out
