"""The text a reader sees on a built page, with where each piece stands (for the voice and
words scans, tests/test_voice_scan.py and tests/test_words_scan.py).

Python's html.parser over the built HTML: no browser, so it is quick over every page of every
site. Left out as not seen: <script>, <style>, <template>, and elements with `hidden`.
Each piece of text says whether it sits in the client's own words (`data-voice="client"`),
in code (`code`, `pre`, `kbd`), inside a `<time>` element, or inside a link's text (`href`).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

_NOT_SHOWN = {"script", "style", "template"}
# Elements whose text stands apart from the next one's (a table cell, an SVG label): a space between.
_APART = {"p", "div", "li", "td", "th", "tr", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "br", "text", "title",
          "figcaption", "section", "table", "ul", "ol", "dl", "nav", "header", "footer", "label", "option", "button"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


@dataclass(frozen=True)
class Piece:
    text: str
    client: bool  # inside an element with data-voice="client": the client's own words, quoted
    code: bool  # inside code, pre or kbd
    time: bool  # inside <time datetime="…">
    href: str  # the address of the link it is the text of, or ""


class _Reader(HTMLParser):
    """Keeps, for the open elements, counts of what each piece of text needs to know (inside a
    not-shown, hidden, client, code or time element) and the open links' addresses, updated as
    elements open and close: every page carries the whole navigation, so this runs often."""

    _COUNTED = ("shown", "hidden", "client", "code", "time")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple[str, ...], str | None]] = []  # tag, what it counts for, link
        self.inside = dict.fromkeys(self._COUNTED, 0)
        self.links: list[str] = []
        self.pieces: list[Piece] = []

    def handle_starttag(self, tag, attrs):
        if tag in _APART:
            self.pieces.append(_SPACE)
        if tag in _VOID:
            return
        values = dict(attrs)
        counts = tuple(name for name, yes in (
            ("shown", tag in _NOT_SHOWN), ("hidden", "hidden" in values),
            ("client", values.get("data-voice") == "client"), ("code", tag in ("code", "pre", "kbd")),
            ("time", tag == "time")) if yes)
        for name in counts:
            self.inside[name] += 1
        link = (values.get("href") or "") if tag == "a" else None
        if link is not None:
            self.links.append(link)
        self.stack.append((tag, counts, link))

    def handle_endtag(self, tag):
        if tag in _APART:
            self.pieces.append(_SPACE)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, counts, link in self.stack[i:]:
                    for name in counts:
                        self.inside[name] -= 1
                    if link is not None:
                        self.links.pop()
                del self.stack[i:]
                return

    def handle_data(self, data):
        inside = self.inside
        if inside["shown"] or inside["hidden"]:
            return
        self.pieces.append(Piece(data, client=inside["client"] > 0, code=inside["code"] > 0, time=inside["time"] > 0,
                                 href=self.links[-1] if self.links else ""))


_SPACE = Piece(" ", False, False, False, "")


def pieces(page: Path) -> list[Piece]:
    reader = _Reader()
    reader.feed(page.read_text("utf-8"))
    reader.close()
    return reader.pieces


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))
