"""Search as a reader uses it, in Chromium, on the sample site built by MkDocs (Material's
search box) and by Zensical (its search dialog): the fixed queries of `make bench`
(tests/bench_search.py: a play, a person, a service, a heading word) each find the page they
are about first; a vendor comes up once, never section by section; and the notes at the top
of a profile are not what finds it.

Both sites are built once per session (tests/conftest.py) and served over HTTP.
"""

from __future__ import annotations

from typing import Callable
import pytest

from ..bench_search import _TYPE_AND_WAIT, QUERIES, relative_to_site

Search = Callable[[str, bool], list[str]]  # (query, expect results) -> the results' pages, in order


def _pages(page, hrefs: list[str]) -> list[str]:
    return [relative_to_site(href, page.url) for href in hrefs]


def material(page, served, probe: str = "Rojas") -> Search:
    def run(query: str, found: bool = True) -> list[str]:
        page.goto(served.url)
        page.evaluate(_TYPE_AND_WAIT, probe)  # the index is built once a known word (of this site) finds something
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
    def run(query: str, found: bool = True) -> list[str]:
        page.goto(served.url)
        page.click(".md-search__button")
        page.locator("input[aria-label='Search']").fill(query)  # the dialog lives in a shadow root; locators reach it
        results = page.locator("[id$='-results'] a")
        if found:
            results.first.wait_for()
        page.wait_for_timeout(400)
        return _pages(page, [results.nth(i).get_attribute("href") or "" for i in range(results.count())])
    return run


@pytest.fixture(params=["mkdocs", "zensical"])
def search(request, page) -> Search:
    if request.param == "mkdocs":
        return material(page, request.getfixturevalue("served"))
    return zensical(page, request.getfixturevalue("served_zensical"))


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
