"""One site's model, and `build`, which makes it for one audience (and, for a vendor-facing
site, one vendor)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .fields import fields
from ..support.codes import Audience
from ..sources.load import Inputs
from ..schedules import reporting
from ..schedules.deadlines import Deadline
from ..schedules.meetings import Occurrence
from ..schedules.reporting import ReportPeriod
from . import people, playbooks, review, scorecards, vendors
from .labels import MEASURE_CATEGORIES
from .people import Organization, Person, Role
from .playbooks import Area, Play, Review, Source, Term
from .anchors import Dated, dated
from .playbooks import ChecklistItem
from .records import Late
from .relationship import Action
from .review import ReviewPack
from .scorecards import Measure
from .vendors import Vendor


ACTIONS_AHEAD_DAYS = 14  # Upcoming: open actions overdue or due in the next two weeks


@dataclass(frozen=True)
class HeatCell:
    """One vendor's measures of one category: the worst latest status, and how many have which."""

    measures: tuple[Measure, ...]

    @property
    def status(self) -> str | None:
        return scorecards.worst([m.status for m in self.measures])

    def count(self, status: str) -> int:
        return sum(1 for m in self.measures if m.status == status)

    @property
    def scored(self) -> int:
        return sum(1 for m in self.measures if m.status is not None)


@dataclass(frozen=True)
class HeatRow:
    vendor: Vendor
    cells: tuple[HeatCell | None, ...]  # per category of the table; None: no measure of that category


@dataclass(frozen=True)
class HeatTable:
    """The portfolio's heat table: vendors by measure category, each cell the latest period."""

    categories: tuple[str, ...]
    rows: tuple[HeatRow, ...]


@dataclass
class Site:
    audience: Audience
    vendor_scope: str | None  # the one vendor of a vendor-facing site
    today: date
    organization: Organization
    roles: dict[str, Role]
    areas: list[Area]
    plays: dict[str, Play]
    vendors: list[Vendor]
    sources: list[Source]
    glossary: list[Term]
    edit_base: str | None  # where "edit this page" links point, or None for no edit links

    @property
    def vendor_facing(self) -> bool:
        return self.vendor_scope is not None

    @property
    def key(self) -> str:
        """A stable name for this site, e.g. for browser storage: same across rebuilds."""
        base = re.sub(r"[^a-z0-9]+", "-", self.organization.short_name.lower()).strip("-") or "site"
        return f"{base}-{self.vendor_scope}" if self.vendor_scope else f"{base}-{self.audience}"

    def reviews(self) -> list[Review]:
        """Every play and playbook with a review date, soonest due first."""
        return playbooks.reviews(self.areas, self.today)

    # --- across vendors: the heat table, Upcoming's actions and deadlines, review packs ---

    def heat(self) -> HeatTable:
        """Vendors with results by the categories their measures have (in the labels' order),
        the worst off first."""
        order = list(MEASURE_CATEGORIES) + ["other"]
        used = {m.heat_category for v in self.vendors for m in v.measures if m.results}
        categories = tuple(c for c in order if c in used)
        rows = []
        for v in self.vendors:
            if not v.scored:
                continue
            cells = tuple(HeatCell(found) if (found := tuple(m for m in v.scored if m.heat_category == c)) else None
                          for c in categories)
            rows.append(HeatRow(v, cells))
        rank = {None: -1, "on": 0, "risk": 1, "off": 2}
        rows.sort(key=lambda r: (-rank[r.vendor.scorecard_status], -r.vendor.status_count("off"),
                                 -r.vendor.status_count("risk"), r.vendor.name.lower()))
        return HeatTable(categories, tuple(rows))

    def overdue_actions(self) -> list[tuple[Vendor, Action]]:
        """Every vendor's overdue actions, the longest overdue first."""
        found = [(v, a) for v in self.vendors for a in v.overdue_actions]
        return sorted(found, key=lambda va: (va[1].due, va[0].name.lower(), va[1].text))

    def actions_due(self, days: int = ACTIONS_AHEAD_DAYS) -> list[tuple[Vendor, Action]]:
        """Every vendor's open actions that are overdue or due in the next `days` days: the
        overdue first, the longest overdue first, then by due date."""
        end = self.today + timedelta(days=days)
        found = [(v, a) for v in self.vendors for a in v.open_actions if a.due <= end]
        return sorted(found, key=lambda va: (va[1].due, va[0].name.lower(), va[1].text))

    def syncs_due(self, days: int = ACTIONS_AHEAD_DAYS) -> list[Occurrence]:
        """Every vendor's status syncs in the next `days` days (today included), by start."""
        end = self.today + timedelta(days=days - 1)
        found = [o for v in self.vendors for o in v.time.occurrences(self.today, end, ("status-sync",))]
        return sorted(found, key=lambda o: (o.start, o.vendor.name.lower(), o.title))

    def vendor(self, slug: str) -> Vendor | None:
        return next((v for v in self.vendors if v.slug == slug), None)

    def dated_items(self, days: int = 42) -> list[tuple[Vendor, Dated, Play, ChecklistItem]]:
        """Every vendor's checklist items dated by an event in the next `days` days, earliest first."""
        end = self.today + timedelta(days=days)
        found = [(v, when, play, item) for v in self.vendors for when, play, item in dated(v.plays, v.item_dates)
                 if self.today <= when.day <= end]
        return sorted(found, key=lambda one: (one[1].day, one[0].name.lower(), one[2].title))

    def late_records(self) -> list[tuple[Vendor, Late]]:
        """Every vendor's late escalations, improvement plans and sessions, the longest late first."""
        found = [(v, r) for v in self.vendors for r in v.late_records]
        return sorted(found, key=lambda vr: (vr[1].due, vr[0].name.lower(), vr[1].text))

    def deadlines_due(self) -> list[tuple[Vendor, Deadline]]:
        """Every vendor's deadlines due for a decision (schedules.deadlines), soonest first."""
        found = [(v, d) for v in self.vendors for d in v.deadlines_due]
        return sorted(found, key=lambda vd: (vd[1].day, vd[0].name.lower(), vd[1].key))

    @property
    def has_review_packs(self) -> bool:
        """Every site has them: ours for our staff, a vendor's own site its version, built from
        what the vendor may see (no contract, no money unless a rule is shared, no internal records)."""
        return True

    @property
    def review_quarter(self) -> ReportPeriod:
        """The last complete quarter: what the review packs sum up."""
        return reporting.last_complete("quarterly", self.today)

    def review_pack(self, vendor: Vendor) -> ReviewPack:
        return review.pack(vendor, self.today)

    # --- people with a page of their own (people/<id>/ and people/<id>.ics) ---

    @property
    def people(self) -> list[Person]:
        """Who has a page on this site: our people on the internal and restricted sites, the
        vendor's contacts on a vendor's own site (its readers), by name."""
        found = list(self.vendors[0].contacts) if self.vendor_facing else list(self.organization.people.values())
        return sorted(found, key=lambda p: (p.name.lower(), p.id))

    def person_page(self, person: Person | None) -> str | None:
        """The docs path of `person`'s page on this site, or None: nobody, or someone without one."""
        if person is None or (person.side == "theirs") != self.vendor_facing:
            return None
        if self.vendor_facing:
            known = any(c.id == person.id for c in self.vendors[0].contacts)
        else:
            known = person.id in self.organization.people
        return f"people/{person.id}.md" if known else None

    def edit_url(self, source_path: str | None) -> str | None:
        if not self.edit_base or not source_path:
            return None
        return self.edit_base.rstrip("/") + "/" + source_path


def build(inputs: Inputs, *, audience: Audience, today: date, vendor_scope: str | None = None, edit_base: str | None = None) -> Site:
    """The model of one site. `vendor_scope` limits it to one vendor (a vendor-facing site)."""
    assert inputs.organization is not None and inputs.roles is not None
    if vendor_scope is not None and audience != "vendor":
        raise ValueError("a vendor-facing site is built for the vendor audience")
    org = people.organization(inputs, audience)
    onboarding = {name for name, file in inputs.areas.items() if file.meta and fields(file.meta.data).get("onboarding")}
    plays_list = [p for p in (playbooks.play(f, audience, f.area in onboarding) for f in inputs.plays) if p is not None]
    plays_list.sort(key=lambda p: (p.area, p.title.lower()))
    areas = [a for a in (playbooks.area(name, file, plays_list, audience) for name, file in inputs.areas.items()) if a]
    areas.sort(key=lambda a: (a.order, a.title.lower()))
    # Plays in playbook order (the `order` of each playbook's index.md), then by title.
    rank = {area.id: index for index, area in enumerate(areas)}
    plays = {p.id: p for p in sorted(plays_list, key=lambda p: (rank.get(p.area, len(rank)), p.title.lower())) if p.area in rank}
    slugs = [vendor_scope] if vendor_scope else sorted(inputs.vendors)
    vendor_list = [vendors.vendor(slug, inputs, audience, org, plays, today) for slug in slugs]
    if vendor_scope is not None:
        # Only the people this vendor works with: our other staff stay off its site.
        used = {p.id for v in vendor_list for p in v.team.values()}
        used |= {e.ours.id for v in vendor_list for e in v.escalation if e.ours}
        used |= {p.id for v in vendor_list for m in v.meetings for p in m.ours}
        org.people = {pid: p for pid, p in org.people.items() if pid in used}
    return Site(
        audience=audience,
        vendor_scope=vendor_scope,
        today=today,
        organization=org,
        roles=people.roles(inputs),
        areas=areas,
        plays=plays,
        vendors=vendor_list,
        sources=playbooks.sources(inputs),
        glossary=playbooks.glossary(inputs, plays),
        edit_base=edit_base,
    )
