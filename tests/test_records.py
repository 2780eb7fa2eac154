"""The records plays ask for (escalations raised, change requests, improvement plans, a transition
plan with knowledge-transfer sessions, who decides what): on the profile and in the review pack,
late ones on Upcoming, and on a vendor's own site only where marked."""

from __future__ import annotations

import re
from datetime import date

import pytest

from generator import pipeline
from generator.schedules.dates import respond_days
from generator.schedules.hours import Schedule
from generator.schedules.workdays import Side, add_working_days

from .conftest import BUILD_DATE
from .upcoming_rows import unmarked


def page(render: pipeline.Generated, path: str) -> str:
    """A generated page, its dates as the words a reader sees (without their `<time>` elements)."""
    return re.sub(r"<time [^>]*>|</time>", "", render.tree[path].decode("utf-8"))


def section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}")
    return text[start:].split("\n## ", 1)[0]


def vendor(render: pipeline.Generated, slug: str):
    return next(v for v in render.site.vendors if v.slug == slug)


@pytest.mark.parametrize("text, days", [("4 working hours", 1), ("1 hour", 1), ("12 working hours", 2), ("1 working day", 1),
                                        ("2 working days", 2), ("2 days", 2), ("as soon as possible", None), (None, None)])
def test_respond_within_in_working_days(text, days):
    assert respond_days(text) == days


def test_working_days_skip_the_weekend_and_the_sides_holidays():
    mon_fri = Side(Schedule("Europe/Berlin", "09:00", "17:00"))
    sun_thu = Side(Schedule("Asia/Riyadh", "09:00", "17:00", ("sun", "mon", "tue", "wed", "thu")))
    friday = date(2026, 11, 20)
    assert add_working_days(friday, 1, mon_fri) == date(2026, 11, 23)
    assert add_working_days(friday, 1, sun_thu) == date(2026, 11, 22)
    assert add_working_days(date(2026, 11, 23), -1, mon_fri) == friday
    assert add_working_days(friday, 0, mon_fri) == friday
    # A holiday on the Monday: the next working day is Tuesday; counting back skips it too.
    away = Side(mon_fri.schedule, frozenset({date(2026, 11, 23)}))
    assert add_working_days(friday, 1, away) == date(2026, 11, 24)
    assert add_working_days(date(2026, 11, 24), -1, away) == friday
    assert add_working_days(friday, 5, away) == date(2026, 11, 30)


def test_an_escalation_unanswered_past_its_levels_time_is_flagged(sample_render):
    andes = vendor(sample_render, "andes-quality-labs")
    (raised,) = andes.escalations
    # raised on Tuesday at level 2, whose `respond_within` is one working day
    assert (raised.raised, raised.respond_by, raised.late) == (date(2026, 11, 17), date(2026, 11, 18), True)
    profile = section(page(sample_render, "vendors/andes-quality-labs/index.md"), "Escalations raised")
    assert "**1 not answered in time**" in profile and "**no answer; was due Wed 18 Nov 2026**" in profile


def test_upcoming_lists_late_plans_sessions_and_escalations(sample_render):
    upcoming = section(page(sample_render, "upcoming.md"), "Late plans, sessions and escalations")
    rows = [line for line in upcoming.splitlines() if line.startswith("| ") and "overdue by" in line]
    assert [row.split(" | ")[2] for row in rows] == [
        "Improvement plan", "Escalation, level 2, not answered", "Knowledge-transfer session"]
    assert "Fri 13 Nov 2026 (overdue by 8 days)" in rows[0] and "Patch process and maintenance windows" in rows[2]


def test_the_profile_and_the_review_pack_show_each_record(sample_render):
    lotus = page(sample_render, "vendors/lotus-code-works/index.md")
    review = page(sample_render, "vendors/lotus-code-works/review.md")
    for text in (lotus, review):
        changes = section(text, "Change requests")
        assert "Add Apple Pay and Google Pay to checkout" in changes and "38,000 EUR" in changes
        assert "10 working days later" in changes and "approved on Tue 22 Sep 2026" in changes
        assert "done on Wed 30 Sep 2026" in section(text, "Improvement plans")
        rights = section(text, "Who decides what")
        assert "| Release go or no-go | Kavya Iyer | Jonas Richter | Rohan Das | Priya Raman, Lukas Berg |" in rights
    tatra = section(page(sample_render, "vendors/tatra-cloud-ops/index.md"), "Transition plan")
    assert tatra.count("| planned |") == 4 and tatra.count("| held |") == 2
    assert "**Thu 19 Nov 2026 (overdue by 2 days)**" in tatra


def test_a_vendor_sees_only_the_records_marked_for_it(sample_inputs):
    lotus = pipeline.render(sample_inputs, audience="vendor", vendor="lotus-code-works", today=BUILD_DATE)
    profile = page(lotus, "vendors/lotus-code-works/index.md")
    assert "Release go or no-go" in profile and "Add Apple Pay" in profile
    assert "Adding or releasing engineers" not in profile  # the third row of its matrix is internal
    andes = pipeline.render(sample_inputs, audience="vendor", vendor="andes-quality-labs", today=BUILD_DATE)
    text = "".join(b.decode("utf-8", "ignore") for p, b in andes.tree.items() if p.endswith(".md"))
    assert "Fewer defects reaching production" in text  # its improvement plan is shared
    assert "Escalations raised" not in text and "regression cycles finished late" not in text  # the escalation is not


# --- dates that follow their event (model/anchors.py) ---------------------------------------------


def test_the_events_plays_may_anchor_to_are_the_ones_the_schema_allows():
    from generator.model.anchors import EVENTS
    from generator.support.schema_files import schemas

    item = schemas()["play"]["properties"]["checklist"]["items"]["properties"]["when"]
    assert set(item["properties"]["event"]["enum"]) == set(EVENTS)


def test_an_item_anchored_to_the_last_day_shows_that_date_on_the_checklists_page_and_in_the_calendar(sample_render):
    import re

    from icalendar import Calendar

    tatra = vendor(sample_render, "tatra-cloud-ops")
    assert tatra.sections.exit.last_day == date(2027, 1, 31)
    checklists = page(sample_render, "vendors/tatra-cloud-ops/checklists.md")
    item = re.search(r'name="run-exit/access-removal">.*?</li>', checklists).group(0)
    assert '<span class="rp-due">Due Sun 31 Jan 2027, on the last day</span>' in item
    # within its phase, the dated items come first, earliest first
    run_exit = checklists[checklists.index('data-rp-play="run-exit"'):]
    run_exit = run_exit[:run_exit.index("</section>")]
    order = re.findall(r'name="run-exit/([a-z-]+)"', run_exit)
    assert order == ["transition-plan", "artifacts", "thank-the-team", "access-removal", "data-deletion", "knowledge-sessions"]
    cal = Calendar.from_ical(sample_render.tree["vendors/tatra-cloud-ops/tatra-cloud-ops.ics"])
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]).endswith(".item.run-exit.access-removal@relationship-playbooks"))
    assert event.decoded("DTSTART") == date(2027, 1, 31) and "on the last day" in str(event["SUMMARY"])
    # The item's text now names the access register (a template: it reads right only on the
    # page), so the calendar gives the play, the day and why (calendars._item_events).
    assert str(event["SUMMARY"]).startswith("Run an orderly exit: on the last day")
    assert str(event["DESCRIPTION"]) == "Sun 31 Jan 2027, on the last day (Tatra Cloud Ops sp. z o.o.)."


def test_an_item_whose_event_the_vendor_lacks_stays_undated(sample_render):
    lotus = vendor(sample_render, "lotus-code-works")
    assert not any(play_id == "run-exit" for play_id, _ in lotus.item_dates)  # Lotus is not leaving
    assert ("read-the-contract", "yearly-reread") in lotus.item_dates  # but has a notice deadline


def test_upcoming_carries_the_dated_items_of_the_next_six_weeks(sample_inputs):
    later = pipeline.render(sample_inputs, today=date(2026, 12, 20))
    upcoming = section(page(later, "upcoming.md"), "Checklist items, next 6 weeks")
    upcoming = unmarked(upcoming)  # whom a row concerns (the filter's)
    assert "| Sun 31 Jan 2027 | [Tatra Cloud Ops](vendors/tatra-cloud-ops/checklists.md) | Run an orderly exit | on the last day |" in upcoming
    assert "Tue 9 Feb 2027" not in upcoming and "Fri 5 Feb 2027" not in upcoming  # beyond six weeks


# --- compliance by tier (model/compliance.py) ---------------------------------------------------


def test_compliance_by_tier_shows_what_is_missing_or_expiring(sample_render):
    states = {v.slug: {r.id: r.state for r in v.compliance} for v in sample_render.site.vendors}
    assert states["lotus-code-works"] == {"security": "expiring", "dpa": "held", "transfers": "held"}  # its data leaves the EU
    assert states["andes-quality-labs"] == {"security": "missing", "dpa": "held"}  # no transfer clauses asked: data stays
    assert states["tatra-cloud-ops"] == {"security": "held", "dpa": "held"}
    profile = section(page(sample_render, "vendors/lotus-code-works/index.md"), "Compliance")
    assert "**1 of 3 missing, expired or expiring**" in profile and "**expires Sun 28 Feb 2027**" in profile
    scorecards = section(page(sample_render, "scorecards.md"), "Compliance by tier")
    assert "Andes Quality Labs" in scorecards and "Tatra Cloud Ops" not in scorecards  # Tatra holds everything
    andes = page(sample_render, "vendors/andes-quality-labs/index.md")
    assert "| TestaPro S.A.S. | Provides extra manual testers in peak weeks. | Medellín, Colombia | **not approved** |" in andes
    assert "| Kavya Iyer (Lotus Code Works) | Leads the mobile team and owns the payment module's design. | 60 days |" in page(
        sample_render, "vendors/lotus-code-works/index.md")


def test_a_vendor_site_shows_no_compliance_requirements(sample_inputs):
    lotus = pipeline.render(sample_inputs, audience="vendor", vendor="lotus-code-works", today=BUILD_DATE)
    profile = page(lotus, "vendors/lotus-code-works/index.md")
    assert "## Compliance" not in profile and "Key personnel" not in profile and "DeviceFarm" not in profile
