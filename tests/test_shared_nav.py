"""The navigation rendered once for the pages that are not in it (generator/website/shared_nav.py):
the sites are the same bytes as when every page renders its own, the navigation of the pages not
in it is rendered a handful of times, and two pages share it only when every link in it comes out
the same from both."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import pipeline
from generator.website import shared_nav

from .conftest import STAFF_VENDOR, copy_project
from .test_incremental_pages import files_of


@pytest.fixture()
def own_navigation(monkeypatch):
    """Every page renders its navigation itself (the plugin does nothing)."""
    from mkdocs.plugins import BasePlugin

    monkeypatch.setattr(shared_nav, "plugin", lambda: BasePlugin())


@pytest.mark.parametrize("vendor", [None, STAFF_VENDOR], ids=["internal", "vendor-facing"])
def test_the_sites_are_the_same_as_when_every_page_renders_its_navigation(vendor, sample_site, vendor_site,
                                                                         tmp_path, own_navigation):
    project = copy_project(tmp_path / "project")
    pipeline.build(project, site_dir=project / "site", vendor=vendor)
    assert files_of(project / "site") == files_of(vendor_site if vendor else sample_site)


def test_the_navigation_of_pages_not_in_it_is_rendered_a_few_times(tmp_path, monkeypatch):
    """The sample's 80 pages: each page in the navigation renders its own; the others, one for
    each place their links come out differently from."""
    rendered: list[str] = []
    real = shared_nav._Shared.root_render_func

    def counted(self, context):  # type: ignore[no-untyped-def]
        rendered.append(str(getattr(context.get("page"), "url", "")))
        return real(self, context)

    made: list[dict[tuple[object, ...], str]] = []
    init = shared_nav._Shared.__init__

    def keep(self, template, shared, places):  # type: ignore[no-untyped-def]
        made.append(shared)
        init(self, template, shared, places)

    monkeypatch.setattr(shared_nav._Shared, "root_render_func", counted)
    monkeypatch.setattr(shared_nav._Shared, "__init__", keep)
    project = copy_project(tmp_path / "project")
    pipeline.build(project, site_dir=project / "site")
    vendors = [url for url in rendered if url.startswith("vendors/") and url.count("/") > 1]
    assert len(vendors) > 20
    assert made and 0 < len(made[-1]) <= 6, sorted(made[-1])


def places(*addresses: str) -> shared_nav.Places:
    pages = [SimpleNamespace(url=address) for address in addresses]
    nav = SimpleNamespace(items=pages, pages=pages, homepage=pages[0])
    config = SimpleNamespace(extra={}, theme={})
    return shared_nav.Places(nav, config)


def page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url, parent=None)


def test_pages_share_the_navigation_only_where_every_link_comes_out_the_same():
    found = places("", "playbooks/", "playbooks/governance/", "playbooks/governance/steering/", "vendors/")
    # two vendors' profiles, and two vendors' checklists: the same links from each pair
    assert found.key(page("vendors/acme/")) == found.key(page("vendors/lotus/"))
    assert found.key(page("vendors/acme/checklists/")) == found.key(page("vendors/lotus/checklists/"))
    # as deep, but where links do not come out the same: "../" against "../../vendors/" for vendors/
    assert found.key(page("vendors/acme/")) != found.key(page("people/ann/"))
    assert found.key(page("playbooks/governance/extra/")) != found.key(page("playbooks/communication/extra/"))
    assert found.key(page("vendors/acme/")) != found.key(page("vendors/acme/checklists/"))
    # a file address: its folder is what links are relative to
    assert found.key(page("vendors/acme.html")) == found.key(page("vendors/lotus.html"))
    # a page in a section of the navigation renders its own
    assert found.key(SimpleNamespace(url="vendors/acme/", parent=SimpleNamespace())) is None


def test_a_link_that_climbs_out_of_its_folder_turns_the_sharing_off():
    assert places("", "../elsewhere/").key(page("vendors/acme/")) is None


def test_a_page_in_the_navigation_renders_its_own():
    pages = [SimpleNamespace(url=""), SimpleNamespace(url="vendors/acme/", parent=None)]
    found = shared_nav.Places(SimpleNamespace(items=pages, pages=pages, homepage=pages[0]),
                              SimpleNamespace(extra={}, theme={}))
    assert found.key(pages[1]) is None
    assert found.key(page("vendors/lotus/")) is not None


def test_keys_match_mkdocs_relative_links():
    """Every pair of pages with one key gets the same relative form of every link (MkDocs' own
    get_relative_url), over a grid of addresses."""
    from mkdocs.utils import get_relative_url

    links = ["", "playbooks/", "playbooks/governance/", "playbooks/governance/steering/", "vendors/", "people/",
             "assets/logo.svg"]
    found = places(*links)
    pages = [f"{a}/{b}/" for a in ("vendors", "people", "playbooks", "x") for b in ("acme", "governance", "people", "y")]
    pages += [f"{p}{c}/" for p in pages for c in ("checklists", "steering")] + ["vendors/acme.html", "x.html", "y/z.html"]
    by_key: dict[object, list[str]] = {}
    for url in pages:
        by_key.setdefault(found.key(page(url)), []).append(url)
    assert len(by_key) < len(pages)
    for same in by_key.values():
        assert len({tuple(get_relative_url(link, url) for link in links) for url in same}) == 1, same


def test_every_page_of_every_audience_still_shows_its_navigation(sample_site):
    profile = (sample_site / "vendors" / "lotus-code-works" / "index.html").read_text("utf-8")
    assert 'class="md-nav md-nav--primary"' in profile and 'href="../../playbooks/"' in profile
    assert Path(sample_site / "index.html").read_text("utf-8").count('class="md-nav md-nav--primary"') == 1
