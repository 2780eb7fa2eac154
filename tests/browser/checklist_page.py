"""Reading and driving a vendor's checklists page in tests (Playwright sync API)."""

from __future__ import annotations

import pytest

from .conftest import VENDOR


def box(page, play: str, item: str):
    return page.locator(f'.rp-checklist[data-rp-play="{play}"] li.rp-item[data-rp-item="{item}"] input.rp-box')


def item_ids(page, play: str) -> list[str]:
    return page.eval_on_selector_all(
        f'.rp-checklist[data-rp-play="{play}"] li.rp-item', "els => els.map(e => e.dataset.rpItem)"
    )


def plays(page) -> list[str]:
    return page.eval_on_selector_all(".rp-checklist", "els => els.map(e => e.dataset.rpPlay)")


def visible_items(page) -> list[tuple[str, str]]:
    """(play, item) of every item shown right now."""
    return [tuple(x) for x in page.eval_on_selector_all(
        ".rp-checklist li.rp-item",
        "els => els.filter(e => e.checkVisibility()).map(e => [e.closest('.rp-checklist').dataset.rpPlay, e.dataset.rpItem])",
    )]


def all_items(page) -> list[dict]:
    return page.eval_on_selector_all(
        ".rp-checklist li.rp-item",
        """els => els.map(e => ({
            play: e.closest('.rp-checklist').dataset.rpPlay,
            item: e.dataset.rpItem,
            owner: e.querySelector('.rp-owner').textContent.trim(),
            phase: e.closest('ul').previousElementSibling.textContent.trim(),
            checked: e.querySelector('input.rp-box').checked,
        }))""",
    )


def count_text(page, play: str) -> str:
    return page.locator(f'.rp-checklist[data-rp-play="{play}"] .rp-status .rp-count').inner_text()


def bar(page, selector: str) -> tuple[float, float]:
    return tuple(page.eval_on_selector(selector, "p => [p.value, p.max]"))


def first_play_with(page, at_least: int) -> str:
    return next(p for p in plays(page) if len(item_ids(page, p)) >= at_least)


def other_vendor_with_play(served, play: str) -> str:
    for page in sorted((served.default_root / "vendors").glob("*/checklists/index.html")):
        slug = page.parent.parent.name
        if slug != VENDOR and f'data-rp-play="{play}"' in page.read_text("utf-8"):
            return slug
    pytest.fail(f"no other sample vendor has the play {play}")


def select_owner(page, value: str) -> None:
    page.select_option('select[data-rp-filter="owner"]', value)


def select_phase(page, value: str) -> None:
    page.select_option('select[data-rp-filter="phase"]', value)
