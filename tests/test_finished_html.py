"""Finished HTML blocks set aside while MkDocs converts a page (finished_html, engine.py): the
site is the same bytes as when MkDocs parses every block, for the sample and a portfolio; the
blocks come out of Zensical, which converts everything itself, as they are; the rules that
decide what may be set aside hold for the edge cases; an id inside a set-aside block still
counts for the anchor check."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from mkdocs.structure.pages import _HTMLHandler

from generator.website import engine, search_reading
from generator import pipeline
from generator.website.finished_html import anchors, put_back, set_aside
from generator.website.finished_tables import TableCells, tables_aside
from generator.support.markdown_html import InlineHtml, extensions
from generator.website.finished_checklists import checklists_aside
from generator.website.kept_pages import KeptSetAside

from .bench import copy_portfolio
from .conftest import EXHAUSTIVE, ROOT
from .test_checklist_markup import site_files

EPOCH = "1795219200"
CONFIG = pipeline.project_config(ROOT)


def engine_markdown() -> markdown.Markdown:
    names, options = extensions(CONFIG.markdown_extensions)
    return markdown.Markdown(extensions=names, extension_configs=options)


def parsed_the_long_way(project: Path) -> tuple[Path, dict[str, bytes]]:
    """The project's internal site as MkDocs builds it from a docs folder on disk, where it
    parses every block; and the generated tree."""
    variant = engine.Variant(project, "internal")
    generated, _ = pipeline.generate(pipeline.load_checked(project), variant.docs)
    pipeline.write_for(variant, generated, pipeline.project_config(project), "zensical")  # config + docs/ on disk
    engine.build(variant, "mkdocs", None)
    return variant.site, generated.tree


def assert_set_aside_where_it_counts(tree: dict[str, bytes]) -> None:
    """Every vendor's profile and checklists page had blocks set aside, every profile and
    Upcoming tables converted ahead (finished_tables), and every checklist left to the engine
    was written ahead (finished_checklists), and every review pack was converted without its
    wrapper (finished_packs), so the comparison covers them."""
    cells = TableCells(CONFIG.markdown_extensions)
    inline = InlineHtml(CONFIG.markdown_extensions)
    ahead = 0
    for path, text in tree.items():
        if path.endswith(".md") and b'markdown="block">' in text and b'<div class="rp-checklist" ' in text:
            page, blocks = set_aside(text.decode("utf-8"))
            page, linked = checklists_aside(page, blocks, inline)
            assert 'class="rp-checklist"' not in page, f"{path}: a checklist was left to the engine"
            ahead += len(linked)
        if re.fullmatch(r"vendors/[^/]+/(?:index|checklists)\.md", path):
            assert set_aside(text.decode("utf-8"))[1], f"{path}: nothing was set aside"
        if re.fullmatch(r"vendors/[^/]+/index\.md|upcoming\.md", path):
            page, blocks = set_aside(text.decode("utf-8"))
            assert tables_aside(page, blocks, cells)[1], f"{path}: no table was converted ahead"
    assert ahead, "no checklist was left to the engine: the comparison does not cover finished_checklists"
    packs = KeptSetAside(None, "test", lambda: cells, lambda: inline)
    for path, text in tree.items():
        if path.endswith("/review.md"):
            assert '<div class="rp-pack rp-review" markdown="block">' not in packs.make(text)[0], f"{path}: kept its wrapper"


def test_the_sample_comes_out_the_same_with_blocks_set_aside(sample_site, tmp_path):
    from .conftest import copy_project

    site, tree = parsed_the_long_way(copy_project(tmp_path / "project"))
    assert_set_aside_where_it_counts(tree)
    assert site_files(site) == site_files(sample_site)


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    """Fourteen vendors: every sample vendor two or three times, with its own slug and name."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        project = copy_portfolio(tmp_path_factory.mktemp("portfolio") / "project", 14)
        pipeline.build(project, site_dir=project / "site")
    finally:
        mp.undo()
    return project


def test_a_portfolio_comes_out_the_same_with_blocks_set_aside(portfolio, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site, tree = parsed_the_long_way(portfolio)
    assert_set_aside_where_it_counts(tree)
    assert site_files(site) == site_files(portfolio / "site")


@pytest.mark.parametrize("vendor", ["nile-data-studio", "andes-quality-labs"])
def test_a_vendor_site_comes_out_the_same_with_blocks_set_aside(vendor, tmp_path, monkeypatch):
    """A vendor-facing site (its welcome pack and review pack converted without their wrappers,
    finished_packs): the same bytes from memory as from a docs folder on disk."""
    from .conftest import copy_project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    variant = engine.Variant(project, f"vendor-{vendor}")
    generated, _ = pipeline.generate(pipeline.load_checked(project), variant.docs, audience="vendor", vendor=vendor)
    welcome = generated.tree[f"vendors/{vendor}/welcome.md"].decode("utf-8")
    assert '<div class="rp-pack" markdown="block">' in welcome
    pipeline.write_for(variant, generated, pipeline.project_config(project), "zensical")
    engine.build(variant, "mkdocs", None)
    long_way = site_files(variant.site)
    pipeline.build(project, vendor=vendor, site_dir=tmp_path / "site")
    assert site_files(tmp_path / "site") == long_way


def finished_blocks(tree: dict[str, bytes]) -> dict[str, list[str]]:
    """The blocks MkDocs gets set aside, by the address of the page they land on."""
    found = {}
    for path, text in tree.items():
        if path.endswith(".md"):
            blocks = set_aside(text.decode("utf-8"))[1]
            if blocks:
                found[re.sub(r"(?:index)?\.md$", "", path).rstrip("/") + "/index.html"] = blocks
    return found


def assert_in_both_engines_pages(tree: dict[str, bytes], mkdocs: Path, zensical: Path) -> None:
    """Each block MkDocs gets set aside is in the page as MkDocs writes it and as Zensical does:
    the same bytes but for the `data-search-*` attributes, which their search plugins drop once
    they have read them (Material's those with a value, Zensical's all)."""
    for address, blocks in finished_blocks(tree).items():
        ours = (mkdocs / address.removeprefix("/")).read_text("utf-8")
        theirs = (zensical / address.removeprefix("/")).read_text("utf-8")
        for block in blocks:
            assert search_reading.SEARCH_ATTRIBUTE.sub("", block) in ours, (address, block[:120])
            assert _SEARCH_ANY.sub("", block) in theirs, (address, block[:120])


_SEARCH_ANY = re.compile(r'\sdata-search-[\w-]+(?:="[^"]*")?')


def test_zensical_writes_the_blocks_as_mkdocs_gets_them_set_aside(sample_render, sample_site, zensical_site):
    assert_in_both_engines_pages(sample_render.tree, sample_site, zensical_site)


# A Zensical build of the portfolio (the costliest build of this file) in the nightly run only: its
# vendors are the sample's again under other names, so its blocks are of the kinds the sample's
# Zensical site (above, in `make test`) already holds.
@pytest.mark.skipif(not EXHAUSTIVE, reason="a Zensical build of 14 vendors: nightly (PLAYBOOKS_EXHAUSTIVE=1)")
def test_zensical_writes_a_portfolios_blocks_as_mkdocs_gets_them_set_aside(portfolio, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    variant = engine.Variant(portfolio, "internal")
    generated, _ = pipeline.generate(pipeline.load_checked(portfolio), variant.docs)
    pipeline.build(portfolio, site_dir=tmp_path / "site", engine_name="zensical")
    assert_in_both_engines_pages(generated.tree, portfolio / "site", tmp_path / "site")


# Each case: a page, and whether a block may be set aside from it. Every case converts the same
# way both ways; the cases where nothing is set aside are those where the engine would not pass
# the block through as it is.
CASES = [
    ('Text.\n\n<div class="rp-x" data-a="1">\n<p>a *b*</p>\n</div>\n\nMore *text*.\n', True),
    ('<figure class="rp-chart">\n<svg><title id="t">x</title></svg>\n</figure>\n', True),
    ('<p class="rp-terms" hidden>a &amp; b</p>\n\n# Title\n', True),
    # Python-Markdown ends a paragraph, a list or a quote where a raw block starts, and starts
    # a new block after it.
    ('Text\n<div class="rp-x">\n<p>a</p>\n</div>\n*after*\n', True),
    ('- item\n<div class="rp-x">\n<p>a</p>\n</div>\n- item\n', True),
    ('> quote\n<p class="rp-x">a</p>\nText\n', True),
    # Markdown inside it (md_in_html).
    ('<div class="rp-x" markdown="block">\n*a*\n</div>\n', False),
    # In a fenced code block.
    ('```html\n\n<div class="rp-x">\n<p>a</p>\n</div>\n\n```\n', False),
    # Not the generator's (no rp- class) or not closed where it ends.
    ('<div class="other">\n<p>a</p>\n</div>\n', False),
    ('<div class="rp-x">\n<div>\n<p>a</p>\n</div>\n', False),
    ('<div class="rp-x">\n<p>a</p>\n</div> trailing\n', False),
    # Inside a block that asks for Markdown, md_in_html rewrites a nested block's markup (here
    # the boolean attribute): it stays; a checklist, whose markup comes out the same, goes.
    ('<div class="rp-pack-charts" markdown="block">\n<figure class="rp-chart" data-search-exclude>\n<p>x</p>\n</figure>\n</div>\n', False),
    ('<section class="rp-play" markdown="block">\n\n## A play\n\n<div class="rp-checklist" data-rp-play="x">\n<ul>\n<li>a</li>\n</ul>\n</div>\n\n</section>\n', True),
]


@pytest.mark.parametrize("page, goes", CASES)
def test_a_block_is_set_aside_only_where_the_engine_passes_it_through(page, goes):
    text, blocks = set_aside(page)
    assert bool(blocks) == goes
    md = engine_markdown()
    assert put_back(md.reset().convert(text), blocks) == md.reset().convert(page)


def test_put_back_refuses_a_placeholder_that_did_not_come_out_once():
    page, blocks = set_aside('<div class="rp-checklist" data-rp-play="x">\n<ul>\n<li>a</li>\n</ul>\n</div>\n')
    assert blocks and "rp-slot" in page
    assert put_back(page, blocks) == '<div class="rp-checklist" data-rp-play="x">\n<ul>\n<li>a</li>\n</ul>\n</div>\n'
    with pytest.raises(ValueError):
        put_back(page + page, blocks)


def mkdocs_ids(block: str) -> set[str]:
    parser = _HTMLHandler()
    parser.feed(block)
    parser.close()
    return set(parser.present_anchor_ids)


def test_the_ids_of_set_aside_blocks_are_those_mkdocs_finds(sample_render):
    blocks = [block for found in finished_blocks(sample_render.tree).values() for block in found]
    assert any(mkdocs_ids(block) for block in blocks)
    for block in blocks:
        assert anchors([block]) == mkdocs_ids(block), block[:120]
    tricky = '<div class="rp-x" id="a&amp;b">\n<a name=\'n\'></a><span ID=up></span><i data-id="no"></i>\n</div>'
    assert anchors([tricky]) == mkdocs_ids(tricky) == {"a&b", "n", "up"}


def test_a_link_to_an_id_inside_a_set_aside_block_passes_the_anchor_check(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nvalidation:\n  anchors: warn\nmarkdown_extensions:\n  - md_in_html\n  - attr_list\n", "utf-8")
    variant = engine.Variant(tmp_path, "internal")
    engine.write_config(variant, {"theme": {"name": "mkdocs"}})
    page = b'# Page\n\n[To the box](#box)\n\n<div class="rp-box">\n<span id="box">here</span>\n</div>\n'
    assert set_aside(page.decode())[1]
    result = engine.build(variant, "mkdocs", {"index.md": page})
    assert not result.warnings
    assert '<span id="box">here</span>' in (variant.site / "index.html").read_text("utf-8")
