"""What "a page reads right for its reader" means, checked on every page of a built site.

Two halves, used by tests/test_page_quality.py (the HTML as written) and by
tests/browser/test_page_quality.py (the page as Chromium lays it out at 390 px):

- `structure(html)`: the page's HTML parsed, and the shapes a reader cannot read: a definition
  list inside another (the glossary once nested each definition in the one before, 25 deep), a
  table inside a table, Markdown or template syntax left in the text, an id used twice.
- `PHONE_CHECK`: one script, evaluated once per page at 390 px: the document no wider than the
  window; no element sticking out of the window on either side unless an ancestor clips it; no
  element that scrolls sideways (a box whose content is wider than itself); and no word in a
  table cell broken across two lines (a word is a run of letters and digits, so an e-mail
  address may break at its dots and @, never inside a name).

Material's own off-screen panels (the navigation drawer and the search overlay, which slide in
when opened) are not part of the page as read, and are left out of the layout half.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Text the reader should never see: a Markdown definition marker, link or emphasis that did not
# convert, or Jinja syntax that a template did not render.
LEFTOVERS = [
    (re.compile(r"(?:^|\n)\s*:   \S"), "a Markdown definition marker ':   ' left in the text"),
    (re.compile(r"\]\((?:[^)\s]+)\)"), "a Markdown link '[..](..)' left in the text"),
    (re.compile(r"\{\{|\}\}|\{%|%\}"), "template syntax left in the text"),
]
NOT_TEXT = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "title", "svg"}


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.hidden = 0  # inside an element whose text is not prose (NOT_TEXT)
        self.nested: dict[str, int] = {}  # dl or table -> how many of them the deepest one is inside

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        ident = values.get("id")
        if ident:
            if ident in self.ids:
                self.problems.append(f"the id {ident!r} is used twice")
            self.ids.add(ident)
        if tag in ("dl", "table") and tag in self.stack:
            self.nested[tag] = max(self.nested.get(tag, 0), self.stack.count(tag))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in NOT_TEXT:
            self.hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in self.stack:
            return  # a stray end tag: the Nu validator reports those (tests/test_site_quality.py)
        while self.stack:  # elements closed implicitly (p, li, dd, td...) go with their parent
            top = self.stack.pop()
            if top in NOT_TEXT:
                self.hidden -= 1
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.hidden and "body" in self.stack:
            self.text.append(data)


def structure(html: str) -> list[str]:
    """What is wrong with the shape of one page (empty when nothing is)."""
    parser = _Structure()
    parser.feed(html)
    parser.close()
    text = "".join(parser.text)
    problems = list(dict.fromkeys(parser.problems))
    problems += [f"a <{tag}> inside another <{tag}> (the deepest inside {depth})" for tag, depth in parser.nested.items()]
    for pattern, what in LEFTOVERS:
        found = pattern.search(text)
        if found:
            problems.append(f"{what}: {text[max(0, found.start() - 30):found.end() + 30]!r}")
    return problems


def pages(site: Path) -> list[Path]:
    """Every HTML page of a built site (Material's 404 page included), in a stable order."""
    return sorted(site.rglob("*.html"))


def page_url(site: Path, page: Path) -> str:
    """A page's address below the site's root, as a browser asks for it."""
    relative = page.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


# One evaluate per page (a list of problems, empty when the page is right). Chromium's layout,
# so run at the width being checked (390 px).
PHONE_CHECK = r"""() => {
  const root = document.documentElement;
  const limit = root.clientWidth;
  const out = [];
  const name = (e) => {
    let s = e.tagName.toLowerCase();
    if (e.id) s += '#' + e.id;
    const cls = typeof e.className === 'string' ? e.className.trim().split(/\s+/).filter(Boolean).slice(0, 2) : [];
    if (cls.length) s += '.' + cls.join('.');
    const text = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return text ? `${s} "${text}"` : s;
  };
  if (root.scrollWidth > limit + 1) out.push(`the page is ${root.scrollWidth} px wide in a ${limit} px window`);
  const offscreen = '.md-sidebar, .md-search, .md-dialog, .md-tooltip, .md-tooltip2';
  const clipped = (e) => {  // an ancestor cuts it off (overflow hidden/clip) or scrolls it (reported on its own)
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x !== 'visible') return true;
    }
    return false;
  };
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest(offscreen)) continue;
    if (!e.checkVisibility({visibilityProperty: true})) continue;
    const style = getComputedStyle(e);
    if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0) {
      out.push(`scrolls sideways (${e.scrollWidth} px of content in ${e.clientWidth} px): ${name(e)}`);
      continue;
    }
    const box = e.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if ((box.right > limit + 1 || box.left < -1) && !clipped(e)) {
      out.push(`sticks out of the ${limit} px window (${Math.round(box.left)} to ${Math.round(box.right)} px): ${name(e)}`);
    }
  }
  const word = /[\p{L}\p{N}]+/gu;
  const lines = (node, start, end) => {  // how many lines the text from start to end is laid out on
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    return new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top))).size;
  };
  for (const cell of document.querySelectorAll('article td, article th')) {
    if (!cell.checkVisibility({visibilityProperty: true})) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (lines(node, 0, node.data.length) < 2) continue;  // all on one line: no word in it is broken
      for (const m of node.data.matchAll(word)) {
        if (m[0].length < 2) continue;
        if (lines(node, m.index, m.index + m[0].length) > 1) out.push(`a word broken across lines in a table: "${m[0]}" in ${name(cell)}`);
      }
    }
  }
  return Array.from(new Set(out));
}"""
