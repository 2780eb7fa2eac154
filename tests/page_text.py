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
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.pieces: list[Piece] = []

    def handle_starttag(self, tag, attrs):
        if tag in _APART:
            self.pieces.append(Piece(" ", False, False, False, ""))
        if tag not in _VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in _APART:
            self.pieces.append(Piece(" ", False, False, False, ""))
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        tags = [t for t, _ in self.stack]
        if any(t in _NOT_SHOWN for t in tags) or any("hidden" in a for _, a in self.stack):
            return
        self.pieces.append(Piece(
            data,
            client=any(a.get("data-voice") == "client" for _, a in self.stack),
            code=any(t in ("code", "pre", "kbd") for t in tags),
            time="time" in tags,
            href=next((a.get("href") or "" for t, a in reversed(self.stack) if t == "a"), ""),
        ))


def pieces(page: Path) -> list[Piece]:
    reader = _Reader()
    reader.feed(page.read_text("utf-8"))
    reader.close()
    return reader.pieces


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))
