"""The time code (generator/schedules/) on real IANA time zone data (tzdata): clock changes on one
side only, half- and quarter-hour offsets, other work weeks, no overlap, meeting slots, change
dates, and the wording and picture made from them."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from generator import pipeline
from generator.render.svg import timeline
from generator.model import build
from generator.render.voice import Voice
from generator.schedules import slot_wording, wording
from generator.schedules.clock import day_list
from generator.schedules.dates import add_interval, add_months
from generator.schedules.hours import DayOverlap, Schedule, Window, on_day, window
from generator.schedules.meetings import Party
from generator.schedules.periods import periods
from generator.schedules.slots import Slot, suggest
from generator.schedules.view import describe

from .conftest import ROOT

OUR_SITE = ("our", "the vendor's")  # whose day each side's is, as voice.days_whose words it on our sites

BERLIN = Schedule("Europe/Berlin", "09:00", "17:30")  # content/organization.yml
NEW_YORK = Schedule("America/New_York", "09:00", "17:00")
KOLKATA = Schedule("Asia/Kolkata", "09:30", "18:30")  # +05:30
KATHMANDU = Schedule("Asia/Kathmandu", "10:00", "18:00")  # +05:45
CAIRO = Schedule("Africa/Cairo", "09:00", "17:00", ("sun", "mon", "tue", "wed", "thu"))
MANILA = Schedule("Asia/Manila", "08:00", "17:00", ("mon", "tue", "wed", "thu", "fri", "sat"))
AUCKLAND = Schedule("Pacific/Auckland", "09:00", "17:00")
LOS_ANGELES = Schedule("America/Los_Angeles", "09:00", "17:00")
TODAY = date(2026, 11, 21)  # the build date of the test suite (tests/conftest.py)


def days(theirs: Schedule, first: date, count: int) -> list[DayOverlap]:
    """The overlap on each of our working days among `count` days from `first`."""
    return [found for i in range(count) if (found := on_day(BERLIN, theirs, first + timedelta(days=i))) is not None]


def minutes_by_date(theirs: Schedule, first: date, last: date) -> dict[str, int]:
    return {d.day.isoformat(): d.minutes for d in days(theirs, first, (last - first).days + 1)}


def window_on(theirs: Schedule, day: date) -> Window:
    result = on_day(BERLIN, theirs, day)
    assert result is not None
    return window(result, BERLIN.timezone, theirs.timezone)


# --- clocks changing on one side only --------------------------------------------------------


def test_new_york_in_march_when_only_america_has_changed_clocks():
    # New York moves to summer time on 14 March 2027, Berlin only on 28 March: for two weeks
    # the difference is 5 h instead of 6 h, and the overlap is an hour longer.
    assert minutes_by_date(NEW_YORK, date(2027, 3, 8), date(2027, 3, 31)) == {
        "2027-03-08": 150, "2027-03-09": 150, "2027-03-10": 150, "2027-03-11": 150, "2027-03-12": 150,
        "2027-03-15": 210, "2027-03-16": 210, "2027-03-17": 210, "2027-03-18": 210, "2027-03-19": 210,
        "2027-03-22": 210, "2027-03-23": 210, "2027-03-24": 210, "2027-03-25": 210, "2027-03-26": 210,
        "2027-03-29": 150, "2027-03-30": 150, "2027-03-31": 150,
    }
    assert window_on(NEW_YORK, date(2027, 3, 12)) == Window(150, "15:00", "17:30", "09:00", "11:30")
    assert window_on(NEW_YORK, date(2027, 3, 15)) == Window(210, "14:00", "17:30", "09:00", "12:30")
    assert window_on(NEW_YORK, date(2027, 3, 29)) == Window(150, "15:00", "17:30", "09:00", "11:30")


def test_new_york_in_autumn_when_only_europe_has_changed_clocks():
    # Berlin returns to standard time on 31 October 2027, New York only on 7 November.
    assert minutes_by_date(NEW_YORK, date(2027, 10, 25), date(2027, 11, 9)) == {
        "2027-10-25": 150, "2027-10-26": 150, "2027-10-27": 150, "2027-10-28": 150, "2027-10-29": 150,
        "2027-11-01": 210, "2027-11-02": 210, "2027-11-03": 210, "2027-11-04": 210, "2027-11-05": 210,
        "2027-11-08": 150, "2027-11-09": 150,
    }
    assert window_on(NEW_YORK, date(2027, 11, 1)) == Window(210, "14:00", "17:30", "09:00", "12:30")


# --- half- and quarter-hour offsets -----------------------------------------------------------


def test_kolkata_half_hour_offset():
    assert window_on(KOLKATA, date(2026, 11, 24)) == Window(300, "09:00", "14:00", "13:30", "18:30")
    assert window_on(KOLKATA, date(2027, 6, 15)) == Window(360, "09:00", "15:00", "12:30", "18:30")


def test_kathmandu_quarter_hour_offset():
    assert window_on(KATHMANDU, date(2026, 11, 24)) == Window(255, "09:00", "13:15", "13:45", "18:00")
    assert window_on(KATHMANDU, date(2027, 6, 15)) == Window(315, "09:00", "14:15", "12:45", "18:00")


def test_quarter_hour_period_summary():
    plan = periods(BERLIN, KATHMANDU, TODAY, 365)
    assert wording.period_summary(plan[0], "Berlin", "Kathmandu") == "Mon–Fri: 4 h 15 min, 09:00–13:15 Berlin · 13:45–18:00 Kathmandu"


# --- other work weeks ---------------------------------------------------------------------------


def test_cairo_sunday_to_thursday_week():
    week = {d.day.strftime("%a"): (d.shared, d.minutes) for d in days(CAIRO, date(2026, 11, 22), 7)}
    # Sunday is their working day but not ours: not in the list at all. Friday is ours, not theirs.
    assert week == {"Mon": (True, 420), "Tue": (True, 420), "Wed": (True, 420), "Thu": (True, 420), "Fri": (False, 0)}
    assert window_on(CAIRO, date(2026, 11, 26)) == Window(420, "09:00", "16:00", "10:00", "17:00")
    # The overlap shown is that of days both sides work: their Friday off would wrongly read "no overlap".
    view = describe(BERLIN, CAIRO, Party("n", "N", "N"), required_minutes=180, today=date(2026, 11, 27))
    assert view.window.minutes == 420 and view.reference_day.strftime("%a") == "Wed"
    now = periods(BERLIN, CAIRO, TODAY, 180)[0]
    assert [(g.label, g.plan.shared, g.plan.window.minutes) for g in now.groups] == [("Mon–Thu", True, 420), ("Fri", False, 0)]
    assert wording.period_summary(now, "Berlin", "Cairo") == "Mon–Thu: 7 h, 09:00–16:00 Berlin · 10:00–17:00 Cairo; Fri: none (not a working day in Cairo)"
    assert not now.short  # a day off on their side is not a short day


def test_manila_monday_to_saturday_week():
    week = {d.day.strftime("%a"): d.minutes for d in days(MANILA, date(2026, 11, 23), 7)}
    assert week == {"Mon": 60, "Tue": 60, "Wed": 60, "Thu": 60, "Fri": 60}
    assert window_on(MANILA, date(2026, 11, 23)) == Window(60, "09:00", "10:00", "16:00", "17:00")


# --- no overlap at all --------------------------------------------------------------------------


@pytest.mark.parametrize("theirs", [AUCKLAND, LOS_ANGELES], ids=["auckland", "los-angeles"])
def test_no_overlap(theirs):
    results = days(theirs, date(2026, 11, 23), 5)
    assert [r.minutes for r in results] == [0, 0, 0, 0, 0]
    assert all(r.shared for r in results)  # they do work on those days, just not when we do
    assert window_on(theirs, date(2026, 11, 25)).text == "0 h"


def test_los_angeles_overlaps_only_in_the_weeks_between_the_american_and_european_change():
    plan = periods(BERLIN, LOS_ANGELES, TODAY, 365)
    assert [(p.from_day.isoformat(), p.minutes) for p in plan] == [
        ("2026-11-23", 0), ("2027-03-15", 30), ("2027-03-29", 0), ("2027-11-01", 30), ("2027-11-08", 0),
    ]
    assert window_on(LOS_ANGELES, date(2027, 3, 16)) == Window(30, "17:00", "17:30", "09:00", "09:30")


def test_auckland_never_overlaps_in_the_coming_year_although_both_sides_change_clocks():
    plan = periods(BERLIN, AUCKLAND, TODAY, 365)
    assert len(plan) == 1 and plan[0].minutes == 0 and plan[0].short


# --- the dates the overlap changes ---------------------------------------------------------------


def test_change_dates_and_reasons_berlin_new_york():
    plan = periods(BERLIN, NEW_YORK, TODAY, 365)
    assert [(p.from_day.isoformat(), p.to_day.isoformat(), p.minutes, wording.period_why(p)) for p in plan] == [
        ("2026-11-23", "2027-03-12", 150, ""),
        ("2027-03-15", "2027-03-26", 210, "New York clocks go forward 1 h to summer time on Sun 14 Mar 2027"),
        ("2027-03-29", "2027-10-29", 150, "Berlin clocks go forward 1 h to summer time on Sun 28 Mar 2027"),
        ("2027-11-01", "2027-11-05", 210, "Berlin clocks go back 1 h to standard time on Sun 31 Oct 2027"),
        ("2027-11-08", "2027-11-19", 150, "New York clocks go back 1 h to standard time on Sun 7 Nov 2027"),
    ]
    assert wording.period_from(plan[2]) == "Mon 29 Mar 2027"


def test_clock_changes_on_the_same_day_on_both_sides_change_nothing():
    warsaw = Schedule("Europe/Warsaw", "08:00", "16:00")
    plan = periods(BERLIN, warsaw, TODAY, 365)
    assert len(plan) == 1 and plan[0].minutes == 420


def test_cairo_changes_are_reported_from_the_first_day_both_sides_work():
    plan = periods(BERLIN, CAIRO, TODAY, 365)
    assert [(p.from_day.isoformat(), p.minutes) for p in plan] == [("2026-11-23", 420), ("2027-03-29", 480), ("2027-05-03", 420)]
    assert wording.period_why(plan[2]) == "Cairo clocks go forward 1 h to summer time on Fri 30 Apr 2027"


@pytest.fixture(scope="module")
def sample_model():
    return build(pipeline.load_checked(ROOT), audience="internal", today=TODAY)


@pytest.fixture(scope="module")
def sample(sample_model):
    return {v.slug: v for v in sample_model.vendors}


def test_sample_flags_short_overlap_over_the_coming_year(sample):
    andes, harbor, lotus = sample["andes-quality-labs"].time, sample["harbor-light-support"].time, sample["lotus-code-works"].time
    # Bogotá keeps its clock: 3 h 30 min now, 2 h 30 min once Berlin is on summer time.
    assert (andes.now.minutes, andes.short_now) == (210, False)
    assert andes.short_from is not None and andes.short_from.from_day == date(2027, 3, 29) and andes.short_from.minutes == 150
    assert wording.flag(andes) == "short from Mon 29 Mar 2027 to Fri 29 Oct 2027"  # one date style: the page's
    assert wording.short_text(andes) == "short from Mon 29 Mar 2027 to Fri 29 Oct 2027"
    # Manila: 1 h now against the 2 h this vendor needs; 2 h in the European summer.
    assert (harbor.now.minutes, harbor.required_minutes, harbor.short_now) == (60, 120, True)
    assert wording.flag(harbor) == "short, except from Mon 29 Mar 2027 to Fri 29 Oct 2027"
    assert wording.flag(lotus) == "" and lotus.window == Window(300, "09:00", "14:00", "13:30", "18:30")


def test_sample_hand_offs(sample):
    lotus = sample["lotus-code-works"].time
    theirs, ours = lotus.handoffs
    assert (theirs.end_ours, theirs.end_theirs, theirs.immediate) == ("14:00", "18:30", True)
    assert (ours.end_ours, ours.end_theirs, ours.pickup_theirs, ours.pickup_ours, ours.wait_minutes) == ("17:30", "22:00", "09:30", "05:00", 690)
    andes = sample["andes-quality-labs"].time
    theirs, ours = andes.handoffs
    assert (theirs.end_ours, theirs.end_theirs, theirs.pickup_ours, theirs.wait_minutes) == ("23:00", "17:00", "09:00", 600)
    assert ours.immediate


# --- meeting slots -------------------------------------------------------------------------------


def slot(theirs: Schedule, weekday: str, minutes: int, fixed: str | None = None) -> Slot:
    plan = periods(BERLIN, theirs, TODAY, 365)
    return suggest(BERLIN, theirs, meeting_id="m", weekday=weekday, duration_minutes=minutes, fixed=fixed,
                      spans=[(p.start, p.end) for p in plan], since=TODAY, vendor="V")


def test_slot_inside_the_overlap_in_both_local_times():
    s = slot(KOLKATA, "tue", 30)
    assert (s.start, s.now.ours_end, s.now.theirs_start, s.now.theirs_end) == ("11:00", "11:30", "15:30", "16:00")
    assert s.fits and slot_wording.slot_label(s) == "suggested"
    assert slot_wording.slot_text(s) == "Tue 11:00–11:30 Berlin · 15:30–16:00 Kolkata"
    # the series keeps its Berlin time; in Kolkata it moves an hour when Berlin changes clocks
    assert [(t.since.isoformat(), t.theirs_start) for t in s.times] == [("2026-11-24", "15:30"), ("2027-03-30", "14:30"), ("2027-11-02", "15:30")]


def test_every_suggested_slot_lies_inside_the_overlap_window():
    for theirs, weekday, minutes in ((KOLKATA, "thu", 60), (KATHMANDU, "wed", 90), (CAIRO, "tue", 45), (NEW_YORK, "mon", 60), (MANILA, "wed", 30)):
        s = slot(theirs, weekday, minutes)
        plan = periods(BERLIN, theirs, TODAY, 365)
        for t, p in zip(s.times, plan):
            w = next(d.window for d in p.days if d.weekday == weekday)
            assert w.ours_start <= t.ours_start and t.ours_end <= w.ours_end, (theirs.timezone, t, w)
            assert w.theirs_start <= t.theirs_start and t.theirs_end <= w.theirs_end, (theirs.timezone, t, w)
        assert s.fits


def test_slot_in_the_new_york_window_that_lasts_all_year():
    # 15:00-17:30 in winter and summer, 14:00-17:30 in the two odd weeks: the slot sits in the common part.
    s = slot(NEW_YORK, "mon", 60)
    assert (s.start, s.now.ours_end, s.now.theirs_start) == ("15:30", "16:30", "09:30")
    assert s.fits and "all year" in slot_wording.slot_note(s, OUR_SITE)


def test_overlap_too_short_for_the_meeting_gives_the_least_bad_slot():
    s = slot(MANILA, "thu", 90)  # 1 h overlap, 90 min meeting: it straddles the start of our day
    assert (s.start, s.now.ours_end, s.now.theirs_start, s.now.theirs_end) == ("08:45", "10:15", "15:45", "17:15")
    assert (s.now.early_ours, s.now.late_theirs) == (15, 15)
    assert not s.fits_now and slot_wording.slot_label(s) == "least bad"
    assert "shorter than the meeting" in slot_wording.slot_note(s, OUR_SITE) and "starts 15 min before our day begins" in slot_wording.slot_note(s, OUR_SITE)


def test_no_overlap_gives_the_least_bad_slot_and_says_so():
    s = slot(AUCKLAND, "tue", 30)
    assert not s.fits_now and slot_wording.slot_label(s) == "least bad"
    assert (s.start, s.now.theirs_start, s.now.theirs_day) == ("17:00", "05:00", 1)  # early morning, next day in Auckland
    assert "do not overlap on Tuesdays" in slot_wording.slot_note(s, OUR_SITE)


def test_fixed_time_outside_the_overlap_is_flagged():
    s = slot(KOLKATA, "tue", 30, fixed="08:00")
    assert s.fixed and (s.start, s.now.theirs_start) == ("08:00", "12:30")
    assert slot_wording.slot_label(s) == "fixed, outside the overlap" and "starts 1 h before our day begins" in slot_wording.slot_note(s, OUR_SITE)


def test_sample_meeting_slots(sample):
    lotus = sample["lotus-code-works"].time
    assert slot_wording.slot_text(lotus.series("weekly-sync").slot) == "Tue 11:00–11:30 Berlin · 15:30–16:00 Kolkata"
    assert slot_wording.slot_text(lotus.series("service-review").slot) == "Thu 11:00–12:00 Berlin · 15:30–16:30 Kolkata"
    assert slot_wording.slot_text(lotus.series("steering-committee").slot) == "Wed 10:30–12:00 Berlin · 15:00–16:30 Kolkata"
    nile = sample["nile-data-studio"].time
    assert slot_wording.slot_text(nile.series("weekly-sync").slot) == "Tue 12:00–12:30 Berlin · 13:00–13:30 Cairo"
    andes = sample["andes-quality-labs"].time  # inside the overlap in summer too (15:00-17:30)
    assert slot_wording.slot_text(andes.series("weekly-sync").slot) == "Mon 15:30–16:00 Berlin · 09:30–10:00 Bogota" and andes.series("weekly-sync").slot.fits


def test_a_work_week_with_a_day_off_on_their_side(sample):
    nile = sample["nile-data-studio"].time
    assert [d.minutes for d in days(nile.theirs, date(2026, 11, 23), 7)] == [420, 420, 420, 420, 0]
    assert nile.uneven and wording.window_days(nile) == "Mon–Thu"
    assert wording.other_days(nile) == "Fri: none (not a working day in Cairo)"


# --- the picture ---------------------------------------------------------------------------------


def test_picture_is_accessible_and_labelled_in_both_local_times(sample, sample_model):
    svg = str(timeline.strip(sample["lotus-code-works"].time, Voice(sample_model)))
    assert svg.startswith('<figure class="rp-timeline"') and svg.endswith("</figure>")
    assert 'role="img"' in svg and 'aria-labelledby="rp-tl-title-lotus-code-works rp-tl-desc-lotus-code-works"' in svg
    assert "<title id=\"rp-tl-title-lotus-code-works\">Working hours on a typical Wednesday: Northwind and Lotus Code Works Pvt. Ltd.</title>" in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert "Overlap: 5 h, 09:00–14:00 Berlin time, which is 13:30–18:30 Kolkata time." in desc
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    for expected in ("Berlin time", "Kolkata time", "Overlap 5 h", "09:00–17:30", "09:30–18:30", "Northwind", "Lotus Code Works",
                     "Lotus Code Works hands over at 14:00 (18:30 Kolkata)",
                     "We hand over at 17:30 (22:00 Kolkata); they start at 09:30 Kolkata"):
        assert expected in labels, expected
    # the vendor's axis is shifted by 4 h 30 min: Kolkata 06:00 sits at Berlin 01:30
    assert "06:00" in labels and "<script" not in svg and "style=" not in svg
    assert 'class="rp-tl-ours"' in svg and 'class="rp-tl-theirs"' in svg and 'class="rp-tl-overlap"' in svg


@pytest.fixture(scope="module")
def hostile_view(tmp_path_factory):
    """A vendor whose names carry markup, in Auckland (no overlap): built from a real project."""
    project = tmp_path_factory.mktemp("tz-hostile") / "project"
    shutil.copytree(Path(__file__).resolve().parent / "bad" / "_base", project)
    path = project / "content" / "vendors" / "acme.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["name"] = 'Evil <script>alert("n")</script> & "Co"'
    data["short_name"] = '<b onmouseover="x()">Evil</b>'
    data["working_hours"] = {"timezone": "Pacific/Auckland", "start": "09:00", "end": "17:00"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    site = build(pipeline.load_checked(project), audience="internal", today=TODAY)
    voice = Voice(site)
    voice.org = 'Us <i>"</i>'  # our name carries markup too
    return site.vendors[0].time, voice


def test_picture_escapes_names_and_shows_no_overlap(hostile_view):
    svg = str(timeline.strip(*hostile_view))
    assert "<script" not in svg and "<b " not in svg and "<i>" not in svg and "onmouseover=\"" not in svg
    assert "Evil &lt;script&gt;alert(&#34;n&#34;)&lt;/script&gt; &amp; &#34;Co&#34;" in svg
    assert "&lt;b onmouseover=&#34;x()&#34;&gt;Evil&lt;/b&gt;" in svg
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "No overlap" in labels and "Auckland time" in labels
    assert "The working hours do not overlap." in svg


# --- the pages ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tree():
    generated = pipeline.render(pipeline.load_checked(ROOT), today=TODAY)
    return {path: data.decode("utf-8") for path, data in generated.tree.items() if path.endswith(".md")}


def test_directory_flags_short_overlap_truthfully_over_the_coming_year(tree):
    # Each row starts with the marker the directory's script reads (directory.py), then the name's
    # link; taken up to its Overlap cell (the Scorecard column follows it).
    lines = [re.sub(r"^\| <span [^>]*></span>", "| ", line) for line in tree["vendors/index.md"].splitlines()]
    rows = {line.split("](", 1)[0].lstrip("| ["): line.rsplit(" | ", 1)[0] + " |" for line in lines if line.startswith("| [")}
    assert len(rows) == 6
    assert rows["Andes Quality Labs S.A.S."].endswith("| 3 h 30 min (14:00–17:30) **short from Mon 29 Mar 2027 to Fri 29 Oct 2027** |")
    assert rows["Harbor Light Support Services Inc."].endswith("| 1 h (09:00–10:00) **short, except from Mon 29 Mar 2027 to Fri 29 Oct 2027** |")
    assert rows["Lotus Code Works Pvt. Ltd."].endswith("| 5 h (09:00–14:00) |")
    assert rows["Nile Data Studio LLC"].endswith("| 7 h (09:00–16:00) |")  # not "short" because of their Friday off


def test_vendor_page_says_when_the_overlap_changes(tree):
    andes = tree["vendors/andes-quality-labs/index.md"]
    assert '!!! warning "Overlap gets short"' in andes
    assert ("Berlin clocks go forward 1 h to summer time on Sun 28 Mar 2027: from Mon 29 Mar 2027 working hours "
            "overlap for only 2 h 30 min a day, and this relationship needs 3 hours.") in andes
    assert ("| Mon 29 Mar 2027 | Berlin clocks go forward 1 h to summer time on Sun 28 Mar 2027 | "
            "Mon–Fri: 2 h 30 min, 15:00–17:30 Berlin · 08:00–10:30 Bogota | **short** |") in andes
    assert "| Mon 1 Nov 2027 | Berlin clocks go back 1 h to standard time on Sun 31 Oct 2027 |" in andes
    harbor = tree["vendors/harbor-light-support/index.md"]
    assert "the overlap is **short, except from Mon 29 Mar 2027 to Fri 29 Oct 2027**" in harbor
    nile = tree["vendors/nile-data-studio/index.md"]
    assert "**Daily overlap: 7 h** on Mon–Thu, 09:00–16:00 Berlin time," in nile
    assert "Fri: none (not a working day in Cairo)." in nile
    assert "| Mon 3 May 2027 | Cairo clocks go forward 1 h to summer time on Fri 30 Apr 2027 |" in nile


def test_vendor_page_shows_meeting_slots_in_both_local_times(tree):
    lotus = tree["vendors/lotus-code-works/index.md"]
    assert "| 30 min | 11:00\u00a0Berlin · 15:30\u00a0Kolkata (suggested) |" in lotus
    assert ("- **Joint steering committee**, the third Wednesday of every third month, 10:30–12:00 Berlin time "
            '(15:00–16:30 Kolkata time), suggested; next on <time datetime="2027-01-20">Wed 20 Jan 2027</time>.') in lotus
    andes = tree["vendors/andes-quality-labs/index.md"]
    assert ('**Overdue:** last held <time datetime="2026-07-23">Thu 23 Jul 2026</time>, due since Fri 23 Oct 2026 (4 weeks ago).'
            in andes)
    assert '<figure class="rp-timeline" data-search-exclude>' in lotus


def test_work_weeks_read_as_ranges_even_across_sunday():
    assert day_list(["mon", "tue", "wed", "thu", "fri"]) == "Mon–Fri"
    assert day_list(["sun", "mon", "tue", "wed", "thu"]) == "Sun–Thu"
    assert day_list(["fri", "sat", "sun", "mon"]) == "Fri–Mon"
    assert day_list(["mon", "wed"]) == "Mon, Wed"
    assert day_list(["mon", "tue", "thu", "fri", "sat"]) == "Mon, Tue, Thu–Sat"


# --- calendar arithmetic -------------------------------------------------------------------------


def test_months_are_added_with_the_month_end_clamped():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 8, 31), 3) == date(2026, 11, 30)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)
    assert add_interval(date(2026, 8, 31), "6 months") == date(2027, 2, 28)
    assert add_interval(date(2026, 10, 12), "1 year") == date(2027, 10, 12)
    assert add_interval(date(2026, 10, 12), "90 days") == date(2027, 1, 10)
    assert add_interval(date(2026, 10, 12), "2 weeks") == date(2026, 10, 26)
