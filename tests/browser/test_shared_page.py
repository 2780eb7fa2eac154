"""The module-wide page of tests/browser/shared_page.py starts every test as a new page would:
what one test leaves behind (storage on two sites, cookies, a permission, a phone's width, print media, a
dark scheme, an open document) is gone in the next. The two tests run in this order."""

from __future__ import annotations

from .shared_page import VIEWPORT, _shared_page, page  # noqa: F401 - the fixtures

STATE = """() => ({local: localStorage.getItem('left'), session: sessionStorage.getItem('left'), cookie: document.cookie,
                  print: matchMedia('print').matches, dark: matchMedia('(prefers-color-scheme: dark)').matches,
                  width: innerWidth})"""
CLIPBOARD = "() => navigator.permissions.query({name: 'clipboard-read'}).then(p => p.state)"


def test_a_test_leaves_state_behind(page, served, served_vendor):  # noqa: F811
    for site in (served_vendor, served):
        page.goto(site.url)
        page.evaluate("() => { localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1');"
                      " document.cookie = 'left=1; path=/'; }")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(media="print", color_scheme="dark")
    state = page.evaluate(STATE)
    assert page.evaluate(CLIPBOARD) == "granted"
    assert state["local"] and state["session"] and state["cookie"] and state["print"] and state["dark"]
    assert state["width"] == 390


def test_the_next_test_finds_none_of_it(page, served, served_vendor):  # noqa: F811
    assert page.url == "about:blank"
    light = page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
    for site in (served_vendor, served):
        page.goto(site.url)
        state = page.evaluate(STATE)
        assert state == {"local": None, "session": None, "cookie": "", "print": False, "dark": light,
                         "width": VIEWPORT["width"]}, (site.url, state)
        assert page.evaluate(CLIPBOARD) != "granted"
