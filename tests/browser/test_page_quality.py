"""Every page of the internal, restricted and every vendor's own site of the sample, laid out
by Chromium at 390 px (a phone): nothing wider than the page, nothing that scrolls sideways,
no word broken mid-word in a table (tests/page_quality.py, PHONE_CHECK).

The session's browser (tests/browser/conftest.py: Debian's chromium-headless-shell, else
/usr/bin/chromium), one page reused for every address,
one script evaluated per page. The sites are the session's builds, served over HTTP by
`LayoutHandler`, which lets Chromium cache the theme's files and does not serve what only search
and instant navigation read, which keeps each load short. The vendors' own sites are checked in
tests/browser/test_page_quality_vendors.py (a file of their own, so that the two halves can run
on two test workers at once).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..page_quality import PHONE_CHECK, page_url, pages
from .conftest import LayoutHandler, _serving

PHONE = {"width": 390, "height": 844}
def laid_out_problems(browser, site: Path) -> dict[str, list[str]]:
    """Each page of `site` whose layout at 390 px has a problem, with its problems."""
    context = browser.new_context(viewport=PHONE)
    try:
        with _serving(site, LayoutHandler) as served:
            return _check_each_page(context.new_page(), served, site)
    finally:
        context.close()


def _check_each_page(page, served, site: Path) -> dict[str, list[str]]:
    checked, problems = 0, {}
    for file in pages(site):
        address = page_url(site, file)
        page.goto(served.url + address)
        checked += 1
        found = page.evaluate(PHONE_CHECK)
        if found:
            problems[address] = found
    assert checked > 40, checked
    return problems


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{address}:\n    " + "\n    ".join(found[:8]) + (f"\n    ... {len(found) - 8} more" if len(found) > 8 else "")
                     for address, found in problems.items())


@pytest.mark.parametrize("site_name", ["sample_site", "restricted_site"])
def test_every_page_fits_a_phone(request, browser, site_name):
    problems = laid_out_problems(browser, request.getfixturevalue(site_name))
    assert problems == {}, report(problems)


CHECK_SEES = [
    # a box wider than the window, with nothing to clip it
    ("<div style='width:500px'>wide</div>", "sticks out"),
    # a box whose content scrolls sideways
    ("<div style='overflow-x:auto'><div style='width:800px'>wide</div></div>", "scrolls sideways"),
    # a word broken mid-word in a table
    ("<article><table><tr><td style='width:40px;overflow-wrap:anywhere'>administrator</td></tr></table></article>",
     "a word broken across lines in a table: \"administrator\""),
]


@pytest.fixture
def phone_page(browser):
    """A page at 390 px in the browser the layout checks run in (the check is proven where it runs)."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("html, expected", CHECK_SEES, ids=["wide", "scrolls", "broken word"])
def test_the_phone_check_sees_each_slip(phone_page, html, expected):
    page = phone_page
    page.set_content(f"<!doctype html><html><body style='margin:0'>{html}</body></html>")
    assert any(expected in problem for problem in page.evaluate(PHONE_CHECK)), page.evaluate(PHONE_CHECK)


def test_the_phone_check_passes_what_fits(phone_page):
    page = phone_page
    page.set_content("<!doctype html><html><body style='margin:0'><article><table><tr><td>lea.fischer@everest.example</td>"
                     "<td>A short cell</td></tr></table><div style='overflow:hidden;width:100px'><div style='width:900px'>cut"
                     "</div></div></article></body></html>")
    assert page.evaluate(PHONE_CHECK) == []


def test_the_phone_check_sees_a_slip_on_a_real_page(phone_page, served):
    # A page of the site as the layout check loads it, with its tables kept from wrapping.
    page = phone_page
    page.goto(served.url + "vendors/everest-qa-partners/")
    assert page.evaluate(PHONE_CHECK) == []
    page.add_style_tag(content="article table { table-layout: auto !important; } article td, article th { white-space: nowrap !important; }")
    assert any("scrolls sideways" in problem or "sticks out" in problem for problem in page.evaluate(PHONE_CHECK))


# --- print ------------------------------------------------------------------------------------------


AFTER = "el => getComputedStyle(el, '::after').content"


def test_in_print_a_link_leaving_the_site_shows_its_address_and_the_sites_own_do_not(page, served):
    page.goto(served.url + "vendors/everest-qa-partners/")
    page.emulate_media(media="print")
    outside = page.locator("article a[href='https://everest-qapartners.example']").first
    assert "everest-qapartners.example" in outside.evaluate(AFTER)
    own = page.locator("article a[href*='playbooks/']:not(.md-content__button)").first  # made absolute by instant navigation
    assert own.evaluate("a => a.host") == page.evaluate("location.host")
    assert own.evaluate(AFTER) in ("none", "normal", "")


def test_in_print_a_glossary_term_stays_with_its_definition(page, served):
    page.goto(served.url + "glossary/")
    page.emulate_media(media="print")
    assert page.locator("article dt").first.evaluate("el => getComputedStyle(el).breakAfter") == "avoid"
    assert page.locator("article dd").first.evaluate("el => getComputedStyle(el).breakInside") == "avoid"
