"""Search as each audience uses it, in Chromium (issue 27): a vendor's staff find their own
vendor's tools, holidays, escalation path and people on their site, the internal site's
readers find a play by a word's other form and a vendor by one of its measures, and a query
typed at the page's load event is not lost.

The sites are the session's builds (tests/conftest.py): the internal sample site and
STAFF_VENDOR's own site, by MkDocs (Material's search, with generator/assets/search.js) and
by Zensical (its own search: what it finds is said per query below).
"""

from __future__ import annotations

import pytest

from ..conftest import STAFF_VENDOR
from ..bench_search import _TYPE_AND_WAIT
from .shared_page import _shared_page, page  # noqa: F401 - one page per module (tests/browser/shared_page.py)
from .test_search import _site_pages, material, site_page, zensical  # noqa: F401 - the fixtures

PROFILE = f"vendors/{STAFF_VENDOR}/"
PROBE = "Thapa"  # Everest's single point of contact: a word its site finds once the index is built

# A vendor's staff's queries on their own site, and the page that must come first: the vendor's
# own profile (its sections: tools and channels, holidays, escalation path, contacts).
VENDOR_QUERIES = [
    ("Slack", PROFILE),  # a chat tool of the communication section
    ("Jira", PROFILE),
    ("Confluence", PROFILE),
    ("Christmas", PROFILE),  # a holiday of the holidays section
    ("holiday", PROFILE),  # the section, above the plays about holidays
    ("escalation", PROFILE),  # the vendor's own escalation path, above the play on escalating
    ("Lea Fischer", PROFILE),  # a person's full name, above words starting with "lea"
]
INTERNAL_QUERIES = [
    ("penalty", "playbooks/performance/incentives-and-penalties/"),  # stemmed: the play says "penalties"
    ("crash-free", "vendors/lotus-code-works/"),  # a measure's name ("Crash-free sessions") finds its vendor
]


@pytest.mark.parametrize("query, first", VENDOR_QUERIES, ids=[q for q, _ in VENDOR_QUERIES])
def test_vendor_staff_find_their_own_things_first(site_page, served_vendor, query, first):
    shown = material(site_page(served_vendor), served_vendor, PROBE)(query, True)
    assert shown and shown[0] == first, (query, shown[:4])


def test_the_section_a_query_is_about_is_listed_under_the_profile(site_page, served_vendor):
    page = site_page(served_vendor)
    material(page, served_vendor, PROBE)("Christmas", True)
    sections = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.getAttribute('href'))")
    assert any("#holidays" in href for href in sections), sections


def test_a_word_the_site_only_has_in_another_form_is_found_on_a_vendor_site(site_page, served_vendor):
    # Everest's site mentions penalties only in the sources' summaries: "penalty" finds them.
    assert material(site_page(served_vendor), served_vendor, PROBE)("penalty", True)


@pytest.mark.parametrize("query, first", INTERNAL_QUERIES, ids=[q for q, _ in INTERNAL_QUERIES])
def test_the_internal_site_finds_by_stem_and_by_measure(site_page, served, query, first):
    shown = material(site_page(served), served)(query, True)
    assert shown and shown[0] == first, (query, shown[:4])


def test_text_set_without_a_key_is_searched(page, served):
    """Material searches when a key goes up, on focus and when its index is ready; text that
    arrives otherwise (filled in, pasted with the mouse, dictated) was never searched: the
    list kept the previous query's results. This is what lost a query filled in at the load
    event (below) whenever the index was ready first; here it is made certain."""
    page.goto(served.url)
    page.evaluate(_TYPE_AND_WAIT, "Rojas")  # the index is ready, the box has focus
    page.fill(".md-search__input", "Priya Raman")  # an input event, no key
    page.wait_for_function("() => Array.from(document.querySelectorAll('.md-search-result__item a'))"
                           ".some(a => a.href.includes('h=priya'))", timeout=8000)


LOADS = 10


def test_a_query_typed_at_the_load_event_is_not_lost(browser, served):
    """Filled in (no key going up) as the page's load event fires, LOADS times in one browser
    context: every load shows results. (Material alone left "Type to start searching" in 4
    loads in 20 of the sample served with caching, when its index was ready before the text
    arrived; served without caching, as here, the index is rarely ready that soon, and the
    test above makes that case certain.)"""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    lost, errors = [], []
    try:
        page = context.new_page()  # each goto is a whole new load of the page
        page.on("pageerror", lambda error: errors.append(str(error)))
        for load in range(LOADS):
            page.goto(served.url, wait_until="load")
            page.fill(".md-search__input", "Rojas")
            try:
                page.wait_for_selector(".md-search-result__item", timeout=8000)
            except Exception:  # noqa: BLE001 - Playwright's TimeoutError: count it
                lost.append((load, page.inner_text(".md-search-result__meta")))
    finally:
        context.close()
    assert lost == [] and errors == [], (lost, errors)


# --- Zensical: its own search (not lunr: no stemmer option, and Material's plugins and
# assets/search.js do not apply), on the same sites. It finds a vendor's tools, holidays and
# people on the vendor's own site (a full name finds one of the vendor's own pages first, the
# role page listing that person or the profile), and a vendor by a measure's name; it does not
# stem, so "penalty" does not find "penalties" there.


ZENSICAL_VENDOR = ["Slack", "Jira", "Confluence", "Christmas", "holiday", "escalation", "Lea Fischer"]


@pytest.mark.parametrize("query", ZENSICAL_VENDOR)
def test_zensical_finds_a_vendors_own_things_first(site_page, served_vendor_zensical, query):
    shown = zensical(site_page(served_vendor_zensical), served_vendor_zensical)(query, True)
    assert shown and shown[0].startswith(PROFILE), (query, shown[:4])


def test_zensical_finds_a_vendor_by_a_measure(site_page, served_zensical):
    shown = zensical(site_page(served_zensical), served_zensical)("crash-free", True)
    assert shown and shown[0] == "vendors/lotus-code-works/", shown[:4]
