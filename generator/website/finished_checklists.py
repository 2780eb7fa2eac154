"""A vendor's checklist that the generator left to the engine, written as the plain HTML the
engine makes of it, before an in-process engine (MkDocs) converts the page.

The generator writes a play's checklist as plain HTML when it can convert every item's text
itself (render/markup/checklists.py, markdown_html.InlineHtml). When an item's text holds a
relative link (`follow [the escalation path](index.md#escalation-path)`), only the engine can
write its address, so that play's checklist is written for the engine to convert: `markdown=`
on the checklist, its lists and every item. md_in_html then parses the whole checklist and
runs the inline patterns over every item: on a 500-vendor site about half of what MkDocs spends
on the checklists pages, the most costly pages it converts.

`checklists_aside` turns such a checklist into the plain form the generator would have written
(the `markdown=` attributes gone, no blank lines between its blocks: the form the generator
proves the same as the engine's result), each item's text and owner converted by the same
`InlineHtml` with relative addresses let through, and sets it aside like a finished block. Its
relative addresses are rewritten at put-back by MkDocs' own link code (finished_tables.links),
as in a converted table, so `use_directory_urls`, the vendor-facing sites and the strict checks
(a missing page, a missing anchor) behave as before. A checklist is taken only when every line
is what the generator writes and every part converts; otherwise the engine converts it, as
before. Zensical reads the docs tree from disk and converts the checklist itself.
"""

from __future__ import annotations

import re

from ..support.markdown_html import PLAIN, InlineHtml
from .finished_html import FENCE, SLOT

_OPEN = re.compile(r'^<div class="rp-checklist" [^<>\n]*"( markdown="block")>$')
_PHASE = re.compile(r'^<p class="rp-phase" [^<>\n]*><strong>[^<>\n]*</strong></p>$')
_LIST = re.compile(r'^<ul class="rp-items" [^<>\n]*"( markdown="block")>$')
_ITEM = re.compile(
    r'^(<li class="rp-item" [^<>\n]*")( markdown="span")>'
    r'(<label class="rp-label"><input type="checkbox" class="rp-box" name="[^"<>\n]*"> <span class="rp-text"(?: [a-z-]+="[^"<>\n]*")*>)'
    r'(.*)(</span></label> <span class="rp-owner">)([^<>\n]*)(</span>)(.*)</li>$')
# What may follow an item's owner as the generator writes it (when it is due, who did it), as
# it is in both forms: spans around dates (`<time>`) and text with none of Markdown's special
# characters, which the engine's inline conversion passes through as they are.
_AFTER = re.compile(r'^(?: <span class="rp-(?:due|shared)">(?:[^<>\n]|<time datetime="[0-9T:+-]+">[^<>\n]*</time>)*</span>)*$')
# Raw HTML addresses in an item's Markdown are not the engine's to rewrite (only those its
# links make are): such a checklist stays with the engine.
_RAW_ADDRESS = re.compile(r"(?:href|src)\s*=", re.I)
_TAGS = re.compile(r"<[^<>\n]*>")


def _plain_item(line: str, inline: InlineHtml) -> str | None:
    """An item's line as the plain form has it, or None when it is not sure."""
    item = _ITEM.match(line)
    if item is None:
        return None
    opening, _, label, text, between, owner, close, after = item.groups()
    if not _AFTER.match(after) or not PLAIN.match(_TAGS.sub("", after)) or _RAW_ADDRESS.search(text):
        return None
    text_html, owner_html = inline.linked(text), inline.linked(owner)
    if text_html is None or owner_html is None or "\n" in text_html or "\n" in owner_html:
        return None
    return f"{opening}>{label}{text_html}{between}{owner_html}{close}{after}</li>"


def plain_checklist(block: str, inline: InlineHtml) -> str | None:
    """The plain form of a checklist written for the engine (`block`, from its opening line to
    its closing `</div>`), or None when a line is not what the generator writes."""
    lines = block.split("\n")
    opening = _OPEN.match(lines[0])
    if opening is None or lines[-1] != "</div>":
        return None
    out = [lines[0][:opening.start(1)] + ">"]
    for line in lines[1:-1]:
        if not line:
            continue  # the plain form has no blank lines between its blocks
        if _PHASE.match(line) or line == "</ul>":
            out.append(line)
        elif (listed := _LIST.match(line)) is not None:
            out.append(line[:listed.start(1)] + ">")
        elif (item := _plain_item(line, inline)) is not None:
            out.append(item)
        else:
            return None
    out.append("</div>")
    return "\n".join(out)


def checklists_aside(page: str, blocks: list[str], inline: InlineHtml) -> tuple[str, list[int]]:
    """`page` (finished_html.set_aside's) with each checklist written for the engine that
    `plain_checklist` can write replaced by a placeholder, its plain form appended to `blocks`;
    and the numbers of those blocks, whose relative addresses are rewritten at put-back."""
    if '<div class="rp-checklist" ' not in page:
        return page, []
    lines = page.split("\n")
    out: list[str] = []
    taken: list[int] = []
    fenced = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if FENCE.match(line):
            fenced = not fenced
        if not fenced and _OPEN.match(line):
            end = next((number for number in range(index + 1, len(lines))
                        if lines[number] == "</div>" or lines[number].startswith("<div")), None)
            plain = plain_checklist("\n".join(lines[index:end + 1]), inline) if end is not None \
                and lines[end] == "</div>" else None
            if end is not None and plain is not None:
                taken.append(len(blocks))
                out.append(SLOT.format(len(blocks)))
                blocks.append(plain)
                index = end + 1
                continue
        out.append(line)
        index += 1
    return "\n".join(out), taken
