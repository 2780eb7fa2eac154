"""Finished HTML blocks set aside while an in-process engine (MkDocs) converts a page.

The generator writes much of what it makes from data as HTML it has finished: a vendor's
checklists and their filters, the working-hours timeline and the charts (SVG), the profile's
search terms, the heat table, the directory's controls. Python-Markdown passes such a block
through unchanged, but it reads it first: its HTML parser (`md_in_html`, raw HTML) runs over every
character, and MkDocs parses the whole page once more for the ids its anchor check knows. On a
500-vendor site that is most of the text it converts.

`set_aside` takes each such block out of a page's Markdown and leaves a placeholder, itself a
raw HTML block, in its place; `put_back` puts the blocks back into the HTML the engine made of
the page. A block is set aside only when the engine would pass it through as it is:

- it starts at the beginning of a line with a block-level tag whose `class` starts with `rp-`
  (what the generator writes; a play author may write one too, which is as safe: the rule is
  Python-Markdown's, which passes a raw block through whatever stands around it);
- it ends with the closing tag of that element at the end of a line, the same tag opening and
  closing in balance inside it;
- nothing in it asks for Markdown (`markdown=`), and it is not inside a fenced code block.
  Inside an element that asks for Markdown, md_in_html parses nested blocks and writes them
  out again (a boolean attribute gets a value), so only the checklists go from there.

The ids in a set-aside block are what the engine's anchor check would have found in it
(`anchors`): engine.py adds them to the page's. tests/test_finished_html.py builds the sample
and a portfolio both ways with MkDocs and compares every byte, and holds the blocks to what
Zensical, which converts everything itself, writes.
"""

from __future__ import annotations

import html
import re

_TAGS = "div|figure|p|section|aside|table|details|nav|form|ul|ol|dl|header|footer"
_START = re.compile(rf'<({_TAGS})\s[^>\n]*?\bclass="rp-[^"\n]*"[^>\n]*>')
# The rules every finished_* module follows: a fence line, a block's placeholder (itself a raw
# HTML block) and the pattern that finds placeholders in HTML.
FENCE = re.compile(r"^(?:```|~~~)")
SLOT = '<div class="rp-slot" data-rp-slot="{}"></div>'
# Inside an element that asks for Markdown, md_in_html parses a nested block into elements and
# writes them out again, which changes some markup (a boolean attribute gets a value): only the
# checklists, whose markup comes out the same (tests/test_finished_html.py), go from there.
_NESTED = '<div class="rp-checklist" '
_ID = re.compile(r"""<([a-zA-Z][\w:-]*)\b([^>]*)>""")
# What a block holds when it may hold an id or an `<a name>` (_ATTRIBUTE below, and an `a` tag
# with a `name`): most blocks hold neither, and are not parsed for them.
_MAY_NAME = re.compile(r"\sid\s*=|<a\s[^>]*\bname\s*=", re.I)
_ATTRIBUTE = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def element_end(lines: list[str], start: int, tag: str) -> int | None:
    """The index of the line that closes the element opened on `lines[start]`, or None."""
    opening, closing = re.compile(rf"<{tag}[\s>]"), f"</{tag}>"
    depth = 0
    for index in range(start, len(lines)):
        line = lines[index]
        depth += len(opening.findall(line)) - line.count(closing)
        if depth <= 0:
            if depth < 0 or not line.endswith(closing):
                return None
            return index
    return None


def set_aside(page: str) -> tuple[str, list[str]]:
    """The page's Markdown with each finished block replaced by a placeholder, and the blocks in
    order, for `put_back` into the HTML the engine makes of the page."""
    lines = page.split("\n")
    out: list[str] = []
    blocks: list[str] = []
    fenced = False
    inside = -1  # the last line of the element asking for Markdown that the scan is inside
    index = 0
    while index < len(lines):
        line = lines[index]
        if FENCE.match(line):
            fenced = not fenced
        start = None if fenced else _START.match(line)
        end = element_end(lines, index, start.group(1)) if start else None
        if start is None or end is None:
            out.append(line)
            index += 1
            continue
        block = "\n".join(lines[index:end + 1])
        if "markdown=" not in block and (index > inside or line.startswith(_NESTED)):
            blocks.append(block)
            out.append(SLOT.format(len(blocks) - 1))
        elif "markdown=" in start.group(0):
            out.append(line)  # Markdown inside (md_in_html): what it holds is looked at line by line
            inside = max(inside, end)
            index += 1
            continue
        else:
            out.extend(lines[index:end + 1])  # the engine reads it all
        index = end + 1
    return "\n".join(out), blocks


PLACEHOLDER = re.compile(r'<div class="rp-slot" data-rp-slot="(\d+)"></div>')


def put_back(converted: str, blocks: list[str]) -> str:
    """The page's HTML with `set_aside`'s blocks where their placeholders came out (one pass)."""
    found: list[int] = []

    def block(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number >= len(blocks):
            return match.group(0)
        found.append(number)
        return blocks[number]

    out = PLACEHOLDER.sub(block, converted)
    if len(found) != len(blocks) or len(set(found)) != len(blocks):
        missing = next((n for n in range(len(blocks)) if found.count(n) != 1), 0)
        raise ValueError(f"finished block {missing} came out {found.count(missing)} times")
    return out


def placed(page: str, blocks: list[str]) -> bool:
    """Whether `page` (set_aside's Markdown) holds each block's placeholder once, as `put_back` needs."""
    return all(page.count(SLOT.format(number)) == 1 for number in range(len(blocks)))


def anchors(blocks: list[str]) -> set[str]:
    """The ids (and `<a name>`s) in the blocks, as MkDocs collects them from a page's raw HTML."""
    found: set[str] = set()
    for block in blocks:
        if not _MAY_NAME.search(block):
            continue
        for tag in _ID.finditer(block):
            for attribute in _ATTRIBUTE.finditer(tag.group(2)):
                if attribute.group(1).lower() == "id" or tag.group(1).lower() == "a":
                    found.add(html.unescape(next(v for v in attribute.groups()[1:] if v is not None)))
    return found
