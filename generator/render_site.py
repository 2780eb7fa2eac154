"""One site in memory: load → validate → model → render, no file written (the pure part of the
pipeline, which pipeline.py writes, builds, publishes and locks), and the build date
(SOURCE_DATE_EPOCH, for reproducible builds and for what "today", "overdue" and "upcoming" mean).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, TypeGuard

from .render.files import person_calendars
from .support.codes import Audience
from .support.values import Value
from .model import audience as aud
from .render.files import calendars, exports
from .website import docs_tree
from .support import escape, workers
from .render import first_weeks
from .sources.load import Inputs, load
from .model import Site, Vendor, build as build_model
from .support.cache import BuildCache, Settings, VendorOutputs, allow
from .support.markdown_html import InlineHtml, extensions as markdown_extensions
from .render.pages import Page, PageRenderer
from .support.problems import Problem, Problems, UserError
from .checks.validate import editorial as validate_editorial, validate
from .sources import project_settings
from .sources.project_settings import ProjectSettings

# A vendor's own files (pages, exports, calendar), its part of the portfolio calendar, and each
# file's docs_tree.digest_of: what the build cache keeps per vendor.
VendorFiles = tuple[dict[str, bytes], calendars.Part, dict[str, str]]
allow(calendars.Part)


def _vendor_files(value: object) -> TypeGuard[VendorFiles]:
    """Whether a value the build cache read back is VendorFiles (the file could be damaged)."""
    def texts(mapping: Any, kind: type) -> bool:
        return type(mapping) is dict and all(type(key) is str and type(item) is kind for key, item in mapping.items())

    if type(value) is not tuple or len(value) != 3 or not texts(value[0], bytes) or not texts(value[2], str):
        return False
    part = value[1]
    return (type(part) is calendars.Part and type(part.events) is bytes and (part.first is None or type(part.first) is date)
            and type(part.zones) is tuple and all(type(one) is str for one in part.zones))


ASSET_FOLDER = "assets/playbooks"


# The latest SOURCE_DATE_EPOCH a build can use, 2106-02-07 06:28:15 UTC: MkDocs stamps it
# into sitemap.xml.gz, whose header holds 32 bits (the generator itself would go on to 9999).
LATEST_EPOCH = 2**32 - 1


def build_date() -> date:
    """SOURCE_DATE_EPOCH if set (reproducible builds), else today in UTC.

    As the reproducible-builds specification asks, the value is a whole number of seconds
    since 1970-01-01 UTC in ASCII digits (no sign, point or spaces); a value the build could
    not use is refused."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return datetime.now(tz=timezone.utc).date()
    if not (epoch.isascii() and epoch.isdigit()):
        why = "is not a whole number of seconds since 1970-01-01 UTC"
    elif len(epoch) > len(str(LATEST_EPOCH)) or int(epoch) > LATEST_EPOCH:
        why = f"is after {LATEST_EPOCH} (2106-02-07), the latest time a build can be dated (32 bits in sitemap.xml.gz)"
    else:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    raise UserError([Problem("SOURCE_DATE_EPOCH", 1, 1, f"`{epoch[:40]}` {why}: set SOURCE_DATE_EPOCH to one like "
                                                        "1795219200 (digits only), or unset it to date the build today")])


def epoch_for(day: date) -> str:
    return str(int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()))


def load_checked(root: Path, cache: BuildCache | None = None, *, editorial: bool = False) -> Inputs:
    """Read and validate everything (with `editorial`, also the team's rules for contributions:
    validate.editorial); raise UserError listing every problem."""
    problems = Problems()
    inputs = load(root, problems, cache.parsed if cache is not None else None)
    validate(inputs, problems)  # also on what did load when other files failed: one run, every problem
    if editorial:
        validate_editorial(inputs, problems)
    problems.raise_if_any()
    return inputs


def project_config(root: Path) -> ProjectSettings:
    """The few settings the generator reads from mkdocs.yml (project_settings)."""
    return project_settings.read(root)


@dataclass
class Generated:
    site: Site
    tree: dict[str, bytes]
    sources: dict[str, str]  # generated docs path -> source display path
    nav: list[Value]
    seconds: float = 0.0
    jobs: int = 1  # the processes vendors were rendered in (workers.py)
    digests: dict[str, str] = field(default_factory=dict)  # docs_tree.digest_of some files of `tree`: the vendors'


def render(inputs: Inputs, *, audience: Audience = "internal", vendor: str | None = None, today: date | None = None,
           config: ProjectSettings | None = None, cache: BuildCache | None = None, jobs: int | None = None) -> Generated:
    """Model and render one site in memory; raise UserError on template problems.

    Vendors are rendered on every core when there are enough of them (see workers.py;
    `jobs` overrides how many processes).

    With a `cache`, a vendor whose file and the shared inputs are unchanged since an earlier
    run gets its pages, exports and calendar from there instead of rendering them again.
    """
    started = time.perf_counter()
    if vendor is not None and vendor not in inputs.vendors:  # every command that names a vendor gets here
        raise UserError([Problem("content/vendors", 1, 1, f"no vendor `{vendor}`: pick one of {', '.join(sorted(inputs.vendors))}")])
    today = today or build_date()
    config = config if config is not None else project_config(inputs.root)
    with workers.frozen_heap():  # the inputs live through the run
        site = build_model(
            inputs, audience=audience, today=today, vendor_scope=vendor,
            edit_base=None if vendor else config.edit_base,
        )
    with workers.frozen_heap():  # and so does the model
        return _render(inputs, site, config, cache, jobs, started)


# From this many vendors the site-wide pages and the people's calendars (Upcoming, the person
# pages: their cost grows with the vendors) are made on worker processes when no vendor needs
# rendering (a warm build): about 1.9 s of CPU at 500 vendors; below it, less than starting them.
SITE_WIDE_VENDORS = 64


class SiteWide:
    """The pages about the whole site, and every play rendered generically too, so a template
    error is caught even in plays that apply to no vendor or only appear per vendor."""

    def __init__(self, renderer: PageRenderer, site: Site, problems: Problems):
        self.renderer, self.site, self.problems = renderer, site, problems

    def make(self, tree: dict[str, bytes], jobs: int | None) -> dict[str, bytes]:
        """The pages into `tree`, and the people's calendars (returned: their place in the tree
        is after the vendors'); on `jobs` worker processes, or here (while the vendors are
        rendered on worker processes, if they are)."""
        pages = list(self.renderer.site_pages())
        parts: list[Page | str | None] = [*pages, None, "people's calendars"]
        if workers.jobs_for(len(parts), jobs, per_job=1) < 2:
            for page in pages:
                tree[page.path] = self.renderer.render(page).encode("utf-8")
            self.generic_plays()
            return person_calendars.files(self.site)
        people: dict[str, bytes] = {}
        with workers.start(self.part, parts, jobs, per_job=1) as run:
            for part, (made, found) in zip(parts, run.results()):
                self.problems.extend(found)
                if isinstance(part, Page):
                    tree[part.path] = made[part.path]
                elif part is not None:
                    people.update(made)
        return people

    def generic_plays(self) -> None:
        for play in self.site.plays.values():
            self.renderer.play_text(play, "body", None)
            for item in play.checklist:
                self.renderer.play_text(play, "item", None, item)

    def part(self, part: Page | str | None) -> tuple[dict[str, bytes], list[Problem]]:
        """One page about the whole site, the plays rendered generically (None) or the people's
        calendars, and the problems found on the way: the same in a worker process as here."""
        found = Problems()
        with self.renderer.reporting_to(found):
            if part is None:
                self.generic_plays()
                return {}, found.items
            if isinstance(part, Page):
                return {part.path: self.renderer.render(part).encode("utf-8")}, found.items
            return person_calendars.files(self.site), found.items


def _render(inputs: Inputs, site: Site, config: ProjectSettings, cache: BuildCache | None, jobs: int | None,
            started: float) -> Generated:
    problems = Problems()
    renderer = PageRenderer(site, problems, InlineHtml(config.markdown_extensions))
    tree: dict[str, bytes] = {}

    def add(page: Page, into: dict[str, bytes]) -> None:
        into[page.path] = renderer.render(page).encode("utf-8")

    def render_vendor(one: Vendor) -> tuple[VendorFiles, list[Problem]]:
        """One vendor's pages, exports and calendar, with their hashes, and the problems found
        on the way: the same in a worker process as here."""
        found = Problems()
        files: dict[str, bytes] = {}
        with renderer.reporting_to(found):
            for page in renderer.vendor_pages(one):
                add(page, files)
            files.update(exports.vendor_files(site, renderer, one))
        made, part = calendars.vendor_files(site, one)
        files.update(made)
        files.update(calendars.joiner_files(site, one, renderer.joiner_plans(one)))  # vendor-facing sites only
        # Hashed here, on the worker's core, only for the cache to keep: a render that keeps
        # nothing (`validate`, `affected`) leaves the hashing to the writer, if it writes.
        hashes = {path: docs_tree.digest_of(content) for path, content in files.items()} if cache is not None else {}
        return (files, part, hashes), found.items

    stored = _stored(site, config, inputs, cache)
    outputs: dict[str, VendorFiles] = {}
    missed: list[Vendor] = []
    for one in site.vendors:
        hit = stored.lookup(one.slug, one.source_path) if stored is not None else None
        if hit is not None:
            outputs[one.slug] = hit
        else:
            missed.append(one)
    whole = SiteWide(renderer, site, problems)
    kept = stored.site_wide() if stored is not None else None  # when no input changed at all
    with workers.start(render_vendor, missed, jobs) as run:
        # While worker processes render the vendors, or, when none needs rendering (a warm
        # build) and the site is large, on worker processes of its own.
        if kept is None:
            people = whole.make(tree, jobs if run.jobs < 2 and len(site.vendors) >= SITE_WIDE_VENDORS else 1)
        else:
            tree.update(kept[0])
            people = kept[1]
        site_wide = dict(tree)
        rendered = run.results()
    for one, (made, found) in zip(missed, rendered):
        problems.extend(found)
        if stored is not None and not found:
            stored.keep(one.slug, one.source_path, made)
        outputs[one.slug] = made
    digests = _gather(site, outputs, tree, people)
    sources = {page.path: page.meta["edit"] for page in renderer.pages() if page.meta.get("edit")}
    problems.raise_if_any()
    if stored is not None and kept is None:
        stored.keep_site_wide(site_wide, people)
    _add_assets(tree, inputs)
    return Generated(site, tree, sources, navigation(site), time.perf_counter() - started, run.jobs, digests)


def _stored(site: Site, config: ProjectSettings, inputs: Inputs, cache: BuildCache | None) -> VendorOutputs[VendorFiles] | None:
    """The build cache's store of this site's vendor files, under everything they depend on."""
    if not cache:
        return None
    return cache.vendor_outputs(variant_name(site.audience, site.vendor_scope), Settings(
        site.audience, site.vendor_scope, site.today.isoformat(), site.key, site.edit_base,
        json.dumps(markdown_extensions(config.markdown_extensions), sort_keys=True, default=str)), inputs.hashes,
        _vendor_files)


def _gather(site: Site, outputs: dict[str, VendorFiles], tree: dict[str, bytes],
            people: dict[str, bytes]) -> dict[str, str]:
    """Every vendor's files into `tree`, in vendor order, the portfolio calendar made of their
    parts and the people's calendars (SiteWide's); the hashes the vendors' files came with."""
    parts: list[calendars.Part] = []
    digests: dict[str, str] = {}
    for one in site.vendors:
        files, part, hashes = outputs[one.slug]
        tree.update(files)
        digests.update(hashes)
        parts.append(part)
    tree.update(calendars.portfolio(site, parts))
    tree.update(people)  # site-wide, like the person pages
    return digests


def _add_assets(tree: dict[str, bytes], inputs: Inputs) -> None:
    """The site's scripts and styles, and the images beside the plays (read and checked at load)
    that this site's pages link to."""
    asset_root = resources.files(__package__) / "assets"
    for asset in sorted(asset_root.iterdir(), key=lambda p: p.name):
        if asset.is_file() and not asset.name.startswith("."):
            tree[f"{ASSET_FOLDER}/{asset.name}"] = asset.read_bytes()
    tree.update(aud.images(tree, inputs.assets))


def navigation(site: Site) -> list[Value]:
    """The nav: fixed-size sections; vendor pages stay out of it (see docs/performance.md)."""
    t = escape.html  # MkDocs' templates print nav titles unescaped
    playbooks: list[Value] = ["playbooks/index.md"]
    for area in site.areas:
        playbooks.append({t(area.title): [area.docs_path] + [{t(p.title): p.docs_path} for p in area.plays]})
    nav: list[Value] = [{"Home": "index.md"}, {"Playbooks": playbooks}]
    if site.vendor_facing:
        v = site.vendors[0]
        base = f"vendors/{v.slug}"
        start: list[Value] = [f"{base}/start/index.md"]
        start += [{t(role.title): f"{base}/start/{role.id}.md"} for role in first_weeks.roles_with_items(site, v)]
        nav.append({"Start here": start})
        nav.append({t(v.short_name): [{"Profile": f"{base}/index.md"}, {"Checklists": f"{base}/checklists.md"},
                                      {"Welcome pack": f"{base}/welcome.md"}]})
    else:
        nav.append({"Vendors": "vendors/index.md"})
        nav.append({"Scorecards": "scorecards.md"})
        nav.append({"Checklists": "checklists.md"})
    nav.append({"Upcoming": "upcoming.md"})
    reference: list[Value] = [{"Sources": "sources.md"}, {"Glossary": "glossary.md"}]
    if not site.vendor_facing:
        reference.insert(0, {"Due for review": "reviews.md"})
        reference.append({"Propose a change": "propose-a-change.md"})
    nav.append({"Reference": reference})
    return nav


def variant_name(audience: Audience, vendor: str | None) -> str:
    return f"vendor-{vendor}" if vendor else audience
