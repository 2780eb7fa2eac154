"""One Markdown converter for all of a build's pages (kept_pages.render_page) converts each page
as MkDocs' own Page.render does with a converter made for it: nothing one page defines
(abbreviations, footnotes, reference links, heading ids, stashed raw HTML and code) reaches the
next page, and the sample site is the same bytes either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.support import cache as cache_module
from generator.website import engine, kept_pages

from .conftest import copy_project
from .test_incremental_pages import files_of

# Converted in this order (the docs folder's walk order: index first), each defines or uses what
# the other one does: a converter that kept state would show it in the second page.
PAGES = {
    "index.md": (b"# Home\n\nThe SPOC answers.\n\n*[SPOC]: Single point of contact\n\nA note.[^1]\n\n"
                 b"[^1]: The first page's footnote.\n\nSee [the docs][docs].\n\n[docs]: other.md\n\n"
                 b"## Same\n\n<div id=\"raw\">raw</div>\n\n```python\nprint(1)\n```\n"),
    "other.md": (b"# Other\n\nThe SPOC again, no definition here.\n\nA second note.[^1]\n\n"
                 b"[^1]: The second page's footnote.\n\nNo [docs][docs] reference here.\n\n## Same\n\n## Same\n\n"
                 b"```python\nprint(2)\n```\n"),
}


def two_pages(tmp_path: Path, name: str) -> engine.Variant:
    project = copy_project(tmp_path / name)
    variant = engine.Variant(project, "reuse")
    engine.write_config(variant, {"nav": ["index.md", "other.md"], "plugins": []})
    return variant


def test_what_a_page_defines_stays_on_that_page(tmp_path, monkeypatch):
    """With a pages store the generator converts (render_page, one converter for both pages);
    without one MkDocs does, a converter for each page: the same two pages."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    made = []
    real = kept_pages.render_page
    monkeypatch.setattr(kept_pages, "render_page", lambda page, config, files: made.append(page) or real(page, config, files))
    ours = two_pages(tmp_path, "ours")
    engine.build(ours, "mkdocs", dict(PAGES), cache_module.BuildCache(None).converted_pages("reuse"))
    assert len(made) == 2
    theirs = two_pages(tmp_path, "theirs")
    engine.build(theirs, "mkdocs", dict(PAGES))
    assert files_of(ours.site) == files_of(theirs.site)
    other = (ours.site / "other" / "index.html").read_text("utf-8")
    assert "<abbr" not in other and "first page" not in other and 'href="../"' not in other.split("No ")[1][:40]


@pytest.fixture()
def mkdocs_converts(monkeypatch):
    """Every page converted by MkDocs' own Page.render, a converter made for each page."""
    from mkdocs.structure.pages import Page

    monkeypatch.setattr(kept_pages, "render_page", lambda page, config, files: Page.render(page, config, files))


def test_the_sample_site_is_the_same_as_with_a_converter_for_each_page(sample_site, tmp_path, mkdocs_converts):
    project = copy_project(tmp_path / "project")
    pipeline.build(project, site_dir=project / "site")
    assert files_of(project / "site") == files_of(sample_site)
