"""Tables converted ahead of MkDocs (finished_tables, engine.py): each converts to the bytes the
engine makes of it, or is left to the engine; their links are rewritten and checked by MkDocs'
own link code, so a broken link or anchor in a table still fails the strict build; hostile data
in a table cell stays text. The whole sites are compared both ways in tests/test_finished_html.py."""

from __future__ import annotations

import pytest

from generator.website import engine
from generator.website.finished_html import put_back, set_aside
from generator.website.finished_tables import TableCells, links, settle, tables_aside

from .test_finished_html import CONFIG, engine_markdown

CELLS = TableCells(CONFIG.markdown_extensions)

TABLE = "| Name | Since | Link |\n|---|:---:|--:|\n| A *b* | <time datetime=\"2026-01-02\">Fri 2 Jan</time> | [p](../people/p.md) |\n"

# Each case: a page, and how many tables may be converted ahead. Every case converts the same
# both ways; where none is taken, the engine's result would not be plain to see.
CASES = [
    (f"# T\n\n{TABLE}\n## Next\n\nText.\n", 1),
    (TABLE, 1),
    (f"Text.\n\n{TABLE}\n{TABLE}", 2),
    ("| a | b |\n|---|---|\n", 1),  # no body: one empty row
    ("| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n", 1),  # short and long rows
    ("| | |\n|---|---|\n| **Tier** | &#124; x &#60;b&#62; |\n", 1),
    # A line right after a table is one of its rows; right before it, the table is a paragraph.
    (f"{TABLE}{{: .wide }}\n", 0),
    (f"Text\n{TABLE}", 0),
    (f"{TABLE}Text after.\n", 0),
    # What only the engine knows: code spans, backslashes, attribute lists, footnotes, abbreviations.
    ("| a | b |\n|---|---|\n| `x|y` | 2 |\n", 0),
    ("| a | b |\n|---|---|\n| x \\| y | 2 |\n", 0),
    ("| a | b |\n|---|---|\n| x[^1] | 2 |\n\n[^1]: note\n", 0),
    (f"{TABLE}\n*[HTML]: Hypertext\n", 0),
    # Inside a fence, a raw HTML block, an element asking for Markdown, an unclosed element.
    (f"```\n\n{TABLE}\n```\n", 0),
    (f'<div class="x" markdown="block">\n\n{TABLE}\n</div>\n', 0),
    (f"<div>\n\n{TABLE}\n</div>\n", 0),
    (f"<div>\n\n{TABLE}", 0),
    (f"<!-- note\n\n{TABLE}\n-->\n", 0),
    # Indented: inside a list item or an admonition.
    ("- item\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n", 0),
    # A link address the engine could not check as written.
    ("| a | b |\n|---|---|\n| [x](page.md?a=1) | 2 |\n", 0),
    # A cell whose HTML would close the cell (raw HTML in the text): the table stays.
    ("| a |\n|---|\n| x </td><td> y |\n| b *c* |\n", 0),
    # A finished block set aside before and the table after it, numbered on.
    (f'<div class="rp-x">\n<p>a</p>\n</div>\n\n{TABLE}', 1),
]


@pytest.mark.parametrize("page, taken", CASES)
def test_a_table_is_converted_ahead_only_where_the_engine_result_is_sure(page, taken):
    text, blocks = set_aside(page)
    text, tables = tables_aside(text, blocks, CELLS)
    assert len(tables) == taken
    for number in tables:
        blocks[number] = links(blocks[number], lambda address: address)
    md = engine_markdown()
    assert put_back(settle(md.reset().convert(text), tables), blocks) == md.reset().convert(page)


def tiny_site(tmp_path, directory_urls=True):
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Test\nuse_directory_urls: {str(directory_urls).lower()}\nvalidation:\n  anchors: warn\n  not_found: warn\nmarkdown_extensions:\n  - tables\n", "utf-8")
    variant = engine.Variant(tmp_path, "internal")
    engine.write_config(variant, {"theme": {"name": "mkdocs"}})
    return variant


def table_linking(target: str) -> bytes:
    return f"# Page\n\n| Who | Where |\n|---|---|\n| Ann | [her page]({target}) |\n".encode()


@pytest.mark.parametrize("directory_urls, address", [(True, "../people/ann/#today"), (False, "../people/ann.html#today")])
def test_a_tables_links_are_rewritten_as_mkdocs_rewrites_them(tmp_path, directory_urls, address):
    variant = tiny_site(tmp_path, directory_urls)
    tree = {"a/index.md": table_linking("../people/ann.md#today"), "people/ann.md": b"# Ann\n\n## Today\n"}
    assert tables_aside(tree["a/index.md"].decode(), [], CELLS)[1]
    result = engine.build(variant, "mkdocs", tree)
    assert not result.warnings
    assert f'<td><a href="{address}">her page</a></td>' in (variant.site / "a" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("target, warning", [("../people/bob.md", "is not found"), ("../people/ann.md#nowhere", "#nowhere")])
def test_a_broken_link_or_anchor_in_a_table_still_fails_the_strict_build(tmp_path, target, warning):
    variant = tiny_site(tmp_path)
    with pytest.raises(engine.EngineError) as raised:
        engine.build(variant, "mkdocs", {"a/index.md": table_linking(target), "people/ann.md": b"# Ann\n\n## Today\n"})
    assert any(warning in message for message in raised.value.messages)


@pytest.mark.parametrize("value", [
    "&#60;script&#62;alert(1)&#60;/script&#62;",  # what escape.text makes of `<script>`
    "<img src=x onerror=alert(1)>",  # had a template forgotten to escape: as the engine would
    "[x](javascript:alert(1))",
])
def test_a_cell_converts_as_the_engine_converts_it(value):
    page = f"| a |\n|---|\n| {value} |\n"
    text, blocks = set_aside(page)
    text, tables = tables_aside(text, blocks, CELLS)
    md = engine_markdown()
    assert put_back(settle(md.reset().convert(text), tables), blocks) == md.reset().convert(page)
