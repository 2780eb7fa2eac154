"""The vendor directory in a real browser: sorting by any column, the filters, the view kept in
the address (a link reproduces it), the keyboard, axe, the page without JavaScript, and the
layout: no table on the directory, a profile, Upcoming or the checklists pages wider than its
box at 1280 px, at 390 px or on an A4 page, and each vendor a card on a phone.

The sample site is built once per session (tests/conftest.py) and served over HTTP.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import AXE, VENDOR
from .shared_page import _shared_page, page  # noqa: F401 - one page per module (tests/browser/shared_page.py)
from .test_checklists import run_axe

# Each visible row, in the order shown: the vendor's name and its marker's data attributes.
_ROWS = """() => Array.from(document.querySelectorAll('.rp-directory tbody tr'))
  .filter(tr => !tr.hidden)
  .map(tr => ({name: tr.querySelector('a').textContent.trim(), ...tr.querySelector('.rp-dir-row').dataset,
               text: tr.textContent}))"""


def open_directory(page, served, query: str = ""):
    page.goto(served.url + "vendors/" + query)
    page.wait_for_selector(".rp-dir-tools:not([hidden])")
    return page


def rows(page) -> list[dict]:
    return page.evaluate(_ROWS)


def view(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def heading(page, label: str):
    return page.locator(".rp-directory thead th", has=page.locator(f"button.rp-sort:text-is('{label}')"))


def test_without_javascript_every_vendor_and_no_dead_controls(new_page, served, sample_site):
    page = new_page(java_script_enabled=False)
    page.goto(served.url + "vendors/?tier=strategic&sort=name")
    assert not page.locator(".rp-dir-tools").is_visible()
    count = len(list((sample_site / "vendors").glob("*/index.html")))
    assert len(rows(page)) == count == 6
    assert page.locator(".rp-directory button").count() == 0


def test_sorting_by_a_heading_both_ways_and_in_the_address(page, served):
    open_directory(page, served)
    listed = [r["name"] for r in rows(page)]
    heading(page, "Overlap").locator("button").click()
    minutes = [int(r["overlap"]) for r in rows(page)]
    assert minutes == sorted(minutes) and len(set(minutes)) > 2
    assert heading(page, "Overlap").get_attribute("aria-sort") == "ascending"
    assert view(page) == {"sort": ["overlap"]}

    heading(page, "Overlap").locator("button").click()
    assert [int(r["overlap"]) for r in rows(page)] == sorted(minutes, reverse=True)
    assert heading(page, "Overlap").get_attribute("aria-sort") == "descending"
    assert view(page) == {"sort": ["overlap"], "dir": ["desc"]}

    heading(page, "Vendor").locator("button").click()
    names = [r["name"] for r in rows(page)]
    assert names == sorted(names, key=str.lower) and heading(page, "Overlap").get_attribute("aria-sort") is None
    heading(page, "Time zone").locator("button").click()
    offsets = [int(r["offset"]) for r in rows(page)]
    assert offsets == sorted(offsets) and offsets[0] < 0 < offsets[-1]  # west to east, not by name
    heading(page, "Tier").locator("button").click()
    assert [r["tier"] for r in rows(page)][0] == "strategic"  # by rank, not alphabetically

    page.click("[data-rp-dir-action=reset]")
    assert [r["name"] for r in rows(page)] == listed and view(page) == {}


def test_filters_narrow_the_rows_and_say_how_many(page, served):
    open_directory(page, served)
    every = rows(page)
    page.select_option("[data-rp-dir=tier]", "tactical")
    shown = rows(page)
    assert {r["tier"] for r in shown} == {"tactical"} and 0 < len(shown) < len(every)
    assert page.inner_text("[data-rp-dir-count]") == f"Showing {len(shown)} of {len(every)} vendors."

    page.select_option("[data-rp-dir=tier]", "")
    page.select_option("[data-rp-dir=status]", "onboarding")
    assert {r["status"] for r in rows(page)} == {"onboarding"}
    page.select_option("[data-rp-dir=status]", "")

    page.select_option("[data-rp-dir=service]", "quality-assurance")
    qa = rows(page)
    assert qa and all("quality-assurance" in r["services"].split() for r in qa) and len(qa) < len(every)
    page.select_option("[data-rp-dir=service]", "")

    page.select_option("[data-rp-dir=tz]", "Asia/Kolkata")
    assert [r["name"] for r in rows(page)] == ["Lotus Code Works Pvt. Ltd."]
    page.select_option("[data-rp-dir=tz]", "")

    page.check("[data-rp-dir=short]")
    short = rows(page)
    assert short and {r["short"] for r in short} == {"1"} and len(short) < len(every)
    page.uncheck("[data-rp-dir=short]")

    page.fill("[data-rp-dir=q]", "bogota")  # accents folded: the row says Bogotá
    assert [r["name"] for r in rows(page)] == ["Andes Quality Labs S.A.S."]
    page.fill("[data-rp-dir=q]", "no such vendor")
    assert rows(page) == [] and page.inner_text("[data-rp-dir-count]") == "No vendor matches these filters."
    page.fill("[data-rp-dir=q]", "")
    assert len(rows(page)) == len(every) and page.inner_text("[data-rp-dir-count]") == f"All {len(every)} vendors."


def test_an_address_reproduces_a_view(page, new_page, served):
    open_directory(page, served)
    page.select_option("[data-rp-dir=status]", "active")
    page.fill("[data-rp-dir=q]", "a")
    heading(page, "Their SPOC").locator("button").click()
    heading(page, "Their SPOC").locator("button").click()
    shared, seen = page.url, rows(page)
    assert view(page) == {"q": ["a"], "status": ["active"], "sort": ["theirs"], "dir": ["desc"]}
    assert 1 < len(seen) < 6

    other = open_directory(new_page(), served, "?" + urlsplit(shared).query)
    assert rows(other) == seen
    assert other.input_value("[data-rp-dir=status]") == "active" and other.input_value("[data-rp-dir=q]") == "a"
    assert other.input_value("[data-rp-dir-sort]") == "theirs desc"
    assert heading(other, "Their SPOC").get_attribute("aria-sort") == "descending"
    assert not other.locator("[data-rp-dir-note]").is_visible()


def test_an_address_asking_for_what_the_page_lacks_says_so(page, served):
    open_directory(page, served, "?tier=platinum&sort=shoe-size&status=active")
    note = page.locator("[data-rp-dir-note]")
    assert note.is_visible()
    assert "tier “platinum”" in note.inner_text() and "sort “shoe-size”" in note.inner_text()
    assert {r["status"] for r in rows(page)} == {"active"}  # what it does have still applies


def test_the_keyboard_alone_filters_and_sorts(page, served):
    open_directory(page, served)
    page.focus("[data-rp-dir=q]")
    page.keyboard.type("lotus")
    assert [r["name"] for r in rows(page)] == ["Lotus Code Works Pvt. Ltd."]
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    assert len(rows(page)) == 6

    # Tab order reaches every control and then the headings' sort buttons.
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.dataset.rpDir || document.activeElement.dataset.rpSort"
                                     " || (document.activeElement.matches('[data-rp-dir-sort]') ? 'menu' : '')"))
        if reached[-1] == "overlap":
            break
    assert {"tier", "status", "service", "tz", "short", "menu", "name", "overlap"} <= set(reached), reached
    page.keyboard.press("Enter")
    minutes = [int(r["overlap"]) for r in rows(page)]
    assert minutes == sorted(minutes) and view(page) == {"sort": ["overlap"]}

    page.focus("[data-rp-dir-sort]")
    page.keyboard.press("ArrowDown")  # the menu by keyboard: the next choice
    assert view(page).get("sort") and page.input_value("[data-rp-dir-sort]") != "overlap"


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_serious_problems(page, served, width):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make node-tools`")
    page.set_viewport_size({"width": width, "height": 900})
    open_directory(page, served, "?short=1&sort=tz")
    heading(page, "Tier").locator("button").focus() if width == 1280 else None
    # Scoped to the content and sidebars, as on the checklists page (Material's header and
    # footer fail checks we do not control).
    assert run_axe(page, "{ include: [['.md-main']] }") == []


def test_on_a_phone_each_vendor_is_a_card_with_name_spocs_zone_and_overlap(page, served):
    page.set_viewport_size({"width": 390, "height": 844})
    open_directory(page, served)
    cards = page.evaluate("""() => Array.from(document.querySelectorAll('.rp-directory tbody tr')).map(tr => {
        const shown = i => { const c = tr.cells[i], r = c.getBoundingClientRect();
            return getComputedStyle(c).display !== 'none' && r.width > 0 && r.height > 0 && r.right <= innerWidth; };
        return {block: getComputedStyle(tr).display, width: tr.getBoundingClientRect().width,
                name: shown(0), ours: shown(4), theirs: shown(5), tz: shown(6), overlap: shown(7),
                label: tr.cells[6].getAttribute('data-label')};
    })""")
    assert len(cards) == 6
    for card in cards:
        assert card["block"] == "block" and card["width"] <= 390, card
        assert card["name"] and card["ours"] and card["theirs"] and card["tz"] and card["overlap"], card
        assert card["label"] == "Time zone"  # each value under its column's name
    # The headings are hidden there: the sort menu sorts instead.
    page.select_option("[data-rp-dir-sort]", "overlap desc")
    minutes = [int(r["overlap"]) for r in rows(page)]
    assert minutes == sorted(minutes, reverse=True)


# --- no table wider than its box -----------------------------------------------------------------

PAGES = ["vendors/", f"vendors/{VENDOR}/", "upcoming/", f"vendors/{VENDOR}/checklists/", "checklists/"]

# Every table in the content wider than the box it sits in, or reaching past the content's
# right edge; and the document's width against the window's.
_OVERFLOW = """() => {
  const content = document.querySelector('.md-content').getBoundingClientRect();
  const wide = Array.from(document.querySelectorAll('.md-content table')).map(t => {
    const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
    return {head: Array.from(t.querySelectorAll('th')).map(th => th.textContent.trim()).join('|'),
            width: t.scrollWidth, box: box.clientWidth, right: t.getBoundingClientRect().right, edge: content.right};
  }).filter(t => t.width > t.box + 1 || t.right > t.edge + 1);
  return {tables: document.querySelectorAll('.md-content table').length, wide: wide,
          page: document.documentElement.scrollWidth, window: innerWidth};
}"""


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width, media", [(1280, "screen"), (390, "screen"), (718, "print")])  # 718 px: A4's text width
def test_no_table_scrolls_sideways(page, served, path, width, media):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served.url + path)
    page.emulate_media(media=media)
    found = page.evaluate(_OVERFLOW)
    assert found["tables"] > 0 or path.endswith("checklists/"), f"{path} has no table to check"
    assert found["wide"] == [], found
    assert found["page"] <= found["window"], found
