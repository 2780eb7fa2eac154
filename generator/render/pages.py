"""Renders the model of one site into the pages of its docs tree (Markdown, in memory).

Each page comes from a Jinja2 template in `generator/templates/`, compiled once per run.
Templates are ours (trusted) but the values they print are not: `finalize` escapes every
`{{ }}` for Markdown unless the value is `Safe`, and filters handle the other contexts
(`attr` for HTML attributes, `link`/`mailto` for links with checked URLs). Play text goes
through the sandboxed `PlayRenderer`.

Three kinds of block are built in Python instead, because they run for every item or person
of every vendor, where a template or macro call costs a context each time: the checklists
(checklist_markup.py), the contacts table and the small person, e-mail and measure cells of
a profile (profile_markup.py), and the overlap picture (timeline.py).

The result is `{docs-relative path: text}`; writing it to disk is `docs_tree.py`'s job.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator
from datetime import date, datetime

import jinja2
from markupsafe import Markup

from .svg import charts, timeline
from . import directory, first_weeks, joiners, play_refs
from ..support import escape
from .markup import pack as pack_markup, profile as profile_markup, relationship as relationship_markup
from .markup.checklists import ChecklistMarkup
from ..support.markdown_html import InlineHtml
from .voice import Voice
from ..model.audience import strip_sections
from ..model import PHASES, ChecklistItem, Owner, Play, Site, Vendor, labels, possessive
from ..model.joiners import Joiner
from ..model.review import review_path
from ..schedules import clock, slot_wording, wording
from ..plays.source import Snippet, holds_template
from .plays import PlayRenderer
from ..support.problems import Problems

_ENV: jinja2.Environment | None = None


def environment() -> jinja2.Environment:
    """The template environment, built once per process (templates compile once)."""
    global _ENV
    if _ENV is None:
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("generator", "templates"),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
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
            possessive=possessive,
            **{kind: (lambda code, kind=kind: labels.word(kind, code)) for kind in labels.KINDS},
            number=profile_markup.number,
            city=clock.city,
            day=_day,
        )
        env.tests["contains"] = lambda seq, item: item in seq
        env.globals.update(PHASES=PHASES, Safe=Markup, possessive=possessive, person=profile_markup.person, person_short=profile_markup.person_short,
                           email=profile_markup.email, measure_target=profile_markup.measure_target, words=wording, slot_words=slot_wording,
                           timeline=timeline.strip, chart=charts.trend, rm=relationship_markup, pm=pack_markup,
                           search_terms=profile_markup.search_terms)
        _ENV = env
    return _ENV


def _finalize(value: object) -> object:
    """What `{{ }}` prints: a day as words with its ISO form kept for machines
    (`<time datetime="2026-12-07">Mon 7 Dec 2026</time>`, wording.when), everything else escaped."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return wording.when(value)
    return escape.finalize(value)


def _day(value: object) -> object:
    """The `day` filter: a date, or text holding one ("2026-11-16"), as wording.when prints it;
    other text (a published "Spring 2009") as it is."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return _finalize(value)


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


# A heading under the page's title, as our templates write them (data never starts a line: it is
# escaped, escape.text), without an attribute list of its own.
_SUBHEADING = re.compile(r"^(#{2,6} [^\n]*[^\s}])[ \t]*$", re.M)


def one_search_entry(markdown: str) -> str:
    """The page as one search entry: every heading under its title kept out of search, and so
    its section with it (Material's and Zensical's search leave out a heading marked
    `data-search-exclude` and the text up to the next heading). A vendor is found once, by
    what its title and the paragraphs above the first heading say, not once per section:
    at 500 vendors, 500 "Escalation path" sections drowned the escalation play."""
    return _SUBHEADING.sub(r"\1 { data-search-exclude }", markdown)


@dataclass
class Page:
    path: str  # docs-relative, e.g. vendors/lotus/index.md
    title: str
    template: str
    context: dict[str, Any]
    meta: dict[str, Any]


class PageRenderer:
    def __init__(self, site: Site, problems: Problems, inline: InlineHtml | None = None):
        """`inline` (the project's Markdown, markdown_html) lets checklists be written as plain
        HTML; without it the engine converts them."""
        self.site = site
        self.problems = problems
        self.env = environment()
        self.plays = PlayRenderer(site, problems)
        self.voice = Voice(site)
        self._owners: dict[tuple[str | None, str], Markup] = {}
        self.checklists = ChecklistMarkup(site, self, self.voice, inline)

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

        def path_items(vendor: Vendor, path: first_weeks.Path, heading: str = "##") -> Markup:
            return first_weeks.items_markup(self.site, vendor, path, self.voice, heading=heading,
                                            link=lambda target, label: link(target, label),
                                            text=lambda play, item: self.play_text(play, "item", vendor, item))

        def joiner_items(vendor: Vendor, plan: joiners.Plan) -> Markup:
            return joiners.items_markup(self.site, vendor, plan, self.voice, link=lambda target, label: link(target, label),
                                        text=lambda play, item: self.play_text(play, "item", vendor, item, plan.joiner))

        def role_titles(ids: list[str]) -> str:
            return ", ".join(self.site.roles[rid].title for rid in ids if rid in self.site.roles)

        return {"href": href, "link": link, "play_text": play_text, "owner": owner, "path_items": path_items,
                "joiner_items": joiner_items,
                "role_titles": role_titles, "start_roles": lambda vendor: first_weeks.roles_with_items(self.site, vendor),
                "checklist_filters": self.checklists.filters, "checklist_sections": self.checklists.sections,
                "contacts_table": lambda vendor: profile_markup.contacts_table(self.site, vendor),
                "directory_rows": lambda: directory.rows(self.site, link, relationship_markup.status_badge),
                "directory_choices": lambda: directory.choices(self.site), "directory_columns": lambda: directory.COLUMNS}

    def play_text(self, play: Play, field: str, vendor: Vendor | None, item: ChecklistItem | None = None,
                  joiner: Joiner | None = None) -> Markup:
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
        return Markup(strip_sections(self.plays.render(snippet, vendor, joiner), self.site.audience))

    def owner(self, vendor: Vendor | None, item: ChecklistItem) -> Markup:
        """An item's owner as the reader says it (voice.py): "Lukas Berg, our SPOC", "Lotus Code
        Works' QA lead", "Nora Schmidt, Northwind's SPOC", or generically "QA lead (vendor side)"."""
        key = (vendor.slug if vendor else None, item.owner)
        if key not in self._owners:
            who = vendor.owner(item, self.site.roles) if vendor else None
            if who is None:
                role = self.site.roles[item.role]
                who = Owner(item.side, role, None)
            self._owners[key] = escape.text(self.voice.owner(vendor, who))
        return self._owners[key]

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
            yield Page("vendors/index.md", "Vendors", "directory.md.j2", {}, {"hide": ["toc"]})
            yield Page("checklists.md", "Checklists", "checklists-index.md.j2", {}, {})
            yield Page("scorecards.md", "Scorecards", "scorecards.md.j2", {}, {"hide": ["toc"]})
        # A listing by date across vendors, which grows with them: left out of search, where the
        # vendors and plays it names are found on their own pages.
        yield Page("upcoming.md", "Upcoming", "upcoming.md.j2", {}, {"search": {"exclude": True}})
        if not site.vendor_facing:
            yield Page("reviews.md", "Due for review", "reviews.md.j2", {"reviews": site.reviews()}, {})
        yield Page("sources.md", "Sources", "sources.md.j2", {}, {})
        if not site.vendor_facing:  # the client's editors; a vendor's staff do not edit the repository
            yield Page("propose-a-change.md", "Propose a change", "propose-a-change.md.j2", {}, {})
        # The glossary names most terms of the plays: below the plays that explain them in search.
        yield Page("glossary.md", "Glossary", "glossary.md.j2", {}, {"search": {"boost": 0.5}})

    def vendor_pages(self, vendor: Vendor) -> Iterator[Page]:
        """One vendor's own pages: they depend on that vendor's file and the shared inputs only.
        A vendor-facing site also gets its staff's pages: "Start here" with a first-weeks page
        per role, and the welcome pack (first_weeks.py)."""
        base = f"vendors/{vendor.slug}"
        # The profile is where a vendor's people, services and place are (its one search entry
        # names them): above the plays (boost 2), which on a vendor's own site name its people
        # in many places, so that a contact's name finds their page first.
        # On the internal site it is one short entry per vendor (the directory of hundreds); on a
        # vendor's own site, which holds one vendor, each of its sections (tools and channels,
        # holidays, escalation path, contacts, meetings) is an entry of its own.
        # There its sections rank above the plays' words about the same things (its escalation
        # path above the play on escalating).
        entry = {"search": {"boost": 10}} if self.site.vendor_facing else {"search_entry": "page", "search": {"boost": 4}}
        yield Page(f"{base}/index.md", vendor.name, "vendor.md.j2", {"vendor": vendor},
                   {"edit": vendor.source_path, **entry})
        yield Page(f"{base}/checklists.md", f"Checklists: {vendor.name}", "vendor-checklists.md.j2",
                   {"vendor": vendor}, {"edit": vendor.source_path, "search": {"exclude": True}})
        if self.site.has_review_packs:  # our staff's; on a vendor's own site, its version (what it may see)
            title = "Your review pack" if self.site.vendor_facing else f"Review pack: {vendor.name}"
            yield Page(review_path(vendor), title, "vendor-review.md.j2",
                       {"vendor": vendor, "pack": self.site.review_pack(vendor)},
                       {"edit": vendor.source_path, "search": {"exclude": True}, "hide": ["navigation", "toc"]})
        if not self.site.vendor_facing:
            return
        paths = self.paths(vendor)
        yield Page(f"{base}/start/index.md", "Start here", "vendor-start-index.md.j2", {"vendor": vendor, "paths": paths}, {})
        # The role pages and the welcome pack are what a new member of the vendor's staff looks
        # for (tools, meetings, who is who): in search, below the profile.
        for one in paths:
            yield Page(f"{base}/{one.path}.md", f"{one.role.title}: your first weeks", "vendor-start.md.j2",
                       {"vendor": vendor, "path": one}, {})
        yield Page(f"{base}/welcome.md", "Welcome pack", "vendor-welcome.md.j2",
                   {"vendor": vendor, "paths": paths[:first_weeks.MAX_PACK_ROLES], "more": paths[first_weeks.MAX_PACK_ROLES:]},
                   {"hide": ["navigation", "toc"]})
        for plan in self.joiner_plans(vendor):
            yield Page(f"{base}/{plan.joiner.path}.md", f"{plan.joiner.name}: your first weeks", "vendor-joiner.md.j2",
                       {"vendor": vendor, "plan": plan}, {})

    def joiner_plans(self, vendor: Vendor) -> list[joiners.Plan]:
        """Each joiner's dated first weeks (vendor-facing sites only; a joiner whose role has
        no items at this vendor gets none: validation names the role)."""
        if not self.site.vendor_facing:
            return []
        by_role = {one.role.id: one for one in self.paths(vendor)}
        return [joiners.plan(self.site, vendor, joiner, by_role[joiner.role]) for joiner in vendor.joiners if joiner.role in by_role]

    def paths(self, vendor: Vendor) -> list[first_weeks.Path]:
        """The first weeks of every vendor-side role with items at this vendor (first_weeks.roles_with_items' order)."""
        def text(play: Play, item: ChecklistItem) -> str:
            return self.play_text(play, "item", vendor, item)

        return [first_weeks.path(self.site, vendor, role, self.voice, text) for role in first_weeks.roles_with_items(self.site, vendor)]

    def render(self, page: Page) -> str:
        # The theme prints the title into <title>, the header and the nav without escaping it.
        meta: dict[str, Any] = {"title": escape.html(page.title)}
        edit = self.site.edit_url(page.meta.get("edit"))
        if edit:
            meta["edit_url"] = edit
        for key in ("search", "hide"):
            if key in page.meta:
                meta[key] = page.meta[key]
        template = self.env.get_template(page.template)
        helpers = self._helpers(page.path)
        body = template.render(site=self.site, voice=self.voice, page_path=page.path, **helpers, **page.context)
        body = play_refs.resolve(body, helpers["href"])  # links to this site's pages in play text
        if page.meta.get("search_entry") == "page":
            body = one_search_entry(body)
        # JSON is YAML: one line per key, every string safely quoted, and fast.
        front = "".join(f"{key}: {json.dumps(meta[key], sort_keys=True)}\n" for key in sorted(meta))
        return f"---\n{front}---\n\n{body}"
