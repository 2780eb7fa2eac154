"""One browser page per test module, as fresh for each test as a new context would be.

A test module imports `page` and `_shared_page` from here (`from .shared_page import _shared_page, page`) to replace
conftest's per-test page: a new browser context costs Chromium a new renderer process
(about 0.4 s of CPU here, as much as loading the checklists page), and most tests only need a
page that starts empty. Between tests the page is put back as a new one would be: every
origin it visited has its localStorage and sessionStorage emptied, its cookies, viewport and
emulated media are the defaults again, permissions granted are taken back, and it rests on about:blank, so the next test's first
`goto` is a full page load. Every test still fails on a console error or an uncaught
exception of its own. Tests that need other context options (no JavaScript, a colour scheme,
a phone, clipboard permissions) keep using `new_page`.
"""

from __future__ import annotations

from typing import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Frame, Page

from .conftest import VIEWPORT, Console, fresh_context

# A path no site has, answered by the page itself with an empty document (no request reaches the
# server, no favicon is asked for): enough to reach that origin's storage.
_NOWHERE = "/rp-test-reset-storage"
_EMPTY = '<!doctype html><title>reset</title><link rel="icon" href="data:,">'


class SharedPage:
    """The module's page, its console, and the origins it visited since the last reset."""

    def __init__(self, browser: Browser) -> None:
        self.context = fresh_context(browser)  # type: ignore[no-untyped-call]  # conftest's, untyped
        self.page = self.context.new_page()
        self.console = Console(self.page)  # type: ignore[no-untyped-call]  # conftest's, untyped
        self.origins: set[str] = set()
        self.page.on("framenavigated", self._visited)

    def _visited(self, frame: Frame) -> None:
        parts = urlsplit(frame.url)
        if parts.scheme in ("http", "https"):
            self.origins.add(f"{parts.scheme}://{parts.netloc}")

    def reset(self) -> None:
        """Storage, cookies, permissions, viewport, media and document as a new context's page has them."""
        page = self.page
        page.unroute_all(behavior="ignoreErrors")
        if self.origins:
            page.route(f"**{_NOWHERE}", lambda route: route.fulfill(status=200, content_type="text/html", body=_EMPTY))
            for origin in sorted(self.origins):
                page.goto(origin + _NOWHERE)
                page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            page.unroute_all(behavior="wait")
            self.origins.clear()
        page.goto("about:blank")
        self.context.clear_cookies()
        self.context.clear_permissions()
        page.set_viewport_size(VIEWPORT)
        page.emulate_media(media="null", color_scheme="null")
        self.console.errors.clear()


@pytest.fixture(scope="module")
def _shared_page(browser: Browser) -> Iterator[SharedPage]:
    shared = SharedPage(browser)
    yield shared
    shared.context.close()


@pytest.fixture
def page(_shared_page: SharedPage) -> Iterator[Page]:
    """The module's page, empty as a new one; the test fails on its console errors."""
    yield _shared_page.page
    errors = list(_shared_page.console.errors)
    _shared_page.reset()
    assert errors == [], f"the page logged errors: {errors}"
