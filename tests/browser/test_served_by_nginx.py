"""A vendor's own site as its staff get it from nginx with the generated configuration
(`playbooks serve-config nginx --basic`, tests/test_serve_config.py): Chromium signs in with the
vendor's password and loads pages under the Content-Security-Policy with no console error and no
policy violation, and search, checklists (ticks kept across a reload) and filters work.

The same page under a policy without `'unsafe-inline'` reports violations: the check can fail.
"""

from __future__ import annotations

import pytest

from generator.cli import serve_config

from ..test_serve_config import OWN, PARTNERS_HOST, all_groups, groups, options, served_project, vendor_path
from ..web_servers import PASSWORD, free_port, missing, start_nginx, user_for, write_htpasswd
from .checklist_page import visible_items

__all__ = ["groups", "served_project"]  # the module fixtures, shared

VIOLATIONS = """document.addEventListener('securitypolicyviolation',
    e => (window.__violations = window.__violations || []).push(e.violatedDirective + ' ' + e.blockedURI))"""


def _serve(served_project, sample_site, partner_sites, groups, folder, change=lambda text: text):
    problem = missing("nginx", "nginx")
    if problem:
        pytest.fail(problem)
    passwords = write_htpasswd(folder / "htpasswd", all_groups(groups))
    port = free_port()
    plan = serve_config.layout(served_project, options(sample_site, partner_sites, port, basic=str(passwords)))
    return start_nginx(folder / "server", change(serve_config.nginx(plan)), port)


@pytest.fixture(scope="module")
def nginx_partners(served_project, sample_site, partner_sites, groups, tmp_path_factory):
    server = _serve(served_project, sample_site, partner_sites, groups, tmp_path_factory.mktemp("nginx-browser"))
    yield server
    server.stop()


def signed_in(new_page, groups, **more):
    page = new_page(http_credentials={"username": user_for(groups.vendors[OWN]), "password": PASSWORD}, **more)
    page.add_init_script(VIOLATIONS)
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__violations || []")


def test_a_vendor_page_runs_under_the_policy_with_search_checklists_and_filters(new_page, nginx_partners, groups):
    page = signed_in(new_page, groups)
    base = f"http://{PARTNERS_HOST}:{nginx_partners.port}"
    response = page.goto(base + vendor_path(OWN, f"vendors/{OWN}/checklists/"))
    assert response is not None and response.status == 200
    assert response.headers["content-security-policy"] == serve_config.CSP
    page.wait_for_selector(".rp-tools:not([hidden])")  # our checklist script ran
    # A tick is kept across a reload.
    first = page.locator(".rp-checklist li.rp-item input.rp-box").first
    first.check()
    page.reload()
    page.wait_for_selector(".rp-tools:not([hidden])")
    assert page.locator(".rp-checklist li.rp-item input.rp-box").first.is_checked()
    # A filter narrows the list.
    everything = len(visible_items(page))
    phase = page.eval_on_selector('select[data-rp-filter="phase"]', "s => s.options[s.options.length - 1].value")
    page.select_option('select[data-rp-filter="phase"]', phase)
    page.wait_for_function(f"() => [...document.querySelectorAll('.rp-checklist li.rp-item')].filter(e => e.checkVisibility()).length < {everything}")
    assert 0 < len(visible_items(page)) < everything
    # Search (lunr in a web worker) answers.
    page.goto(base + vendor_path(OWN))
    page.click(".md-search__input")
    page.locator(".md-search__input").press_sequentially("escalation", delay=20)
    page.wait_for_function("() => !!document.querySelector('.md-search-result__item > a')", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all(f"/partners/{OWN}/" in h or not h.startswith("/") for h in hrefs), hrefs
    assert violations(page) == []


def test_without_unsafe_inline_the_policy_blocks_materials_scripts(browser, served_project, sample_site, partner_sites, groups, tmp_path):
    """The check above can fail: the same page under `script-src 'self'` reports violations (a
    plain context, as the `new_page` fixture would fail the test on the console errors they log)."""
    server = _serve(served_project, sample_site, partner_sites, groups, tmp_path,
                    lambda text: text.replace("script-src 'self' 'unsafe-inline'", "script-src 'self'"))
    context = browser.new_context(http_credentials={"username": user_for(groups.vendors[OWN]), "password": PASSWORD})
    try:
        page = context.new_page()
        page.add_init_script(VIOLATIONS)
        page.goto(f"http://{PARTNERS_HOST}:{server.port}" + vendor_path(OWN))
        page.wait_for_load_state("load")
        blocked = violations(page)
    finally:
        context.close()
        server.stop()
    assert any(v.startswith("script-src") for v in blocked), blocked
