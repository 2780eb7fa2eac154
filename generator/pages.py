"""Renders the model of one site into the pages of its docs tree (Markdown, in memory).

Each page comes from a Jinja2 template in `generator/templates/`, compiled once per run.
Templates are ours (trusted) but the values they print are not: `finalize` escapes every
`{{ }}` for Markdown unless the value is `Safe`, and filters handle the other contexts
(`attr` for HTML attributes, `link`/`mailto` for links with checked URLs). Play text goes
through the sandboxed `PlayRenderer`.

The result is `{docs-relative path: text}`; writing it to disk is `docs_tree.py`'s job.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

import jinja2
from markupsafe import Markup

from . import escape, timeline
from .audience import strip_sections
from .model import MEETING_TYPES, PHASES, SERVICE_TYPES, ChecklistItem, Person, Play, Site, Vendor
from .schedules import clock, wording
from .play_source import Snippet, holds_template
from .plays import PlayRenderer
from .problems import Problems

_ENV: jinja2.Environment | None = None
# A play's checklist markup prepared once: its opening tag before and after the vendor's slug,
# and per phase its heading and, per item, the markup around the owner and the item's text.
_ChecklistParts = tuple[tuple[str, str], list[tuple[str, list[tuple[ChecklistItem, str, str, str | None]]]]]


def environment() -> jinja2.Environment:
    """The template environment, built once per process (templates compile once)."""
    global _ENV
    if _ENV is None:
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("generator", "templates"),
            undefined=jinja2.StrictUndefined,
            finalize=escape.finalize,
            # Autoescape on, with `finalize` already returning escaped Markup: what templates
            # build from printed values (`~`, `join`, captured blocks) stays Markup too, so it
            # is not escaped a second time.
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
            bytecode_cache=_bytecode_cache(),
        )
        env.filters.update(
            attr=escape.attr,
            url=escape.url,
            mailto=escape.mailto,
            weblink=escape.link,
            duration=clock.duration,
            day_name=lambda d: clock.DAY_NAMES.get(d, d),
            days=clock.day_list,
            service_type=lambda t: SERVICE_TYPES.get(t, t),
            meeting_type=lambda t: MEETING_TYPES.get(t, t),
            phase=lambda p: PHASES.get(p, p),
            number=_number,
            city=clock.city,
        )
        env.tests["contains"] = lambda seq, item: item in seq
        env.globals.update(PHASES=PHASES, Safe=Markup, person=_person, person_short=_person_short,
                           email=_email, measure_target=_measure_target, words=wording, timeline=timeline.strip)
        _ENV = env
    return _ENV


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs. Jinja2's default folder is per user in the temp
    folder and checked for ownership; each entry is checked against its template's source."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except RuntimeError:  # no safe folder on this machine: compile every run
        return None


def relative(target: str, here: list[str]) -> str:
    """`posixpath.relpath(target, "/".join(here) or ".")` for docs-relative paths (no `.`,
    `..` or leading `/`), without the file system calls relpath makes: pages link a lot."""
    parts = target.split("/")
    common = 0
    for mine, theirs in zip(here, parts):
        if mine != theirs:
            break
        common += 1
    up = [".."] * (len(here) - common)
    return "/".join(up + parts[common:]) or "."


# Small pieces of vendor pages, in Python rather than Jinja2 macros: they run for every
# person on every vendor page, and a macro call costs a template context each time.


def _person(p: Any) -> Markup:
    """A person's name and title, "—" for nobody."""
    if not p:
        return Markup("—")
    return Markup(f"{escape.text(p.name)} ({escape.text(p.title)})") if p.title else escape.text(p.name)


def _person_short(p: Any) -> Markup:
    return escape.text(p.name) if p else Markup("—")


def _email(p: Any) -> Markup:
    """A mailto link to the person, or nothing."""
    return escape.mailto(p.email) if p and p.email else Markup("")


def _measure_target(m: Any) -> Markup:
    """"≥ 95 %": a measure's comparator, target and unit."""
    return Markup(f"{escape.finalize(m.comparator)} {escape.finalize(_number(m.target))} {escape.finalize(m.unit)}")


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass
class Page:
    path: str  # docs-relative, e.g. vendors/lotus/index.md
    title: str
    template: str
    context: dict[str, Any]
    meta: dict[str, Any]


class PageRenderer:
    def __init__(self, site: Site, problems: Problems):
        self.site = site
        self.problems = problems
        self.env = environment()
        self.plays = PlayRenderer(site, problems)
        self._owners: dict[tuple[str | None, str], Markup] = {}
        self._filters: dict[str, dict[str, Any]] = {}
        self._play_parts: dict[str, _ChecklistParts] = {}
        self._owner_markup: dict[tuple[str, str], tuple[str, str]] = {}
        self._sections: dict[str, tuple[str, str]] = {}

    @contextmanager
    def reporting_to(self, problems: Problems) -> Iterator[None]:
        """Report the problems found in the block to `problems` (each vendor gets its own,
        rendered in a worker process or here)."""
        saved = self.problems, self.plays.problems
        self.problems = self.plays.problems = problems
        try:
            yield
        finally:
            self.problems, self.plays.problems = saved

    # --- helpers the templates call -------------------------------------------------------------

    def _helpers(self, page_path: str) -> dict[str, Callable[..., Any]]:
        here = page_path.split("/")[:-1]

        def href(target: str) -> str:
            """A relative link from this page to another docs file (MkDocs validates it)."""
            return relative(target, here)

        def link(target: str, label: object, anchor: str = "") -> Markup:
            return Markup(f"[{escape.text(label)}]({href(target)}{'#' + anchor if anchor else ''})")

        def play_text(play: Play, field: str, vendor: Vendor | None, item: ChecklistItem | None = None) -> str:
            return self.play_text(play, field, vendor, item)

        def owner(vendor: Vendor | None, item: ChecklistItem) -> Markup:
            return self.owner(vendor, item)

        return {"href": href, "link": link, "play_text": play_text, "owner": owner,
                "checklist_filters": self.checklist_filters, "checklist_sections": self.checklist_sections,
                "contacts_table": self.contacts_table}

    def contacts_table(self, vendor: Vendor) -> Markup:
        """The contacts table on a vendor's page: our people on this relationship, then the
        vendor's contacts, each with side, title, roles and how to reach them; a notes column
        only if someone has notes. Built here: it is a dozen cells for every person."""
        text = escape.finalize
        roles = self.site.roles
        show_notes = any(p.notes for p in vendor.contacts) or any(p.notes for p, _ in vendor.our_people)
        lines = ["| Name | Side | Title | Roles | Contact |" + (" Notes |" if show_notes else ""),
                 "|---|---|---|---|---|" + ("---|" if show_notes else "")]
        people: list[tuple[Person, str, Sequence[str]]] = [
            (p, self.site.organization.short_name, held) for p, held in vendor.our_people]
        people += [(p, vendor.short_name, p.roles) for p in vendor.contacts]
        for person, side, held in people:
            reach = str(_email(person))
            if person.phone:
                reach += ("<br>" if person.email else "") + str(text(person.phone))
            row = (f"| {text(person.name)} | {text(side)} | {text(person.title or '')} | "
                   f"{', '.join(str(text(roles[r].title)) for r in held)} | {reach} |")
            lines.append(row + (f" {text(person.notes or '')} |" if show_notes else ""))
        return Markup("\n".join(lines))  # the template line ends the last row

    def checklist_sections(self, vendor: Vendor) -> Markup:
        """The plays on a vendor's checklists page, each a section with its title, summary, a
        link to the play and its checklist. Built here for the same reason as the checklist
        itself: what does not depend on the vendor is prepared once per play."""
        parts = []
        for play in vendor.plays:
            head, link = self._section_parts(play)
            parts += [head, self.play_text(play, "summary", vendor), link, self.checklist_block(vendor, play), "\n\n</section>\n\n"]
        return Markup("".join(parts))

    def _section_parts(self, play: Play) -> tuple[str, str]:
        if play.id not in self._sections:
            # Every checklists page sits at vendors/<slug>/checklists.md: the link is the same for all.
            target = relative(play.docs_path, ["vendors", "_"])
            self._sections[play.id] = (
                f'<section class="rp-play" data-rp-play="{escape.html(play.id)}" markdown="block">\n\n## {escape.text(play.title)}\n\n',
                f" [{escape.text('Read the play')}]({target})\n\n",
            )
        return self._sections[play.id]

    def checklist_block(self, vendor: Vendor, play: Play) -> Markup:
        """One play's checklist on a vendor's checklists page: its items as labelled checkboxes,
        grouped by phase, with the data attributes generator/assets/checklists.js works from.

        Built here rather than in the template because it runs for every item of every vendor
        (tens of thousands of times for a large portfolio): the markup of each item that does
        not depend on the vendor is prepared once per play, and what depends on the item's
        owner once per vendor and owner.
        """
        (before_vendor, after_vendor), phases = self._checklist_parts(play)
        parts = [before_vendor, escape.html(vendor.slug), after_vendor]
        for heading, items in phases:
            parts.append(heading)
            for item, before, after, text in items:
                who, owner = self._owner_parts(vendor, item)
                if text is None:  # the item's text is a template: rendered for this vendor
                    text = self.play_text(play, "item", vendor, item)
                parts.append(f'{before}{who}{after}{text}</span></label> <span class="rp-owner">{owner}</span></li>\n')
            parts.append("</ul>\n\n")
        parts.append("</div>")
        return Markup("".join(parts))

    def _checklist_parts(self, play: Play) -> _ChecklistParts:
        """The checklist's opening tag, before and after the vendor's slug; and per phase its
        heading and list opening, and per item the markup before and after the owner's
        attributes, and the item's text unless it depends on the vendor."""
        if play.id not in self._play_parts:
            attr = escape.html  # attribute values, as plain str: they go straight into this markup
            opening = (f'<div class="rp-checklist" data-rp-site="{attr(self.site.key)}" data-rp-vendor="',
                       f'" data-rp-play="{attr(play.id)}" data-rp-title="{attr(play.title)}" markdown="block">\n')
            phases = []
            for phase, label, items in play.by_phase:
                heading = (f'<p class="rp-phase" data-rp-phase="{escape.text(phase)}"><strong>{escape.text(label)}</strong></p>\n\n'
                           f'<ul class="rp-items" data-rp-phase="{escape.text(phase)}" markdown="block">\n')
                prepared = []
                for item in items:
                    before = f'<li class="rp-item" data-rp-item="{attr(item.id)}" data-rp-phase="{attr(item.phase)}" '
                    after = (f' markdown="span"><label class="rp-label"><input type="checkbox" class="rp-box" '
                             f'name="{attr(f"{play.id}/{item.id}")}"> <span class="rp-text">')
                    text = None if holds_template(item.text) else item.text
                    prepared.append((item, before, after, text))
                phases.append((heading, prepared))
            self._play_parts[play.id] = (opening, phases)
        return self._play_parts[play.id]

    def _owner_parts(self, vendor: Vendor, item: ChecklistItem) -> tuple[str, str]:
        """The data attributes the filters use and the owner's label, per vendor and owner."""
        key = (vendor.slug, item.owner)
        found = self._owner_markup.get(key)
        if found is None:
            attr = escape.html
            who = vendor.owner(item, self.site.roles)
            person = f"{who.side}:{who.person.id}" if who.person else ""
            found = self._owner_markup[key] = (
                f'data-rp-side="{attr(who.side_label)}" data-rp-role="{attr(who.key)}" data-rp-person="{attr(person)}"',
                str(self.owner(vendor, item)),
            )
        return found

    def checklist_filters(self, vendor: Vendor) -> dict[str, Any]:
        """Who owns items on a vendor's checklists page and which phases it has, for its filters."""
        if vendor.slug not in self._filters:
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
            # The roles that own items, ours then the vendor's, in the order roles.yml lists them.
            role_groups = []
            for prefix, label in (("our-", "Our roles"), ("vendor-", f"{vendor.short_name}'s roles")):
                options = [(prefix + rid, role, owners[prefix + rid].person) for rid, role in self.site.roles.items()
                           if prefix + rid in owners]
                if options:
                    role_groups.append((label, options))
            self._filters[vendor.slug] = {"owners": owners, "people": people, "phases": phases, "role_groups": role_groups}
        return self._filters[vendor.slug]

    def play_text(self, play: Play, field: str, vendor: Vendor | None, item: ChecklistItem | None = None) -> Markup:
        if field == "item" and item is not None and not holds_template(item.text):
            return Markup(item.text)  # no Jinja2 in it: the text is its own rendering (see PlayRenderer.render)
        if field == "summary":
            line, column = play.positions.get("summary", (1, 1))
            snippet = Snippet(f"{play.source_path}#summary", play.summary, play.source_path, line, column)
        elif field == "item" and item is not None:
            line, column = play.positions.get(f"checklist.{item.id}", (1, 1))
            snippet = Snippet(f"{play.source_path}#item.{item.id}", item.text, play.source_path, line, column)
        else:
            snippet = Snippet(f"{play.source_path}#body", play.body, play.source_path, play.body_line)
        # The source's passages for other readers are gone (model); a template could still put
        # a marker together (`{% if x %}!!!{% endif %} internal`), so the result is cut again.
        return Markup(strip_sections(self.plays.render(snippet, vendor), self.site.audience))

    def owner(self, vendor: Vendor | None, item: ChecklistItem) -> Markup:
        """"Lukas Berg, our SPOC", "Lotus's QA lead", or generically "QA lead (vendor side)"."""
        key = (vendor.slug if vendor else None, item.owner)
        if key not in self._owners:
            self._owners[key] = self._owner(vendor, item)
        return self._owners[key]

    def _owner(self, vendor: Vendor | None, item: ChecklistItem) -> Markup:
        role = self.site.roles[item.role]
        if vendor is None:
            return escape.text(f"{role.title} ({'our side' if item.side == 'ours' else 'vendor side'})")
        whose = "our" if item.side == "ours" else f"{vendor.short_name}'s"
        who = vendor.owner(item, self.site.roles)
        if who.person is not None:
            return escape.text(f"{who.person.name}, {whose} {role.short}")
        return escape.text(f"{whose[0].upper()}{whose[1:]} {role.short}")

    # --- the page list ------------------------------------------------------------------------

    def pages(self) -> Iterator[Page]:
        yield from self.site_pages()
        for vendor in self.site.vendors:
            yield from self.vendor_pages(vendor)

    def site_pages(self) -> Iterator[Page]:
        """The pages about the whole site: they change when any input changes."""
        site = self.site
        yield Page("index.md", "Home", "home.md.j2", {}, {})
        yield Page("playbooks/index.md", "Playbooks", "playbooks.md.j2", {}, {})
        for area in site.areas:
            yield Page(area.docs_path, area.title, "area.md.j2", {"area": area}, {"edit": area.source_path})
            for play in area.plays:
                yield Page(play.docs_path, play.title, "play.md.j2", {"play": play, "area": area},
                           {"edit": play.source_path, "search": {"boost": 2}})
        if not site.vendor_facing:  # a vendor's own site has its one vendor in the nav instead
            yield Page("vendors/index.md", "Vendors", "directory.md.j2", {}, {})
            yield Page("checklists.md", "Checklists", "checklists-index.md.j2", {}, {})
        yield Page("upcoming.md", "Upcoming", "upcoming.md.j2", {}, {})
        if not site.vendor_facing:
            yield Page("reviews.md", "Due for review", "reviews.md.j2", {"reviews": site.reviews()}, {})
        yield Page("sources.md", "Sources", "sources.md.j2", {}, {})
        yield Page("glossary.md", "Glossary", "glossary.md.j2", {}, {})

    def vendor_pages(self, vendor: Vendor) -> Iterator[Page]:
        """One vendor's own pages: they depend on that vendor's file and the shared inputs only."""
        yield Page(f"vendors/{vendor.slug}/index.md", vendor.name, "vendor.md.j2", {"vendor": vendor},
                   {"edit": vendor.source_path})
        yield Page(f"vendors/{vendor.slug}/checklists.md", f"Checklists: {vendor.name}", "vendor-checklists.md.j2",
                   {"vendor": vendor}, {"edit": vendor.source_path, "search": {"exclude": True}})

    def render(self, page: Page) -> str:
        # The theme prints the title into <title>, the header and the nav without escaping it.
        meta: dict[str, Any] = {"title": escape.html(page.title)}
        edit = self.site.edit_url(page.meta.get("edit"))
        if edit:
            meta["edit_url"] = edit
        if "search" in page.meta:
            meta["search"] = page.meta["search"]
        template = self.env.get_template(page.template)
        body = template.render(site=self.site, page_path=page.path, **self._helpers(page.path), **page.context)
        # JSON is YAML: one line per key, every string safely quoted, and fast.
        front = "".join(f"{key}: {json.dumps(meta[key], sort_keys=True)}\n" for key in sorted(meta))
        return f"---\n{front}---\n\n{body}"
