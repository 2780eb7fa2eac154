"""Ticks are keyed by ids from the play's front matter: a rebuild that re-orders and rewords a
play's items keeps every tick on the same item."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator import pipeline

from ..conftest import copy_project
from .conftest import VENDOR, open_checklists
from .checklist_page import box, item_ids, plays
from .shared_page import _shared_page, page  # noqa: F401 - one page per module (tests/browser/shared_page.py)


def play_file(project: Path, play_id: str) -> Path:
    for path in sorted((project / "playbooks").glob("*/*.md")):
        text = path.read_text("utf-8")
        if text.startswith("---\n") and yaml.safe_load(text.split("---\n", 2)[1]).get("id") == play_id:
            return path
    raise AssertionError(f"no play file with id {play_id}")


def reorder_and_reword(path: Path) -> None:
    """Reverse the play's checklist and reword every item; ids stay."""
    _, front, body = path.read_text("utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    data["checklist"] = [dict(item, text=f"Reworded: {item['text']}") for item in reversed(data["checklist"])]
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(f"---\n{front}---\n{body}", "utf-8")


def texts(page, play: str) -> dict[str, str]:
    return dict(page.eval_on_selector_all(
        f'.rp-checklist[data-rp-play="{play}"] li.rp-item',
        "els => els.map(e => [e.dataset.rpItem, e.querySelector('.rp-text').textContent.trim()])",
    ))


def test_ticks_follow_item_ids_through_a_rebuild(page, served, tmp_path):
    project = copy_project(tmp_path / "project")
    site = project / "site"
    pipeline.build(project, site_dir=site)
    served.root = site  # same server, same origin: the same localStorage
    try:
        open_checklists(page, served)
        play = next(p for p in plays(page) if len(item_ids(page, p)) >= 3)
        before = item_ids(page, play)
        ticked = {before[0], before[-1]}
        for item in ticked:
            box(page, play, item).check()
        old_texts = texts(page, play)

        reorder_and_reword(play_file(project, play))
        pipeline.build(project, site_dir=site)  # into the folder being served

        page.reload()
        page.wait_for_selector(".rp-tools:not([hidden])")
        after = item_ids(page, play)
        assert sorted(after) == sorted(before) and after != before, "the rebuild did not re-order the items"
        new_texts = texts(page, play)
        for item in before:
            assert new_texts[item] == f"Reworded: {old_texts[item]}"
            assert box(page, play, item).is_checked() == (item in ticked), item
        assert page.locator(f'.rp-checklist[data-rp-play="{play}"] .rp-count').inner_text() == f"2 of {len(before)} done"
        assert VENDOR in page.url
    finally:
        served.root = served.default_root
