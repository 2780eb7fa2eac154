"""The vendor directory's data: for each vendor the values its row shows and what the page's
script (assets/directory.js) sorts and filters by, and the choices of its filters.

The table stays a Markdown table (the engine checks its links, tables.js and the phone layout
apply as on every page): each row's first cell starts with an empty `<span class="rp-dir-row">`
whose data attributes the script reads. Without the script the page is the full table.

Data attributes of a row's marker (values are codes; the script shows words from the filters):
`data-tier`, `data-status` (codes), `data-services` (service type codes, space-separated),
`data-tz` (IANA name), `data-offset` (its offset from UTC today, in minutes), `data-overlap`
(today's overlap in minutes), `data-short` ("1" when the overlap is short now or on some day of
the coming year), and `data-rank-tier`, `data-rank-status` (the order of the codes, for sorting) and `data-rank-scorecard`
(the latest scorecard status, worst first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup

from ..support import escape
from ..support.markdown_html import attribute
from ..model.measures import STATUSES, severity
from ..model import Site, Vendor, labels
from ..schedules import wording

# The table's columns, in order: the key the script sorts by (`?sort=`), the heading, and the
# sort menu's words for either direction (the menu sorts on a phone, where headings are hidden).
COLUMNS = (
    ("name", "Vendor", "Vendor, A to Z", "Vendor, Z to A"),
    ("tier", "Tier", "Tier, strategic first", "Tier, commodity first"),
    ("status", "Status", "Status, onboarding first", "Status, exited first"),
    ("services", "Services", "Services, A to Z", "Services, Z to A"),
    ("ours", "Our SPOC", "Our SPOC, A to Z", "Our SPOC, Z to A"),
    ("theirs", "Their SPOC", "Their SPOC, A to Z", "Their SPOC, Z to A"),
    ("tz", "Time zone", "Time zone, west to east", "Time zone, east to west"),
    ("overlap", "Overlap", "Overlap, shortest first", "Overlap, longest first"),
    ("scorecard", "Scorecard", "Scorecard, off target first", "Scorecard, on target first"),
)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def offset_minutes(zone: str, site: Site) -> int:
    """The zone's offset from UTC at noon (UTC) on the build date."""
    return wording.offset_on(zone, site.today)


def marker(site: Site, vendor: Vendor) -> Markup:
    """A row's marker: the values the script sorts and filters this vendor by."""
    tiers, statuses = list(labels.TIERS), list(labels.STATUSES)
    values = {
        "tier": vendor.tier or "", "status": vendor.status or "",
        "services": " ".join(dict.fromkeys(s.type for s in vendor.services)),
        "tz": vendor.schedule.timezone, "offset": str(offset_minutes(vendor.schedule.timezone, site)),
        "overlap": str(vendor.window.minutes), "short": "1" if wording.flag(vendor.time) else "",
        "rank-tier": str(tiers.index(vendor.tier)) if vendor.tier in tiers else "",
        "rank-status": str(statuses.index(vendor.status)) if vendor.status in statuses else "",
        "rank-scorecard": str(len(STATUSES) - severity(vendor.scorecard_status)),  # worst first, no figures last
    }
    data = " ".join(f'data-{key}="{attribute(value)}"' for key, value in values.items())
    return Markup(f'<span class="rp-dir-row" {data}></span>')


def rows(site: Site, link: Callable[[str, object], Markup], badge: Callable[[str | None], Markup]) -> Markup:
    """The directory table's rows, one Markdown table row per vendor, in COLUMNS' order
    (directory.md.j2). Built here, not in the template: the page lists every vendor, so any
    vendor's change renders it again, and at 500 vendors the template's loop took 50 ms of
    each regeneration. `link` is the page's own helper (a Markdown link MkDocs checks), `badge`
    the scorecard status as relationship_markup prints it. Every value is escaped as the
    templates' `{{ }}` escapes it."""
    text = escape.finalize
    lines = []
    for v in site.vendors:
        where = f'<br><span class="rp-dir-where">{text(v.location)}</span>' if v.location else ""
        overlap = str(text(v.window.text))
        if v.window.minutes:
            overlap += f" ({text(v.window.ours_start)}–{text(v.window.ours_end)})"
        flag = wording.flag(v.time)
        if flag:
            overlap += f" **{text(flag)}**"
        cells = (f"{marker(site, v)}{link('vendors/' + v.slug + '/index.md', v.name)}{where}",
                 text(labels.word("tier", v.tier)), text(labels.word("status", v.status)),
                 text(", ".join(s.name for s in v.services)),
                 text(v.spoc_ours.name if v.spoc_ours else "—"), text(v.spoc_theirs.name if v.spoc_theirs else "—"),
                 text(wording.zone_text(v.schedule.timezone, site.today)), overlap, badge(v.scorecard_status))
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return Markup("\n".join(lines))


def choices(site: Site) -> dict[str, list[Choice]]:
    """The filters' choices: the tiers, statuses, service types and time zones the vendors have,
    each in its usual order (zones west to east)."""
    vendors = site.vendors
    tiers = [Choice(code, word) for code, word in labels.TIERS.items() if any(v.tier == code for v in vendors)]
    # Every status, also one no vendor has yet: the sort menu orders by all of them ("exited first"),
    # and a list filtered by "Exited" that says "0 vendors" answers the question too.
    statuses = [Choice(code, word) for code, word in labels.STATUSES.items()]
    types = {s.type for v in vendors for s in v.services}
    services = sorted((Choice(code, labels.word("service_type", code)) for code in types), key=lambda c: c.label)
    zones = {v.schedule.timezone: offset_minutes(v.schedule.timezone, site) for v in vendors}
    ordered = sorted(zones, key=lambda zone: (zones[zone], zone))
    return {"tier": tiers, "status": statuses, "service": services,
            "tz": [Choice(zone, wording.zone_text(zone, site.today)) for zone in ordered]}
