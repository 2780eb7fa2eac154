"""Calendar files (.ics): they parse back with the same events, time zones, recurrence,
holidays and deadlines (with their reminders); UIDs are stable; a vendor-facing site holds
only its own vendor's calendar."""

from __future__ import annotations

import re

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from generator.render.files import calendars
from generator import pipeline

from .conftest import BUILD_DATE, ROOT

TODAY = BUILD_DATE  # the suite's build date (tests/conftest.py BUILD_EPOCH)
VENDORS = sorted(p.stem for p in (ROOT / "content" / "vendors").glob("*.yml"))


@pytest.fixture(scope="module")
def lotus_site(sample_inputs):
    return pipeline.render(sample_inputs, audience="vendor", vendor="lotus-code-works", today=TODAY)


def calendar(generated, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(generated.tree[path])


def events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_every_vendor_has_a_calendar_and_the_internal_site_a_portfolio(sample_render):
    paths = sorted(p for p in sample_render.tree if p.endswith(".ics"))
    assert paths == ["calendars/portfolio.ics"] + [f"vendors/{slug}/{slug}.ics" for slug in VENDORS]


def test_vendor_calendar_meetings_recur_in_our_time_zone(sample_render):
    cal = calendar(sample_render, "vendors/lotus-code-works/lotus-code-works.ics")
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]).startswith("-//Relationship Playbooks//")
    assert str(cal["X-WR-CALNAME"]) == "Lotus Code Works × Northwind"
    found = events(cal)
    sync = found["Weekly delivery sync · Lotus Code Works"]
    review = found["Monthly service review · Lotus Code Works"]
    steering = found["Joint steering committee · Lotus Code Works"]
    berlin = ZoneInfo("Europe/Berlin")
    # DTSTART carries TZID=Europe/Berlin, at the suggested slot, from the `first` date
    for event, start, minutes in ((sync, datetime(2025, 1, 7, 11, 0), 30), (review, datetime(2025, 1, 16, 11, 0), 60),
                                  (steering, datetime(2025, 1, 15, 10, 30), 90)):
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event.decoded("DTSTART") == start.replace(tzinfo=berlin)
        assert event.decoded("DTSTART").tzinfo.key == "Europe/Berlin"  # type: ignore[union-attr]
        assert event.decoded("DURATION") == timedelta(minutes=minutes)
    # RRULE from the cadence: weekly on Tuesdays; monthly on the third Thursday; quarterly, third Wednesday
    rules = {name: event["RRULE"] for name, event in (("sync", sync), ("review", review), ("steering", steering))}
    assert (rules["sync"]["FREQ"], rules["sync"]["INTERVAL"], rules["sync"]["BYDAY"]) == (["WEEKLY"], [1], ["TU"])
    assert (rules["review"]["FREQ"], rules["review"]["INTERVAL"], rules["review"]["BYDAY"]) == (["MONTHLY"], [1], ["3TH"])
    assert (rules["steering"]["FREQ"], rules["steering"]["INTERVAL"], rules["steering"]["BYDAY"]) == (["MONTHLY"], [3], ["3WE"])
    # VTIMEZONE for the zone the events use
    zones = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert zones == ["Europe/Berlin"]
    assert "Attendees: Marta Kowalski" in str(steering["DESCRIPTION"])
    assert "Agenda: Results against objectives and KPIs" in str(steering["DESCRIPTION"])


def test_recurrence_expands_to_the_dates_the_pages_list(sample_render):
    cal = calendar(sample_render, "vendors/lotus-code-works/lotus-code-works.ics")
    steering = events(cal)["Joint steering committee · Lotus Code Works"]
    rule = rrulestr(steering["RRULE"].to_ical().decode(), dtstart=steering.decoded("DTSTART"))
    after = datetime(2026, 11, 21, tzinfo=ZoneInfo("Europe/Berlin"))
    upcoming = [rule.after(after)]
    for _ in range(3):
        upcoming.append(rule.after(upcoming[-1]))
    assert [d.date().isoformat() for d in upcoming] == ["2027-01-20", "2027-04-21", "2027-07-21", "2027-10-20"]
    assert {d.strftime("%H:%M") for d in upcoming} == {"10:30"}  # Berlin wall time kept over the clock change
    series = next(s for s in sample_render.site.vendors if s.slug == "lotus-code-works").time.meetings
    steering_series = next(s for s in series if s.id == "steering-committee")
    assert [o.start for o in steering_series.next(4)] == upcoming


def test_fortnightly_and_yearly_rules_match_their_cadence():
    from generator.schedules.recurrence import rule_for

    rule = rule_for("fortnightly", "wed", date(2026, 1, 5))
    assert rule.ical() == {"freq": "WEEKLY", "interval": 2, "byday": "WE"} and rule.dtstart == date(2026, 1, 7)
    assert rule.dates(date(2026, 1, 1), date(2026, 2, 10)) == [date(2026, 1, 7), date(2026, 1, 21), date(2026, 2, 4)]
    rule = rule_for("yearly", "thu", date(2026, 3, 26))  # the fourth Thursday of March
    assert rule.ical() == {"freq": "YEARLY", "interval": 1, "byday": "4TH", "bymonth": 3}
    assert rule.dates(date(2026, 1, 1), date(2028, 12, 31)) == [date(2026, 3, 26), date(2027, 3, 25), date(2028, 3, 23)]
    rule = rule_for("monthly", "thu", date(2026, 4, 30))  # a fifth Thursday: the last one of each month
    assert rule.ical() == {"freq": "MONTHLY", "interval": 1, "byday": "-1TH"}
    assert rule.dates(date(2026, 4, 1), date(2026, 7, 1)) == [date(2026, 4, 30), date(2026, 5, 28), date(2026, 6, 25)]
    rule = rule_for("half-yearly", "mon", date(2026, 2, 2))
    assert rule.ical() == {"freq": "MONTHLY", "interval": 6, "byday": "1MO"}
    assert rule.dates(date(2026, 1, 1), date(2027, 3, 1)) == [date(2026, 2, 2), date(2026, 8, 3), date(2027, 2, 1)]


def test_holidays_are_all_day_events(sample_render):
    cal = calendar(sample_render, "vendors/harbor-light-support/harbor-light-support.ics")
    found = events(cal)
    christmas = found["Harbor Light holiday: Christmas Eve and Christmas Day"]
    assert christmas["DTSTART"].params.get("VALUE") == "DATE"
    assert christmas.decoded("DTSTART") == date(2026, 12, 24)
    assert christmas.decoded("DTEND") == date(2026, 12, 26)  # exclusive: `until` 2026-12-25 is the last day
    assert str(christmas["TRANSP"]) == "TRANSPARENT"
    rizal = found["Harbor Light holiday: Rizal Day"]
    assert (rizal.decoded("DTSTART"), rizal.decoded("DTEND")) == (date(2026, 12, 30), date(2026, 12, 31))
    assert "RRULE" not in rizal


def test_uids_are_stable_and_builds_reproducible(sample_inputs, sample_render):
    again = pipeline.render(sample_inputs, today=TODAY)
    path = "vendors/lotus-code-works/lotus-code-works.ics"
    assert again.tree[path] == sample_render.tree[path]
    assert again.tree["calendars/portfolio.ics"] == sample_render.tree["calendars/portfolio.ics"]
    uids = [str(e["UID"]) for e in calendar(sample_render, path).walk("VEVENT")]
    assert "northwind-internal.lotus-code-works.meeting.weekly-sync@relationship-playbooks" in uids
    assert len(uids) == len(set(uids))
    # a later build: same UIDs, DTSTAMP from the build date
    later = pipeline.render(sample_inputs, today=TODAY + timedelta(days=3))
    assert [str(e["UID"]) for e in calendar(later, path).walk("VEVENT")] == uids
    stamps = {e.decoded("DTSTAMP") for e in calendar(later, path).walk("VEVENT")}
    assert stamps == {datetime(2026, 11, 24, tzinfo=ZoneInfo("UTC"))}


def test_portfolio_holds_every_vendor_calendar(sample_render):
    portfolio = {str(e["UID"]) for e in calendar(sample_render, "calendars/portfolio.ics").walk("VEVENT")}
    separate = {str(e["UID"]) for slug in VENDORS for e in calendar(sample_render, f"vendors/{slug}/{slug}.ics").walk("VEVENT")}
    expected = sum(len(v.time.meetings) + len(v.time.holidays) + len(v.deadlines) + len(v.item_dates)
                   for v in sample_render.site.vendors)
    # 12 meetings, 17 holidays, (issue 17) 16 deadlines: each of the six contracts' notice
    # deadline and the ten documents' expiries, and (issue 25) 13 checklist items dated by an
    # event: five of Tatra's exit, and the yearly contract and exit-plan checks before notice.
    assert portfolio == separate and len(portfolio) == expected == 58


def test_vendor_facing_site_has_only_its_own_calendar(lotus_site):
    paths = sorted(p for p in lotus_site.tree if p.endswith(".ics"))
    assert paths == ["vendors/lotus-code-works/lotus-code-works.ics"]
    text = lotus_site.tree[paths[0]].decode()
    for other in VENDORS:
        if other != "lotus-code-works":
            assert other not in text
    uids = [str(e["UID"]) for e in calendar(lotus_site, paths[0]).walk("VEVENT")]
    assert all(u.startswith("northwind-lotus-code-works.lotus-code-works.") for u in uids)
    upcoming = lotus_site.tree["upcoming.md"].decode()
    assert "portfolio" not in upcoming and "(vendors/lotus-code-works/lotus-code-works.ics)" in upcoming


def test_pages_link_the_calendars(sample_render):
    vendor = sample_render.tree["vendors/lotus-code-works/index.md"].decode()
    assert "[Calendar (.ics): meetings, holidays and deadlines](lotus-code-works.ics)" in vendor
    assert "[Subscribe to the portfolio calendar](calendars/portfolio.ics)" in sample_render.tree["upcoming.md"].decode()


def test_built_site_serves_the_calendars(sample_site):
    for slug in VENDORS:
        assert (sample_site / "vendors" / slug / f"{slug}.ics").is_file()
    assert (sample_site / "calendars" / "portfolio.ics").is_file()
    page = (sample_site / "vendors" / "lotus-code-works" / "index.html").read_text("utf-8")
    assert 'href="lotus-code-works.ics"' in page


def test_every_calendar_rule_expands_like_the_pages(sample_render):
    """dateutil reads each RRULE back; its dates and times are the ones the pages list."""
    berlin = ZoneInfo("Europe/Berlin")
    start, end = datetime(2026, 11, 21, tzinfo=berlin), datetime(2028, 1, 1, tzinfo=berlin)
    checked = 0
    for vendor in sample_render.site.vendors:
        cal = calendar(sample_render, f"vendors/{vendor.slug}/{vendor.slug}.ics")
        by_uid = {str(e["UID"]): e for e in cal.walk("VEVENT") if "RRULE" in e}
        for series in vendor.time.meetings:
            event = by_uid[f"northwind-internal.{vendor.slug}.meeting.{series.id}@relationship-playbooks"]
            rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=event.decoded("DTSTART"))
            expected = [o.start for o in series.occurrences(start.date(), date(2027, 12, 31))]
            assert rule.between(start, end, inc=True) == expected, (vendor.slug, series.id)
            checked += 1
    assert checked == 12


def _plain_icalendar(site, ours: bytes, events):
    """What icalendar writes for one Calendar object holding the calendar's own properties (as
    icalendar reads them from `ours`), the events' time zones (from tzdata) and the events (each
    as icalendar's own object): the reference the output of calendars.py (its own event writer
    and folding, spliced time zones) must equal byte for byte."""
    from datetime import date, datetime

    cal = icalendar.Calendar()
    for name, value in icalendar.Calendar.from_ical(ours).items():
        cal[name] = value
    events = [e.component() for e in events]
    starts = [e.decoded("dtstart") for e in events]
    first = date(min([site.today] + [s.date() if isinstance(s, datetime) else s for s in starts]).year, 1, 1)
    for tzid in sorted({s.tzinfo.key for s in starts if isinstance(s, datetime) and s.tzinfo is not None}):
        cal.add_component(icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=date(site.today.year + 10, 1, 1)))
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def test_vendor_calendars_are_what_icalendar_writes(sample_render):
    # calendars.py serialises each time zone once per run and splices the bytes; every vendor's
    # file must still be exactly what icalendar writes for the whole calendar.
    site = sample_render.site
    org = site.organization
    for vendor in site.vendors:
        ours = sample_render.tree[vendor.calendar_path]
        assert ours == _plain_icalendar(site, ours, calendars.events(site, vendor)), vendor.slug
        cal = icalendar.Calendar.from_ical(ours)
        assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"]) == f"{vendor.short_name} × {org.short_name}"
        assert str(cal["X-WR-CALDESC"]).startswith(f"Governance meetings of {org.name} and {vendor.name}")
        assert str(cal["X-WR-TIMEZONE"]) == "Europe/Berlin" and str(cal["METHOD"]) == "PUBLISH"


def test_portfolio_is_what_icalendar_writes_for_all_events(sample_render):
    # The portfolio reuses each vendor calendar's serialised events (see calendars.portfolio);
    # the result must be byte for byte what icalendar writes for one calendar of all events.
    site = sample_render.site
    everything = [event for vendor in site.vendors for event in calendars.events(site, vendor)]
    ours = sample_render.tree[calendars.PORTFOLIO_PATH]
    assert ours == _plain_icalendar(site, ours, everything)
    assert str(icalendar.Calendar.from_ical(ours)["X-WR-CALNAME"]) == "Northwind: all vendors"


# RFC 5545, 3.1: a content line is `name *(";" param) ":" value`, folded into lines of at most
# 75 octets, each continuation starting with one space or tab; no control characters but tab.
_CONTENT_LINE = re.compile(
    rb'^[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+=(?:"[^"\x00-\x1f\x7f]*"|[^";:,\x00-\x1f\x7f]*)'
    rb'(?:,(?:"[^"\x00-\x1f\x7f]*"|[^";:,\x00-\x1f\x7f]*))*)*:[^\x00-\x08\x0a-\x1f\x7f]*$'
)


def assert_rfc5545(data: bytes) -> int:
    """Every line of a calendar file is an RFC 5545 content line, folded as the RFC says;
    returns how many folded (continuation) lines there were."""
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    logical: list[bytes] = []
    continued = 0
    for line in physical:
        assert len(line) <= 75, line
        assert b"\r" not in line and b"\n" not in line, line
        line.decode("utf-8")  # a fold never splits a character
        if line[:1] in (b" ", b"\t"):
            assert logical and len(line) > 1, line
            logical[-1] += line[1:]
            continued += 1
        else:
            logical.append(line)
    for line in logical:
        assert _CONTENT_LINE.match(line), line
    return continued


def test_every_calendar_file_is_made_of_rfc5545_content_lines(sample_render):
    folded = 0
    for path, data in sample_render.tree.items():
        if path.endswith(".ics"):
            folded += assert_rfc5545(data)
    assert folded > 10  # long descriptions were folded, and checked
    for bad in (b"BEGIN:VCALENDAR\r\nSUMMARY:a\r\nWidgets\r\nEND:VCALENDAR\r\n",  # a broken line
                b"BEGIN:VCALENDAR\r\nSUMMARY:" + b"a" * 70 + b"\r\nEND:VCALENDAR\r\n",  # 78 octets
                b"BEGIN:VCALENDAR\r\nSUMMARY:a\r\n \r\nEND:VCALENDAR\r\n"):  # an empty continuation
        with pytest.raises(AssertionError):
            assert_rfc5545(bad)


def test_a_line_break_in_a_name_does_not_break_the_calendar(tmp_path):
    # NAME, X-WR-CALNAME and X-WR-CALDESC are written unescaped: a line break in a vendor's or
    # our own name once ended the line (icalendar refused it with a traceback).
    import shutil

    import yaml

    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "bad" / "_base", project)
    vendor = project / "content" / "vendors" / "acme.yml"
    data = yaml.safe_load(vendor.read_text("utf-8"))
    # (A carriage return is refused when the file is read: yaml_loader refuses control characters.)
    data["name"], data["short_name"] = "Acme\nWidgets\nLtd", "Acme\nWidgets"
    vendor.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    organization = project / "content" / "organization.yml"
    data = yaml.safe_load(organization.read_text("utf-8"))
    data["name"] = "Northwind\nOutfitters"
    organization.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    generated = pipeline.render(pipeline.load_checked(project))
    for path in ("vendors/acme/acme.ics", calendars.PORTFOLIO_PATH):
        data = generated.tree[path]
        assert_rfc5545(data)
        cal = icalendar.Calendar.from_ical(data)
        assert len(cal.walk("VEVENT")) >= 1
    own = icalendar.Calendar.from_ical(generated.tree["vendors/acme/acme.ics"])
    assert str(own["X-WR-CALNAME"]).startswith("Acme Widgets ×")
    assert "Acme Widgets Ltd" in str(own["X-WR-CALDESC"])


def test_the_notice_deadline_is_an_all_day_event_with_reminders(sample_render):
    # Lotus' contract ends 2027-03-31 with 90 days' notice: the last day to give notice is
    # 2026-12-31. Reminders 90, 30 and 7 days before; the 90-day one (2 October) has passed by
    # the build date and is left out, so subscribing does not raise it at once.
    for path in ("vendors/lotus-code-works/lotus-code-works.ics", calendars.PORTFOLIO_PATH):
        found = events(calendar(sample_render, path))
        notice = found["Notice deadline, contract NW-2023-014 · Lotus Code Works"]
        assert notice.decoded("DTSTART") == date(2026, 12, 31) and notice.decoded("DTEND") == date(2027, 1, 1)
        assert notice["DTSTART"].params.get("VALUE") == "DATE" and str(notice["TRANSP"]) == "TRANSPARENT"
        alarms = notice.walk("VALARM")
        assert [a.decoded("TRIGGER") for a in alarms] == [-timedelta(days=30), -timedelta(days=7)]
        assert all(str(a["ACTION"]) == "DISPLAY" for a in alarms)
        assert str(alarms[0]["DESCRIPTION"]).startswith("In 30 days (Thu 31 Dec 2026): Notice deadline")
        assert "Decision: not decided yet. Owner: Tobias Klein." in str(notice["DESCRIPTION"])


def test_every_deadline_is_in_its_vendors_calendar_with_the_lead_times_the_team_set(sample_render):
    checked = 0
    for vendor in sample_render.site.vendors:
        found = {str(e["UID"]): e for e in calendar(sample_render, vendor.calendar_path).walk("VEVENT")}
        for deadline in vendor.deadlines:
            event = found[calendars.deadline_uid(sample_render.site, vendor, deadline)]
            assert event.decoded("DTSTART") == deadline.day
            triggers = [-a.decoded("TRIGGER").days for a in event.walk("VALARM")]
            assert triggers == [d for d in deadline.remind_days if deadline.day - timedelta(days=d) >= TODAY]
            checked += 1
    assert checked == 16  # six notice deadlines, ten documents
    # Lead times the team set: Harbor Light's insurance reminds 45 and 14 days before.
    cal = calendar(sample_render, "vendors/harbor-light-support/harbor-light-support.ics")
    insurance = events(cal)["Cyber liability insurance expires · Harbor Light"]
    assert [a.decoded("TRIGGER") for a in insurance.walk("VALARM")] == [-timedelta(days=45), -timedelta(days=14)]


def test_a_vendors_own_calendar_has_only_the_deadlines_shared_with_it(sample_inputs, lotus_site):
    # The contract is internal: no notice deadline on Lotus' own calendar.
    assert not [e for e in calendar(lotus_site, "vendors/lotus-code-works/lotus-code-works.ics").walk("VEVENT")
                if str(e["CATEGORIES"].cats[0]) == "Deadline"]
    # Everest's non-disclosure agreement is marked `visibility: vendor`: on its own calendar, alone.
    everest = pipeline.render(sample_inputs, audience="vendor", vendor="everest-qa-partners", today=TODAY)
    deadlines = [str(e["SUMMARY"]) for e in calendar(everest, "vendors/everest-qa-partners/everest-qa-partners.ics").walk("VEVENT")
                 if str(e["CATEGORIES"].cats[0]) == "Deadline"]
    assert deadlines == ["Mutual non-disclosure agreement expires · Everest QA Partners"]
