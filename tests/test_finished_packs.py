"""Pack pages converted without their wrapper (finished_packs, kept_pages.KeptSetAside): each
converts to the bytes the engine makes of the wrapped page, or keeps its wrapper. The whole
sites (the sample's review packs and welcome packs among them) are compared both ways in
tests/test_finished_html.py."""

from __future__ import annotations

import pytest

from generator.support.markdown_html import InlineHtml
from generator.website.finished_html import put_back
from generator.website.finished_tables import TableCells, links, settle
from generator.website.kept_pages import KeptSetAside

from .test_finished_html import CONFIG, engine_markdown

ASIDE = KeptSetAside(None, "test", lambda: TableCells(CONFIG.markdown_extensions), lambda: InlineHtml(CONFIG.markdown_extensions))

TABLE = "| Measure | Latest |\n|---|---|\n| Cycle | 3 days, <span class=\"rp-st rp-st-off\">✕ off</span> |\n"
CHARTS = ('<div class="rp-pack-charts" markdown="block">\n<figure class="rp-chart" data-search-exclude>\n'
          '<figcaption><strong>Cycle</strong> (days)</figcaption>\n<svg viewBox="0 0 10 10"><title id="t">Cycle</title>'
          '<path d="M0 0L10 10"/></svg>\n</figure>\n</div>')
BODY = (f"# Review pack: Andes, Q3 2026\n\nFor the quarterly review.\n{{: .rp-lead }}\n\n[Profile](index.md)\n\n"
        f"## Executive summary {{ #summary }}\n\n<p class=\"rp-headline rp-rag-red\"><strong>Red</strong>. From each measure&#39;s latest period.</p>\n\n"
        f"In Q3 2026, 1 of 3 measures met their target.\n\n## Results\n\n{TABLE}\n{CHARTS}\n\n## Decisions\n\n1. Renew: **notice** by Fri.\n")


def pack(body: str, classes: str = "rp-pack rp-review") -> str:
    return f'---\ntitle: "Review pack"\n---\n\n<div class="{classes}" markdown="block">\n\n{body}\n</div>\n'


# Each case: a page, and whether its wrapper is taken off while it is converted.
CASES = [
    (pack(BODY), True),
    (pack(BODY, "rp-pack"), True),  # a welcome pack's wrapper
    (pack("# Only a title\n"), True),
    # A block set aside inside the pack whose first tag has a boolean attribute: written as
    # md_in_html writes it there (the attribute's name as its value).
    (pack(BODY + '\n<figure class="rp-timeline" data-search-exclude>\n<svg viewBox="0 0 1 1"><path d="M0"/></svg>\n'
                 '<figcaption>A day <input type="radio" checked></figcaption>\n</figure>\n'), True),
    # ... and one whose first tag is not plain (single quotes, an ampersand): the wrapper stays.
    (pack(BODY + "\n<p class='rp-note'>Quoted.</p>\n"), False),
    (pack(BODY + '\n<p class="rp-note" title="a &amp; b">And.</p>\n'), False),
    # A charts row holding something besides figures stays for md_in_html to write.
    (pack(BODY.replace('<figure class="rp-chart"', '<p class="rp-note">A note.</p>\n<figure class="rp-chart"', 1)), True),
    # A raw block inside the pack the set-aside does not take: md_in_html writes it otherwise.
    (pack(BODY + '\n<p class="plain">Raw.</p>\n'), False),
    (pack(BODY + "\n<details>\n<summary>More</summary>\nText.\n</details>\n"), False),
    # Not one pack: text after it, a fence, other attributes on the wrapper.
    (pack(BODY) + "\nAfter the pack.\n", False),
    (pack(BODY + "\n```\ncode\n```\n"), False),
    (pack(BODY).replace('<div class="rp-pack rp-review" markdown="block">', '<div class="rp-pack" id="p" markdown="block">'), False),
]


def test_a_charts_row_is_set_aside_whole_in_an_unwrapped_pack():
    text, blocks, *_ = ASIDE.make(pack(BODY).encode())
    assert "rp-pack-charts" not in text
    assert any(block.startswith('<div class="rp-pack-charts">\n<figure class="rp-chart" data-search-exclude="data-search-exclude">')
               for block in blocks)


@pytest.mark.parametrize("page, unwrapped", CASES)
def test_a_pack_converts_without_its_wrapper_only_where_the_engine_result_is_sure(page, unwrapped):
    text, blocks, linked, settled, _ = ASIDE.make(page.encode())
    wrapper = ('<div class="rp-pack rp-review" markdown="block">', '<div class="rp-pack" markdown="block">',
               '<div class="rp-pack" id="p" markdown="block">')
    assert not any(line in wrapper for line in text.split("\n")) == unwrapped
    for number in linked:
        blocks[number] = links(blocks[number], lambda address: address)
    md = engine_markdown()
    body = page.split("\n---\n", 1)[1]
    assert put_back(settle(md.reset().convert(text.split("\n---\n", 1)[1]), settled), blocks) == md.reset().convert(body)
