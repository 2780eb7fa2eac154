"""Search as a reader meets it, for `make bench`: built sites served over HTTP and opened in
Debian's Chromium (Playwright), the time from typing a query to the first result, right after
a page load (Material's search builds its index in a web worker on every full load, so the
index's size is paid here), and whether that first result is the page the query is about.

    python -m tests.bench_search SITE_DIR [SITE_DIR ...]   # prints one JSON object per site
    python -m tests.bench_search --pagefind SITE_DIR ...   # the same sites searched with Pagefind

`--pagefind` measures the alternative docs/performance.md weighs against Material's search: each site is
copied to build/bench/pagefind/, indexed by Pagefind (PAGEFIND_ARGS; install it first:
`.venv/bin/pip install "pagefind[extended]==1.5.2"`, it is not in requirements.lock), and the
clock runs from the moment the query is typed, when the page imports Pagefind's script, to
the first result's data.

Each query is typed (the whole text at once, as a paste) into a freshly loaded home page, RUNS
times; the median is reported. The clock runs in the page, from just before the input event to
the moment the first result is in the list. The sites take turns, run by run, so that whatever
else the machine does at a moment weighs on every site alike: the figures are compared as
ratios. Why seven runs, not three: on this 2-core VM one run of an unchanged site varies by
about 0.1 s around 0.2-0.3 s, and medians of three runs of the same two sites gave ratios from
1.0 to 1.65 (docs/performance.md).
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
RUNS = 7

# The fixed queries: what a reader types, and how to tell the first result is the right one
# (the start of its address). The benchmark's portfolios repeat the sample vendors, so a
# person or a service is at several vendors; any of them is a right answer, a play is not.
QUERIES = [
    ("play title", "steering committee", ("playbooks/governance/steering-committee/",)),
    ("person", "Priya Raman", ("vendors/lotus-code-works",)),
    ("service", "regression testing", ("vendors/andes-quality-labs", "vendors/everest-qa-partners")),
    ("heading word", "escalation", ("playbooks/governance/escalation-path/",)),
]

_TYPE_AND_WAIT = """
(query) => new Promise((resolve, reject) => {
  const input = document.querySelector(".md-search__input");
  const list = document.querySelector(".md-search-result__list");
  if (!input || !list) { reject(new Error("no search box on the page")); return; }
  const first = () => list.querySelector(".md-search-result__item a, .md-search-result__item");
  const done = () => {
    const hit = first();
    if (!hit) return false;
    const link = hit.closest("a") || hit.querySelector("a");
    observer.disconnect();
    resolve({ms: performance.now() - started, href: link ? link.getAttribute("href") : ""});
    return true;
  };
  const observer = new MutationObserver(done);
  observer.observe(list, {childList: true, subtree: true});
  setTimeout(() => { observer.disconnect(); reject(new Error("no result within 60 s")); }, 60000);
  input.focus();
  const started = performance.now();
  input.value = query;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: query.slice(-1)}));
})
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def _serve(folder: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def relative_to_site(href: str, base: str) -> str:
    """A result's address, as a path inside the site."""
    from urllib.parse import urljoin, urlsplit

    return urlsplit(urljoin(base, href)).path.lstrip("/")


# Pagefind's index of a built site: the page's article, without the tables and charts that the
# Material index leaves out too.
PAGEFIND_ARGS = ["--root-selector", "article.md-content__inner",
                 "--exclude-selectors", ".rp-directory, .rp-heat-wrap, .rp-chart, .rp-timeline, table"]

_PAGEFIND = """
(query) => (async () => {
  const started = performance.now();
  const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI || location.href).href);
  const found = await pagefind.search(query);
  const first = found.results.length ? await found.results[0].data() : null;
  return {ms: performance.now() - started, href: first ? first.url : ""};
})()
"""


def pagefind_copies(sites: list[Path]) -> list[Path]:
    """Each site copied under build/bench/pagefind/ and indexed by Pagefind."""
    import shutil
    import subprocess

    from .bench import BENCH

    try:
        import pagefind  # noqa: F401
    except ImportError:
        raise SystemExit('Pagefind is not installed: .venv/bin/pip install "pagefind[extended]==1.5.2"') from None
    copies = []
    for site in sites:
        copy = BENCH / "pagefind" / site.name
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(site, copy)
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(copy), *PAGEFIND_ARGS], check=True,
                       capture_output=True)
        copies.append(copy)
    return copies


def measure_sites(sites: list[Path], probe: str = _TYPE_AND_WAIT) -> dict[Path, dict[str, Any]]:
    """Every query RUNS times on each of `sites`, the sites taking turns within each run.
    `probe` is the page's script that searches and times (Material's box, or _PAGEFIND)."""
    from playwright.sync_api import sync_playwright

    servers = {site: _serve(site) for site in sites}
    bases = {site: f"http://127.0.0.1:{server.server_address[1]}/" for site, server in servers.items()}
    runs: dict[tuple[Path, str], list[float]] = {}
    firsts: dict[tuple[Path, str], list[str]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for label, query, _ in QUERIES:
                for _ in range(RUNS):
                    for site in sites:
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        page = context.new_page()
                        page.goto(bases[site], wait_until="load")
                        result = page.evaluate(probe, query)
                        runs.setdefault((site, label), []).append(result["ms"] / 1000)
                        firsts.setdefault((site, label), []).append(relative_to_site(result["href"], page.url))
                        context.close()
            browser.close()
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()
    out: dict[Path, dict[str, Any]] = {}
    for site in sites:
        out[site] = {"queries": {}}
        for label, query, right in QUERIES:
            times, pages = runs[(site, label)], firsts[(site, label)]
            out[site]["queries"][label] = {
                "query": query, "seconds": statistics.median(times), "runs": [round(t, 2) for t in times],
                "first": pages[0], "right": all(f.startswith(right) for f in pages),
            }
    return out


def main() -> int:
    arguments = sys.argv[1:]
    pagefind = "--pagefind" in arguments
    sites = [Path(folder) for folder in arguments if folder != "--pagefind"]
    if pagefind:
        sites = pagefind_copies(sites)
    for site, measured in measure_sites(sites, _PAGEFIND if pagefind else _TYPE_AND_WAIT).items():
        print(json.dumps({"site": str(site), **measured}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
