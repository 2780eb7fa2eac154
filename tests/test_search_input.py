"""The search plugin reads only what it keeps of a one-entry page (engine.searched_part): a
vendor profile up to its first section. The site, search index included, is the same bytes as
when the plugin reads every page whole."""

from __future__ import annotations

from pathlib import Path

from generator import engine, pipeline

from .conftest import copy_project

PROFILE = ('<h1 id="acme">Acme</h1>\n<p>Summary.</p>\n<p class="rp-search-terms" hidden>People: A.</p>\n'
           '<div class="rp-notes" data-search-exclude="">\n<div class="admonition"><p>Note</p></div>\n</div>\n'
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
