"""The same pages built by Zensical, in a real browser: Zensical reads the docs tree the
generator writes and loads the same scripts (mkdocs.yml's extra_javascript), under its own
instant navigation. The MkDocs build has the full browser suite; here the behaviours a reader
drives are run again, with the very same test bodies, against the Zensical site: the
directory's sorting, filters and address, a card per vendor on a phone, no table wider than its
box, checklist ticks that survive a reload and instant navigation, shared progress, and the
heat table's sorting; and on a vendor's own site, its staff's checklists filtered from the
address, a role's first weeks, the welcome pack's role switch and no table wider than a phone.

The Zensical sample site is built once per session (tests/conftest.py) and served over HTTP.
"""

from __future__ import annotations

import pytest

from . import test_checklists, test_directory, test_relationship, test_vendor_staff
from .shared_page import _shared_page, page  # noqa: F401 - one page per module (tests/browser/shared_page.py)


def test_the_directory_sorts_both_ways_and_keeps_the_order_in_the_address(page, served_zensical):
    test_directory.test_sorting_by_a_heading_both_ways_and_in_the_address(page, served_zensical)


def test_the_directory_filters_and_says_how_many(page, served_zensical):
    test_directory.test_filters_narrow_the_rows_and_say_how_many(page, served_zensical)


def test_an_address_reproduces_a_directory_view(page, new_page, served_zensical):
    test_directory.test_an_address_reproduces_a_view(page, new_page, served_zensical)


def test_without_javascript_the_directory_lists_every_vendor(new_page, served_zensical, zensical_site):
    test_directory.test_without_javascript_every_vendor_and_no_dead_controls(new_page, served_zensical, zensical_site)


def test_on_a_phone_each_vendor_is_a_card(page, served_zensical):
    test_directory.test_on_a_phone_each_vendor_is_a_card_with_name_spocs_zone_and_overlap(page, served_zensical)


@pytest.mark.parametrize("path", test_directory.PAGES)
@pytest.mark.parametrize("width", [1280, 390])
def test_no_table_scrolls_sideways(page, served_zensical, path, width):
    test_directory.test_no_table_scrolls_sideways(page, served_zensical, path, width, "screen")


def test_a_checklist_tick_survives_reload_and_belongs_to_one_vendor(page, served_zensical):
    test_checklists.test_a_tick_survives_reload_and_belongs_to_one_vendor(page, served_zensical)


def test_checklist_ticks_survive_instant_navigation(page, served_zensical):
    test_checklists.test_ticks_survive_instant_navigation(page, served_zensical)


def test_shared_progress_shows_as_done(page, served_zensical):
    test_relationship.test_shared_progress_shows_as_done_without_any_local_tick(page, served_zensical)


def test_the_heat_table_sorts(new_page, served_zensical):
    test_relationship.test_the_heat_table_sorts_by_any_column(new_page, served_zensical)


# --- a vendor's own site, built by Zensical --------------------------------------------------------


def test_vendor_staff_filters_come_from_the_address(page, served_vendor_zensical):
    test_vendor_staff.test_filters_come_from_the_address_and_go_back_into_it(page, served_vendor_zensical)


def test_vendor_staff_first_weeks(page, served_vendor_zensical):
    test_vendor_staff.test_a_new_team_members_first_weeks(page, served_vendor_zensical)


def test_vendor_staff_welcome_pack_role_switch(page, served_vendor_zensical):
    test_vendor_staff.test_the_welcome_packs_role_switch(page, served_vendor_zensical, hash_follows_the_scroll=False)


@pytest.mark.parametrize("path", ["welcome/", "start/new-joiner/", "", "checklists/"])
def test_vendor_staff_pages_fit_a_phone(page, served_vendor_zensical, path):
    test_vendor_staff.test_no_table_scrolls_sideways_at_390_pixels(page, served_vendor_zensical, path)
