"""The checklists on a vendor's checklists page, as HTML built in Python.

Built here rather than in a template because it runs for every item of every vendor (tens of
thousands of times for a large portfolio): what does not depend on the vendor is prepared once
per play, what depends on an item's owner once per vendor and owner.

The data attributes generator/assets/checklists.js works from, all set here or in
templates/vendor-checklists.md.j2:

- the tools `<div class="rp-tools">`: `data-rp-site` (the site key of the storage keys),
  `data-rp-vendor` (the slug), `data-rp-vendor-name`; inside it `data-rp-filter` ("owner" or
  "phase") on the filters, `data-rp-action` ("copy", "show-all") on buttons, `data-rp-count`,
  `data-rp-message`, `data-rp-showing` and `data-rp-showing-text` on what the script fills in;
- each play's `<section class="rp-play">`: `data-rp-play` (the play's id);
- each checklist `<div class="rp-checklist">`: `data-rp-site`, `data-rp-vendor`, `data-rp-play`,
  `data-rp-title` (the play's title, for "copy my progress");
- each phase's heading `<p class="rp-phase">` and list `<ul class="rp-items">`: `data-rp-phase`;
- each item `<li class="rp-item">`: `data-rp-item` (its stable id), `data-rp-phase`,
  `data-rp-side` ("ours" or "vendor"), `data-rp-role` (`our-<role>` or `vendor-<role>`) and
  `data-rp-person` (`<side>:<person id>`, empty when nobody is named); an item the team has
  recorded as done in the vendor file (`progress`) also `data-rp-shared` (the day), and a
  `<span class="rp-shared">` saying when and by whom, after its owner.
"""

from __future__ import annotations

from typing import Any, Protocol

from markupsafe import Markup

from . import escape
from .model import ChecklistItem, Play, Site, Vendor
from .play_source import holds_template
from .schedules import wording
from .voice import Voice

# A play's checklist prepared once: its opening tag before and after the vendor's slug, and per
# phase its heading and, per item, the markup before and after the owner's attributes and the
# item's text (None when it depends on the vendor).
_Parts = tuple[tuple[str, str], list[tuple[str, list[tuple[ChecklistItem, str, str, str | None]]]]]


class ItemWords(Protocol):
    """What checklists need of the page renderer: play text and an item's owner, as pages say them."""

    def play_text(self, play: Play, field: str, vendor: Vendor | None, item: ChecklistItem | None = None) -> str: ...

    def owner(self, vendor: Vendor | None, item: ChecklistItem) -> str: ...


class ChecklistMarkup:
    """The checklists of one site's vendors; remembers what it prepared for the run."""

    def __init__(self, site: Site, words: ItemWords, voice: Voice):
        self.site = site
        self.words = words
        self.voice = voice
        self._plays: dict[str, _Parts] = {}
        self._sections: dict[str, tuple[str, str]] = {}
        self._owners: dict[tuple[str, str], tuple[str, str]] = {}
        self._filters: dict[str, dict[str, Any]] = {}

    def sections(self, vendor: Vendor) -> Markup:
        """The plays on a vendor's checklists page, each a section with its title, summary, a
        link to the play and its checklist."""
        parts = []
        for play in vendor.plays:
            head, link = self._section(play)
            parts += [head, self.words.play_text(play, "summary", vendor), link, self.block(vendor, play), "\n\n</section>\n\n"]
        return Markup("".join(parts))

    def _section(self, play: Play) -> tuple[str, str]:
        if play.id not in self._sections:
            # Every checklists page is vendors/<slug>/checklists.md: the link is the same for all.
            self._sections[play.id] = (
                f'<section class="rp-play" data-rp-play="{escape.attr(play.id)}" markdown="block">\n\n## {escape.text(play.title)}\n\n',
                f" [{escape.text('Read the play')}](../../{play.docs_path})\n\n",
            )
        return self._sections[play.id]

    def block(self, vendor: Vendor, play: Play) -> Markup:
        """One play's checklist: its items as labelled checkboxes, grouped by phase."""
        (before_vendor, after_vendor), phases = self._parts(play)
        parts = [before_vendor, escape.attr(vendor.slug), after_vendor]
        for heading, items in phases:
            parts.append(heading)
            for item, before, after, text in items:
                who, owner = self._owner(vendor, item)
                if text is None:  # the item's text is a template: rendered for this vendor
                    text = self.words.play_text(play, "item", vendor, item)
                shared, done_by = self._shared(vendor, play, item) if vendor.progress else ("", "")
                parts.append(f'{before}{who}{shared}{after}{text}</span></label> <span class="rp-owner">{owner}</span>{done_by}</li>\n')
            parts.append("</ul>\n\n")
        parts.append("</div>")
        return Markup("".join(parts))

    def _parts(self, play: Play) -> _Parts:
        if play.id not in self._plays:
            attr = escape.attr
            opening = (f'<div class="rp-checklist" data-rp-site="{attr(self.site.key)}" data-rp-vendor="',
                       f'" data-rp-play="{attr(play.id)}" data-rp-title="{attr(play.title)}" markdown="block">\n')
            phases = []
            for phase, label, items in play.by_phase:
                heading = (f'<p class="rp-phase" data-rp-phase="{attr(phase)}"><strong>{escape.text(label)}</strong></p>\n\n'
                           f'<ul class="rp-items" data-rp-phase="{attr(phase)}" markdown="block">\n')
                prepared = []
                for item in items:
                    before = f'<li class="rp-item" data-rp-item="{attr(item.id)}" data-rp-phase="{attr(item.phase)}" '
                    after = (f' markdown="span"><label class="rp-label"><input type="checkbox" class="rp-box" '
                             f'name="{attr(f"{play.id}/{item.id}")}"> <span class="rp-text">')
                    prepared.append((item, before, after, None if holds_template(item.text) else item.text))
                phases.append((heading, prepared))
            self._plays[play.id] = (opening, phases)
        return self._plays[play.id]

    def _shared(self, vendor: Vendor, play: Play, item: ChecklistItem) -> tuple[str, str]:
        """Shared progress (the vendor file's `progress`): the item's data attribute, and the
        words saying when and by whom it was done; empty when it is not recorded as done."""
        done = vendor.done(play.id, item.id)
        if done is None:
            return "", ""
        by = f" by {done.by.name} ({self.voice.name(done.by.side, vendor)})" if done.by else ""
        note = f": {done.note}" if done.note else ""
        return (f' data-rp-shared="{escape.attr(done.day.isoformat())}"',
                f' <span class="rp-shared">Done {escape.text(wording.date_text(done.day) + by + note)}</span>')

    def _owner(self, vendor: Vendor, item: ChecklistItem) -> tuple[str, str]:
        """The data attributes the filters use and the owner's label, per vendor and owner."""
        key = (vendor.slug, item.owner)
        found = self._owners.get(key)
        if found is None:
            attr = escape.attr
            who = vendor.owner(item, self.site.roles)
            person = f"{who.side}:{who.person.id}" if who.person else ""
            found = self._owners[key] = (
                f'data-rp-side="{attr(who.side_label)}" data-rp-role="{attr(who.key)}" data-rp-person="{attr(person)}"',
                str(self.words.owner(vendor, item)),
            )
        return found

    def filters(self, vendor: Vendor) -> dict[str, Any]:
        """Who owns items on a vendor's checklists page and which phases it has, for its
        filters, labelled for the reader (voice.py) with the reader's side first."""
        if vendor.slug not in self._filters:
            voice = self.voice
            owners: dict[str, Any] = {}
            people: dict[str, dict[str, Any]] = {}
            phases: list[str] = []
            for play in vendor.plays:
                for item in play.checklist:
                    who = vendor.owner(item, self.site.roles)
                    owners[who.key] = who
                    if who.person:
                        entry = people.setdefault(f"{who.side}:{who.person.id}", {"person": who.person, "side": who.side, "roles": []})
                        if who.role.short not in entry["roles"]:
                            entry["roles"].append(who.role.short)
                    if item.phase not in phases:
                        phases.append(item.phase)
            order = voice.sides_in_order()
            sides = [("side:" + ("ours" if side == "ours" else "vendor"), voice.side_option(side, vendor)) for side in order]
            # The roles that own items, the reader's side first, in the order roles.yml lists them.
            role_groups = []
            for side in order:
                prefix = "our-" if side == "ours" else "vendor-"
                options = [(prefix + rid, role, owners[prefix + rid].person) for rid, role in self.site.roles.items()
                           if prefix + rid in owners]
                if options:
                    role_groups.append((voice.roles_group(side, vendor), options))
            listed = sorted(people.items(), key=lambda kv: (order.index(kv[1]["side"]), kv[1]["person"].name, kv[0]))
            people_options = [(key, f"{entry['person'].name} ({voice.name(entry['side'], vendor)}: {', '.join(entry['roles'])})")
                              for key, entry in listed]
            self._filters[vendor.slug] = {"owners": owners, "people": people_options, "phases": phases, "sides": sides,
                                          "role_groups": role_groups}
        return self._filters[vendor.slug]
