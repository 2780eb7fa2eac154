"""A page and a calendar per person (issue 26): `people/<id>/` and `people/<id>.ics` for each of
our people on the internal site and for each of a vendor's contacts on its own site; overdue
first, then this week and the next four, dated; names link to the page wherever a site has one.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import icalendar
import pytest
import yaml

from generator import pipeline

from .conftest import copy_project

MONDAY = date(2026, 12, 7)  # the Monday morning of the issue: Lukas has an overdue action


def section(page: str, heading: str) -> str:
    return page.split(f"\n## {heading}", 1)[1].split("\n## ", 1)[0]


def words(text: str) -> str:
    """Markdown as a reader reads it: dates' <time> elements and links reduced to their words."""
    text = re.sub(r'<time datetime="[\d-]+">(.*?)</time>', r"\1", text)
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)


def rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("|---")]
    return [[words(cell.strip()) for cell in line.strip("|").split(" | ")] for line in lines[1:]]


@pytest.fixture(scope="module")
def monday(sample_inputs):
    """The internal site of the sample on Monday 7 December 2026, in memory."""
    return pipeline.render(sample_inputs, today=MONDAY)


@pytest.fixture(scope="module")
def lotus(sample_inputs):
    return pipeline.render(sample_inputs, audience="vendor", vendor="lotus-code-works", today=MONDAY)


def page(generated, path: str) -> str:
    return generated.tree[path].decode()


def test_every_one_of_our_people_has_a_page_and_a_calendar(sample_render, sample_inputs):
    ours = sorted(p["id"] for p in yaml.safe_load((sample_inputs.root / "content" / "organization.yml").read_text())["people"])
    assert sorted(p[len("people/"):-len(".md")] for p in sample_render.tree if p.startswith("people/") and p.endswith(".md")) == ours
    assert sorted(p[len("people/"):-len(".ics")] for p in sample_render.tree if p.startswith("people/") and p.endswith(".ics")) == ours


def test_lukas_bergs_page_lists_his_overdue_item_first_then_this_weeks_with_dates(monday):
    text = page(monday, "people/lukas-berg.md")
    assert text.index("## Overdue") < text.index("## This week") < text.index("## Week of")
    assert rows(section(text, "Overdue")) == [
        ["**Tue 1 Dec 2026 (overdue by 6 days)**", "Action", "Lotus Code Works",
         "Confirm the Christmas release freeze dates with the store team. (agreed at the Monthly service review, Thu 19 Nov 2026)"],
    ]
    week = section(text, "This week")
    assert "From Mon 7 Dec 2026 to Sun 13 Dec 2026." in words(week)
    # the weekly sync he attends, with the time on both sides
    assert rows(week) == [["Tue 8 Dec 2026", "Meeting", "Lotus Code Works", "Weekly delivery sync: 11:00–11:30 Berlin, 15:30–16:00 Kolkata"]]
    # this week and the next four: five week sections, the monthly review in the second
    assert len(re.findall(r"^## (This week|Week of )", text, re.M)) == 5
    assert "Monthly service review: 11:00–12:00 Berlin, 15:30–16:30 Kolkata" in words(section(text, 'Week of <time datetime="2026-12-14">'))
    # his undated checklist items: a link to the vendor's checklists filtered to him
    assert "(../vendors/lotus-code-works/checklists.md?person=ours:lukas-berg)" in section(text, "Checklist items without a date")


def test_tobias_kleins_page_has_his_renewal_action_deadline_and_dated_checklist_items(monday):
    text = page(monday, "people/tobias-klein.md")
    assert ["Fri 11 Dec 2026", "Action", "Lotus Code Works",
            "Draft the renewal options for the steering committee. (agreed at the Joint steering committee, Wed 21 Oct 2026)"] \
        in rows(section(text, "This week"))
    later = rows(section(text, 'Week of <time datetime="2026-12-28">'))
    assert later == [["Thu 31 Dec 2026", "Notice deadline, contract NW-2023-014", "Lotus Code Works", "decide: renew, renegotiate or end"]]
    overdue = rows(section(text, "Overdue"))
    # checklist items his role holds, dated from the notice deadline, and a risk review he owns
    assert [r[1] for r in overdue] == ["Checklist item", "Checklist item", "Risk review"]
    assert "60 working days before the last day to give notice" in overdue[0][3]


def test_the_calendar_parses_and_holds_his_actions_with_a_reminder_the_day_before(sample_render):
    # On the suite's build date (Sat 21 Nov 2026) Lukas' action is due in ten days.
    cal = icalendar.Calendar.from_ical(sample_render.tree["people/lukas-berg.ics"])
    found = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    action = found["Confirm the Christmas release freeze dates with the store team. · Lotus Code Works"]
    assert action.decoded("DTSTART") == date(2026, 12, 1) and action.decoded("DTEND") == date(2026, 12, 2)  # all day
    assert str(action["CATEGORIES"].cats[0]) == "Action"
    alarms = action.walk("VALARM")
    assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == -timedelta(days=1)
    assert "Due tomorrow" in str(alarms[0]["DESCRIPTION"])
    # the meetings he attends, timed, recurring, in our zone
    sync = found["Weekly delivery sync · Lotus Code Works"]
    start = sync.decoded("DTSTART")
    assert isinstance(start, datetime) and str(start.tzinfo) == "Europe/Berlin" and "RRULE" in sync
    assert "Monthly service review · Lotus Code Works" in found
    assert "Joint steering committee · Lotus Code Works" not in found  # he does not attend it


def test_a_passed_action_has_no_reminder_and_a_deadline_keeps_its_own(monday):
    cal = icalendar.Calendar.from_ical(monday.tree["people/tobias-klein.ics"])
    found = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert found["Draft the renewal options for the steering committee. · Lotus Code Works"].walk("VALARM")  # due Fri 11 Dec
    lukas = icalendar.Calendar.from_ical(monday.tree["people/lukas-berg.ics"])
    passed = next(e for e in lukas.walk("VEVENT") if str(e["SUMMARY"]).startswith("Confirm the Christmas"))
    assert not passed.walk("VALARM")  # overdue: a reminder would go off on subscribing
    notice = next(e for e in cal.walk("VEVENT") if str(e["CATEGORIES"].cats[0]) == "Deadline")
    assert [a.decoded("TRIGGER") for a in notice.walk("VALARM")] == [-timedelta(days=7)]  # 90 and 30 days have passed


def test_names_link_to_the_persons_page_where_the_site_has_one(monday, lotus):
    profile = page(monday, "vendors/lotus-code-works/index.md")
    lukas = "[Lukas Berg](../../people/lukas-berg.md)"
    assert f"| {lukas} | Northwind | Vendor Manager, Engineering |" in profile  # the contacts table
    assert f"| Northwind | {lukas} |" in profile  # the single points of contact
    assert f"| 1 | {lukas} (Vendor Manager, Engineering) |" in profile  # the escalation path
    assert f"| {lukas} (Northwind) | Confirm the Christmas release" in profile  # the open actions
    assert "[Priya Raman](" not in profile  # the vendor's contacts have pages on its own site only
    directory = page(monday, "vendors/index.md")
    assert "[Lukas Berg](../people/lukas-berg.md)" in directory
    # on the vendor's own site: its contacts link, our people do not
    theirs = page(lotus, "vendors/lotus-code-works/index.md")
    assert "[Priya Raman](../../people/priya-raman.md)" in theirs and "[Lukas Berg](" not in theirs
    assert sorted(p for p in lotus.tree if p.startswith("people/") and p.endswith(".md")) == [
        f"people/{c}.md" for c in ("arjun-mehta", "kavya-iyer", "priya-raman", "rohan-das", "vikram-rao")]


def test_a_vendor_contacts_page_speaks_to_the_vendor(lotus):
    text = page(lotus, "people/priya-raman.md")
    assert "your team at Lotus Code Works" in text and "across our vendors" not in text
    assert rows(section(text, "Overdue"))[0][:2] == ["**Fri 13 Nov 2026 (overdue by 24 days)**", "Action"]
    # the reader's time first; no Vendor column on a site of one vendor
    assert rows(section(text, "This week")) == [["Tue 8 Dec 2026", "Meeting", "Weekly delivery sync: 15:30–16:00 Kolkata, 11:00–11:30 Berlin"]]


def test_a_hostile_name_is_escaped_on_the_page_and_in_every_link(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "content" / "vendors" / "lotus-code-works.yml"
    hostile = "Priya <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    path.write_text(path.read_text("utf-8").replace("name: Priya Raman", f"name: \"{hostile}\""), "utf-8")
    generated = pipeline.render(pipeline.load_checked(project), audience="vendor", vendor="lotus-code-works", today=MONDAY)
    for name in ("people/priya-raman.md", "vendors/lotus-code-works/index.md", "upcoming.md"):
        text = page(generated, name).split("\n---\n", 1)[1]  # the body (the title is front matter, HTML-escaped)
        assert "<img" not in text and "](javascript:" not in text, name
    assert "](../../people/priya-raman.md)" in page(generated, "vendors/lotus-code-works/index.md")  # still linked, once


def test_the_home_page_answers_what_must_i_do_this_week_with_each_persons_page(monday, sample_inputs):
    """The home page's "What must I do this week?" sends each of our people to their own page
    (the dated answer) and to Upcoming, not only to a vendor's checklists."""
    home = page(monday, "index.md")
    answer = home.split("**What must I do this week?**", 1)[1].split("\n- **", 1)[0]
    ours = yaml.safe_load((sample_inputs.root / "content" / "organization.yml").read_text())["people"]
    assert len(ours) > 5
    for person in ours:
        assert f"[{person['name']}](people/{person['id']}.md)" in answer, person["id"]
    assert "[Upcoming](upcoming.md)" in answer
