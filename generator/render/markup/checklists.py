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

The checklist is plain HTML: each item's text and owner are converted to HTML here, once per
distinct text (markdown_html.InlineHtml), so the engine passes the block through instead of
re-parsing it with md_in_html (about half of a checklists page's conversion time). Only a
play's title, summary and link stay Markdown (the table of contents is built from the titles).
When an item's text holds what only the engine can render (a relative link: the engine rewrites
and checks it), that play's checklist is written as before, `markdown="span"` on each item,
for the engine to convert: the same HTML comes out either way.

An engine that runs in this process (MkDocs, engine.py) goes one step further: the plain
checklists, like every finished block, are taken out of the page before it converts it and put
back into its HTML after, so it does not parse them at all (finished_html.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from markupsafe import Markup

from ...support import escape
from ...support.markdown_html import InlineHtml, attribute
from ...model import ChecklistItem, Play, Site, Vendor
from ...model.anchors import Dated
from ...plays.source import holds_template
from ...schedules import wording
from ..voice import Voice

# A play's checklist prepared once, for the engine to convert (`markdown` attributes) and as
# plain HTML: its opening tag before and after the vendor's slug, and per phase its heading
# and, per item, the markup before the owner's person, between it and the owner's role, after
# that, and the item's text (None when it depends on the vendor).
_Item = tuple[ChecklistItem, str, str, str, str | None]
# An item's owner on a page: the person's data attribute, the role's and side's, and the label
# as Markdown and as HTML (None when it does not convert).
_Owner = tuple[str, str, str, str | None]
_Parts = tuple[tuple[str, str], list[tuple[str, list[_Item]]]]
_MARKDOWN = ' markdown="block"', ' markdown="span"'  # what the engine-converted form adds


class ItemWords(Protocol):
    """What checklists need of the page renderer: play text and an item's owner, as pages say them."""

    def play_text(self, play: Play, field: str, vendor: Vendor | None, item: ChecklistItem | None = None) -> str: ...

    def owner(self, vendor: Vendor | None, item: ChecklistItem) -> str: ...


class ChecklistMarkup:
    """The checklists of one site's vendors; remembers what it prepared for the run."""

    def __init__(self, site: Site, words: ItemWords, voice: Voice, inline: InlineHtml | None = None):
        """`inline` converts item texts to HTML as the engine would; without it every checklist
        is left to the engine to convert."""
        self.site = site
        self.words = words
        self.voice = voice
        self.inline = inline
        self._plays: dict[tuple[str, bool], _Parts] = {}
        self._sections: dict[str, tuple[str, str]] = {}
        self._owners: dict[tuple[str, str], _Owner] = {}
        self._filters: dict[str, dict[str, Any]] = {}

    def sections(self, vendor: Vendor) -> Markup:
        """The plays on a vendor's checklists page, each a section with its title, summary, a
        link to the play and its checklist."""
        parts = []
        for play in vendor.plays:
            head, link = self._section(play)
            summary = self.voice.client_words(self.words.play_text(play, "summary", vendor), block=True)
            parts += [head, summary, link, self.block(vendor, play), "\n\n</section>\n\n"]
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
        """One play's checklist: its items as labelled checkboxes, grouped by phase.

        Attributes come in the order the engine writes them when it converts the block (by
        name) and blocks follow each other without blank lines, as it writes them too: the
        plain HTML is byte for byte what the engine makes of the Markdown form."""
        texts: list[str] = []
        owners: list[_Owner] = []
        dated = {item_id: found for (play_id, item_id), found in vendor.item_dates.items() if play_id == play.id}
        for _, items in self._dated_order(self._parts(play, True)[1], dated):
            for item, _, _, _, text in items:
                texts.append(self.words.play_text(play, "item", vendor, item) if text is None else text)
                owners.append(self._owner(vendor, item))
        inline = self.inline
        html = [inline(text) for text in texts] if inline is not None else []
        # Plain HTML when every text converted, each on one line (website/finished_html.set_aside relies on it).
        plain = (inline is not None and all(one is not None and "\n" not in one for one in html)
                 and all(owner[3] is not None and "\n" not in owner[3] for owner in owners))
        (before_vendor, after_vendor), phases = self._parts(play, plain)
        phases = self._dated_order(phases, dated)
        parts = [before_vendor, attribute(vendor.slug), after_vendor]
        gap = "" if plain else "\n"
        done = 0
        for heading, items in phases:
            parts.append(heading)
            for item, before, phase, after, _ in items:
                person, role, markdown_owner, html_owner = owners[done]
                text, owner = (html[done], html_owner) if plain else (texts[done], markdown_owner)
                done_by = ""
                if vendor.progress:  # shared progress: its attribute goes where the engine sorts it, before data-rp-side
                    shared, done_by = self._shared(vendor, play, item)
                    role = role.replace(" data-rp-side=", f"{shared} data-rp-side=", 1) if shared else role
                when = dated.get(item.id)
                due = (f' <span class="rp-due">Due {wording.when(when.day)}, {escape.text(when.why)}</span>'
                       if when else "")
                parts.append(f'{before}{person}{phase}{role}{after}{text}</span></label> <span class="rp-owner">{owner}</span>{due}{done_by}</li>\n')
                done += 1
            parts.append(f"</ul>\n{gap}")
        parts.append("</div>")
        return Markup("".join(parts))

    @staticmethod
    def _dated_order(phases: list[tuple[str, list[Any]]], dated: dict[str, Dated]) -> list[tuple[str, list[Any]]]:
        """Within each phase, the items with a date for this vendor first, earliest first; the
        others after them as written."""
        if not dated:
            return phases
        return [(heading, sorted(items, key=lambda one: (0, dated[one[0].id].day) if one[0].id in dated else (1, date.max)))
                for heading, items in phases]

    def _parts(self, play: Play, plain: bool) -> _Parts:
        """The play's prepared markup: plain HTML, or for the engine to convert."""
        key = (play.id, plain)
        if key not in self._plays:
            attr = attribute
            block, span = ("", "") if plain else _MARKDOWN
            gap = "" if plain else "\n"
            opening = (f'<div class="rp-checklist" data-rp-play="{attr(play.id)}" data-rp-site="{attr(self.site.key)}" '
                       f'data-rp-title="{attr(play.title)}" data-rp-vendor="', f'"{block}>\n')
            phases = []
            for phase, label, items in play.by_phase:
                heading = (f'<p class="rp-phase" data-rp-phase="{attr(phase)}"><strong>{escape.text(label)}</strong></p>\n{gap}'
                           f'<ul class="rp-items" data-rp-phase="{attr(phase)}"{block}>\n')
                prepared = []
                for item in items:
                    after = (f'{span}><label class="rp-label"><input type="checkbox" class="rp-box" '
                             f'name="{attr(f"{play.id}/{item.id}")}"> <span class="rp-text"{self.voice.quoted()}>')
                    prepared.append((item, f'<li class="rp-item" data-rp-item="{attr(item.id)}" ',
                                     f'data-rp-phase="{attr(item.phase)}" ', after,
                                     None if holds_template(item.text) else item.text))
                phases.append((heading, prepared))
            self._plays[key] = (opening, phases)
        return self._plays[key]

    def _shared(self, vendor: Vendor, play: Play, item: ChecklistItem) -> tuple[str, str]:
        """Shared progress (the vendor file's `progress`): the item's data attribute, and the
        words saying when and by whom it was done; empty when it is not recorded as done."""
        done = vendor.done(play.id, item.id)
        if done is None:
            return "", ""
        by = f" by {self.voice.person_with_side(done.by, vendor)}" if done.by else ""
        note = f": {done.note}" if done.note else ""
        return (f' data-rp-shared="{attribute(done.day.isoformat())}"',
                f' <span class="rp-shared">Done {escape.text(wording.date_text(done.day) + by + note)}</span>')

    def _owner(self, vendor: Vendor, item: ChecklistItem) -> _Owner:
        """The data attributes the filters use (the person's, then the role's and side's) and
        the owner's label (Markdown, and HTML when it converts: markdown_html), per vendor and owner."""
        key = (vendor.slug, item.owner)
        found = self._owners.get(key)
        if found is None:
            attr = attribute
            who = vendor.owner(item, self.site.roles)
            person = f"{who.side}:{who.person.id}" if who.person else ""
            label = str(self.words.owner(vendor, item))
            found = self._owners[key] = (
                f'data-rp-person="{attr(person)}" ', f'data-rp-role="{attr(who.key)}" data-rp-side="{attr(who.side_label)}"',
                label, self.inline(label) if self.inline is not None else None,
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
