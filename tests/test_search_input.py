"""The search plugin reads only what it keeps of a page (generator/website/search_reading.py): a
vendor profile up to its first section, nothing of a page kept out of search. The site, search
index included, is the same bytes as when the plugin reads every page whole; the attributes it
removes are removed as its own expression removes them."""

from __future__ import annotations

from pathlib import Path

import random

import pytest

from generator.website import search_reading
from generator import pipeline

from .conftest import copy_project

PROFILE = ('<h1 id="acme">Acme</h1>\n<p>Summary.</p>\n<p class="rp-search-terms" hidden>People: A.</p>\n'
           '<aside class="rp-notes" data-search-exclude="">\n<div class="admonition"><p>Note</p></div>\n</aside>\n'
           '<h2 data-search-exclude="" id="at-a-glance">At a glance</h2>\n<table><tr><td>x</td></tr></table>\n'
           '<h3 data-search-exclude="" id="contacts">Contacts</h3>\n<p>More.</p>\n')


def test_a_profile_is_read_up_to_its_first_section():
    assert search_reading.searched_part(PROFILE) == PROFILE[:PROFILE.index("<h2")]


def test_other_pages_are_read_whole():
    play = PROFILE.replace('<h3 data-search-exclude="" id="contacts">', '<h3 id="contacts">')
    assert search_reading.searched_part(play) is None  # a section that is an entry of its own
    assert search_reading.searched_part('<h1 id="x">X</h1><p>Only a title.</p>') is None
    assert search_reading.searched_part('<p>No title</p><h2 data-search-exclude="">A</h2>') is None
    nested = PROFILE.replace('<h2 data-search-exclude=""', '<div><h2 data-search-exclude=""', 1)
    assert search_reading.searched_part(nested) is None  # cutting inside an element would change the reading


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_as_when_search_reads_every_page_whole(sample_site, tmp_path, monkeypatch):
    """Every page handed whole to Material's search plugin, which removes the attributes itself."""
    from mkdocs.plugins import BasePlugin

    monkeypatch.setattr(search_reading, "reading_less", lambda: (BasePlugin(), BasePlugin()))
    project = copy_project(tmp_path / "project")
    pipeline.build(project, site_dir=project / "site")
    whole = files_of(project / "site")
    assert whole == files_of(sample_site)
    assert b'"location":"vendors/lotus-code-works/"' in whole["search/search_index.json"]


def _search_entries(site: Path) -> dict[str, dict[str, str]]:
    import json

    return {doc["location"]: doc for doc in json.loads((site / "search" / "search_index.json").read_text())["docs"]}


def test_what_is_kept_out_of_search_stays_out_whole(sample_site, tmp_path, monkeypatch):
    """Material's search plugin tells elements apart by tag name only, so an excluded element's
    exclusion ends at the first closing tag of the same name inside it (a `div` holding
    admonitions, which are `div`s too). Built again with a plugin that tells elements apart one
    by one, the index is the same: nothing we mark as excluded leaks into it."""
    from material.plugins.search import plugin as search_plugin

    def same_element(self: object, other: object) -> bool:
        return self is other if isinstance(other, search_plugin.Element) else getattr(self, "tag") == other

    monkeypatch.setattr(search_plugin.Element, "__eq__", same_element)
    monkeypatch.setattr(search_plugin.Element, "__hash__", object.__hash__)
    project = copy_project(tmp_path / "project")
    pipeline.build(project, site_dir=project / "site")
    assert _search_entries(project / "site") == _search_entries(sample_site)



ATTRIBUTE_PIECES = ["data-search-", "exclude", "boost", '="', '"', "x", " ", "\n", "\u00a0", "\u2003", "-", "=",
                    "<h2 ", ">", "é", "_", "data-search-exclude=\"\"", 'data-search-exclude="data-search-exclude"']


@pytest.mark.parametrize("seed", range(40))
def test_attributes_are_removed_as_the_search_plugins_expression_removes_them(seed):
    """Random strings made of the pieces the expression turns on (its prefix, word characters,
    quotes, ASCII and other whitespace, attributes back to back): the same result."""
    chance = random.Random(seed)
    for _ in range(200):
        html = "".join(chance.choice(ATTRIBUTE_PIECES) for _ in range(chance.randrange(1, 40)))
        assert search_reading.without_search_attributes(html) == search_reading.SEARCH_ATTRIBUTE.sub("", html), html


def test_attributes_on_a_real_profile_are_removed_as_the_expression_removes_them(sample_site):
    page = (sample_site / "vendors" / "lotus-code-works" / "index.html").read_text("utf-8")
    marked = page.replace('class="rp-lead"', 'class="rp-lead" data-search-exclude="x"')
    assert "data-search-" in marked
    assert search_reading.without_search_attributes(marked) == search_reading.SEARCH_ATTRIBUTE.sub("", marked)
