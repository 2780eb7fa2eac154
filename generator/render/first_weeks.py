"""The first weeks of one vendor-side role: its items phase by phase, whom to ask (with their
working hours in both local times) and the glossary terms it meets; and the tickable markup
of those items, which the role pages (`vendors/<slug>/start/<role>/`) and the welcome pack
(`vendors/<slug>/welcome/`) share.

Only vendor-facing sites have these pages (docs/vendor-sites.md): one vendor each, so none of
this runs per vendor on the internal site's hot path.

Order inside a phase: the onboarding playbooks' plays first (business training, first weeks,
culture: what a new team member needs before anything else), then the others, each as the
playbooks list them; a play's items as written.

The items carry the same data attributes as on the checklists page (checklist_markup.py):
`data-rp-play` and `data-rp-item` on each `li.rp-item`, inside `.rp-path[data-rp-site]
[data-rp-vendor]`, so generator/assets/checklists.js saves a tick under the same key on
either page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable

from markupsafe import Markup

from ..support import escape
from ..model import PHASES, ChecklistItem, Owner, Person, Play, Role, Site, Term, Vendor
from .voice import Voice

# Whom a vendor-side role asks first, in order (owners as plays write them): the first of these
# that names a person other than the reader's own role holder. People in the team ask up their
# own line; the roles that face the client ask their counterpart there: the vendor's single
# point of contact (an engagement manager, say) asks the client's, not its own team lead.
FIRST_ASK = {
    "spoc": ("our-spoc",),
    "account-manager": ("our-relationship-owner", "our-spoc"),
    "relationship-owner": ("our-relationship-owner", "our-spoc"),
    "executive-sponsor": ("our-executive-sponsor", "our-relationship-owner", "our-spoc"),
    "delivery-manager": ("vendor-spoc", "our-spoc"),
    "team-lead": ("vendor-delivery-manager", "vendor-spoc", "our-spoc"),
}
FIRST_ASK_IN_THE_TEAM = ("vendor-team-lead", "vendor-delivery-manager", "vendor-spoc", "our-spoc")
# The role listed first and shown first in the welcome pack, when it has items.
NEWCOMER_ROLE = "new-joiner"
# The roles the welcome pack's switch holds (its CSS, playbooks.css, is written for this many);
# any further roles are linked to their own pages instead.
MAX_PACK_ROLES = 16


@dataclass
class PathItem:
    play: Play
    item: ChecklistItem
    ask: Owner | None  # whom to ask about it, if the play names a role


@dataclass
class Contact:
    person: Person
    roles: list[str]  # how the reader calls them here: "your team lead", "Northwind's SPOC"
    hours: str  # their working hours, in their time and the reader's


@dataclass
class Path:
    role: Role
    phases: list[tuple[str, str, list[PathItem]]]  # (phase, label, items) for phases with items
    first_contact: Owner | None
    contacts: list[Contact] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(items) for _, _, items in self.phases)

    @property
    def plays(self) -> list[Play]:
        seen: dict[str, Play] = {}
        for _, _, items in self.phases:
            for entry in items:
                seen.setdefault(entry.play.id, entry.play)
        return list(seen.values())

    @property
    def path(self) -> str:
        """The role page's docs-relative folder name (`start/<role>`)."""
        return f"start/{self.role.id}"


def roles_with_items(site: Site, vendor: Vendor) -> list[Role]:
    """The vendor-side roles that own at least one item of this vendor's plays: a new team
    member first (who most needs a start), then in roles.yml order."""
    owned = {item.role for play in vendor.plays for item in play.checklist if item.side == "theirs"}
    return sorted((role for rid, role in site.roles.items() if rid in owned), key=lambda role: role.id != NEWCOMER_ROLE)


def path(site: Site, vendor: Vendor, role: Role, voice: Voice, text: Callable[[Play, ChecklistItem], str]) -> Path:
    """The first weeks of `role` at `vendor`. `text` renders an item's text for this vendor
    (pages.PageRenderer.play_text), to find the glossary terms it uses."""
    playbook_order = {play.id: index for index, play in enumerate(site.plays.values())}
    plays = sorted(vendor.plays, key=lambda p: (not p.onboarding, playbook_order.get(p.id, 0)))
    phases = []
    for phase, label in PHASES.items():
        entries = [PathItem(play, item, vendor.holder(item.ask, site.roles) if item.ask else None)
                   for play in plays for item in play.checklist
                   if item.phase == phase and item.side == "theirs" and item.role == role.id]
        if entries:
            phases.append((phase, label, entries))
    first = first_ask(site, vendor, role)
    found = Path(role, phases, first)
    found.contacts = _contacts(site, vendor, voice, found)
    found.terms = _terms(site, found, text)
    return found


def first_ask(site: Site, vendor: Vendor, role: Role) -> Owner | None:
    """Whom `role` at `vendor` asks first (FIRST_ASK): never the person who holds the role."""
    me = vendor.holder(f"vendor-{role.id}", site.roles).person
    for owner in FIRST_ASK.get(role.id, FIRST_ASK_IN_THE_TEAM):
        if owner.split("-", 1)[1] not in site.roles:
            continue
        who = vendor.holder(owner, site.roles)
        if who.person is not None and not (who.side == "theirs" and me is not None and who.person.id == me.id):
            return who
    return None


def _contacts(site: Site, vendor: Vendor, voice: Voice, found: Path) -> list[Contact]:
    """Whom this role asks: its first contact, everyone its items name, then both single
    points of contact; each person once, with every role they are asked in."""
    owners: list[Owner] = []
    if found.first_contact is not None:
        owners.append(found.first_contact)
    owners += [entry.ask for _, _, items in found.phases for entry in items if entry.ask is not None]
    owners += [vendor.holder("vendor-spoc", site.roles), vendor.holder("our-spoc", site.roles)]
    by_person: dict[tuple[str, str], Contact] = {}
    for who in owners:
        if who.person is None:
            continue
        role = f"{voice.whose(who.side, vendor)} {who.role.short}"
        known = by_person.get((who.side, who.person.id))
        if known is None:
            by_person[(who.side, who.person.id)] = Contact(who.person, [role], voice.local_hours(vendor, who.person))
        elif role not in known.roles:
            known.roles.append(role)
    return list(by_person.values())


def _terms(site: Site, found: Path, text: Callable[[Play, ChecklistItem], str]) -> list[Term]:
    """The glossary terms this role meets: those whose own play (the first they list) is among
    its plays, and those its items' text names (the term or its abbreviation, as a word)."""
    plays = {play.id for play in found.plays}
    words = " ".join(html.unescape(str(text(entry.play, entry.item))) for _, _, items in found.phases for entry in items)
    chosen = []
    for term in site.glossary:
        names = [term.term] + ([term.abbreviation] if term.abbreviation else [])
        home = term.plays[0] if term.plays else None
        if home in plays or any(re.search(rf"(?<![\w-]){re.escape(name)}s?(?![\w-])", words, re.I) for name in names):
            chosen.append(term)
    return chosen


def items_markup(site: Site, vendor: Vendor, found: Path, voice: Voice, *, link: Callable[[str, str], str],
                 text: Callable[[Play, ChecklistItem], str], heading: str = "##") -> Markup:
    """The role's items as labelled checkboxes, a heading per phase; each item names its play
    (a link) and whom to ask. `link(docs_path, label)` makes a Markdown link from the page."""
    attr = escape.attr
    title = f"{found.role.title}: first weeks"
    parts = [f'<div class="rp-path" data-rp-site="{attr(site.key)}" data-rp-vendor="{attr(vendor.slug)}" '
             f'data-rp-role="{attr(found.role.id)}" data-rp-title="{attr(title)}" markdown="block">\n\n']
    if voice.for_vendor:  # the items are the plays' own words: say whose (voice.client_words)
        parts.append(f'<p class="rp-client-label">Items in {escape.text(voice.client_label())}</p>\n\n')
    for phase, label, entries in found.phases:
        parts.append(f"{heading} {escape.text(label)}\n\n")
        parts.append(f'<ul class="rp-items" data-rp-phase="{attr(phase)}" markdown="block">\n')
        for entry in entries:
            play, item = entry.play, entry.item
            about = f"From {link(play.docs_path, play.title)}"
            if entry.ask is not None:
                about += f" · Ask {escape.text(voice.owner(vendor, entry.ask))}"
            parts.append(
                f'<li class="rp-item" data-rp-play="{attr(play.id)}" data-rp-item="{attr(item.id)}" data-rp-phase="{attr(phase)}" '
                f'markdown="span"><label class="rp-label"><input type="checkbox" class="rp-box" '
                f'name="{attr(f"{play.id}/{item.id}")}"> <span class="rp-text"{voice.quoted()}>{text(play, item)}</span></label> '
                f'<span class="rp-owner">{about}</span></li>\n')
        parts.append("</ul>\n\n")
    parts.append("</div>")
    return Markup("".join(parts))
