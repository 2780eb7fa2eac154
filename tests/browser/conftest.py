"""Browser fixtures: the sample site built once, served over HTTP, one Chromium per session.

Chromium is Debian's (its headless build /usr/bin/chromium-headless-shell when installed, else
/usr/bin/chromium; `make browser` installs both),
driven by Playwright's Python API; Playwright's own browser download is never used. A test that
asks for `new_page` gets a fresh browser context (localStorage and sessionStorage empty); a module
that imports `page` from tests/browser/shared_page.py shares one page, put back between tests to
what a fresh context's page holds (a new context costs a renderer process). Either way the page
fails the test on any console error or uncaught exception.
"""

from __future__ import annotations

import re
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
# Debian's headless build of the same Chromium release (package chromium-headless-shell, installed
# by `make browser`; the build Playwright itself runs headless): the same Blink, without the full
# browser's window machinery. The same tests spent 25-45% less CPU in it (72 -> 54 CPU-s for
# test_relationship.py, 99 -> 54 for test_zensical_pages.py, 147 -> 106 for the vendors' layout
# check). Every browser test runs in it; where it is not installed, in /usr/bin/chromium.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
AXE = Path(__file__).resolve().parents[1] / "tools" / "node_modules" / "axe-core" / "axe.min.js"


class _Handler(SimpleHTTPRequestHandler):
    """Serves whatever folder the server's `root` points at now (tests swap it for rebuilds)."""

    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=str(server.root))

    def do_GET(self) -> None:
        # Material's instant navigation only takes over links whose address is in sitemap.xml,
        # and it matches the sitemap's addresses (made from site_url) by scheme and host name
        # but not by port. Served on a random port, the site would fall back to full page
        # loads; so the sitemap is served as if site_url were this server, as in production.
        if self.path.split("?")[0].endswith("/sitemap.xml"):
            file = Path(self.translate_path(self.path))
            if file.is_file():
                host, port = self.server.server_address[:2]
                body = re.sub(rb"<loc>https?://[^/<]+/", f"<loc>http://{host}:{port}/".encode(), file.read_bytes())
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a rebuilt site is never served from cache
        super().end_headers()

    def log_message(self, format, *args) -> None:  # noqa: A002 - keep test output quiet
        pass


class LayoutHandler(_Handler):
    """For the layout checks, which load every page of a site (tests/browser/test_page_quality*.py):
    the theme's files may be cached, so Chromium fetches and compiles the stylesheets and scripts
    once rather than on every page, and what only search and instant navigation read (the search
    index, the search worker, sitemap.xml) is not served: none of it shapes the page's layout.
    (A blocking `route` would do the second, but routing turns Chromium's cache off.)"""

    NOT_SERVED = re.compile(r"/(?:search/search_index\.json|sitemap\.xml(?:\.gz)?|assets/javascripts/workers/search\.[0-9a-f]+\.min\.js)$")

    def do_GET(self) -> None:
        if self.NOT_SERVED.search(self.path.split("?")[0]):
            self.send_error(404)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        SimpleHTTPRequestHandler.end_headers(self)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    root: Path


class Served:
    """The running server: its base URL, and the folder it serves (settable)."""

    def __init__(self, server: _Server):
        self._server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}/"
        self.default_root = server.root

    @property
    def root(self) -> Path:
        return self._server.root

    @root.setter
    def root(self, folder: Path) -> None:
        self._server.root = folder


def _serve(folder: Path, handler: type[SimpleHTTPRequestHandler] = _Handler):
    server = _Server(("127.0.0.1", 0), handler)
    server.root = folder
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    return server


@contextmanager
def _serving(folder: Path, handler: type[SimpleHTTPRequestHandler] = _Handler) -> Iterator[Served]:
    """`folder` served over HTTP while the block runs (a session fixture's lifetime)."""
    server = _serve(folder, handler)
    try:
        yield Served(server)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served(sample_site) -> Served:
    with _serving(sample_site) as served:
        yield served


@pytest.fixture(scope="session")
def served_partners(partner_sites) -> Served:
    """Every sample vendor's own site (`build --all-vendors`, tests/conftest.py), served as <url>/<slug>/."""
    with _serving(partner_sites) as served:
        yield served


@pytest.fixture(scope="session")
def served_restricted(restricted_site) -> Served:
    """The restricted sample site (tests/conftest.py), served like the internal one."""
    with _serving(restricted_site) as served:
        yield served


@pytest.fixture(scope="session")
def served_zensical(zensical_site) -> Served:
    """The internal sample site built by Zensical (tests/conftest.py), served like the MkDocs one."""
    with _serving(zensical_site) as served:
        yield served


@pytest.fixture(scope="session")
def served_vendor_zensical(vendor_zensical_site) -> Served:
    """STAFF_VENDOR's own site built by Zensical, served like the MkDocs one."""
    with _serving(vendor_zensical_site) as served:
        yield served


@pytest.fixture(scope="session")
def served_vendor(vendor_site) -> Served:
    """The vendor-facing site of tests/conftest.py's STAFF_VENDOR, served like the sample site."""
    with _serving(vendor_site) as served:
        yield served


@pytest.fixture(scope="session")
def _playwright():
    """One Playwright driver per session (a second sync_playwright in the same thread refuses to
    start)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(_playwright):
    """Debian's chromium-headless-shell when installed (the same Blink, less CPU), else
    /usr/bin/chromium: every browser test of the session runs in it."""
    executable = HEADLESS_SHELL if Path(HEADLESS_SHELL).is_file() else CHROMIUM
    if not Path(executable).exists() or shutil.which(executable) is None:
        pytest.fail(f"{executable} is missing: run `make browser` (installs Debian's chromium)")
    browser = _playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class Console:
    """Console errors and uncaught exceptions of one page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console.error: {message.text} ({message.location.get('url', '')})")


VIEWPORT = {"width": 1280, "height": 900}  # a laptop's window, unless a test asks for another


def fresh_context(browser, **options):
    """A browser context as every test's page has it (options as for browser.new_context; the
    viewport VIEWPORT unless given). Its timeouts are for waiting only: a page that loads, or an
    element that appears, passes the same whether it takes 1 s or 20; a loaded machine (a CI
    runner, two cores shared with builds) took more than 5 s to load a page in 2 of 20 runs,
    which failed tests that were right."""
    options.setdefault("viewport", VIEWPORT)
    context = browser.new_context(**options)
    context.set_default_timeout(20_000)
    context.set_default_navigation_timeout(30_000)
    return context


@pytest.fixture
def new_page(browser):
    """Factory: a page in a fresh context (options as for browser.new_context); every page it
    made must have logged no console error and thrown no uncaught exception by the test's end."""
    made: list[tuple[object, Console]] = []

    def make(**options):
        context = fresh_context(browser, **options)
        page = context.new_page()
        made.append((context, Console(page)))
        return page

    yield make
    errors = [error for _, console in made for error in console.errors]
    for context, _ in made:
        context.close()
    assert errors == [], f"pages logged errors: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()


VENDOR = "lotus-code-works"  # the sample vendor every play applies to


def checklist_url(served: Served, slug: str = VENDOR) -> str:
    return served.url + f"vendors/{slug}/checklists/"


def open_checklists(page, served: Served, slug: str = VENDOR):
    """Open a vendor's checklists page and wait until its script has set it up."""
    page.goto(checklist_url(served, slug))
    page.wait_for_selector(".rp-tools:not([hidden])")
    return page
