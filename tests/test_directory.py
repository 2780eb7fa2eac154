"""The vendor directory's data (generator/render/directory.py) and what search is fed: a vendor found
once, by its name, people, services, place and time zone; plays once; checklist pages, the
Upcoming page and the directory's controls out. On the sample project's real model and on the
search indexes of the real MkDocs and Zensical builds (tests/conftest.py)."""

from __future__ import annotations

import json
import re
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from generator.render import directory
from generator import pipeline
from generator.schedules import wording
from generator.model import build, labels

from .conftest import ROOT

TODAY = date(2026, 11, 21)  # the build date of the test suite (tests/conftest.py)


@pytest.fixture(scope="module")
def site():
    return build(pipeline.load_checked(ROOT), audience="internal", today=TODAY)


def data_of(marker: str) -> dict[str, str]:
    assert marker.startswith('<span class="rp-dir-row" ') and marker.endswith("></span>")
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', marker))


def test_a_rows_marker_holds_what_the_script_sorts_and_filters_by(site):
    vendors = {v.slug: v for v in site.vendors}
    lotus = data_of(str(directory.marker(site, vendors["lotus-code-works"])))
    assert lotus == {
        "tier": "strategic", "status": "active", "services": "software-development", "tz": "Asia/Kolkata",
        "offset": "330", "overlap": "300", "short": "", "rank-tier": str(list(labels.TIERS).index("strategic")),
        "rank-status": str(list(labels.STATUSES).index("active")),
        "rank-scorecard": "2",  # on target: off target 0, at risk 1, on target 2, no figures 3
    }
    andes = data_of(str(directory.marker(site, vendors["andes-quality-labs"])))
    assert andes["short"] == "1" and andes["offset"] == "-300" and andes["tz"] == "America/Bogota"
    assert andes["overlap"] == "210"  # 3 h 30 min today; short from the spring
    assert andes["rank-scorecard"] == "0"  # off target: sorts first, worst first


def test_offsets_follow_the_build_date():
    winter, summer = SimpleNamespace(today=date(2026, 11, 21)), SimpleNamespace(today=date(2027, 7, 1))
    assert directory.offset_minutes("Europe/Warsaw", winter) == 60  # type: ignore[arg-type]
    assert directory.offset_minutes("Europe/Warsaw", summer) == 120  # type: ignore[arg-type]
    assert directory.offset_minutes("Asia/Kathmandu", summer) == 345  # type: ignore[arg-type]
    assert wording.offset(-300) == "UTC−5" and wording.offset(345) == "UTC+5:45" and wording.offset(0) == "UTC"
    assert wording.zone_text("Asia/Kathmandu", summer.today) == "Kathmandu, UTC+5:45"
    assert wording.zone_text("America/Argentina/Buenos_Aires", summer.today) == "Buenos Aires, UTC−3"


def test_filter_choices_in_their_usual_order(site):
    """Tiers, services and zones are those the vendors have; statuses are all of them, as the sort menu's
    "exited first" is: a list filtered by `Exited` answers "0 vendors" rather than lacking the choice."""
    options = directory.choices(site)
    assert [c.value for c in options["tier"]] == [t for t in labels.TIERS if any(v.tier == t for v in site.vendors)]
    assert [c.value for c in options["status"]] == ["onboarding", "active", "exiting", "exited"]
    assert [c.label for c in options["service"]] == sorted(c.label for c in options["service"])
    assert {c.value for c in options["service"]} == {s.type for v in site.vendors for s in v.services}
    zones = [c.value for c in options["tz"]]
    assert zones == ["America/Bogota", "Europe/Warsaw", "Africa/Cairo", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Manila"]
    assert options["tz"][0].label == "Bogota, UTC−5"  # the place and offset, never the IANA name as a label


def test_the_directory_page_has_a_marked_row_per_vendor_and_a_heading_per_column(site):
    generated = pipeline.render(pipeline.load_checked(ROOT), today=TODAY)
    page = generated.tree["vendors/index.md"].decode("utf-8")
    rows = [line for line in page.splitlines() if line.startswith('| <span class="rp-dir-row"')]
    assert len(rows) == len(site.vendors) == 6
    header = next(line for line in page.splitlines() if line.startswith("| Vendor |"))
    assert [cell.strip() for cell in header.strip("|").split("|")] == [c[1] for c in directory.COLUMNS]
    assert all(row.count(" | ") == len(directory.COLUMNS) - 1 for row in rows)
    assert f'data-rp-columns="{" ".join(c[0] for c in directory.COLUMNS)}"' in page


# --- what search is fed --------------------------------------------------------------------------


def vendor_entries(entries: list[dict[str, Any]], slug: str) -> list[dict[str, Any]]:
    return [e for e in entries if e["location"].split("#")[0] == f"vendors/{slug}/"]


@pytest.fixture(scope="module")
def zensical_index(zensical_site) -> list[dict[str, Any]]:
    return json.loads((zensical_site / "search.json").read_text("utf-8"))["items"]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_vendor_is_one_search_entry_naming_its_people_services_place_and_zone(engine, search_index, zensical_index, site):
    entries = search_index if engine == "mkdocs" else zensical_index
    for vendor in site.vendors:
        found = vendor_entries(entries, vendor.slug)
        assert len(found) == 1, (vendor.slug, [e["location"] for e in found])
        entry = found[0]
        assert entry["title"] == vendor.name
        text = entry["text"]
        for person in [*vendor.contacts, *([vendor.spoc_ours] if vendor.spoc_ours else [])]:
            assert person.name in text, (vendor.slug, person.name)
        for service in vendor.services:
            assert service.name in text and labels.word("service_type", service.type) in text
        assert vendor.schedule.timezone in text and (vendor.location or "") in text
        # The notes at the top stay out (an admonition's closing tag once ended the exclusion
        # early), and so does the summary: only the hidden paragraph of terms is the entry.
        for note in ("Overlap gets short", "being onboarded", "Notice deadline", "Overdue actions", "Short overlap"):
            assert note not in text, (vendor.slug, note)
        assert not vendor.summary or vendor.summary[:40] not in text
        assert "<p></p>" not in text
    # A profile's sections are not entries of their own: "escalation" is a play's, not 6 headings.
    assert not [e for e in entries if e["location"].startswith("vendors/") and "#" in e["location"]]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_listings_that_grow_with_the_vendors_stay_out_of_search(engine, search_index, zensical_index):
    entries = search_index if engine == "mkdocs" else zensical_index
    places = {e["location"].split("#")[0] for e in entries}
    assert not [p for p in places if p.startswith("vendors/") and p.endswith("/checklists/")]
    assert "upcoming/" not in places
    every = " ".join(e["text"] for e in entries)
    assert "Short overlap only" not in every  # the directory's controls
    directory_text = next(e["text"] for e in entries if e["location"] == "vendors/")
    assert "<p></p>" not in directory_text and "rp-dir-count" not in directory_text
    # The scorecards' heat table, a row per vendor, stays out; its introduction is searchable.
    scorecards = " ".join(e["text"] for e in entries if e["location"].split("#")[0] == "scorecards/")
    assert "latest period" in scorecards and "Andes" not in scorecards and "Lotus" not in scorecards
    # Plays once: a play's title is the title of exactly one page's entry.
    titles = [e["title"] for e in entries if e["location"].split("#")[0] == "playbooks/governance/steering-committee/"
              and "#" not in e["location"]]
    assert len(titles) == 1
