"""Words for people, case by case (the scan over every page is tests/test_words_scan.py):
meetings dated by the meeting they apply to, days one side is off said so, working days with
hours, codes in words, figures with thousands separators."""

from __future__ import annotations

import html

import pytest

from generator import pipeline
from generator.model.measures import figure
from generator.schedules import wording

from .conftest import BUILD_DATE


@pytest.fixture(scope="module")
def nile(sample_inputs):
    return pipeline.render(sample_inputs, audience="vendor", vendor="nile-data-studio", today=BUILD_DATE).tree


def text(tree, path: str) -> str:
    """A generated page's Markdown, its character references (`&#40;` for a bracket the escaping
    keeps from Markdown) read as the characters they stand for."""
    return html.unescape(tree[path].decode())


def test_a_changed_meeting_time_is_dated_by_a_meeting_of_the_series(sample_render):
    lotus = text(sample_render.tree, "vendors/lotus-code-works/index.md")
    # The monthly service review is on the third Thursday: after Berlin's clock change on
    # Sun 28 Mar 2027 the next one is on Thu 15 Apr, not on Thu 1 Apr, when none is held.
    assert "In Kolkata time: 14:30–15:30 from Thu 15 Apr 2027; 15:30–16:30 from Thu 18 Nov 2027." in lotus
    assert "Thu 1 Apr 2027" not in lotus
    # A weekly meeting changes with its first meeting after the change, as before.
    assert "In Kolkata time: 14:30–15:00 from Tue 30 Mar 2027; 15:30–16:00 from Tue 2 Nov 2027." in lotus


def test_a_first_day_on_the_clients_day_off_is_said_so(nile):
    welcome = text(nile, "vendors/nile-data-studio/welcome.md")
    assert ("The team's first day: <time datetime=\"2026-12-06\">Sun 6 Dec 2026</time> (a Sunday, when Northwind does not "
            "work; its first working day after it is Mon 7 Dec 2026).") in welcome


def test_the_overlap_says_the_days_it_holds_on(nile):
    profile = text(nile, "vendors/nile-data-studio/index.md")
    assert "Fri: none (not a working day in Cairo). Sun: none (not a working day in Berlin)." in profile
    checklists = text(nile, "vendors/nile-data-studio/checklists.md")
    assert "09:00–16:00 Berlin time (10:00–17:00 Cairo time, 7 h, Mon–Thu)" in checklists
    assert "7 h)" not in checklists  # never the 7 h alone: Nile works on Sundays, Northwind does not


def test_whom_to_ask_gives_working_days_with_the_hours(nile):
    page = text(nile, "vendors/nile-data-studio/start/spoc.md")
    assert "| Working days and hours |" in page
    assert "Mon–Fri, 09:00–17:30 Berlin time (10:00–18:30 Cairo time) |" in page
    assert "Sun–Thu, 09:00–17:00 Cairo time |" in page


def test_codes_and_figures_read_as_words(sample_render, restricted_render):
    lotus = text(restricted_render.tree, "vendors/lotus-code-works/index.md")
    assert "| Notice period | 90 days before the end |" in lotus
    assert "Notice period (days)" not in lotus
    assert "9,100 EUR" in lotus and "9100" not in lotus
    assert "out of 5" in lotus and "score out of 5" not in lotus
    play = text(sample_render.tree, "playbooks/vendor-onboarding/first-weeks.md")
    assert "**When:** for each new person" in play


@pytest.fixture(scope="module")
def restricted_render(sample_inputs):
    return pipeline.render(sample_inputs, audience="restricted", today=BUILD_DATE)


@pytest.mark.parametrize("value, shown", [(9100, "9,100"), (9100.0, "9,100"), (11800, "11,800"), (99.5, "99.5"),
                                          (-1234.5, "-1,234.5"), (4, "4"), (1e308, "1e+308")])
def test_figures_have_thousands_separators(value, shown):
    assert figure(value) == shown


@pytest.mark.parametrize("n, noun, shown", [(1, "item", "1 item"), (2, "item", "2 items"), (0, "item", "0 items"),
                                            (1090, "day", "1,090 days"), (2, "person", "2 people")])
def test_counts(n, noun, shown):
    assert wording.count(n, noun, "people" if noun == "person" else None) == shown
