"""A page per person and Upcoming filtered to one person, in a real browser (issue 26).

Lukas Berg's Monday morning: the sample's internal site built as on Monday 7 December 2026
(the suite's build date is a Saturday, when "this week" is over), once for this module, and
served over HTTP. His page lists his overdue action first and this week's sync, with dates; his
calendar, fetched from the link on the page, parses with `icalendar` and holds his action with
a reminder; Upcoming opened with `?person=lukas-berg` shows only the rows that concern him.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

import icalendar
import pytest

from generator import pipeline

from ..conftest import copy_project
from .conftest import _serving

MONDAY_EPOCH = str(int(datetime(2026, 12, 7, tzinfo=timezone.utc).timestamp()))

# Each row of Upcoming's tables that is shown: its text and whom its marker names.
_SHOWN = """() => Array.from(document.querySelectorAll('.rp-up-row'))
  .map(m => m.closest('tr')).filter(tr => tr && tr.offsetParent !== null)
  .map(tr => ({text: tr.textContent, people: tr.querySelector('.rp-up-row').dataset.rpPeople.split(' ')}))"""


@pytest.fixture(scope="module")
def monday(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("monday") / "project")
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = MONDAY_EPOCH
    try:
        pipeline.build(project, site_dir=project / "site")
    finally:
        os.environ["SOURCE_DATE_EPOCH"] = saved or ""
    with _serving(project / "site") as served:
        yield served


def test_lukas_bergs_page_lists_his_overdue_item_and_this_weeks_with_dates(page, monday):
    page.goto(monday.url + "people/lukas-berg/")
    assert page.locator("h1").inner_text().startswith("Lukas Berg")
    overdue = page.locator("h2#overdue + .md-typeset__scrollwrap table, h2#overdue + table").first
    row = overdue.locator("tbody tr").first
    assert "Tue 1 Dec 2026 (overdue by 6 days)" in row.inner_text()
    assert "Confirm the Christmas release freeze dates" in row.inner_text()
    week = page.locator("h2#this-week ~ .md-typeset__scrollwrap table, h2#this-week ~ table").first
    assert "Tue 8 Dec 2026" in week.inner_text() and "Weekly delivery sync" in week.inner_text()
    assert week.locator("time").first.get_attribute("datetime") == "2026-12-08"
    assert overdue.bounding_box()["y"] < week.bounding_box()["y"]  # overdue first


def test_his_calendar_from_the_page_parses_and_holds_his_action(page, monday):
    page.goto(monday.url + "people/lukas-berg/")
    link = page.get_by_role("link", name="Subscribe to this calendar")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok
    cal = icalendar.Calendar.from_ical(response.body())
    action = next(e for e in cal.walk("VEVENT") if str(e["SUMMARY"]).startswith("Confirm the Christmas release freeze dates"))
    assert action.decoded("DTSTART") == date(2026, 12, 1)
    assert any(str(e["SUMMARY"]) == "Weekly delivery sync · Lotus Code Works" for e in cal.walk("VEVENT"))


def test_upcoming_filtered_by_the_address_shows_only_that_persons_rows(page, monday):
    page.goto(monday.url + "upcoming/?person=lukas-berg")
    page.wait_for_selector("[data-rp-upcoming]:not([hidden])")
    assert page.locator("[data-rp-up-person]").input_value() == "lukas-berg"
    shown = page.evaluate(_SHOWN)
    assert shown and all("lukas-berg" in row["people"] for row in shown)
    texts = " ".join(row["text"] for row in shown)
    assert "Confirm the Christmas release freeze dates" in texts and "Weekly delivery sync" in texts
    assert "Pair a third engineer" not in texts  # Priya Raman's
    assert not page.get_by_text("Pair a third engineer").is_visible()
    # a table with nothing for him says so (the holidays concern no one)
    assert page.get_by_text("Nothing here for Lukas Berg.").first.is_visible()
    # the menu writes the choice back to the address, so it can be shared
    page.select_option("[data-rp-up-person]", "tobias-klein")
    assert page.url.endswith("upcoming/?person=tobias-klein")
    assert all("tobias-klein" in row["people"] for row in page.evaluate(_SHOWN))
    page.select_option("[data-rp-up-person]", "")
    assert page.url.endswith("upcoming/") and page.get_by_text("Pair a third engineer").is_visible()


def test_an_unknown_person_shows_everyone_and_says_so(page, monday):
    page.goto(monday.url + "upcoming/?person=chef")
    page.wait_for_selector("[data-rp-upcoming]:not([hidden])")
    assert "chef" in page.locator("[data-rp-up-note]").inner_text()
    assert page.get_by_text("Pair a third engineer").is_visible()


def test_without_javascript_upcoming_lists_everything(new_page, monday):
    page = new_page(java_script_enabled=False)
    page.goto(monday.url + "upcoming/?person=lukas-berg")
    assert not page.locator("[data-rp-upcoming]").is_visible()
    assert page.get_by_text("Pair a third engineer").is_visible()
    # a name in a row leads to the person's page
    page.locator("td a", has_text="Lukas Berg").first.click()
    assert page.url.endswith("/people/lukas-berg/")
