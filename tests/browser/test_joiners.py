"""A joiner's own first weeks in a real browser (issue 24): ticks are kept per joiner, apart
from the role's page and from every other joiner's; the page reads on a phone.

The vendor-facing site of the sample's onboarding testing partner is built once per session
(tests/conftest.py, `vendor_site`) and served over HTTP; each test gets a fresh context.
"""

from __future__ import annotations

from ..conftest import STAFF_VENDOR
from .test_vendor_staff import BASE, OVERFLOW, goto

FIRST, SECOND = "bishal-adhikari", "dipika-lama"  # both start on 7 December, same role, nothing recorded as done for them


def items(page) -> list[dict]:
    return page.eval_on_selector_all(
        ".rp-path li.rp-item",
        "els => els.map(e => ({play: e.dataset.rpPlay, item: e.dataset.rpItem, due: e.dataset.rpDue || '',"
        " checked: e.querySelector('input.rp-box').checked}))")


def test_ticks_on_one_joiners_page_do_not_show_on_anothers(page, served_vendor):
    goto(page, served_vendor, f"{BASE}joiners/{FIRST}/")
    first = items(page)
    assert len(first) >= 12 and not any(i["checked"] for i in first)
    assert all(i["due"] for i in first[:10])  # dated (what recurs, last, has no date)
    one = first[0]
    selector = f'.rp-path li[data-rp-item="{one["item"]}"][data-rp-play="{one["play"]}"] input.rp-box'
    page.check(selector)
    assert page.inner_text(".rp-path .rp-count") == f"1 of {len(first)} done"

    # Kept for this joiner: there after a reload ...
    goto(page, served_vendor, f"{BASE}joiners/{FIRST}/")
    assert page.is_checked(selector)
    # ... and not on the other joiner's page, nor on the role's page, nor on the checklists page.
    goto(page, served_vendor, f"{BASE}joiners/{SECOND}/")
    assert not any(i["checked"] for i in items(page))
    goto(page, served_vendor, f"{BASE}start/new-joiner/")
    assert not any(i["checked"] for i in items(page))
    keys = [k for k in page.evaluate("() => Object.keys(localStorage)") if k.startswith("rp:")]
    assert keys == [f"rp:v1:northwind-{STAFF_VENDOR}:{STAFF_VENDOR}%2F{FIRST}:{one['play']}:{one['item']}"], keys


def test_a_joiners_page_does_not_scroll_sideways_on_a_phone(new_page, served_vendor):
    page = new_page(viewport={"width": 390, "height": 844})
    goto(page, served_vendor, f"{BASE}joiners/{FIRST}/")
    assert page.locator("article table").count() >= 1
    assert page.evaluate(OVERFLOW) == []
