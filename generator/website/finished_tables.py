"""A page's Markdown tables turned into the HTML MkDocs would make of them, before it converts.

Most of the Markdown left to convert on a generated page after the finished blocks are set
aside (finished_html) is tables the generator wrote from data: a vendor profile holds twenty,
the review pack, Upcoming, the people pages and the directory many more. Python-Markdown's
tables extension splits each row and runs every inline pattern over every cell. Most cells are
plain text (no character Markdown gives a meaning to) and come out as they are; the others
(dates in `<time>`, people's links, **bold** states) recur from page to page. `TableCells`
converts each distinct cell once per build, with the project's own extensions and in a table
cell, where the engine would convert it; `tables_aside` writes the table as the tables
extension does and sets it aside like a finished block.

A table is taken only when the engine's result is sure (otherwise it is left to the engine):

- it starts at the beginning of a line after a blank line (or the start of the page), every
  row starts and ends with `|`, the second is a separator row, and a blank line (or the end
  of the page) follows;
- no cell holds a backslash, a backtick, `{`, `}` (attribute lists), `[^` (footnotes); the page
  defines no abbreviations (`*[...]`), which would change plain text;
- it is not inside a fenced code block, a raw HTML block or an element asking for Markdown;
- every link or image address in its cells either has a scheme or is a plain relative path.

The relative addresses are rewritten after conversion by MkDocs' own link code (`links`), as
it would have rewritten them in the table, with the same checks and warnings, on every build.
tests/test_finished_html.py builds sites both ways and compares every byte.
"""

from __future__ import annotations

import re
from typing import Callable

from ..support.markdown_html import PLAIN, RELATIVE, InlineHtml
from .finished_html import FENCE, SLOT

_RAW = re.compile(r"^<([a-zA-Z][a-zA-Z0-9]*)[\s>]")
_SEPARATOR = re.compile(r"^\|(?: *:?-+:? *\|)+$")
_REFUSED = re.compile(r"[\\`{}]|\[\^")
_ADDRESS = re.compile(r"""\s(href|src)="([^"]*)\"""")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_CELL_OPEN, _CELL_CLOSE = "<td>", "</td>\n</tr>\n</tbody>\n</table>"
_ROW = "</td>\n</tr>\n<tr>\n<td>"


class TableCells(InlineHtml):
    """A table cell's Markdown to the HTML the engine makes of it, once per distinct cell: plain
    text as it is, the rest converted in a one-cell table by a Python-Markdown built with the
    project's extensions (InlineHtml's, which MkDocs' tables extension is always among); None
    when the engine must convert it (an address that is neither absolute nor a plain path)."""

    def prepare(self, texts: list[str]) -> None:
        """Convert the cells among `texts` not yet known in one go: a table with a row each (the
        tables extension converts each cell by itself, so each comes out as it would alone).
        Markdown's fixed cost per conversion is most of a short cell's."""
        new = list(dict.fromkeys(t for t in texts if t not in self._done and not (self.plain_as_is and PLAIN.match(t))))
        md = self._markdown() if len(new) > 1 else None
        if md is None:
            return
        html: str = md.reset().convert("| |\n|---|\n" + "".join(f"| {text} |\n" for text in new))
        start = html.find(_CELL_OPEN)
        if start < 0 or not html.endswith(_CELL_CLOSE):
            return
        found = html[start + len(_CELL_OPEN):-len(_CELL_CLOSE)].split(_ROW)
        if len(found) != len(new):
            return  # a cell's HTML held a row's end: each on its own, then
        for text, inner in zip(new, found):
            self._done[text] = self._checked(inner)

    def _convert(self, text: str) -> str | None:
        md = self._markdown()
        if md is None:
            return None
        html: str = md.reset().convert(f"| |\n|---|\n| {text} |")
        start = html.find(_CELL_OPEN)
        if start < 0 or not html.endswith(_CELL_CLOSE):
            return None
        return self._checked(html[start + len(_CELL_OPEN):-len(_CELL_CLOSE)])

    @staticmethod
    def _checked(inner: str) -> str | None:
        if "<td" in inner or "</td>" in inner:
            return None
        for match in _ADDRESS.finditer(inner):
            if not _SCHEME.match(match.group(2)) and not RELATIVE.match(match.group(2)):
                return None
        return inner


def _table_end(lines: list[str], start: int) -> int | None:
    """The index after the last row of the table starting at `lines[start]`, or None."""
    if start + 1 >= len(lines) or not _SEPARATOR.match(lines[start + 1]):
        return None
    end = start
    while end < len(lines) and lines[end]:
        row = lines[end]
        if not (row.startswith("|") and row.endswith("|") and len(row) > 1) or _REFUSED.search(row):
            return None
        end += 1
    return end


def _cells(row: str, width: int) -> list[str]:
    cells = [cell.strip(" ") for cell in row[1:-1].split("|")]
    return (cells + [""] * width)[:width]


def _table(rows: list[str], cells: Callable[[str], str | None]) -> str | None:
    """The tables extension's HTML of `rows` (header, separator, body), or None."""
    width = rows[1].count("|") - 1
    aligns: list[str] = []
    for mark in _cells(rows[1], width):
        left, right = mark.startswith(":"), mark.endswith(":")
        align = "center" if left and right else "left" if left else "right" if right else ""
        aligns.append(f' style="text-align: {align};"' if align else "")
    if rows[0].count("|") - 1 != width:
        return None  # the engine's test wants the header and the separator alike
    out = ["<table>", "<thead>"]
    for part, tag, lines in (("thead", "th", rows[:1]), ("tbody", "td", rows[2:])):
        if part == "tbody":
            out += ["</thead>", "<tbody>"]
            if not lines:  # the engine writes one empty row, without alignment
                out += ["<tr>", *["<td></td>"] * width, "</tr>"]
        for row in lines:
            out.append("<tr>")
            for align, text in zip(aligns, _cells(row, width)):
                html = cells(text)
                if html is None:
                    return None
                out.append(f"<{tag}{align}>{html}</{tag}>")
            out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _skip_raw(lines: list[str], index: int) -> int | None:
    """The index after the raw HTML block (or comment) starting at `lines[index]`, or None when
    its end is not plain to see."""
    line = lines[index]
    if line.startswith("<!--"):
        for end in range(index, len(lines)):
            if "-->" in lines[end]:
                return end + 1
        return None
    tag = _RAW.match(line)
    if tag is None:
        return index + 1
    opening, closing = re.compile(rf"<{tag.group(1)}[\s>]"), f"</{tag.group(1)}>"
    depth = 0
    for end in range(index, len(lines)):
        depth += len(opening.findall(lines[end])) - lines[end].count(closing)
        if depth <= 0:
            return end + 1
    return None


def tables_aside(page: str, blocks: list[str], cells: TableCells) -> tuple[str, list[int]]:
    """`page` with each table it may take (see the module) replaced by a placeholder, the
    table's HTML appended to `blocks` (finished_html's, numbered on from them); and the numbers
    of the blocks that are tables, whose relative addresses `links` rewrites."""
    lines = page.split("\n")
    if any(line.startswith("*[") for line in lines):
        return page, []
    cells.prepare([cell.strip(" ") for line in lines if line.startswith("|") and line.endswith("|")
                   and not _REFUSED.search(line) for cell in line[1:-1].split("|")])
    out: list[str] = []
    taken: list[int] = []
    fenced = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.startswith("<") and not line.startswith('<div class="rp-slot"'):
            end = _skip_raw(lines, index)
            if end is None:
                out.extend(lines[index:])
                break
            out.extend(lines[index:end])
            index = end
            continue
        elif not fenced and line.startswith("|") and (index == 0 or not lines[index - 1]):
            end = _table_end(lines, index)
            html = _table(lines[index:end], cells) if end is not None else None
            if end is not None and html is not None:
                taken.append(len(blocks))
                out.append(SLOT.format(len(blocks)))
                blocks.append(html)
                index = end
                continue
        out.append(line)
        index += 1
    return "\n".join(out), taken


def links(block: str, rewrite: Callable[[str], str]) -> str:
    """`block` with every relative link or image address rewritten by `rewrite` (MkDocs' own)."""
    def one(match: re.Match[str]) -> str:
        address = match.group(2)
        if _SCHEME.match(address):
            return match.group(0)
        new = rewrite(address).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        return f' {match.group(1)}="{new}"'

    return _ADDRESS.sub(one, block) if ' href="' in block or ' src="' in block else block


def settle(converted: str, numbers: list[int]) -> str:
    """The converted page with the tables' placeholders spaced as the tables: the engine writes
    a raw HTML block with a blank line after it, a table without."""
    for number in numbers:
        slot = SLOT.format(number)
        converted = converted.replace(slot + "\n\n", slot + "\n", 1)
    return converted
