"""Search as a reader uses it, in Chromium, on the sample site built by MkDocs (Material's
search box) and by Zensical (its search dialog): the fixed queries of `make bench`
(tests/bench_search.py: a play, a person, a service, a heading word) each find the page they
are about first; a vendor comes up once, never section by section; and the notes at the top
of a profile are not what finds it.

Both sites are built once per session (tests/conftest.py) and served over HTTP.
"""

from __future__ import annotations

from typing import Callable, Iterator
import pytest

from ..bench_search import _TYPE_AND_WAIT, QUERIES, relative_to_site
from .conftest import Console, fresh_context

Search = Callable[[str, bool], list[str]]  # (query, expect results) -> the results' pages, in order


def _pages(page, hrefs: list[str]) -> list[str]:
    return [relative_to_site(href, page.url) for href in hrefs]


def material(page, served, probe: str = "Rojas") -> Search:
    """Searches on `served`'s home page in `page`: loaded, and its index built, at the first query
    (or when the page is elsewhere); the next queries are typed into the same box, as a reader
    searching again would, once the previous query's results are gone."""
    def run(query: str, found: bool = True) -> list[str]:
        if page.url != served.url:
            page.goto(served.url)
            page.evaluate(_TYPE_AND_WAIT, probe)  # the index is built once a known word (of this site) finds something
        page.fill(".md-search__input", "")
        page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
        page.fill(".md-search__input", query)
        page.press(".md-search__input", "End")  # Material searches when a key goes up
        if found:
            # results for this query (Material adds its words to each link, to highlight them)
            page.wait_for_function("w => Array.from(document.querySelectorAll('.md-search-result__item a'))"
                                   ".some(a => a.href.includes('h=' + w))", arg=query.replace("-", " ").split()[0].lower())
        page.wait_for_timeout(400)  # the rest of the list
        return _pages(page, page.eval_on_selector_all(".md-search-result__item > a", "as => as.map(a => a.getAttribute('href'))"))
    return run


def zensical(page, served) -> Search:
    """Searches in Zensical's dialog on `served`'s home page in `page`, opened at the first query
    (or when the page is elsewhere) and kept open for the next ones, as for `material`."""
    def run(query: str, found: bool = True) -> list[str]:
        box = page.locator("input[aria-label='Search']")  # the dialog lives in a shadow root; locators reach it
        results = page.locator("[id$='-results'] a")
        if page.url != served.url:
            page.goto(served.url)
            page.click(".md-search__button")
        else:
            box.fill("")
            results.first.wait_for(state="detached")
        box.fill(query)
        if found:
            results.first.wait_for()
        page.wait_for_timeout(400)
        return _pages(page, [results.nth(i).get_attribute("href") or "" for i in range(results.count())])
    return run


class SitePages:
    """One page per site for a module's searches, kept open from test to test: a reader who keeps
    the site open and searches again. Only search runs on them (nothing is stored)."""

    def __init__(self, browser) -> None:
        self.context = fresh_context(browser)
        self.pages: dict[str, object] = {}
        self.consoles: list[Console] = []

    def page(self, served):
        if served.url not in self.pages:
            page = self.context.new_page()
            self.consoles.append(Console(page))
            self.pages[served.url] = page
        return self.pages[served.url]

    def errors(self) -> list[str]:
        """The console errors and uncaught exceptions logged since the last call."""
        errors = [error for console in self.consoles for error in console.errors]
        for console in self.consoles:
            console.errors.clear()
        return errors


@pytest.fixture(scope="module")
def _site_pages(browser) -> Iterator[SitePages]:
    pages = SitePages(browser)
    yield pages
    pages.context.close()


@pytest.fixture
def site_page(_site_pages: SitePages):
    """Factory: the module's page for a served site; the test fails on console errors of its own."""
    yield _site_pages.page
    errors = _site_pages.errors()
    assert errors == [], f"pages logged errors: {errors}"


@pytest.fixture(params=["mkdocs", "zensical"])
def search(request, site_page) -> Search:
    if request.param == "mkdocs":
        served = request.getfixturevalue("served")
        return material(site_page(served), served)
    served = request.getfixturevalue("served_zensical")
    return zensical(site_page(served), served)


@pytest.mark.parametrize("label, query, right", QUERIES, ids=[q[0] for q in QUERIES])
def test_the_first_result_is_the_page_the_query_is_about(search, label, query, right):
    shown = search(query, True)
    assert shown and shown[0].startswith(right), (query, shown[:3])


def test_a_vendor_is_one_result_found_by_a_person(search):
    shown = search("Priya Raman", True)
    vendors = [p for p in shown if p.startswith("vendors/")]
    assert vendors == ["vendors/lotus-code-works/"], shown  # once: no section of the profile, no checklists page


def test_a_note_on_a_profile_does_not_find_the_vendor(search):
    # Andes' profile opens with "Overdue actions" (and a vendor's profile may open with "Notice
    # deadline passed without a decision"); plays about them may come up, the vendor must not
    # (its entry is its terms).
    shown = search("deadline passed overdue", False)
    assert not [p for p in shown if p.startswith("vendors/")], shown


def test_vendor_staff_find_their_contact_on_a_phone(new_page, served_vendor):
    """On a vendor's own site, at 390 px, the search button opens the search overlay and a
    contact's name finds the vendor's page first; other vendors are not in that site at all."""
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(served_vendor.url)
    page.click("label[for='__search']")  # the magnifier in the header; the box is hidden until then
    box = page.locator(".md-search__input")
    box.wait_for(state="visible")
    box.fill("Bibek Thapa")
    page.press(".md-search__input", "End")
    page.wait_for_function("() => !!document.querySelector('.md-search-result__item > a')", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "as => as.map(a => a.getAttribute('href'))")
    shown = [relative_to_site(h, page.url) for h in hrefs]
    assert shown[0] == "vendors/everest-qa-partners/", shown
    assert page.locator(".md-search-result__item").first.is_visible()
    box.fill("Priya Raman")  # Lotus Code Works' contact: another vendor's, so not on this site
    page.press(".md-search__input", "End")
    page.wait_for_timeout(600)
    assert page.locator(".md-search-result__item").count() == 0
