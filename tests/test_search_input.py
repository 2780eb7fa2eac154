"""The search plugin reads only what it keeps of a one-entry page (engine.searched_part): a
vendor profile up to its first section. The site, search index included, is the same bytes as
when the plugin reads every page whole."""

from __future__ import annotations

from pathlib import Path

from generator.website import engine
from generator import pipeline

from .conftest import copy_project

PROFILE = ('<h1 id="acme">Acme</h1>\n<p>Summary.</p>\n<p class="rp-search-terms" hidden>People: A.</p>\n'
           '<aside class="rp-notes" data-search-exclude="">\n<div class="admonition"><p>Note</p></div>\n</aside>\n'
           '<h2 data-search-exclude="" id="at-a-glance">At a glance</h2>\n<table><tr><td>x</td></tr></table>\n'
           '<h3 data-search-exclude="" id="contacts">Contacts</h3>\n<p>More.</p>\n')


def test_a_profile_is_read_up_to_its_first_section():
    assert engine.searched_part(PROFILE) == PROFILE[:PROFILE.index("<h2")]


def test_other_pages_are_read_whole():
    play = PROFILE.replace('<h3 data-search-exclude="" id="contacts">', '<h3 id="contacts">')
    assert engine.searched_part(play) is None  # a section that is an entry of its own
    assert engine.searched_part('<h1 id="x">X</h1><p>Only a title.</p>') is None
    assert engine.searched_part('<p>No title</p><h2 data-search-exclude="">A</h2>') is None
    nested = PROFILE.replace('<h2 data-search-exclude=""', '<div><h2 data-search-exclude=""', 1)
    assert engine.searched_part(nested) is None  # cutting inside an element would change the reading


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_as_when_search_reads_every_page_whole(sample_site, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "searched_part", lambda html: None)
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

