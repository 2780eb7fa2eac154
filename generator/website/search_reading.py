"""What Material's search plugin is handed of each page, and the page as it leaves it.

Material's search plugin reads every page whole when the page is templated (its
`on_page_context`: the page's sections, then its `data-search-*` attributes removed with a
regular expression that starts with an optional space, so it is tried at every character of the
page). Two MkDocs plugins around it (engine.py installs them) hand it less:

- a page that is one search entry (a vendor profile: every heading after its title kept out
  of search, pages.one_search_entry) only up to its second heading, all the plugin keeps of it
  (on a 500-vendor build it parsed every profile whole, 47 KB each);
- a page kept out of search (front matter `search: {exclude: true}`: every vendor's
  checklists page, about 100 KB each) nothing, since the plugin reads nothing of it;

and the second puts the whole page back, without those attributes, as the plugin leaves a page
(`without_search_attributes`: the same removal, found from the attribute's name onwards).
"""

from __future__ import annotations

import re
from typing import Any

from .kept_search import kept_out, search_plugin

# What Material's search plugin removes from every page's HTML once it has read it (9.8's
# expression), and the same without its leading space, which has a fixed start to look for.
SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
_ATTRIBUTE_ITSELF = re.compile(r"data-search-\w+=\"[^\"]+\"")
_HEADING = re.compile(r"<h([1-6])\b[^>]*>")


def without_search_attributes(html: str) -> str:
    """`SEARCH_ATTRIBUTE.sub("", html)`, the same string, found faster: each attribute with the
    whitespace character before it, if that character was not part of the attribute before."""
    if "data-search-" not in html:
        return html
    parts: list[str] = []
    last = 0
    for found in _ATTRIBUTE_ITSELF.finditer(html):
        start = found.start()
        if start > last and html[start - 1].isspace():
            start -= 1
        parts.append(html[last:start])
        last = found.end()
    parts.append(html[last:])
    return "".join(parts)


def searched_part(html: str) -> str | None:
    """A page that is one search entry up to its second heading, which is all the search plugin
    keeps of it; None for any other page, or when that heading sits inside an element (then the
    cut would change what the plugin reads)."""
    headings = list(_HEADING.finditer(html))
    if len(headings) < 2 or headings[0].group(1) != "1" or "data-search-exclude" in headings[0].group(0):
        return None
    if not all("data-search-exclude" in h.group(0) for h in headings[1:]):
        return None
    cut = headings[1].start()
    head = html[:cut]
    opened = len(re.findall(r"<(?:div|section|aside|details|article|table|ul|ol|blockquote)\b", head))
    closed = len(re.findall(r"</(?:div|section|aside|details|article|table|ul|ol|blockquote)>", head))
    return head if opened == closed else None


def reading_less() -> tuple[Any, Any]:
    """The two MkDocs plugins around the search plugin's reading of a page (see the module)."""
    from mkdocs.plugins import BasePlugin, event_priority

    whole: dict[str, str] = {}

    class SearchHead(BasePlugin):  # MkDocs ships no type information
        @event_priority(100)
        def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
            content = page.content or ""
            if search_plugin(config.plugins) is not None and kept_out(page):
                head: str | None = ""  # (Material's plugin: other search plugins read it as before)
            else:
                head = searched_part(content)
            if head is not None:
                whole[page.file.src_uri] = content
                page.content = head
            return context

    class SearchWhole(BasePlugin):
        @event_priority(-100)
        def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
            content = whole.pop(page.file.src_uri, None)
            if content is not None:
                page.content = without_search_attributes(content)
            return context

    return SearchHead(), SearchWhole()
