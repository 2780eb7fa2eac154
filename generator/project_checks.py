"""What the command line runs on a project besides generating and building a site.

`validate_project` is everything `playbooks validate` checks, renders included (render every
page and play in memory, as each site would, without the engine); `warnings` is what a build
prints and builds anyway; the checklist-id ledger (`playbooks ids`) and CODEOWNERS
(`playbooks codeowners`). Like pipeline.py, it strings steps together: the command line calls
these two modules only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from .checks import codeowners, ledger, links as site_links
from . import pipeline
from .render import play_refs, plays
from .support import workers
from .support import values
from .sources.load import Inputs, load
from .model import Play, Site, Vendor, build as build_model, review
from .render.pages import PageRenderer
from .support.problems import Problem, Problems


def _loaded(root: Path) -> Inputs:
    """The project's files, each read and schema-checked (no cross-file rules); UserError else."""
    problems = Problems()
    inputs = load(root, problems)
    problems.raise_if_any()
    return inputs


def write_codeowners(root: Path) -> tuple[bool, Path]:
    """`playbooks codeowners`: whether .github/CODEOWNERS changed, and its path."""
    changed, _ = codeowners.write(_loaded(root))
    return changed, root / codeowners.FILE


def checklist_ids(root: Path) -> list[str]:
    """Every checklist id the plays hold now, sorted (`playbooks ids`)."""
    return sorted(ledger.current_ids(_loaded(root)))  # ids from files that did not read would be missing


def update_checklist_ids(root: Path) -> tuple[str, list[str], list[Problem]]:
    """`playbooks ids --update`: new ids added to the ledger (written only if it changed); the
    ledger's name, the ids added, and the ids it lists that vanished (they stay listed: only a
    person removes one, on purpose)."""
    inputs = _loaded(root)
    found = Problems()
    current = ledger.read(inputs, found)
    found.raise_if_any()
    text, added = ledger.updated(inputs, current)
    path = root / ledger.LEDGER
    if current is None or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")
    gone = Problems()
    ledger.check(inputs, gone)
    return ledger.LEDGER, added, gone.sorted()


@dataclass
class Checked:
    """A project `validate_project` found good: what its report counts, and the site it rendered."""

    vendors: int
    plays: int
    site: Site
    hints: tuple[Problem, ...] = ()
    """What a review pack lacks that a vendor file could give (validate says it; pages never do)."""


def validate_project(root: Path) -> Checked:
    """Everything `playbooks validate` checks; UserError with every problem found.

    Renders the fullest site in memory (every page, every play generically, checklists for every
    vendor), then every vendor-visible play as each vendor's own site shows it: this catches
    template errors that only one site would hit. The links contributors wrote are checked
    against that site as the engine's strict build would (site_links); links that a
    vendor-facing or the internal site could not resolve, in validate.py."""
    inputs = pipeline.load_checked(root, editorial=True)
    config = pipeline.project_config(root)
    generated = pipeline.render(inputs, audience="restricted", config=config)
    links = Problems()
    one = min(inputs.vendors) if inputs.vendors else None  # every vendor-facing site has the same pages but its own
    vendor_tree = pipeline.render(inputs, audience="vendor", vendor=one, config=config).tree if one else None
    site_links.check(inputs, generated.tree, config, links, vendor_tree)
    links.raise_if_any()
    check_vendor_sites(inputs)
    hints = tuple(problem for vendor in generated.site.vendors
                  for problem in review.hints(vendor, _last_held_at(inputs, vendor.slug)))
    return Checked(len(inputs.vendors), len(inputs.plays), generated.site, hints)


def _last_held_at(inputs: Inputs, slug: str) -> Callable[[str], tuple[str, int, int]]:
    """Where a meeting's `last_held` is in a vendor's file, by the meeting's id."""
    doc = inputs.vendors[slug]

    def where(meeting_id: str) -> tuple[str, int, int]:
        meetings = values.items(values.at(doc.data, "governance", "meetings"))
        index = next(i for i, m in enumerate(meetings) if values.at(m, "id") == meeting_id)
        line, column = doc.source.at(("governance", "meetings", index, "last_held"))
        return doc.path, line, column

    return where


def warnings(site: Site, root: Path, *, deadlines: bool = True) -> list[Problem]:
    """What a site is built with anyway, as `path:line:column: warning: ...` problems: deadlines
    that passed with nothing decided (model: `Vendor.warnings`), at their line in the vendor
    file (`deadlines`; `validate` leaves them out); and each vendor-facing play's reference to
    data a vendor's file lacks (play_refs.missing), at the reference in the play."""
    out = [Problem(problem.path, problem.line, problem.column, f"warning: {problem.message}")
           for vendor in site.vendors if deadlines for problem in vendor.warnings]
    return out + play_refs.missing(site, lambda vendor: plays.VendorView(vendor, site), _reference_at(root))


def _reference_at(root: Path) -> Callable[[Play, str, int], tuple[str, int, int]]:
    """Where in its play file a reference to a vendor's data is: the same occurrence of the
    same words after the item's start (the item's text may be quoted or folded in the file)."""
    texts: dict[str, list[str]] = {}

    def where(play: Play, field: str, offset: int) -> tuple[str, int, int]:
        line, column = play.positions.get(field, (1, 1))
        if play.source_path not in texts:
            try:
                texts[play.source_path] = (root / play.source_path).read_text("utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                texts[play.source_path] = []
        item = next(i for i in play.checklist if f"checklist.{i.id}" == field)
        needle = item.text[offset:].split("}", 1)[0].split()[0] if item.text[offset:].split() else ""
        nth = item.text[:offset].count(needle)
        for number, text in enumerate(texts[play.source_path][line - 1:], start=line):
            start = column - 1 if number == line else 0
            found = text.find(needle, start)
            while found != -1:
                if nth == 0:
                    return play.source_path, number, found + 1
                nth -= 1
                found = text.find(needle, found + 1)
        return play.source_path, line, column

    return where


def check_vendor_sites(inputs: Inputs, *, today: date | None = None, jobs: int | None = None) -> None:
    """Render every play a vendor-facing site shows for that vendor, without the engine, and
    raise UserError with every problem: what only `build --vendor` would otherwise find
    (`{% if vendor.known %}{{ vendor.nme }}{% endif %}` passes the internal site, where play
    pages are generic). One model of every vendor as the vendor audience sees it gives each
    vendor what its own site's model would (plays read nothing of other vendors), with the
    plays compiled once; vendors are rendered on every core when there are many."""
    problems = Problems()
    with workers.frozen_heap():
        site = build_model(inputs, audience="vendor", today=today or pipeline.build_date())
    renderer = PageRenderer(site, problems)

    def one_vendor(vendor: Vendor) -> list[Problem]:
        found = Problems()
        with renderer.reporting_to(found):
            for play in site.plays.values():  # a vendor-facing site has a page for every one
                renderer.play_text(play, "body", vendor)
                renderer.play_text(play, "summary", vendor)
                for item in play.checklist:
                    renderer.play_text(play, "item", vendor, item)
        return found.items

    with workers.frozen_heap(), workers.start(one_vendor, site.vendors, jobs) as run:
        for found in run.results():
            problems.extend(found)
    problems.raise_if_any()
