"""One site's model, and `build`, which makes it for one audience (and, for a vendor-facing
site, one vendor)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..load import Inputs
from . import people, playbooks, vendors
from .people import Organization, Role
from .playbooks import Area, Play, Review, Source, Term
from .vendors import Vendor


@dataclass
class Site:
    audience: str  # vendor | internal | restricted
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

    def edit_url(self, source_path: str | None) -> str | None:
        if not self.edit_base or not source_path:
            return None
        return self.edit_base.rstrip("/") + "/" + source_path


def build(inputs: Inputs, *, audience: str, today: date, vendor_scope: str | None = None, edit_base: str | None = None) -> Site:
    """The model of one site. `vendor_scope` limits it to one vendor (a vendor-facing site)."""
    assert inputs.organization is not None and inputs.roles is not None
    if vendor_scope is not None and audience != "vendor":
        raise ValueError("a vendor-facing site is built for the vendor audience")
    org = people.organization(inputs, audience)
    onboarding = {name for name, file in inputs.areas.items() if file.meta and file.meta.data.get("onboarding")}
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
