"""Small pieces of a vendor's profile, built in Python rather than in its template: the
contacts table (a dozen cells for every person), a person's name and title, an e-mail link, a
measure's target, and what search knows the vendor by. They run for every person on every
vendor page, where a Jinja2 macro call would cost a template context each time. Template
globals (pages.environment)."""

from __future__ import annotations

from typing import Sequence

from markupsafe import Markup

from ...support import escape
from ...model import measures
from ...model import Measure, Person, Site, Vendor, labels


def person(p: Person | None) -> Markup:
    """A person's name and title, "—" for nobody."""
    if not p:
        return Markup("—")
    return Markup(f"{escape.text(p.name)} ({escape.text(p.title)})") if p.title else escape.text(p.name)


def person_short(p: Person | None) -> Markup:
    return escape.text(p.name) if p else Markup("—")


def email(p: Person | None) -> Markup:
    """A mailto link to the person, or nothing."""
    return escape.mailto(p.email) if p and p.email else Markup("")


def number(value: float | int | None) -> str:
    """measures.figure ("9,100"), and nothing for no value (the templates' `number` filter)."""
    return "" if value is None else measures.figure(value)


def measure_target(m: Measure) -> Markup:
    """"at least 95 percent": a measure's comparator in words, its target and unit."""
    return Markup(f"{escape.finalize(labels.word('comparator', m.comparator))} {escape.finalize(number(m.target))} "
                  f"{escape.finalize(m.unit)}")


def contacts_table(site: Site, vendor: Vendor) -> Markup:
    """The contacts table: our people on this relationship, then the vendor's contacts, each
    with side, title, roles and how to reach them; a notes column only if someone has notes."""
    text = escape.finalize
    roles = site.roles
    show_notes = any(p.notes for p in vendor.contacts) or any(p.notes for p, _ in vendor.our_people)
    lines = ["| Name | Side | Title | Roles | Contact |" + (" Notes |" if show_notes else ""),
             "|---|---|---|---|---|" + ("---|" if show_notes else "")]
    people: list[tuple[Person, str, Sequence[str]]] = [(p, site.organization.short_name, held) for p, held in vendor.our_people]
    people += [(p, vendor.short_name, p.roles) for p in vendor.contacts]
    for one, side, held in people:
        reach = str(email(one))
        if one.phone:
            reach += ("<br>" if one.email else "") + str(text(one.phone))
        row = (f"| {text(one.name)} | {text(side)} | {text(one.title or '')} | "
               f"{', '.join(str(text(roles[r].title)) for r in held)} | {reach} |")
        lines.append(row + (f" {text(one.notes or '')} |" if show_notes else ""))
    return Markup("\n".join(lines))  # the template line ends the last row


def search_terms(site: Site, vendor: Vendor) -> Markup:
    """What search finds a vendor by, as one hidden paragraph under the profile's title: the
    profile is one search entry (its sections and its lead paragraph are kept out of search, see
    pages.py and vendor.md.j2), so this names its people (the vendor's contacts and our single
    point of contact), services with their types, location and time zone there, in few words:
    every vendor adds them to the index that each reader's browser loads and indexes before the
    first result shows (about 160 characters a vendor on the sample). Hidden from readers and
    screen readers, who have all of it in the page's tables; search shows it under the
    vendor's name."""
    text = escape.finalize
    people = [p.name for p in vendor.contacts] + ([vendor.spoc_ours.name] if vendor.spoc_ours else [])
    by_type: dict[str, list[str]] = {}
    for service in vendor.services:
        by_type.setdefault(service.type, []).append(str(text(service.name)))
    services = "; ".join(f"{', '.join(names)} ({text(labels.word('service_type', kind))})" for kind, names in by_type.items())
    measures_named = ", ".join(str(text(m.name)) for m in vendor.measures) if vendor.measures else ""
    parts = [f"People: {', '.join(str(text(name)) for name in dict.fromkeys(people))}." if people else "",
             f"Services: {services}." if services else "",
             f"Measures: {measures_named}." if measures_named else "",
             f"{text(vendor.location)}." if vendor.location else "",
             f"{text(vendor.schedule.timezone)}."]
    return Markup(f'<p class="rp-search-terms" hidden>{" ".join(part for part in parts if part)}</p>')
