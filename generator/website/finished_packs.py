"""A pack page (a vendor's review pack, a new joiner's welcome pack) converted without its
wrapper, before an in-process engine (MkDocs) converts the page.

A pack is one element around the whole page, `<div class="rp-pack ..." markdown="block">`, so
that print styles reach everything in it. md_in_html then parses the whole page as HTML first,
and the review pack's charts (SVG inside an element asking for Markdown, inside the wrapper)
cost it more than all the rest: on a 500-vendor site the review packs were the pages MkDocs
spent most on. Nothing inside the wrapper can be set aside either (finished_html,
finished_tables keep out of elements asking for Markdown).

`unwrap` puts a marker line in place of the wrapper's opening and closing lines, so the page
is converted as if the wrapper were not there, with its finished blocks and tables set aside
as on any page (a review pack's charts row, figures inside an element asking for Markdown, is
first written as md_in_html writes it, so that it is set aside whole); `wrap` then turns the markers into finished blocks holding the wrapper's tags.
What md_in_html writes inside the wrapper differs from the page without it in two ways: a raw
HTML block has no blank line after it, and its first tag is written again from its attributes
(a boolean attribute gets its name as its value: `data-search-exclude="data-search-exclude"`,
which Material's search then drops, as it drops every `data-search-*` with a value). So every
placeholder inside the wrapper is settled (finished_tables.settle), the first tag of each block
set aside inside it is written that way, and a pack is unwrapped only when every raw HTML block
left inside it is a placeholder or an element asking for Markdown (which md_in_html writes alike
either way) and every such first tag is plain (double-quoted values without `&`, `<`, `>`);
otherwise the page is converted with its wrapper, as before. tests/test_finished_html.py builds
sites both ways and compares every byte.
"""

from __future__ import annotations

import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

from .finished_html import FENCE, PLACEHOLDER, SLOT, element_end

_WRAPPER = re.compile(r'^<div class="rp-pack(?: [a-z0-9-]+)*" markdown="block">$')
_OPEN, _CLOSE = '<div data-rp-unwrapped="open"></div>', '<div data-rp-unwrapped="close"></div>'
# A line that starts a raw HTML block: one of Python-Markdown's block-level tags.
_BLOCK_TAG = re.compile(rf"^<({'|'.join(sorted(BLOCK_LEVEL_ELEMENTS, key=len, reverse=True))})(?=[\s/>])", re.I)


_CHARTS = '<div class="rp-pack-charts" markdown="block">'


def _charts_written(lines: list[str]) -> list[str]:
    """`lines` with each charts row (`_CHARTS`: figures, each a raw HTML block, inside an element
    asking for Markdown) written as md_in_html writes it: the element's tag without `markdown`,
    each figure's first tag written again (_as_nested), nothing else changed; the set-aside then
    takes it whole. A row holding anything else is left as it is."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        end = element_end(lines, index, "div") if lines[index] == _CHARTS else None
        figures = _figures(lines[index + 1:end]) if end is not None else None
        if end is None or figures is None:
            out.append(lines[index])
            index += 1
            continue
        out += ['<div class="rp-pack-charts">', *figures, "</div>"]
        index = end + 1
    return out


def _figures(lines: list[str]) -> list[str] | None:
    """`lines` as figures written as md_in_html writes nested blocks, or None if they are not
    figures one after the other, each from its opening line to a line `</figure>`."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        if not lines[index].startswith("<figure ") or "markdown=" in lines[index]:
            return None
        end = next((number for number in range(index, len(lines)) if lines[number] == "</figure>"), None)
        if end is None or any("<figure" in line for line in lines[index + 1:end]):
            return None
        nested = _as_nested("\n".join(lines[index:end + 1]))
        if nested is None:
            return None
        out.append(nested)
        index = end + 1
    return out or None


def unwrap(page: str) -> tuple[str, str] | None:
    """The page with marker lines for its pack wrapper (and its charts rows written as the engine
    writes them), and the wrapper's opening tag as the engine writes it; None when the page is
    not one pack (see the module)."""
    lines = page.split("\n")
    try:
        start = lines.index(next(line for line in lines if _WRAPPER.match(line)))
    except StopIteration:
        return None
    end = len(lines) - 1
    while end > start and not lines[end]:
        end -= 1
    if lines[end] != "</div>" or any(FENCE.match(line) for line in lines):
        return None
    opening = lines[start].replace(' markdown="block"', "")
    inside = _charts_written(lines[start + 1:end])
    return "\n".join(lines[:start] + [_OPEN] + inside + [_CLOSE] + lines[end + 1:]), opening


_FIRST_TAG = re.compile(r'^<([a-zA-Z][a-zA-Z0-9]*)((?: [a-zA-Z_:][a-zA-Z0-9_:.-]*(?:="[^"&<>]*")?)*)>')
_ATTRIBUTE = re.compile(r' ([a-zA-Z_:][a-zA-Z0-9_:.-]*)(="[^"&<>]*")?')


def _as_nested(block: str) -> str | None:
    """`block` as md_in_html writes a raw block nested in an element asking for Markdown: its
    first tag's boolean attributes given their names as values; None when that tag is not plain."""
    first = _FIRST_TAG.match(block)
    if first is None:
        return None
    attributes = "".join(f" {name}{value or f'={chr(34)}{name}{chr(34)}'}" for name, value in _ATTRIBUTE.findall(first.group(2)))
    return f"<{first.group(1)}{attributes}>" + block[first.end():]


def wrap(page: str, blocks: list[str], opening: str) -> tuple[str, list[int]] | None:
    """`page` (unwrapped, then set aside) with its markers turned into placeholders of two new
    blocks (the wrapper's opening and closing tags); and the placeholders to settle: the
    opening's and every one inside the pack. None when a raw HTML block inside the pack is
    neither a placeholder nor an element asking for Markdown."""
    lines = page.split("\n")
    if lines.count(_OPEN) != 1 or lines.count(_CLOSE) != 1:
        return None
    start, end = lines.index(_OPEN), lines.index(_CLOSE)
    settled: list[int] = []
    index = start + 1
    while index < end:
        line = lines[index]
        slot = PLACEHOLDER.fullmatch(line)
        if slot is not None:
            settled.append(int(slot.group(1)))
            nested = _as_nested(blocks[settled[-1]])
            if nested is None:
                return None
            blocks[settled[-1]] = nested
        elif (tag := _BLOCK_TAG.match(line)) is not None:
            closing = element_end(lines, index, tag.group(1))
            if "markdown=" not in line.split(">", 1)[0] or closing is None or closing >= end:
                return None
            index = closing
        index += 1
    lines[start], lines[end] = SLOT.format(len(blocks)), SLOT.format(len(blocks) + 1)
    settled.append(len(blocks))
    blocks += [opening, "</div>"]
    return "\n".join(lines), sorted(settled)
