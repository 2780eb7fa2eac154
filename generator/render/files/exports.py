"""Files generated beside the pages for download: each vendor's checklists as CSV and Markdown.

Built from the audience-cut model, like the pages, so an export holds exactly what its site
may show (never read raw YAML here).

For every vendor, next to its checklists page (`vendors/<slug>/checklists.md`):

- `vendors/<slug>/<slug>-checklists.csv`: one row per checklist item, RFC 4180 (the `csv`
  module, CRLF line ends), UTF-8 with a byte order mark so spreadsheet programs read the
  names right. Text is plain (no Markdown escapes). Vendor data is untrusted, so a cell that
  a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return,
  also after spaces, no-break spaces or any other white space) gets a leading apostrophe.
- `vendors/<slug>/<slug>-checklists.md.txt`: the same checklists as a Markdown task list
  (escaped Markdown, as on the page). Named `.md.txt` because MkDocs and Zensical turn every
  `*.md` file of the docs tree into a page; the page's link carries `download="<slug>-checklists.md"`.
"""

from __future__ import annotations

import csv
import html
import io
from functools import lru_cache

from ...support import escape
from .. import play_refs
from ..markup.checklists import ItemWords
from ...model import PHASES, ChecklistItem, Play, Site, Vendor, possessive
from ...plays.source import holds_template

CSV_COLUMNS = (
    "vendor",
    "vendor_slug",
    "playbook",
    "play_id",
    "play",
    "item_id",
    "item",
    "phase_id",
    "phase",
    "owner_side",
    "owner_role",
    "owner_name",
    "owner",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_names(slug: str) -> dict[str, str]:
    """The docs-relative paths of one vendor's export files, by format."""
    base = f"vendors/{slug}/{slug}-checklists"
    return {"csv": f"{base}.csv", "markdown": f"{base}.md.txt"}


def vendor_files(site: Site, renderer: ItemWords, vendor: Vendor) -> dict[str, bytes]:
    """One vendor's export files."""
    names = export_names(vendor.slug)
    return {
        names["csv"]: checklists_csv(site, renderer, vendor),
        names["markdown"]: checklists_markdown(site, renderer, vendor),
    }


def safe_cell(value: object) -> str:
    """A CSV cell that spreadsheet programs show as text, never run as a formula."""
    text = "" if value is None else str(value)
    # Spreadsheets skip leading spaces (and no-break spaces...) before a formula's sign.
    return "'" + text if text.lstrip().startswith(_FORMULA_START) or text.startswith(_FORMULA_START) else text


@lru_cache(maxsize=8192)
def plain(markdown: str) -> str:
    """Escaped Markdown text (numeric character references) back to the plain text it shows.
    Remembered: the same item texts and owners recur for every vendor."""
    return html.unescape(str(markdown))


def _ordered_items(play: Play) -> list[ChecklistItem]:
    """A play's items in page order: by phase, then as written."""
    return [item for _, _, items in play.by_phase for item in items]


def _item_text(renderer: ItemWords, play: Play, item: ChecklistItem, vendor: Vendor) -> str:
    """An item's text for this vendor: as written where it holds no template (most do); links
    to the site's own pages (play_refs) reduced to their words, as an export has no page."""
    return play_refs.plain(str(renderer.play_text(play, "item", vendor, item))) if holds_template(item.text) else item.text


def _areas(site: Site) -> dict[str, str]:
    return {area.id: area.title for area in site.areas}


@lru_cache(maxsize=8192)
def _cells(*values: str) -> str:
    """Cells of one CSV row as the csv module writes them (RFC 4180 quoting, each cell made
    safe), without the line end. A row is written as three such runs: the vendor's cells, the
    item's and the owner's, each the same for many rows, so each is written once and kept."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerow(
        [safe_cell(value) for value in values])
    return buffer.getvalue()[:-2]


def checklists_csv(site: Site, renderer: ItemWords, vendor: Vendor) -> bytes:
    areas = _areas(site)
    lines = ["\ufeff", _cells(*CSV_COLUMNS), "\r\n"]
    ours = _cells(vendor.name, vendor.slug)
    for play in vendor.plays:
        area = areas.get(play.area, play.area)
        for item in _ordered_items(play):
            who = vendor.owner(item, site.roles)
            lines += [
                ours, ",",
                _cells(area, play.id, play.title, item.id, plain(_item_text(renderer, play, item, vendor)),
                       item.phase, PHASES[item.phase]), ",",
                _cells("ours" if who.side == "ours" else "vendor", who.role.title, who.person.name if who.person else "",
                       plain(renderer.owner(vendor, item))), "\r\n",
            ]
    return "".join(lines).encode("utf-8")


def checklists_markdown(site: Site, renderer: ItemWords, vendor: Vendor) -> bytes:
    total = sum(play.checklist_size for play in vendor.plays)
    lines = [
        f"# Checklists: {escape.text(vendor.name)}",
        "",
        f"{len(vendor.plays)} plays, {total} items. Generated {site.today.isoformat()}"
        f" from {escape.text(possessive(site.organization.short_name))} vendor playbooks.",
    ]
    for play in vendor.plays:
        lines += ["", f"## {escape.text(play.title)}"]
        for _, label, items in play.by_phase:
            lines += ["", f"### {label}", ""]
            for item in items:
                lines.append(f"- [ ] {_item_text(renderer, play, item, vendor)} — {renderer.owner(vendor, item)}")
    return ("\n".join(lines) + "\n").encode("utf-8")
