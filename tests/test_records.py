"""The records plays ask for (escalations raised, change requests, improvement plans, a transition
plan with knowledge-transfer sessions, who decides what): on the profile and in the review pack,
late ones on Upcoming, and on a vendor's own site only where marked."""

from __future__ import annotations

from datetime import date

import pytest

from generator import pipeline
from generator.schedules.dates import add_working_days, respond_days

from .conftest import BUILD_DATE


def page(render: pipeline.Generated, path: str) -> str:
    return render.tree[path].decode("utf-8")


def section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}")
    return text[start:].split("\n## ", 1)[0]


def vendor(render: pipeline.Generated, slug: str):
    return next(v for v in render.site.vendors if v.slug == slug)


@pytest.mark.parametrize("text, days", [("4 working hours", 1), ("1 hour", 1), ("12 working hours", 2), ("1 working day", 1),
                                        ("2 working days", 2), ("2 days", 2), ("as soon as possible", None), (None, None)])
def test_respond_within_in_working_days(text, days):
    assert respond_days(text) == days


def test_working_days_skip_the_weekend():
    friday = date(2026, 11, 20)
    assert add_working_days(friday, 1) == date(2026, 11, 23)
    assert add_working_days(friday, 1, ("sun", "mon", "tue", "wed", "thu")) == date(2026, 11, 22)
    assert add_working_days(date(2026, 11, 23), -1) == friday


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
