"""Issue 24, the rest: one working-day rule that skips both sides' holidays, our holidays on
every calendar and "who is away", progress per joiner that their lead sees, and people who
leave with their dated offboarding and the access register (our sites only).

Pages come from the session's renders and builds (tests/conftest.py); variants of the data
are rendered in memory from a copy of the sample project. The leak test (tests/test_audiences.py)
covers leaver pages and the register on every site of the marker portfolio.
"""

from __future__ import annotations

import html
import re
from datetime import date

import icalendar
import yaml

from generator.cli import commands as cli
from generator import pipeline

from .conftest import ROOT, copy_project
from .upcoming_rows import MARKER, unmarked

EVEREST = "everest-qa-partners"
TATRA = "tatra-cloud-ops"
LATER = date(2026, 12, 8)  # the December cohort's day 2: its before-day-1 items are past their date


def vendor(render: pipeline.Generated, slug: str):
    return next(v for v in render.site.vendors if v.slug == slug)


def text_of(markdown: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markdown))


def edit(project, path: str, change) -> None:
    file = project / path
    data = yaml.safe_load(file.read_text("utf-8"))
    change(data)
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


# --- one working-day rule ------------------------------------------------------------------------


def test_anchored_items_skip_the_holidays_of_the_side_that_owns_them(sample_render):
    # Andes' notice deadline is Fri 2 Jul 2027; 60 of our working days before it, less Ascension
    # Day (6 May) and Whit Monday (17 May) in Berlin, is Wed 7 Apr 2027 (Fri 9 Apr without them).
    andes = vendor(sample_render, "andes-quality-labs")
    assert andes.renewal.deadline.day == date(2027, 7, 2)
    assert andes.item_dates[("read-the-contract", "yearly-reread")].day == date(2027, 4, 7)
    # Lotus: Thu 31 Dec 2026, less Christmas Day: Wed 7 Oct 2026 (Thu 8 Oct without it).
    assert vendor(sample_render, "lotus-code-works").item_dates[("exit-plan", "yearly-update")].day == date(2026, 10, 7)


# --- our holidays everywhere ----------------------------------------------------------------------


def test_no_meeting_is_held_on_a_holiday_of_either_side(sample_render):
    everest = vendor(sample_render, EVEREST)
    sync = everest.time.meetings[0]
    days = [o.date for o in sync.occurrences(date(2027, 1, 1), date(2027, 3, 31))]
    # Weekly on Mondays: 11 Jan is Prithvi Jayanti (theirs), 8 Mar International Women's Day (ours).
    assert date(2027, 1, 4) in days and date(2027, 1, 18) in days
    assert date(2027, 1, 11) not in days and date(2027, 3, 8) not in days
    cal = icalendar.Calendar.from_ical(sample_render.tree[f"vendors/{EVEREST}/{EVEREST}.ics"])
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]).endswith(f".meeting.{sync.id}@relationship-playbooks"))
    excluded = {one.dt.date() for one in event["EXDATE"].dts}
    assert {date(2027, 1, 11), date(2027, 3, 8), date(2027, 3, 29)} <= excluded
    assert "Not held on a holiday of either side" in str(event["DESCRIPTION"])


def test_our_holidays_are_all_day_away_events_in_every_vendor_calendar(sample_render):
    for one in sample_render.site.vendors:
        cal = icalendar.Calendar.from_ical(sample_render.tree[f"vendors/{one.slug}/{one.slug}.ics"])
        away = {e.decoded("DTSTART"): str(e["SUMMARY"]) for e in cal.walk("VEVENT") if ".away." in str(e["UID"])}
        assert away[date(2026, 12, 25)] == "Northwind away: Christmas Day", one.slug
        assert away[date(2027, 5, 17)] == "Northwind away: Whit Monday", one.slug


def test_the_profile_and_the_welcome_pack_say_who_is_away_on_either_side(vendor_site, sample_render):
    welcome = (vendor_site / "vendors" / EVEREST / "welcome" / "index.html").read_text("utf-8").split("<article", 1)[1]
    away = text_of(welcome.split("Who is away, next 6 weeks", 1)[1].split("</ul>", 1)[0])
    assert "Fri 25 Dec 2026: your team, Christmas Day" in away
    assert "Fri 25 Dec 2026: Northwind, Christmas Day" in away
    assert "Fri 1 Jan 2027: Northwind, New Year's Day" in away
    assert '<time datetime="2027-01-01">' in welcome
    profile = sample_render.tree[f"vendors/{EVEREST}/index.md"].decode()
    holidays = profile.split("## Holidays", 1)[1].split("\n## ", 1)[0]
    assert '| <time datetime="2027-03-08">Mon 8 Mar 2027</time> |  | Northwind | International Women\'s Day (Berlin) |' in holidays
    assert "| Everest QA Partners | Prithvi Jayanti |" in holidays
    assert "Labour Day" not in holidays  # ours that are over are left out (1 May 2026)


# --- progress per joiner ---------------------------------------------------------------------------


def test_each_joiners_progress_shows_on_the_profile_the_team_leads_page_and_upcoming(sample_inputs):
    internal = pipeline.render(sample_inputs, today=LATER).tree
    people = internal[f"vendors/{EVEREST}/index.md"].decode().split("## People joining", 1)[1]
    # Aarati recorded both before-day-1 items; Sunita one; Bishal none: two overdue since Fri 4 Dec.
    assert re.search(r"\| Aarati Basnet \|.*\| 2 of 18 \| 16 \| 0 \|", people)
    assert re.search(r"\| Sunita Magar \|.*\| 1 of 18 \| 16 \| 1 \|", people)
    assert re.search(r"\| Bishal Adhikari \|.*\| 0 of 18 \| 16 \| 2 \|", people)
    assert re.search(r"\| Roshan Tamang \|.*\| 0 of 18 \| 18 \| 0 \|", people)  # January: nothing due yet
    upcoming = internal["upcoming.md"].decode().split("## Overdue onboarding items", 1)[1].split("\n## ", 1)[0]
    # Each row names whom it concerns for the filter by person: the joiner's buddy and manager.
    marked = [m for m in MARKER.finditer(upcoming) if upcoming.startswith("Fri 4 Dec 2026", m.end())]
    assert marked and all(m.group(1) for m in marked)
    upcoming = unmarked(upcoming)
    late = re.findall(r"^\| (.+?) \| .+? \| (.+?) \| (.+?) \|$", upcoming, re.M)
    assert ("Fri 4 Dec 2026 (overdue by 4 days)", "Bishal Adhikari", "Onboard new vendor staff") in late
    assert ("Fri 4 Dec 2026 (overdue by 4 days)", "Sunita Magar", "Name single points of contact and counterparts") in late
    assert not any(who == "Aarati Basnet" for _, who, _ in late)
    assert not any(who == "Sunita Magar" and play == "Onboard new vendor staff" for _, who, play in late)
    # On the build date of the suite nothing is late yet: no such section.
    assert "## Overdue onboarding items" not in pipeline.render(sample_inputs, today=date(2026, 11, 21)).tree["upcoming.md"].decode()

    theirs = pipeline.render(sample_inputs, audience="vendor", vendor=EVEREST, today=LATER).tree
    lead = theirs[f"vendors/{EVEREST}/start/team-lead.md"].decode().split("## Your new people's progress", 1)[1]
    assert "| [Aarati Basnet](../joiners/aarati-basnet.md) |" in lead
    row = next(line for line in lead.splitlines() if "Bishal Adhikari" in line)
    assert "| 0 of 18 | 16 | Name single points of contact and counterparts (due <time datetime=\"2026-12-04\">" in row


def test_progress_recorded_for_one_joiner_shows_on_their_page_alone(vendor_site):
    def shared(joiner: str) -> set[str]:
        text = (vendor_site / "vendors" / EVEREST / "joiners" / joiner / "index.html").read_text("utf-8")
        return set(re.findall(r'data-rp-item="([^"]+)"[^>]*data-rp-shared="', text))

    assert shared("aarati-basnet") == {"read-pack", "joiner-contacts"}
    assert shared("sunita-magar") == {"read-pack"}
    assert shared("bishal-adhikari") == set() and shared("roshan-tamang") == set()


def test_validate_names_an_unknown_joiner_or_item_in_joiner_progress_and_an_unknown_tool_of_a_leaver(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "project")

    def wrong(data: dict) -> None:
        data["joiner_progress"]["nobody-here"] = {"first-weeks": {"read-pack": {"done": "2026-11-20"}}}
        data["joiner_progress"]["sunita-magar"]["first-weeks"]["no-such-item"] = {"done": "2026-11-20"}
        data["leavers"] = [{"id": "ex", "name": "Ex Person", "role": "team-member", "last_day": "2027-01-15", "holds": ["chat", "pager"]}]

    edit(project, f"content/vendors/{EVEREST}.yml", wrong)
    monkeypatch.chdir(project)
    assert cli.main(["validate"]) != 0
    err = capsys.readouterr().err
    lines = (project / f"content/vendors/{EVEREST}.yml").read_text("utf-8").split("\n")

    def at(text: str, value: str | None = None) -> str:
        line = next(n for n, one in enumerate(lines, 1) if text in one)
        return f"content/vendors/{EVEREST}.yml:{line}:{lines[line - 1].index(value or text.strip()) + 1}: "

    assert at("  nobody-here:") + "joiner `nobody-here` does not exist; use the `id` of a joiner under `joiners`" in err
    assert at("    no-such-item:") + "checklist item `no-such-item` does not exist" in err
    assert at("  - pager", "pager") + "tool `pager` does not exist; name a channel under `communication.channels`" in err
    assert "- chat" not in err and "`chat` does not exist" not in err  # Everest has a chat channel
    assert (project / "site").exists() is False


# --- people who leave ---------------------------------------------------------------------------------


def test_the_leavers_checklist_is_dated_in_working_days_skipping_holidays(sample_render, tmp_path):
    # Marek Kowal's last day is Fri 15 Jan 2027. Ten of Tatra's working days before it, less
    # Epiphany (Wed 6 Jan), is Thu 31 Dec 2026; five is Fri 8 Jan; the removal of each access is
    # on the day; the confirmation on our next working day, Mon 18 Jan.
    page = sample_render.tree[f"vendors/{TATRA}/leavers/marek-kowal.md"].decode()
    rows = [(day, text_of(what)) for day, what in re.findall(r'^\| <time datetime="([0-9-]+)">[^|]+\| ([^|]+) \|', page, re.M)]
    assert [day for day, _ in rows] == ["2026-12-31", "2027-01-08", "2027-01-15", "2027-01-15", "2027-01-18"]
    assert rows[2][1] == "Remove Marek Kowal's access to ServiceNow, Assignment group TATRA."
    assert rows[3][1] == "Remove Marek Kowal's access to Bastion host, SSH to the warehouse servers."
    assert "| Felix Wagner (Northwind) | on the last day |" in page

    # A Tatra holiday on Fri 8 Jan: the hand-over and the knowledge transfer move a day earlier.
    project = copy_project(tmp_path / "project")
    edit(project, f"content/vendors/{TATRA}.yml", lambda d: d["holidays"].append({"date": "2027-01-08", "name": "Test closure"}))
    moved = pipeline.render(pipeline.load_checked(project), today=sample_render.site.today).tree
    days = re.findall(r'^\| <time datetime="([0-9-]+)">', moved[f"vendors/{TATRA}/leavers/marek-kowal.md"].decode(), re.M)
    assert days == ["2026-12-30", "2027-01-07", "2027-01-15", "2027-01-15", "2027-01-18"]


def test_the_vendor_site_gives_the_leavers_checklist_in_the_vendors_voice(partner_sites):
    page = (partner_sites / TATRA / "vendors" / TATRA / "leavers" / "marek-kowal" / "index.html").read_text("utf-8")
    assert "Marek Kowal leaves your team" in text_of(page) and "Piotr Nowak (your team)" in page
    assert '<time datetime="2026-12-31">Thu 31 Dec 2026</time>' in page


def test_the_access_register_is_on_our_sites_only_and_the_access_review_names_it(sample_render, restricted_site, all_vendor_sites):
    register = sample_render.tree[f"vendors/{EVEREST}/access.md"].decode()
    rows = re.findall(r"^\| (.+?) \((joining|leaving)\) \| (.+?) \|", register, re.M)
    assert len(rows) == 7 * 3  # seven joiners, each with Slack, Jira and Confluence
    assert ("Aarati Basnet", "joining", "Jira, Project WEBQA") in rows
    assert "| Bibek Thapa | Active |" in register
    tatra = sample_render.tree[f"vendors/{TATRA}/access.md"].decode()
    assert "| Marek Kowal (leaving) | ServiceNow, Assignment group TATRA |" in tatra and "To remove on the last day" in tatra
    assert (restricted_site / "vendors" / TATRA / "access" / "index.html").is_file()
    assert (restricted_site / "vendors" / TATRA / f"{TATRA}-access.csv").read_text("utf-8-sig").startswith("vendor,person,")
    for slug, site in all_vendor_sites.items():
        assert not (site / "vendors" / slug / "access").exists(), slug
        assert not list(site.rglob("*-access.csv")), slug
    # The items that use it link it on our sites and name it in words on a vendor's.
    checklists = sample_render.tree[f"vendors/{TATRA}/checklists.md"].decode()
    assert re.search(r'name="run-exit/access-removal">.*listed in \[the access register\]\(access\.md\)', checklists)
    assert re.search(r'name="security-and-data-protection/access-review">.*\[the access register\]\(access\.md\)', checklists)
    theirs = (all_vendor_sites[TATRA] / "vendors" / TATRA / "checklists" / "index.html").read_text("utf-8")
    assert "listed in the access register Northwind keeps" in theirs and "access/" not in theirs
