"""The Upcoming page: decisions due (contract notice deadlines and document expiries from 120
days ahead), overdue actions across vendors, next reviews and steering committees in date order
with both local times, vendor holidays in the next weeks, and overdue meetings; a vendor-facing
site shows its own."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import yaml

from generator import pipeline
from generator.schedules.recurrence import next_due

from .conftest import BUILD_DATE, ROOT
from .upcoming_rows import people, rows

TODAY = BUILD_DATE  # the suite's build date (tests/conftest.py BUILD_EPOCH)


def section(page: str, heading: str) -> str:
    return page.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


@pytest.fixture(scope="module")
def page(sample_render) -> str:
    return sample_render.tree["upcoming.md"].decode()


def words_of(cell: str) -> str:
    """A cell's words: a date's `<time datetime="…">` element (the ISO form for machines) left out."""
    return re.sub(r'<time datetime="\d{4}-\d\d-\d\d">(.*?)</time>', r"\1", cell)


def test_reviews_and_steering_committees_in_date_order_with_both_local_times(page):
    table = rows(section(page, "Reviews and steering committees"))
    assert table[0][0] == '<time datetime="2026-12-03">Thu 3 Dec 2026</time>'
    assert [(words_of(r[0]), re.sub(r"\[(.*?)\]\(.*?\)", r"\1", r[1]), r[2], r[3], r[4]) for r in table] == [
        ("Thu 3 Dec 2026", "Harbor Light", "Monthly service review", "09:00–10:00 Berlin", "16:00–17:00 Manila"),
        ("Thu 17 Dec 2026", "Everest QA Partners", "Monthly service review", "10:30–11:30 Berlin", "15:15–16:15 Kathmandu"),
        ("Thu 17 Dec 2026", "Lotus Code Works", "Monthly service review", "11:00–12:00 Berlin", "15:30–16:30 Kolkata"),
        ("Thu 7 Jan 2027", "Harbor Light", "Monthly service review", "09:00–10:00 Berlin", "16:00–17:00 Manila"),
        ("Wed 13 Jan 2027", "Nile Data Studio", "Monthly quality review", "12:00–12:45 Berlin", "13:00–13:45 Cairo"),
        # beyond the 8 weeks, but the next steering committee is always listed
        ("Wed 20 Jan 2027", "Lotus Code Works", "Joint steering committee", "10:30–12:00 Berlin", "15:00–16:30 Kolkata"),
    ]
    assert "(vendors/lotus-code-works/index.md)" in section(page, "Reviews and steering committees")
    # status syncs have their own section (the next 2 weeks), not this one
    assert "Weekly delivery sync" not in section(page, "Reviews and steering committees")


def test_holidays_in_the_next_six_weeks(page):
    table = rows(section(page, "Holidays, next 6 weeks"))
    days = [re.findall(r'<time datetime="([0-9-]+)">', r[0]) for r in table]
    assert all(days)  # each day in a <time datetime> element (issue 24)
    assert [(re.sub(r"<[^>]+>", "", r[0]), re.sub(r"\[(.*?)\]\(.*?\)", r"\1", r[1]), r[2], r[3]) for r in table] == [
        ("Mon 30 Nov 2026", "Harbor Light", "Bonifacio Day", "1"),
        ("Tue 8 Dec 2026", "Andes Quality Labs", "Immaculate Conception", "1"),
        ("Thu 24 Dec 2026 – Fri 25 Dec 2026", "Harbor Light", "Christmas Eve and Christmas Day", "2"),
        ("Thu 24 Dec 2026 – Sat 26 Dec 2026", "Tatra Cloud Ops", "Christmas", "2"),  # Saturday is not a working day
        ("Fri 25 Dec 2026", "Andes Quality Labs", "Christmas Day", "1"),
        ("Fri 25 Dec 2026", "Everest QA Partners", "Christmas Day", "1"),
        ("Fri 25 Dec 2026", "Northwind", "Christmas Day", "1"),  # ours (organization.yml), once
        ("Wed 30 Dec 2026", "Harbor Light", "Rizal Day", "1"),
        ("Fri 1 Jan 2027", "Northwind", "New Year's Day", "1"),
    ]
    assert days[2] == ["2026-12-24", "2026-12-25"]
    for later_or_past in ("Diwali", "Republic Day", "Coptic Christmas", "Epiphany", "Labour Day"):
        assert later_or_past not in page


def test_overdue_meeting(page):
    table = rows(section(page, "Overdue meetings"))
    assert len(table) == 1
    title, vendor, cadence, last, due = table[0]
    assert (title, cadence, last) == ("Quarterly service review", "quarterly", '<time datetime="2026-07-23">Thu 23 Jul 2026</time>')
    assert "Andes Quality Labs" in vendor and due == "due since Fri 23 Oct 2026 (4 weeks ago)"
    # Held within its cadence (Lotus, 2026-11-19 and 2026-10-21; Harbor Light, 2026-11-05): not overdue.
    assert "Joint steering committee" not in section(page, "Overdue meetings")
    # A log entry counts as `last_held`: Tatra's hand-over sync has no `last_held`, but was
    # logged on 2026-11-19, so it is not overdue (without the log it would be, since 2026-10).
    assert "hand-over sync" not in section(page, "Overdue meetings")


def test_overdue_rule():
    assert next_due(date(2026, 7, 23), "quarterly") == date(2026, 10, 23)
    assert next_due(date(2026, 1, 31), "monthly") == date(2026, 2, 28)
    assert next_due(date(2026, 11, 10), "fortnightly") == date(2026, 11, 24)


def test_vendor_facing_upcoming_shows_only_that_vendor(sample_inputs):
    page = pipeline.render(sample_inputs, audience="vendor", vendor="andes-quality-labs", today=TODAY).tree["upcoming.md"].decode()
    assert "Quarterly service review" in section(page, "Overdue meetings")
    for other in ("Harbor Light", "Lotus Code Works", "Nile Data Studio", "Tatra Cloud Ops", "portfolio"):
        assert other not in page
    holidays = rows(section(page, "Holidays, next 6 weeks"))
    # The reader's own ("Your team") and ours (issue 24), no other vendor's; no Vendor column.
    assert [(r[1], r[2]) for r in holidays] == [("Your team", "Immaculate Conception"), ("Your team", "Christmas Day"),
                                                ("Northwind", "Christmas Day"), ("Northwind", "New Year's Day")]
    assert "| Dates | Who is away | Holiday | Working days lost |" in page and "| Vendor |" not in page and "Their " not in page
    assert "(vendors/andes-quality-labs/andes-quality-labs.ics)" in page


def test_built_upcoming_page(sample_site):
    html = (sample_site / "upcoming" / "index.html").read_text("utf-8")
    assert "Quarterly service review" in html and "15:30–16:30 Kolkata" in html
    assert 'href="../calendars/portfolio.ics"' in html


def unlink(cell: str) -> str:
    return re.sub(r"\[(.*?)\]\(.*?\)", r"\1", cell)


def test_every_notice_deadline_in_the_next_120_days_is_a_decision_due(page):
    # Worked out here from the vendor files themselves (end minus notice_days), not by the generator.
    expected = {}
    for path in sorted((ROOT / "content" / "vendors").glob("*.yml")):
        contract = yaml.safe_load(path.read_text("utf-8")).get("contract") or {}
        if contract.get("end"):
            deadline = date.fromisoformat(contract["end"]) - timedelta(days=contract.get("notice_days", 0))
            if 0 <= (deadline - TODAY).days <= 120:
                expected[contract["reference"]] = deadline
    assert len(expected) >= 2  # the sample tells this story: Harbor Light (decided) and Lotus (not yet)
    table = rows(section(page, "Decisions due"))
    for reference, deadline in expected.items():
        row = next(r for r in table if r[2] == f"Notice deadline, contract {reference}")
        assert f"{deadline.day} " in row[0] and str(deadline.year) in row[0], row


def test_decisions_due_in_date_order_with_their_state(page):
    table = [(unlink(r[1]), r[2], r[3], unlink(r[4])) for r in rows(section(page, "Decisions due"))]
    assert table == [
        ("Harbor Light", "Notice deadline, contract NW-2025-006", "decided: renew", "Tobias Klein"),
        ("Lotus Code Works", "Notice deadline, contract NW-2023-014", "not decided yet", "Tobias Klein"),
        ("Harbor Light", "Cyber liability insurance expires", "to renew", "Joy Santos"),
        ("Lotus Code Works", "ISO 27001 certificate expires", "to renew", "Lea Fischer"),
        # passed with no decision, so the contract renewed by itself: the renewed term's notice
        # deadline, shown until a decision is recorded
        ("Andes Quality Labs", "Notice deadline, contract NW-2024-031", "**renewed to Tue 31 Aug 2027 without a decision "
         "(notice deadline Thu 2 Jul 2026 passed)**; next notice deadline, not decided yet", "Tobias Klein"),
    ]
    dates = [r[0] for r in rows(section(page, "Decisions due"))]
    assert dates[0] == "Wed 2 Dec 2026, in 11 days"
    assert dates[1] == "Thu 31 Dec 2026, in 40 days"
    assert dates[-1] == "Fri 2 Jul 2027, in 223 days"  # Andes' renewed term: listed although further than 120 days
    # further than 120 days: not listed (Lotus' data processing agreement, 2027-12-31; Nile's notice deadline)
    assert "Data processing agreement" not in page and "NW-2026-044" not in section(page, "Decisions due")


def test_actions_overdue_and_due_in_the_next_14_days_across_vendors(page):
    text = section(page, "Actions due")
    table = [(r[0], unlink(r[1]), unlink(r[3])) for r in rows(text)]
    assert table == [
        # overdue first (in bold), the longest overdue first ...
        ("**Mon 31 Aug 2026 (overdue by 82 days)**", "Andes Quality Labs", "Nora Schmidt (Northwind)"),
        ("**Wed 30 Sep 2026 (overdue by 52 days)**", "Andes Quality Labs", "Mateo Vargas (Andes Quality Labs)"),
        ("**Fri 13 Nov 2026 (overdue by 8 days)**", "Lotus Code Works", "Priya Raman (Lotus Code Works)"),
        ("**Thu 19 Nov 2026 (overdue by 2 days)**", "Tatra Cloud Ops", "Agnieszka Wójcik (Tatra Cloud Ops)"),
        ("**Fri 20 Nov 2026 (overdue by 1 day)**", "Harbor Light", "Angela Cruz (Harbor Light)"),
        # ... then those due in the next 14 days (to Sat 5 Dec 2026), soonest first
        ("Tue 1 Dec 2026 (in 10 days)", "Lotus Code Works", "Lukas Berg (Northwind)"),
        ("Thu 3 Dec 2026 (in 12 days)", "Harbor Light", "Joy Santos (Harbor Light)"),
        ("Fri 4 Dec 2026 (in 13 days)", "Lotus Code Works", "Arjun Mehta (Lotus Code Works)"),
    ]
    # done and dropped actions are not listed, nor one due after the 14 days (Rohan Das', 10 Dec)
    for gone in ("Send the automation plan", "Book the October review", "Add the API latency report"):
        assert gone not in text
    # our people's names link to their pages; each row names its owner for the filter by person
    assert "[Lukas Berg](people/lukas-berg.md) (Northwind)" in text
    assert people(text)[5] == ["lukas-berg"]


def test_status_syncs_of_the_next_two_weeks_with_who_attends(page):
    text = section(page, "Status syncs, next 2 weeks")
    table = rows(text)
    lotus = [r for r in table if unlink(r[1]) == "Lotus Code Works"]
    assert [(words_of(r[0]), r[2], r[3], r[4], unlink(r[5])) for r in lotus] == [
        ("Tue 24 Nov 2026", "Weekly delivery sync", "11:00–11:30 Berlin", "15:30–16:00 Kolkata",
         "Lukas Berg, Jonas Richter, Priya Raman, Kavya Iyer"),
        ("Tue 1 Dec 2026", "Weekly delivery sync", "11:00–11:30 Berlin", "15:30–16:00 Kolkata",
         "Lukas Berg, Jonas Richter, Priya Raman, Kavya Iyer"),
    ]
    assert all(TODAY.isoformat() <= re.search(r'datetime="([\d-]+)"', r[0]).group(1) <= "2026-12-04" for r in table)
    marked = people(text)
    assert len(marked) == len(table) and ["lukas-berg", "jonas-richter", "priya-raman", "kavya-iyer"] in marked


def test_a_vendor_facing_upcoming_shows_its_own_actions_and_no_contract(sample_inputs):
    page = pipeline.render(sample_inputs, audience="vendor", vendor="lotus-code-works", today=TODAY).tree["upcoming.md"].decode()
    # One row, its own: the action, with no Vendor column (every row on this site is the reader's).
    assert [r[1] for r in rows(section(page, "Actions due"))] == ["Pair a third engineer on every change to the payment module.",
                                                                  "Confirm the Christmas release freeze dates with the store team.",
                                                                  "Send the rate-card proposal for 2027."]
    assert "## Decisions due" not in page and "NW-2023-014" not in page  # the contract is internal
