"""What Material's search plugin reads from a page, kept between builds with the page's conversion
(kept_pages.py): the sections its HTML parser divides the page into.

The search plugin parses every page's HTML on every build (`SearchIndex.add_entry_from_context`:
Python's `HTMLParser` over the whole page) to divide it into sections, one search entry each.
What its parser makes of a page depends on nothing but the HTML it is given and the parser's
code (Material's version, which is in the key), so a page whose HTML is the same as at the last
build is divided the same way: its sections are kept, by a digest of exactly that HTML, and
handed to Material's own `create_entry_for_section`, which makes the entry as before (the
page's address, its table of contents, title, tags and boost are this build's).

Only Material's search plugin (`material.plugins.search.plugin.SearchPlugin`, the one this project
configures) is taught this; any other search plugin parses as it always did."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# One section of a page as the search plugin's parser found it, when not excluded from search:
# its heading's id (None for the first), its title's markup joined (None when it had none: the
# plugin then takes the page's title) and its text's markup joined.
Section = tuple["str | None", "str | None", str]
Sections = list[Section]


def divide(html: str) -> Sections:
    """The page's sections, as Material's search plugin divides `html` (its own parser)."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(section.id, "".join(section.title) if section.title else None, "".join(section.text))
            for section in parser.data if not section.is_excluded()]


class _Section:
    """A section as Material's `create_entry_for_section` reads it (id, title and text, as lists)."""

    def __init__(self, section: Section | list[Any]):
        self.id = section[0]
        self.title = [] if section[1] is None else [section[1]]
        self.text = [section[2]]


def search_plugin(plugins: Any) -> Any:
    """The configured Material search plugin, or None (no search, or another one)."""
    for name in ("material/search", "search"):
        plugin = plugins.get(name) if hasattr(plugins, "get") else None
        if plugin is not None and type(plugin).__module__ == "material.plugins.search.plugin":
            return plugin
    return None


def kept_out(page: Any) -> bool:
    """Whether Material's search index reads nothing of the page (front matter `search:
    {exclude: true}`), decided as Material 9.8's `add_entry_from_context` decides it."""
    search = page.meta.get("search") or {}
    return bool(search.get("exclude"))


def teach(plugin: Any, sections_of: Callable[[Any], Sections]) -> None:
    """Have the Material search plugin's index take each page's sections from `sections_of(page)`
    (which divides the page only when nothing is kept for its HTML) instead of parsing it. What
    `add_entry_from_context` does around its parser, Material 9.8's, is done the same here."""
    index: Any = getattr(plugin, "search_index", None)
    make = getattr(index, "create_entry_for_section", None)
    if make is None:
        return  # search disabled (no index made), or not the plugin this was written for

    def add_entry_from_context(page: Any) -> None:
        if kept_out(page):
            return
        for section in sections_of(page):
            make(_Section(section), page.toc, page.url, page)

    index.add_entry_from_context = add_entry_from_context
