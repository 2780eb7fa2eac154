"""Vendor checklists in a real browser: saved ticks, progress, reset, filters, copy, print,
instant navigation, accessibility, and the page without JavaScript.

The sample site is built once per session (tests/conftest.py) and served over HTTP; each test
starts with a page as fresh as a new context's (tests/browser/shared_page.py), so storage is empty and one test's ticks never leak.
"""

from __future__ import annotations

import re

import pytest

from .checklist_page import (
    all_items, bar, box, count_text, first_play_with, item_ids, other_vendor_with_play, plays, select_owner, select_phase,
    visible_items,
)
from .conftest import AXE, VENDOR, checklist_url, open_checklists
from .shared_page import _shared_page, page  # noqa: F401 - one page per module (tests/browser/shared_page.py)

SITE_KEY = "northwind-internal"  # model.Site.key of the sample's internal site


# --- saved ticks -------------------------------------------------------------------------------


def test_a_tick_survives_reload_and_belongs_to_one_vendor(page, served):
    open_checklists(page, served)
    play = first_play_with(page, 2)
    first, second = item_ids(page, play)[:2]

    box(page, play, first).check()  # a click
    box(page, play, second).focus()
    page.keyboard.press("Space")  # and the keyboard
    assert box(page, play, second).is_checked()

    stored = page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('rp:'))")
    assert sorted(stored) == sorted(f"rp:v1:{SITE_KEY}:{VENDOR}:{play}:{i}" for i in (first, second))

    page.reload()
    page.wait_for_selector(".rp-tools:not([hidden])")
    assert box(page, play, first).is_checked() and box(page, play, second).is_checked()
    assert sum(i["checked"] for i in all_items(page)) == 2

    other = other_vendor_with_play(served, play)
    open_checklists(page, served, other)
    assert not box(page, play, first).is_checked(), "a tick for one vendor shows on another's page"
    assert sum(i["checked"] for i in all_items(page)) == 0

    box(page, play, first).check()  # the other vendor's own tick
    open_checklists(page, served)
    box(page, play, first).uncheck()
    page.reload()
    page.wait_for_selector(".rp-tools:not([hidden])")
    assert not box(page, play, first).is_checked() and box(page, play, second).is_checked()
    open_checklists(page, served, other)
    assert box(page, play, first).is_checked(), "unticking on one vendor's page cleared another's"
    assert not box(page, play, second).is_checked()


def test_progress_follows_the_ticks(page, served):
    open_checklists(page, served)
    items = all_items(page)
    total = len(items)
    play = first_play_with(page, 2)
    other = next(p for p in plays(page) if p != play)
    size = len(item_ids(page, play))

    assert count_text(page, play) == f"0 of {size} done"
    assert page.inner_text("[data-rp-count]").startswith(f"0 of {total} done")
    assert bar(page, ".rp-overall progress") == (0, total)

    a, b = item_ids(page, play)[:2]
    box(page, play, a).check()
    box(page, play, b).check()
    box(page, other, item_ids(page, other)[0]).check()

    assert count_text(page, play) == f"2 of {size} done"
    assert bar(page, f'.rp-checklist[data-rp-play="{play}"] .rp-status progress') == (2, size)
    assert count_text(page, other).startswith("1 of ")
    assert page.inner_text("[data-rp-count]") == f"3 of {total} done ({round(300 / total)}%)"
    assert bar(page, ".rp-overall progress") == (3, total)
    # every progress bar has an accessible name
    for label in page.eval_on_selector_all("progress", "ps => ps.map(p => p.getAttribute('aria-label') || p.getAttribute('aria-labelledby'))"):
        assert label

    box(page, play, a).uncheck()
    assert count_text(page, play) == f"1 of {size} done"
    assert page.inner_text("[data-rp-count]").startswith(f"2 of {total} done")


def test_reset_clears_one_checklist_after_confirmation(page, served):
    open_checklists(page, served)
    play = first_play_with(page, 2)
    other = next(p for p in plays(page) if p != play)
    a, b = item_ids(page, play)[:2]
    kept = item_ids(page, other)[0]
    for p, i in ((play, a), (play, b), (other, kept)):
        box(page, p, i).check()
    reset = page.locator(f'.rp-checklist[data-rp-play="{play}"] button[data-rp-action="reset"]')

    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    reset.click()
    assert box(page, play, a).is_checked() and box(page, play, b).is_checked(), "reset without confirmation"
    assert "2 ticks" in questions[0]

    page.once("dialog", lambda dialog: dialog.accept())
    reset.click()
    assert not box(page, play, a).is_checked() and not box(page, play, b).is_checked()
    assert count_text(page, play).startswith("0 of ")
    assert reset.is_disabled()  # nothing left to reset
    assert box(page, other, kept).is_checked(), "reset cleared another checklist"

    page.reload()
    page.wait_for_selector(".rp-tools:not([hidden])")
    assert not box(page, play, a).is_checked() and box(page, other, kept).is_checked()


# --- filters -----------------------------------------------------------------------------------


def test_filters_by_side_role_person_and_phase_never_lose_ticks(page, served):
    open_checklists(page, served)
    items = all_items(page)
    everything = {(i["play"], i["item"]) for i in items}
    ours = {(i["play"], i["item"]) for i in items if re.search(r"(^|, )[Oo]ur ", i["owner"])}
    assert ours and ours != everything

    # tick one of ours and one of theirs
    mine = sorted(ours)[0]
    theirs = sorted(everything - ours)[0]
    box(page, *mine).check()
    box(page, *theirs).check()

    select_owner(page, "side:ours")
    assert set(visible_items(page)) == ours
    assert "Showing" in page.inner_text("[data-rp-showing]")
    select_owner(page, "side:vendor")
    assert set(visible_items(page)) == everything - ours

    # a named person: the option lists their name; the items shown are exactly theirs
    person = page.eval_on_selector(
        'select[data-rp-filter="owner"]',
        "s => [...s.options].filter(o => o.value.startsWith('person:theirs:')).map(o => [o.value, o.textContent])[0]",
    )
    value, label = person
    name = label.split(" (")[0]
    select_owner(page, value)
    shown = set(visible_items(page))
    assert shown == {(i["play"], i["item"]) for i in items if i["owner"].startswith(name + ",")}

    # a named role: its option names the person who holds it
    role = page.eval_on_selector(
        'select[data-rp-filter="owner"]',
        "s => [...s.options].filter(o => o.value.startsWith('role:our-')).map(o => [o.value, o.textContent])[0]",
    )
    select_owner(page, role[0])
    role_items = set(visible_items(page))
    keys = page.eval_on_selector_all(
        ".rp-checklist li.rp-item",
        f"els => els.filter(e => e.dataset.rpRole === '{role[0][5:]}').map(e => [e.closest('.rp-checklist').dataset.rpPlay, e.dataset.rpItem])",
    )
    assert role_items == {tuple(k) for k in keys} and role_items
    if ":" in role[1]:
        holder = role[1].split(": ", 1)[1]
        assert all(i["owner"].startswith(holder + ",") for i in items if (i["play"], i["item"]) in role_items)

    # a phase, combined with "everyone": empty phase headings and empty plays disappear
    select_owner(page, "")
    select_phase(page, "week-1")
    shown = set(visible_items(page))
    assert shown == {(i["play"], i["item"]) for i in items if i["phase"] == "Week 1"}
    headings = page.eval_on_selector_all(".rp-phase", "ps => ps.filter(p => p.checkVisibility()).map(p => p.textContent.trim())")
    assert set(headings) == {"Week 1"}
    for play in plays(page):
        section = page.locator(f'.rp-play[data-rp-play="{play}"]')
        has_week_1 = any(p == play for p, _ in shown)
        assert section.is_visible() == has_week_1, play
        assert section.locator("h2").is_visible() == has_week_1

    # side and phase together
    select_owner(page, "side:ours")
    assert set(visible_items(page)) == {(i["play"], i["item"]) for i in items if i["phase"] == "Week 1"} & ours

    # ticks survive all of it, including one made while filtered
    select_owner(page, "")
    select_phase(page, "")
    assert set(visible_items(page)) == everything
    assert box(page, *mine).is_checked() and box(page, *theirs).is_checked()
    select_owner(page, "side:ours")
    box(page, *mine).uncheck()
    box(page, *sorted(ours)[-1]).check()
    page.click('button[data-rp-action="show-all"]')
    assert set(visible_items(page)) == everything
    assert not page.locator("[data-rp-showing]").is_visible()
    checked = {(i["play"], i["item"]) for i in all_items(page) if i["checked"]}
    assert checked == {theirs, sorted(ours)[-1]}

    # the filter is kept for this tab, ticks for good
    select_owner(page, "side:vendor")
    page.reload()
    page.wait_for_selector(".rp-tools:not([hidden])")
    assert page.input_value('select[data-rp-filter="owner"]') == "side:vendor"
    assert set(visible_items(page)) == everything - ours
    checked = {(i["play"], i["item"]) for i in all_items(page) if i["checked"]}
    assert checked == {theirs, sorted(ours)[-1]}


# --- instant navigation ------------------------------------------------------------------------


def test_ticks_survive_instant_navigation(page, served):
    open_checklists(page, served)
    play = first_play_with(page, 1)
    first = item_ids(page, play)[0]
    box(page, play, first).check()
    page.wait_for_load_state("networkidle")  # Material has read sitemap.xml: instant navigation is on
    page.evaluate("() => { window.__stillTheSameDocument = true }")

    page.get_by_role("link", name=re.compile(r"^Profile of ")).click()
    page.wait_for_url(re.compile(rf"/vendors/{VENDOR}/$"))
    page.wait_for_function("() => !document.querySelector('.rp-checklist') && !!document.querySelector('article h1')")
    assert page.evaluate("() => window.__stillTheSameDocument === true"), "navigation.instant did not take over"
    assert page.locator(".rp-tools").count() == 0

    page.locator("article").get_by_role("link", name=re.compile(r"^Checklists for ")).first.click()
    page.wait_for_url(re.compile(rf"/vendors/{VENDOR}/checklists/$"))
    page.wait_for_selector(".rp-tools:not([hidden])")
    assert page.evaluate("() => window.__stillTheSameDocument === true")
    assert box(page, play, first).is_checked()
    assert count_text(page, play).startswith("1 of ")
    # set up once per page, not once per visit
    assert page.locator(".rp-status").count() == len(plays(page))

    page.go_back()
    page.wait_for_url(re.compile(rf"/vendors/{VENDOR}/$"))
    page.go_forward()
    page.wait_for_url(re.compile(rf"/vendors/{VENDOR}/checklists/$"))
    page.wait_for_selector(".rp-tools:not([hidden])")
    assert box(page, play, first).is_checked()


# --- copy my progress --------------------------------------------------------------------------


def test_copy_my_progress_gives_a_markdown_task_list(page, served):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_checklists(page, served)
    items = all_items(page)
    play = first_play_with(page, 2)
    a, b = item_ids(page, play)[:2]
    box(page, play, a).check()
    text_a = page.locator(f'.rp-checklist[data-rp-play="{play}"] li[data-rp-item="{a}"] .rp-text').inner_text().strip()
    text_b = page.locator(f'.rp-checklist[data-rp-play="{play}"] li[data-rp-item="{b}"] .rp-text').inner_text().strip()

    page.click('button[data-rp-action="copy"]')
    page.wait_for_function("() => document.querySelector('[data-rp-message]').textContent.startsWith('Copied')")
    copied = page.evaluate("() => navigator.clipboard.readText()")

    tasks = [line for line in copied.splitlines() if line.startswith("- [")]
    assert len(tasks) == len(items)
    assert all(re.match(r"^- \[[ x]\] \S", line) for line in tasks)
    assert sum(line.startswith("- [x] ") for line in tasks) == 1
    unescape = lambda s: re.sub(r"\\(.)", r"\1", s)  # noqa: E731 - Markdown escapes back to text
    assert any(unescape(line).startswith(f"- [x] {text_a}") for line in tasks)
    assert any(unescape(line).startswith(f"- [ ] {text_b}") for line in tasks)
    assert f"1 of {len(items)} done" in copied
    assert copied.startswith("## Checklists: ")

    # filtered: only what is shown is copied
    select_owner(page, "side:ours")
    page.click('button[data-rp-action="copy"]')
    page.wait_for_function("() => document.querySelector('[data-rp-message]').textContent.startsWith('Copied')")
    filtered = page.evaluate("() => navigator.clipboard.readText()")
    assert len([line for line in filtered.splitlines() if line.startswith("- [")]) == len(visible_items(page)) < len(items)
    assert "filtered: Our side" in filtered


# --- print ---------------------------------------------------------------------------------------


def test_the_page_prints_as_a_clean_checklist(page, served):
    open_checklists(page, served)
    play = first_play_with(page, 1)
    first = item_ids(page, play)[0]
    box(page, play, first).check()
    page.emulate_media(media="print")

    for chrome in (".md-header", ".md-search", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                   ".md-content__button", ".rp-exports", ".rp-status", ".rp-overall", ".rp-controls"):
        locator = page.locator(chrome)
        assert all(not locator.nth(i).is_visible() for i in range(locator.count())), chrome
    assert page.locator("button:visible, select:visible, progress:visible").count() == 0

    shown = page.eval_on_selector_all(
        "li.rp-item",
        """els => els.map(e => [e.checkVisibility(), e.querySelector('.rp-owner').checkVisibility(),
                               e.querySelector('input.rp-box').checkVisibility()])""",
    )
    assert len(shown) == len(all_items(page)) and all(all(flags) for flags in shown), shown
    assert page.locator(".rp-phase").first.is_visible()
    assert box(page, play, first).is_checked()

    # a filtered page prints only the filtered items, and says so
    page.emulate_media(media="screen")
    select_owner(page, "side:ours")
    page.emulate_media(media="print")
    assert page.locator("[data-rp-showing-text]").is_visible()
    assert page.locator("button:visible, select:visible").count() == 0
    assert page.locator("li.rp-item:visible").count() == len(visible_items(page)) < len(shown)


# --- console and accessibility -----------------------------------------------------------------


def test_no_console_errors_on_checklist_pages_or_elsewhere(page, served):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in ("", "playbooks/", "vendors/", f"vendors/{VENDOR}/", "checklists/"):
        page.goto(served.url + path)
        page.wait_for_load_state("load")
        assert not page.evaluate("() => document.documentElement.classList.contains('rp-js')"), path
    open_checklists(page, served)
    play = first_play_with(page, 1)
    box(page, play, item_ids(page, play)[0]).check()
    select_phase(page, page.eval_on_selector('select[data-rp-filter="phase"]', "s => s.options[s.options.length - 1].value"))
    select_owner(page, "side:vendor")
    page.click('button[data-rp-action="show-all"]')
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f'.rp-checklist[data-rp-play="{play}"] button[data-rp-action="reset"]')
    page.reload()
    page.wait_for_selector(".rp-tools:not([hidden])")
    assert errors == []


def run_axe(page, context: str) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        f"""async () => {{
            const r = await axe.run({context}, {{ resultTypes: ['violations'] }});
            return r.violations.map(v => ({{ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }}));
        }}"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problems(page, served, scheme):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make node-tools`")
    page.emulate_media(color_scheme=scheme)
    open_checklists(page, served)
    play = first_play_with(page, 1)
    box(page, play, item_ids(page, play)[0]).check()
    select_owner(page, "side:ours")  # the "Showing ..." line and a disabled reset button too
    # Scoped to the page's content and sidebars (.md-main): Material's own header and footer
    # fail two checks we do not control (the search dialog has no accessible name; the
    # footer's copyright line is below 4.5:1 contrast in the light scheme).
    problems = run_axe(page, "{ include: [['.md-main']] }")
    assert problems == [], problems


# --- without JavaScript --------------------------------------------------------------------------


def test_without_javascript_a_plain_list_of_labelled_checkboxes(new_page, served):
    page = new_page(java_script_enabled=False)
    page.goto(checklist_url(served))
    article = page.locator("article")

    assert not page.locator(".rp-tools").is_visible()
    buttons = article.locator("button, select, progress")
    assert all(not buttons.nth(i).is_visible() for i in range(buttons.count())), "dead controls without JavaScript"

    stated = int(re.search(r"with (\d+) items", article.inner_text()).group(1))
    items = page.eval_on_selector_all(
        "article ul.rp-items > li.rp-item",
        """els => els.map(e => {
            const boxes = e.querySelectorAll('input[type=checkbox]');
            const box = boxes[0];
            return {
                visible: e.checkVisibility(),
                boxes: boxes.length,
                boxShown: !!box && box.checkVisibility() && !box.disabled,
                name: box ? [...box.labels].map(l => l.textContent.trim()).join(' ') : '',
                text: e.querySelector('.rp-text').textContent.trim(),
                owner: e.querySelector('.rp-owner').textContent.trim(),
            };
        })""",
    )
    assert len(items) == stated
    for item in items:
        assert item["visible"] and item["boxes"] == 1 and item["boxShown"], item
        assert item["name"] and item["name"] == item["text"], item  # each checkbox is labelled by its text
        assert item["owner"], item
    # the download links work without a script
    assert article.get_by_role("link", name="CSV").is_visible()
