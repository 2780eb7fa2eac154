"""A vendor's own site as its new staff use it, in a real browser: the checklists page in the
reader's order with filters in the address, a role's first weeks, the welcome pack printed to
PDF (A4 and Letter), and every table on a phone.

The vendor-facing site of the sample's onboarding testing partner is built once per session
(tests/conftest.py, `vendor_site`) and served over HTTP; each test gets a page as fresh as a new context's (tests/browser/shared_page.py).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from ..conftest import STAFF_VENDOR
from .checklist_page import all_items, box, select_owner, select_phase, visible_items
from .conftest import AXE, Served, open_checklists
from .test_checklists import run_axe
from .shared_page import _shared_page, page  # noqa: F401 - one page per module (tests/browser/shared_page.py)

BASE = f"vendors/{STAFF_VENDOR}/"
MM = 96 / 25.4  # CSS pixels per millimetre
# Paper and the printable width inside playbooks.css's `@page` margins (13 mm left and right).
PAPER = {"A4": 210, "Letter": 215.9}
SIDE_MARGINS_MM = 26


def goto(page, served: Served, path: str):
    response = page.goto(served.url + path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("load")
    return page


def items_shown(page) -> list[dict]:
    return page.eval_on_selector_all(
        ".rp-checklist li.rp-item",
        """els => els.filter(e => e.checkVisibility()).map(e => ({
            play: e.closest('.rp-checklist').dataset.rpPlay, item: e.dataset.rpItem,
            side: e.dataset.rpSide, role: e.dataset.rpRole, phase: e.dataset.rpPhase}))""",
    )


def pdf_pages(data: bytes) -> int:
    """Pages of a PDF Chromium wrote: its page objects, checked against the page tree's count."""
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data, re.S)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data, re.S)]
    assert pages and max(counts) == pages, (pages, counts)
    return pages


# The widths of every table and of whatever scrolls around it, and of the page itself.
OVERFLOW = """() => {
    const limit = document.documentElement.clientWidth;
    const out = [];
    for (const table of document.querySelectorAll('article table')) {
        if (!table.checkVisibility()) continue;
        const box = table.getBoundingClientRect();
        const wrap = table.closest('.md-typeset__scrollwrap, .md-typeset__table');
        const scrolls = wrap ? wrap.scrollWidth > wrap.clientWidth + 1 : false;
        if (box.right > limit + 1 || box.left < -1 || scrolls || table.scrollWidth > table.clientWidth + 1) {
            out.push((table.querySelector('th, td') || table).textContent.trim().slice(0, 40));
        }
    }
    if (document.documentElement.scrollWidth > limit + 1) out.push('the page itself');
    return out;
}"""


# --- the checklists page -------------------------------------------------------------------------


def test_the_default_view_opens_with_the_readers_own_items(page, served_vendor, served):
    open_checklists(page, served_vendor, STAFF_VENDOR)
    shown = items_shown(page)
    assert shown[0]["side"] == "vendor", shown[0]
    # the onboarding playbooks' plays come first for a partner that is onboarding
    first_play = page.eval_on_selector(".rp-play", "s => s.dataset.rpPlay")
    assert first_play in {"partner-kickoff", "first-weeks", "business-training", "cultural-exchange", "own-mistakes", "social-events"}
    assert "How this page is ordered" in page.inner_text(".rp-order")
    assert "your items come first" in page.inner_text(".rp-order")
    # in every play, phases in order and the reader's items first in each phase
    order = ["before-day-1", "week-1", "month-1", "recurring"]
    by_play: dict[str, list[dict]] = {}
    for item in shown:
        by_play.setdefault(item["play"], []).append(item)
    for play, items in by_play.items():
        phases = [order.index(i["phase"]) for i in items]
        assert phases == sorted(phases), play
        for phase in set(i["phase"] for i in items):
            sides = [i["side"] for i in items if i["phase"] == phase]
            assert sides == sorted(sides, key=lambda s: s != "vendor"), (play, phase, sides)
    # On our own site the same rule puts our side first.
    open_checklists(page, served, "lotus-code-works")
    assert items_shown(page)[0]["side"] == "ours"


def test_filters_come_from_the_address_and_go_back_into_it(page, served_vendor):
    page.goto(served_vendor.url + BASE + "checklists/?side=vendor&phase=week-1")
    page.wait_for_selector(".rp-tools:not([hidden])")
    everything = [i for i in page.eval_on_selector_all(".rp-checklist li.rp-item", "els => els.map(e => [e.dataset.rpSide, e.dataset.rpPhase])")]
    expected = sum(1 for side, phase in everything if side == "vendor" and phase == "week-1")
    shown = items_shown(page)
    assert shown and len(shown) == expected < len(everything)
    assert all(i["side"] == "vendor" and i["phase"] == "week-1" for i in shown)
    assert page.input_value('select[data-rp-filter="owner"]') == "side:vendor"
    assert page.input_value('select[data-rp-filter="phase"]') == "week-1"
    assert "Showing" in page.inner_text("[data-rp-showing]")

    # the table of contents lists only the plays still shown
    toc = page.eval_on_selector_all(
        ".md-sidebar--secondary .md-nav--secondary a.md-nav__link",
        "as => as.map(a => [decodeURIComponent(a.hash.slice(1)), a.closest('li').checkVisibility()])",
    )
    sections = dict(page.eval_on_selector_all(".rp-play", "ss => ss.map(s => [s.querySelector('h2').id, !s.hidden])"))
    listed = {anchor: seen for anchor, seen in toc if anchor in sections}
    assert listed and listed == sections, (listed, sections)
    assert any(not seen for seen in sections.values()) and any(sections.values())

    # the address survives a reload
    page.reload()
    page.wait_for_selector(".rp-tools:not([hidden])")
    assert page.url.endswith("checklists/?side=vendor&phase=week-1")
    assert items_shown(page) == shown

    # changes are written back, so copying the address shares the view
    select_phase(page, "month-1")
    assert page.url.endswith("?side=vendor&phase=month-1")
    select_owner(page, "role:vendor-new-joiner")
    assert page.url.endswith("?side=vendor&role=new-joiner&phase=month-1")
    select_owner(page, "")
    select_phase(page, "")
    assert page.url.endswith("/checklists/")

    # a role alone means the reader's side; a link to it shows just that role's items
    page.goto(served_vendor.url + BASE + "checklists/?role=new-joiner")
    page.wait_for_selector(".rp-tools:not([hidden])")
    assert page.input_value('select[data-rp-filter="owner"]') == "role:vendor-new-joiner"
    assert {i["role"] for i in items_shown(page)} == {"vendor-new-joiner"}
    assert not page.locator("[data-rp-url-note]").is_visible()


def test_unknown_values_in_the_address_are_ignored_with_a_note(page, served_vendor):
    page.goto(served_vendor.url + BASE + "checklists/?side=vendor&role=chef&phase=week-9")
    page.wait_for_selector(".rp-tools:not([hidden])")
    note = page.locator("[data-rp-url-note]")
    assert note.is_visible()
    assert "role “chef”" in note.inner_text() and "phase “week-9”" in note.inner_text()
    # what could be read still applies; the rest is dropped from the address
    assert page.input_value('select[data-rp-filter="owner"]') == "side:vendor"
    assert page.input_value('select[data-rp-filter="phase"]') == ""
    assert page.url.endswith("checklists/?side=vendor")
    assert {i["side"] for i in items_shown(page)} == {"vendor"}
    select_phase(page, "week-1")
    assert not note.is_visible()


def test_owner_lines_speak_to_the_vendor(page, served_vendor):
    open_checklists(page, served_vendor, STAFF_VENDOR)
    owners = [i["owner"] for i in all_items(page)]
    assert not [o for o in owners if re.search(r"\bour\b", o, re.I)]
    assert "Nora Schmidt, Northwind's SPOC" in owners
    assert "Sita Shrestha, your delivery manager" in owners
    groups = page.eval_on_selector_all('select[data-rp-filter="owner"] optgroup', "gs => gs.map(g => g.label)")
    assert groups[:3] == ["By side", "Your roles", "Northwind's roles"]
    sides = page.eval_on_selector_all('select[data-rp-filter="owner"] option[value^="side:"]', "os => os.map(o => o.textContent)")
    assert sides == ["Your side (Everest QA Partners)", "Northwind's side"]


# --- a role's first weeks --------------------------------------------------------------------------


def test_a_new_team_members_first_weeks(page, served_vendor):
    goto(page, served_vendor, BASE + "start/new-joiner/")
    items = page.eval_on_selector_all(
        ".rp-path li.rp-item",
        """els => els.map(e => ({play: e.dataset.rpPlay, item: e.dataset.rpItem, phase: e.dataset.rpPhase,
                                 link: !!e.querySelector('.rp-owner a[href*="playbooks/"]'),
                                 box: !!e.querySelector('input.rp-box')}))""",
    )
    assert len(items) >= 12
    assert all(i["link"] and i["box"] for i in items)
    phases = [i["phase"] for i in items]
    order = ["before-day-1", "week-1", "month-1", "recurring"]
    assert phases == sorted(phases, key=order.index) and {"before-day-1", "week-1", "month-1"} <= set(phases)
    headings = page.eval_on_selector_all("article h2", "hs => hs.map(h => h.textContent.replace('¶', '').trim())")
    assert headings[:4] == ["Who to ask", "Before day 1", "Week 1", "Month 1"]
    assert "Words you will meet" in headings
    # whom to ask: named, with their hours in both local times
    ask = page.inner_text("article table")
    assert "Pema Sherpa" in ask and "your team lead" in ask
    assert "09:00–17:30 Berlin time (13:45–22:15 Kathmandu time)" in ask
    assert page.locator("text=Ask Lea Fischer, Northwind's security officer").count() == 1

    # a tick here is the same tick as on the checklists page
    first = items[0]
    page.check(f'.rp-path li[data-rp-item="{first["item"]}"][data-rp-play="{first["play"]}"] input.rp-box')
    assert page.inner_text(".rp-path .rp-count") == f"1 of {len(items)} done"
    open_checklists(page, served_vendor, STAFF_VENDOR)
    assert box(page, first["play"], first["item"]).is_checked()


def test_start_here_links_every_role_with_items(page, served_vendor):
    goto(page, served_vendor, BASE + "start/")
    # (instant navigation turns links into whole addresses: compare their paths)
    links = page.eval_on_selector_all("article table a", "as => as.map(a => a.pathname)")
    roles = [link.rstrip("/").rsplit("/", 1)[1] for link in links]
    assert {"new-joiner", "team-lead", "delivery-manager"} <= set(roles)
    # each link's page answers and lists that role's items (read from the page's HTML as the
    # browser parses it, without rendering each one: the items are in the HTML, see
    # test_role_pages_work_without_javascript)
    found = page.evaluate("""links => Promise.all(links.map(async link => {
        const response = await fetch(link);
        const html = new DOMParser().parseFromString(await response.text(), 'text/html');
        return [link, response.status, html.querySelectorAll('.rp-path li.rp-item').length];
    }))""", links)
    assert [link for link, status, items in found if status != 200 or items < 1] == [], found
    assert len(found) == len(links)
    home = goto(page, served_vendor, "")
    assert home.eval_on_selector_all("article a", "as => as.filter(a => a.pathname.endsWith('/start/new-joiner/')).length") >= 1


def test_role_pages_work_without_javascript(new_page, served_vendor):
    page = new_page(java_script_enabled=False)
    goto(page, served_vendor, BASE + "start/new-joiner/")
    items = page.eval_on_selector_all(
        ".rp-path li.rp-item",
        """els => els.map(e => { const b = e.querySelector('input[type=checkbox]');
            return b && b.checkVisibility() && !b.disabled && [...b.labels].length === 1 && e.checkVisibility(); })""",
    )
    assert len(items) >= 12 and all(items)
    assert page.locator(".rp-path a[href*='playbooks/']").first.is_visible()


# --- the welcome pack --------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_welcome_pack_prints_on_at_most_four_pages(page, served_vendor, paper):
    if paper == "A4":  # the counter counts: the whole checklists page is far longer
        open_checklists(page, served_vendor, STAFF_VENDOR)
        page.emulate_media(media="print")
        assert pdf_pages(page.pdf(format=paper)) > 4
        page.emulate_media(media="screen")
    goto(page, served_vendor, BASE + "welcome/")
    page.emulate_media(media="print")
    pages = pdf_pages(page.pdf(format=paper))
    assert 1 <= pages <= 4, pages

    # every table inside the printable width, none cut off
    page.set_viewport_size({"width": round((PAPER[paper] - SIDE_MARGINS_MM) * MM), "height": 1000})
    assert page.evaluate(OVERFLOW) == []
    for chrome in (".md-header", ".md-sidebar", ".md-footer", ".rp-switch-labels"):
        locator = page.locator(chrome)
        assert all(not locator.nth(i).is_visible() for i in range(locator.count())), chrome
    # what it holds: who is who, the overlap picture, the meetings, one role's boxes, the words
    text = page.inner_text("article")
    for expected in ("Who is who", "Sita Shrestha", "Nora Schmidt", "Working hours", "Meetings", "Test status sync",
                     "Your first weeks", "New team member", "Words you will meet"):
        assert expected in text, expected
    assert page.locator("figure.rp-timeline svg").is_visible()
    panels = page.eval_on_selector_all(".rp-switch-panel", "ps => ps.filter(p => p.checkVisibility()).map(p => p.dataset.rpRole)")
    assert panels == ["new-joiner"]
    assert page.locator(".rp-switch-panel:visible li.rp-item input.rp-box").count() >= 12


def _settled_address(page, quiet_ms: int = 1_000, limit_ms: int = 15_000) -> str:
    """The page's address once nothing has changed it for `quiet_ms` (polled every 100 ms)."""
    address, quiet, waited = page.url, 0, 0
    while quiet < quiet_ms and waited < limit_ms:
        page.wait_for_timeout(100)
        waited += 100
        quiet = quiet + 100 if page.url == address else 0
        address = page.url
    return address


# Resolves once Material's `navigation.tracking` has taken its first reading of the page. Material
# reads the scroll offset 250 ms after it last changed (debounced) and ignores the first such
# reading (the page as loaded). A click that scrolls within those 250 ms of loading merges with
# that first reading and is ignored too: no heading reaches the address. Fast browsers lost that
# race every time (Debian's headless shell 6 runs in 6, the full chromium 5 in 6 on a quiet
# machine); a loaded machine won it. So wait until the page has loaded and its viewport (Material's
# `viewport$`, offset and size) has been still for longer than the debounce.
TRACKING_READY = """() => new Promise(resolve => {
  const loaded = performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;
  let last = loaded, replayed = false;
  const watch = viewport$.subscribe(() => { if (replayed) last = performance.now(); replayed = true; });
  const check = () => {
    if (performance.now() - last > 300) { watch.unsubscribe(); resolve(); } else setTimeout(check, 50);
  };
  check();
})"""


def test_the_welcome_packs_role_switch(page, served_vendor, hash_follows_the_scroll=True):
    goto(page, served_vendor, BASE + "welcome/?role=team-lead")
    if hash_follows_the_scroll:
        page.evaluate(TRACKING_READY)
    shown = lambda: page.eval_on_selector_all(".rp-switch-panel", "ps => ps.filter(p => p.checkVisibility()).map(p => p.dataset.rpRole)")  # noqa: E731
    assert shown() == ["team-lead"]
    page.click("label[for='rp-pack-new-joiner']")
    assert shown() == ["new-joiner"]
    assert urlsplit(page.url).query == "role=new-joiner", page.url
    # The role lives in the query; the hash is Material's. The switch sits below the first
    # screen, so the click scrolls to it, and `navigation.tracking` writes the heading then at
    # the top into the hash, 250 ms after the scrolling stops (this test once read the whole
    # address and failed whenever a loaded machine let those 250 ms pass first; then it waited
    # for the hash and failed whenever the click came too soon after loading: TRACKING_READY).
    # Wait for that hash here, every time: the role must survive it, and the address with both
    # must open the pack on that role.
    if hash_follows_the_scroll:
        page.wait_for_function("() => location.hash !== ''", timeout=10_000)
    else:  # Zensical's layout shows the switch without scrolling: no heading to track, so wait until the address settles
        _settled_address(page)
    address = urlsplit(page.url)
    assert address.path.endswith("/welcome/") and address.query == "role=new-joiner", page.url
    response = page.reload()  # the address as it is now, read afresh
    assert response is not None and response.status == 200
    assert urlsplit(page.url).query == "role=new-joiner" and urlsplit(page.url).fragment == address.fragment, page.url
    assert shown() == ["new-joiner"]
    page.emulate_media(media="print")
    assert shown() == ["new-joiner"]


def test_the_welcome_pack_switches_roles_without_javascript(new_page, served_vendor):
    page = new_page(java_script_enabled=False)
    goto(page, served_vendor, BASE + "welcome/")
    shown = lambda: page.eval_on_selector_all(".rp-switch-panel", "ps => ps.filter(p => p.checkVisibility()).map(p => p.dataset.rpRole)")  # noqa: E731
    assert shown() == ["new-joiner"]
    page.click("label[for='rp-pack-delivery-manager']")
    assert shown() == ["delivery-manager"]


def test_every_sample_vendors_pack_prints_on_at_most_four_pages(page, served_partners):
    vendors = sorted(p.name for p in served_partners.root.iterdir() if p.is_dir())
    assert len(vendors) >= 6
    for slug in vendors:
        goto(page, served_partners, f"{slug}/vendors/{slug}/welcome/")
        page.emulate_media(media="print")
        for paper in PAPER:
            page.set_viewport_size({"width": 1280, "height": 900})
            assert 1 <= pdf_pages(page.pdf(format=paper)) <= 4, (slug, paper)
            page.set_viewport_size({"width": round((PAPER[paper] - SIDE_MARGINS_MM) * MM), "height": 1000})
            assert page.evaluate(OVERFLOW) == [], (slug, paper)
        page.emulate_media(media="screen")


# --- on a phone ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["welcome/", "start/new-joiner/", "", "checklists/"])
def test_no_table_scrolls_sideways_at_390_pixels(page, served_vendor, path):
    page.set_viewport_size({"width": 390, "height": 844})
    goto(page, served_vendor, BASE + path)
    if path != "checklists/":
        assert page.locator("article table").count() >= 1
    assert page.evaluate(OVERFLOW) == []


def test_the_phone_check_sees_a_table_that_would_scroll(page, served_vendor):
    # The same check on the profile with the stacking undone: the wide tables overflow.
    page.set_viewport_size({"width": 390, "height": 844})
    goto(page, served_vendor, BASE)
    page.add_style_tag(content="""
        .md-typeset table:not([class]) { display: inline-block !important; }
        .md-typeset table:not([class]) thead { display: table-header-group !important; }
        .md-typeset table:not([class]) tbody { display: table-row-group !important; }
        .md-typeset table:not([class]) tr { display: table-row !important; }
        .md-typeset table:not([class]) td { display: table-cell !important; }
        .md-typeset table:not([class]) td, .md-typeset table:not([class]) th { overflow-wrap: normal !important; }""")
    assert page.evaluate(OVERFLOW) != []


def test_on_a_phone_each_value_says_its_column(page, served_vendor):
    before = """els => els.filter(e => e.checkVisibility()).map(e => getComputedStyle(e, '::before').content)"""
    page.set_viewport_size({"width": 390, "height": 844})
    goto(page, served_vendor, BASE)
    labels = page.eval_on_selector_all("article td[data-label='E-mail']", before)
    assert labels and all(label == '"E-mail: "' for label in labels), labels
    page.set_viewport_size({"width": 1280, "height": 900})
    goto(page, served_vendor, BASE)  # loaded afresh at the wide width
    assert set(page.eval_on_selector_all("article td[data-label='E-mail']", before)) == {"none"}


# --- accessibility --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["start/new-joiner/", "welcome/"])
def test_axe_finds_no_serious_problems_on_the_staff_pages(page, served_vendor, path):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make node-tools`")
    goto(page, served_vendor, BASE + path)
    assert run_axe(page, "{ include: [['.md-main']] }") == []
