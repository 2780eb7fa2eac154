"""The Upcoming page's rows as its filter by person reads them (assets/upcoming.js).

Each row of Upcoming's tables starts with a marker naming the people it concerns: the owner
of an action, a deadline, a record or a checklist item, the attendees of a meeting (both
sides). `?person=<id>` (or the page's menu) shows only the rows that name that person; without
the script every row shows. Ids are validated slugs; they are escaped all the same.
"""

from __future__ import annotations

from typing import Iterable

from markupsafe import Markup

from ...support import escape
from ...support.markdown_html import attribute
from ..play_refs import person_link
from ...model import ChecklistItem, Person, Site, Vendor
from ...model.agenda import deadline_owner as owner_of
from ...schedules.deadlines import Deadline
from ...schedules.meetings import Party


def marker(people: Iterable[Person | None]) -> Markup:
    """`<span class="rp-up-row" data-rp-people="lukas-berg priya-raman"></span>`: an empty
    element first in a row's first cell, invisible and silent."""
    ids = " ".join(dict.fromkeys(p.id for p in people if p is not None))
    return Markup(f'<span class="rp-up-row" data-rp-people="{attribute(ids)}"></span>')


def attendees(site: Site, vendor: Party, meeting_id: str) -> list[Person]:
    """Both sides' attendees of a vendor's meeting, as this site's model has them."""
    found = site.vendor(vendor.slug)
    meeting = found.meeting(meeting_id) if found is not None else None
    return list(meeting.ours + meeting.theirs) if meeting is not None else []


def meeting_marker(site: Site, vendor: Party, meeting_id: str) -> Markup:
    return marker(attendees(site, vendor, meeting_id))


def choices(site: Site) -> list[tuple[str, str]]:
    """The filter's people: (id, name) of everyone with a page on this site, by name."""
    return [(p.id, p.name) for p in site.people]


def deadline_marker(vendor: Vendor, deadline: Deadline) -> Markup:
    """A deadline's row: its owner (the renewal's, or the document's)."""
    return marker([owner_of(vendor, deadline)])


def item_marker(site: Site, vendor: Vendor, item: ChecklistItem) -> Markup:
    """A dated checklist item's row: the person who holds its role at the vendor, if named."""
    return marker([vendor.owner(item, site.roles).person])


def deadline_owner(site: Site, vendor: Vendor, deadline: Deadline) -> Markup:
    """The Owner cell of a deadline: the person, linked to their page where they have one."""
    owner = owner_of(vendor, deadline)
    if owner is not None:
        return person_link(site, owner)
    return escape.text(deadline.owner) if deadline.owner else Markup("—")
