"""Each new person's own first weeks (issue 24): items that name the vendor's real tools and
people, a page per joiner with dates counted in working days of their side (holidays of either
side skipped), a calendar inside both sides' working hours, and warnings where a vendor-facing
play asks for data a vendor file lacks.

Pages are read from the real strict MkDocs build of the onboarding partner's site (conftest
`vendor_site`); variants of the data are rendered in memory from a copy of the sample project.
What a browser must keep apart (ticks per joiner) is in tests/browser/test_joiners.py.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import yaml

from generator import pipeline

from .commands import in_process
from .conftest import BUILD_DATE, ROOT, STAFF_VENDOR, copy_project

BASE = f"vendors/{STAFF_VENDOR}"
VENDOR_FILE = f"content/vendors/{STAFF_VENDOR}.yml"
JOINER = "sunita-magar"  # starts Mon 7 Dec 2026, buddy on our side (Nora Schmidt)


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def vendor_data(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / VENDOR_FILE).read_text("utf-8"))


def item_texts(text: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r'<span class="rp-text"[^>]*>(.*?)</span></label>', text, re.S)]


def render_vendor(project: Path, today: date = BUILD_DATE) -> dict[str, str]:
    inputs = pipeline.load_checked(project)
    tree = pipeline.render(inputs, audience="vendor", vendor=STAFF_VENDOR, today=today).tree
    return {path: content.decode("utf-8", "replace") for path, content in tree.items()}


def dues(markdown: str) -> dict[str, str]:
    """Each item's due date on a joiner's page (docs Markdown), by `play/item`."""
    return {f"{play}/{item}": due for play, item, due in
            re.findall(r'data-rp-play="([^"]+)" data-rp-item="([^"]+)" data-rp-phase="[^"]+" data-rp-due="([^"]+)"', markdown)}


def edit_vendor(project: Path, change) -> None:
    path = project / VENDOR_FILE
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


# --- items name the real thing ---------------------------------------------------------------------


def test_every_tool_of_the_vendor_is_named_with_its_place_and_link(vendor_site):
    channels = vendor_data()["communication"]["channels"]
    for path in (f"{BASE}/start/new-joiner", f"{BASE}/joiners/{JOINER}"):
        text = page(vendor_site, path)
        sign_in = next(t for t in item_texts(text) if t.startswith("On your first morning, sign in to"))
        for channel in channels:
            assert channel["tool"] in sign_in, (path, channel["tool"])
            if channel.get("where"):
                assert channel["where"] in sign_in, (path, channel["where"])
            if channel.get("url"):
                assert f'href="{channel["url"]}"' in text, (path, channel["url"])
        # Who grants access, by name, as the vendor file says.
        assert "Jira, Project WEBQA (Bibek Thapa grants access before day 1)" in sign_in
        assert "Felix Wagner grants access before day 1; a ticket to the Northwind IT service desk" in sign_in


def test_items_link_the_profile_sections_the_escalation_path_and_the_welcome_pack(vendor_site):
    text = page(vendor_site, f"{BASE}/joiners/{JOINER}")
    assert re.search(r'<a href="\.\./\.\./#escalation-path">the escalation path</a>', text)
    assert re.search(r'<a href="\.\./\.\./#communication">the communication section of the profile</a>', text)
    assert re.search(r'<a href="\.\./\.\./welcome/">the welcome pack</a>', text)


def test_no_item_says_your_buddy_without_a_name(vendor_site):
    pages = [p for p in (vendor_site / BASE).rglob("index.html")]
    assert len(pages) > 10
    said = 0
    for file in pages:
        for text in item_texts(file.read_text("utf-8")):
            # "Kiran Rai (your buddy)" on a joiner's page; "the buddy Pema Sherpa (your team
            # lead) names for you" on a role's page: someone is always named.
            for found in re.finditer(r"your buddy", text, re.I):
                said += 1
                assert re.search(r"[A-Z]\w+ [A-Z]\w+ \($", text[:found.start()]), (file, text)
            for found in re.finditer(r"the buddy", text):
                assert text[found.end():].startswith(" Pema Sherpa (your team lead) names for you"), (file, text)
    assert said >= 20


def test_the_joiner_page_names_buddy_and_manager_with_their_hours_and_dates_in_time_elements(vendor_site):
    text = page(vendor_site, f"{BASE}/joiners/{JOINER}")
    assert "Nora Schmidt" in text and "Pema Sherpa" in text
    assert "09:00–17:30 Berlin time (13:45–22:15 Kathmandu time)" in text
    assert '<time datetime="2026-12-07">Mon 7 Dec 2026</time>' in text
    # Before day 1: the five working days before Monday 7 December.
    assert 'Between <time datetime="2026-11-30">Mon 30 Nov 2026</time> and <time datetime="2026-12-04">Fri 4 Dec 2026</time>' in text
    for days, day in ((30, "2027-01-06"), (60, "2027-02-05"), (90, "2027-03-09")):
        assert f'{days}-day check-in' in text and f'<time datetime="{day}">' in text


def test_the_joiner_page_says_who_is_away_on_either_side_in_their_first_weeks(vendor_site):
    article = page(vendor_site, f"{BASE}/joiners/{JOINER}").split("<article", 1)[1]
    text = html.unescape(re.sub(r"<[^>]+>", "", article))
    away = text.split("Who is away in your first weeks", 1)[1].split("Check-ins", 1)[0]
    assert "Fri 25 Dec 2026: your team, Christmas Day" in away
    assert "Fri 25 Dec 2026: Northwind, Christmas Day" in away
    assert "Fri 1 Jan 2027: Northwind, New Year's Day" in away  # ours alone: Everest works that day
    assert "Prithvi Jayanti" not in away  # 11 January: after her first 20 working days


def test_role_pages_and_the_profile_list_the_joiners(vendor_site, sample_render):
    start = page(vendor_site, f"{BASE}/start")
    assert all(f'href="../joiners/{j["id"]}/"' in start for j in vendor_data()["joiners"])
    internal = sample_render.tree[f"{BASE}/index.md"].decode("utf-8")
    assert "## People joining" in internal and "Roshan Tamang" in internal and "joiners/" not in internal


# --- dates ------------------------------------------------------------------------------------------


def test_a_holiday_of_either_side_on_the_third_working_day_moves_the_dates(tmp_path):
    project = copy_project(tmp_path / "project")
    before = dues(render_vendor(project)[f"{BASE}/joiners/{JOINER}.md"])
    assert before["social-events/joiner-hello"] == "2026-12-11"  # week 1: Mon 7 to Fri 11 Dec
    assert before["first-weeks/security"] == "2026-12-11"  # needs us (ask: our security officer)

    # Their holiday on the joiner's 3rd working day (Wed 9 Dec): week 1 ends a working day later.
    edit_vendor(project, lambda d: d["holidays"].append({"date": "2026-12-09", "name": "Test holiday"}))
    theirs = dues(render_vendor(project)[f"{BASE}/joiners/{JOINER}.md"])
    assert theirs["social-events/joiner-hello"] == "2026-12-14"
    assert theirs["first-weeks/security"] == "2026-12-14"

    # Ours on Fri 11 Dec instead: what needs us moves back to the last day both sides work.
    edit_vendor(project, lambda d: d["holidays"].pop())
    org = project / "content" / "organization.yml"
    org.write_text(org.read_text("utf-8").replace("holidays:\n", 'holidays:\n  - {date: "2026-12-11", name: Test closure}\n', 1), "utf-8")
    ours = dues(render_vendor(project)[f"{BASE}/joiners/{JOINER}.md"])
    assert ours["social-events/joiner-hello"] == "2026-12-11"  # theirs alone: unchanged
    assert ours["first-weeks/security"] == "2026-12-10"  # both work on Thu 10 Dec


def test_joiners_drop_off_after_their_first_90_days(tmp_path):
    tree = render_vendor(ROOT, today=date(2026, 12, 7) + timedelta(days=91))
    pages = {p for p in tree if "/joiners/" in p}
    assert f"{BASE}/joiners/{JOINER}.md" not in pages and f"{BASE}/joiners/{JOINER}.ics" not in pages
    assert f"{BASE}/joiners/roshan-tamang.md" in pages  # started 18 January: still in


# --- the calendar -------------------------------------------------------------------------------------


def test_the_joiner_calendar_parses_and_each_event_is_inside_both_sides_working_hours(vendor_site):
    data = vendor_data()
    org = yaml.safe_load((ROOT / "content" / "organization.yml").read_text("utf-8"))
    ours_off = {date.fromisoformat(h["date"]) for h in org["holidays"]}
    theirs_off = {date.fromisoformat(h["date"]) for h in data["holidays"]}
    sides = [(ZoneInfo(org["timezone"]), org["working_hours"], ours_off),
             (ZoneInfo(data["working_hours"]["timezone"]), data["working_hours"], theirs_off)]
    for joiner in data["joiners"]:
        calendar = icalendar.Calendar.from_ical((vendor_site / BASE / "joiners" / f"{joiner['id']}.ics").read_bytes())
        events = list(calendar.walk("VEVENT"))
        kinds = [str(e["summary"]).split(":")[0] for e in events]
        assert kinds[0] == "Welcome call" and kinds.count("First sync with " + next(
            c["name"] for c in data["contacts"] + org["people"] if c["id"] == joiner["buddy"])) == 3
        assert sum("check-in" in k for k in kinds) == 3
        for event in events:
            start: datetime = event["dtstart"].dt
            end = start + event["duration"].dt
            assert start.tzinfo is not None
            for zone, hours, off in sides:
                local_start, local_end = start.astimezone(zone), end.astimezone(zone)
                assert local_start.strftime("%a").lower() in hours["days"] and local_start.date() not in off, (joiner["id"], event["summary"])
                assert hours["start"] <= local_start.strftime("%H:%M") and local_end.strftime("%H:%M") <= hours["end"], (joiner["id"], event["summary"])
        assert events[0]["dtstart"].dt.date() >= date.fromisoformat(joiner["starts"])


# --- missing data and hostile data -----------------------------------------------------------------


def test_validate_warns_at_the_play_when_a_vendor_file_lacks_what_a_vendor_facing_play_names(tmp_path):
    project = copy_project(tmp_path / "project")
    edit_vendor(project, lambda d: d["communication"].update(channels=[c for c in d["communication"]["channels"] if c["type"] != "documents"]))
    run = in_process("validate", cwd=project)  # from the project's folder, as a contributor runs it
    assert run.returncode == 0, run.stderr
    line = next(n for n, text in enumerate((project / "playbooks/communication/channels-and-tools.md").read_text("utf-8").split("\n"), 1)
                if "vendor.tool.documents" in text)
    column = (project / "playbooks/communication/channels-and-tools.md").read_text("utf-8").split("\n")[line - 1].index("vendor.tool.documents") + 1
    assert (f"playbooks/communication/channels-and-tools.md:{line}:{column}: warning: {VENDOR_FILE} gives no `documents` channel "
            "under `communication.channels`") in run.stderr
    # The page still reads, in general words.
    text = render_vendor(project)[f"{BASE}/joiners/{JOINER}.md"]
    assert "the document space" in text and "Confluence" not in text


def test_the_vendor_data_an_item_names_stays_text(tmp_path):
    project = copy_project(tmp_path / "project")

    def attack(data: dict) -> None:
        channel = next(c for c in data["communication"]["channels"] if c["type"] == "tickets")
        channel.update(tool='<img src=x onerror="alert(1)">', where="[click](javascript:alert(1))",
                       url="https://jira.example/browse/WEB(QA)")  # the schema refuses what is no address
        channel["access"]["how"] = "<script>alert(3)</script> *bold* {: onclick=alert(4) }"
        data["joiners"][0]["name"] = "<b onmouseover=alert(5)>Eve</b>"

    edit_vendor(project, attack)
    tree = render_vendor(project)
    for path, text in tree.items():
        if path.endswith(".md") and path.startswith(BASE):
            assert "<img" not in text and "<script" not in text and "<b onmouseover" not in text, path
            assert "](javascript" not in text and "{: onclick" not in text, path
    joiner = next(p for p in tree if p.startswith(f"{BASE}/joiners/") and p.endswith(".md") and "Eve" in tree[p])
    assert "&lt;" in tree[joiner] or "&#60;" in tree[joiner]


def test_working_days_are_the_joiners_own_side_s_week_less_its_holidays():
    from generator.schedules.hours import Schedule
    from generator.schedules.workdays import Side, both_work, nth_working_day

    sun_thu = Side(Schedule("Asia/Riyadh", "09:00", "17:00", ("sun", "mon", "tue", "wed", "thu")))
    sunday = date(2026, 12, 6)
    assert nth_working_day(sunday, 1, sun_thu) == sunday  # a Sunday–Thursday joiner starts on a Sunday
    assert nth_working_day(sunday, 5, sun_thu) == date(2026, 12, 10)
    assert nth_working_day(sunday, 6, sun_thu) == date(2026, 12, 13)
    assert nth_working_day(sunday, -1, sun_thu) == date(2026, 12, 3)  # the working day before: Thursday
    away = Side(sun_thu.schedule, frozenset({date(2026, 12, 8)}))
    assert nth_working_day(sunday, 5, away) == date(2026, 12, 13)
    mon_fri = Side(Schedule("Europe/Berlin", "09:00", "17:30", ("mon", "tue", "wed", "thu", "fri")))
    assert both_work(sunday, sun_thu, mon_fri) == date(2026, 12, 7)  # Sunday: only one side works
