"""Pages that speak to their reader (issue 14), read from real builds of the sample project:
the internal site (tests/conftest.py `sample_site`) and the vendor-facing site of the sample's
onboarding testing partner (`vendor_site`, MkDocs strict; `vendor_zensical_site`).

What a browser must show (filters, print, phones) is in tests/browser/test_vendor_staff.py.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from generator.render.files import exports
from generator.render.pages import PageRenderer
from generator.support.problems import Problems
from generator.render import first_weeks
from generator import pipeline
from generator.model import labels, possessive
from generator.support.problems import UserError
from generator.schedules import wording

from .conftest import ROOT, STAFF_VENDOR, copy_project

BASE = f"vendors/{STAFF_VENDOR}"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def owner_lines(text: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", o)).strip() for o in re.findall(r'<span class="rp-owner">(.*?)</span>', text, re.S)]


def visible_text(text: str) -> str:
    body = text.split('<article', 1)[1].split("</article>", 1)[0] if "<article" in text else text
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


# --- words -----------------------------------------------------------------------------------------


def test_a_name_ending_in_s_takes_the_apostrophe_alone():
    assert possessive("Northwind") == "Northwind's"
    assert possessive("Lotus Code Works") == "Lotus Code Works'"
    assert possessive("Everest QA Partners") == "Everest QA Partners'"
    assert possessive("ACME LABS") == "ACME LABS'"
    assert labels.possessive is wording.possessive  # one home


def test_every_code_the_schemas_allow_has_words():
    schemas = {name: json.loads((ROOT / "generator" / "schemas" / f"{name}.schema.json").read_text("utf-8"))
               for name in ("vendor", "play")}

    def enum(*path: str, schema: str = "vendor") -> list[str]:
        node = schemas[schema]
        for key in path:
            node = node[key]
        return node["enum"]

    vendor = ("properties",)
    meetings = vendor + ("governance", "properties", "meetings", "items", "properties")
    measure = ("$defs", "measure", "properties")
    channels = vendor + ("communication", "properties", "channels", "items", "properties")
    checks = {
        "tier": enum(*vendor, "tier"), "status": enum(*vendor, "status"), "service_type": enum("$defs", "service_type"),
        "meeting_type": enum(*meetings, "type"), "cadence": enum(*meetings, "cadence") + enum("properties", "cadence", schema="play"),
        "measured": enum(*measure, "measured"), "comparator": enum(*measure, "comparator"), "category": enum(*measure, "category"),
        "channel": enum(*channels, "type"), "health": enum(*vendor, "assessment", "properties", "health"),
        "phase": enum("properties", "checklist", "items", "properties", "phase", schema="play"),
        "audience": schemas["play"]["properties"]["audience"]["items"]["enum"],
        # issue 17: results, health checks, risks, renewals, documents, actions
        "result_status": ["on", "risk", "off"],
        "health_decision": enum(*vendor, "health_checks", "items", "properties", "decision"),
        "rating": enum("$defs", "rating"),
        "renewal_decision": enum(*vendor, "contract", "properties", "renewal", "properties", "decision"),
        "document_kind": enum(*vendor, "documents", "items", "properties", "kind"),
        "action_status": enum("$defs", "action", "properties", "status"),
    }
    assert set(checks) == set(labels.KINDS)
    for kind, codes in checks.items():
        table = labels._TABLES[kind]
        assert set(codes) <= set(table), (kind, set(codes) - set(table))
        for code in codes:
            words = labels.word(kind, code)
            assert words and "-" not in words.replace("E-mail", "") and "<" not in words and ">" not in words, (kind, code, words)


@pytest.mark.parametrize("site_name", ["sample_site", "vendor_site"])
def test_no_page_shows_a_raw_code(request, site_name):
    site = request.getfixturevalue(site_name)
    pages = [p for p in site.rglob("index.html") if "/playbooks/" not in p.as_posix()]
    assert len(pages) > 5
    for path in pages:
        text = visible_text(path.read_text("utf-8"))
        for raw in (r"\bper-(?:release|ticket|change)\b", r"\bas-needed\b", r"(?<![\w-])(?:<=|>=)(?![\w-])",
                    r"\b(?:strategic|tactical|operational|commodity|onboarding|active)\s*\|"):
            assert not re.search(raw, text), (path, raw)
    profile = visible_text(page(site, BASE if site_name == "vendor_site" else "vendors/andes-quality-labs"))
    assert "at most 2 working days" in profile or "at most 1 working day" in profile
    assert "every release" in profile


def test_internal_owner_lines_name_the_vendor_with_its_grammar(sample_site):
    lines = owner_lines(page(sample_site, "vendors/lotus-code-works/checklists"))
    assert "Lukas Berg, our SPOC" in lines
    assert "Priya Raman, Lotus Code Works' SPOC" in lines
    for path in sample_site.rglob("*.html"):
        assert "Works's" not in html.unescape(path.read_text("utf-8")), path


def test_every_owner_line_on_a_vendor_site_speaks_to_the_vendor(vendor_site):
    seen = []
    for path in vendor_site.rglob("index.html"):
        lines = owner_lines(path.read_text("utf-8"))
        seen += lines
        assert not [line for line in lines if re.search(r"\bour\b", line, re.I)], path
    assert len(seen) > 100
    assert "Nora Schmidt, Northwind's SPOC" in seen
    assert "Sita Shrestha, your delivery manager" in seen
    assert "Your new team member" in seen or any(line.startswith("Your ") for line in seen)


def test_filters_and_exports_speak_to_the_vendor(vendor_site):
    checklists = page(vendor_site, f"{BASE}/checklists")
    assert '<optgroup label="Your roles">' in checklists and "Northwind&#39;s roles" in checklists
    assert "Your side (Everest QA Partners)" in checklists and "Our side" not in checklists
    rows = list(csv.DictReader(io.StringIO((vendor_site / exports.export_names(STAFF_VENDOR)["csv"]).read_bytes().decode("utf-8-sig"))))
    owners = {row["owner"] for row in rows}
    assert "Nora Schmidt, Northwind's SPOC" in owners and "Sita Shrestha, your delivery manager" in owners
    assert not [o for o in owners if re.search(r"\bour\b", o)]
    text = (vendor_site / exports.export_names(STAFF_VENDOR)["markdown"]).read_text("utf-8")
    assert " — Nora Schmidt, Northwind's SPOC" in text
    assert not [line for line in text.splitlines() if re.search(r" — .*\bour\b", line)]
    ics = (vendor_site / f"{BASE}/{STAFF_VENDOR}.ics").read_text("utf-8").replace("\r\n ", "")
    assert "with Northwind Outfitters GmbH" in ics and "with Everest QA Partners" not in ics


def test_time_is_told_from_the_readers_side(vendor_site, sample_site):
    theirs = visible_text(page(vendor_site, BASE))
    assert "End of your day: 18:00 Kathmandu time" in theirs
    assert "End of Northwind's day:" in theirs
    assert "Working with Northwind since" in theirs
    ours = visible_text(page(sample_site, f"vendors/{STAFF_VENDOR}"))
    assert "End of their day: 18:00 Kathmandu time" in ours and "End of our day:" in ours
    # the other two cases: Bogotá's day ends after Berlin's, and Berlin's inside Bogotá's
    andes = pipeline.render(pipeline.load_checked(ROOT), audience="vendor", vendor="andes-quality-labs")
    text = andes.tree["vendors/andes-quality-labs/index.md"].decode("utf-8")
    assert ("End of your day: 17:00 Bogota time, 23:00 Berlin time. Northwind picks your work up at the start of its "
            "day, 03:00 Bogota time (09:00 Berlin time), 10 h later.") in text
    assert ("End of Northwind's day: 11:30 Bogota time, 17:30 Berlin time. You are still at work: ask Northwind to "
            "hand over before it leaves, and carry on the same day.") in text
    assert "You hand over at 23:00 (17:00 Bogota); Northwind starts at 09:00" in text


# --- order ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def internal_model():
    return pipeline.render(pipeline.load_checked(ROOT)).site


def test_an_onboarding_vendor_starts_with_the_onboarding_plays(internal_model, sample_site):
    for vendor in internal_model.vendors:
        plays = vendor.plays
        if vendor.facts.status == "onboarding":
            onboarding = [p for p in plays if p.onboarding]
            assert onboarding and plays[: len(onboarding)] == onboarding, vendor.slug
        # plays whose first item is the reader's come first, then the others
        opens = [p.opens_with_reader for p in plays if not (vendor.onboarding_first and p.onboarding)]
        assert opens == sorted(opens, reverse=True), vendor.slug
    nile = page(sample_site, "vendors/nile-data-studio/checklists")
    first = re.findall(r'<section class="rp-play" data-rp-play="([^"]+)"', nile)[:3]
    assert "health-check" not in first and "define-goals" not in first
    assert "the onboarding playbooks&#39; plays come first" in nile or "the onboarding playbooks' plays come first" in nile


def test_the_first_item_of_a_checklists_page_is_the_readers(internal_model, sample_site, vendor_site):
    def first_side(text: str) -> str:
        return re.search(r'<li class="rp-item"[^>]*data-rp-side="([^"]+)"', text).group(1)

    for vendor in internal_model.vendors:
        assert first_side(page(sample_site, f"vendors/{vendor.slug}/checklists")) == "ours", vendor.slug
    assert first_side(page(vendor_site, f"{BASE}/checklists")) == "vendor"


# --- the staff's own pages ----------------------------------------------------------------------------


def test_a_vendor_site_has_start_pages_for_every_role_with_items(vendor_site, sample_site):
    data = yaml.safe_load((ROOT / "playbooks" / "roles.yml").read_text("utf-8"))["roles"]
    generated = pipeline.render(pipeline.load_checked(ROOT), audience="vendor", vendor=STAFF_VENDOR)
    vendor = generated.site.vendors[0]
    owning = {item.role for play in vendor.plays for item in play.checklist if item.side == "theirs"}
    made = {p.name for p in (vendor_site / BASE / "start").iterdir() if p.is_dir()}
    assert made == owning and {"new-joiner", "team-lead", "delivery-manager"} <= made and made <= set(data)
    assert (vendor_site / BASE / "welcome" / "index.html").is_file()
    assert "Start here" in page(vendor_site, "")
    assert not list(sample_site.glob("vendors/*/start")) and not list(sample_site.glob("vendors/*/welcome"))


def test_a_new_team_member_has_a_full_first_month(vendor_site):
    text = page(vendor_site, f"{BASE}/start/new-joiner")
    tags = [dict(re.findall(r'(data-rp-[a-z]+)="([^"]*)"', tag)) for tag in re.findall(r'<li class="rp-item"[^>]*>', text)]
    items = [(t["data-rp-play"], t["data-rp-item"], t["data-rp-phase"]) for t in tags]
    phases = [phase for _, _, phase in items]
    assert len(items) >= 12
    assert {"before-day-1", "week-1", "month-1"} <= set(phases) and phases.count("month-1") >= 4
    # in each phase the onboarding playbooks' plays (business training, first weeks, culture) come first
    generated = pipeline.render(pipeline.load_checked(ROOT), audience="vendor", vendor=STAFF_VENDOR)
    onboarding = {p.id for p in generated.site.plays.values() if p.onboarding}
    for phase in set(phases):
        flags = [play in onboarding for play, _, p in items if p == phase]
        assert flags == sorted(flags, reverse=True), phase
    assert any(play == "business-training" for play, _, _ in items) and any(play == "cultural-exchange" for play, _, _ in items)
    words = visible_text(text)
    for term in ("Buddy", "Hand-off", "Single point of contact"):
        assert term in words.split("Words you will meet", 1)[1], term
    assert "Ask Felix Wagner, Northwind's IT administrator" in words


def test_whom_to_ask_has_hours_in_both_local_times():
    generated = pipeline.render(pipeline.load_checked(ROOT), audience="vendor", vendor=STAFF_VENDOR)
    site, vendor = generated.site, generated.site.vendors[0]
    renderer = PageRenderer(site, Problems())
    path = first_weeks.path(site, vendor, site.roles["new-joiner"], renderer.voice,
                            lambda play, item: renderer.play_text(play, "item", vendor, item))
    assert path.first_contact is not None and path.first_contact.person.name == "Pema Sherpa"
    hours = {c.person.name: c.hours for c in path.contacts}
    # their working days first, then the hours in their time and the reader's
    assert hours["Pema Sherpa"] == "Mon–Fri, 10:00–18:00 Kathmandu time"
    assert hours["Nora Schmidt"] == "Mon–Fri, 09:00–17:30 Berlin time (13:45–22:15 Kathmandu time)"
    # a team lead asks the delivery manager first, not themselves
    lead = first_weeks.path(site, vendor, site.roles["team-lead"], renderer.voice, lambda play, item: item.text)
    assert lead.first_contact.person.name == "Sita Shrestha"


def test_zensical_builds_the_staff_pages(vendor_zensical_site):
    for path in ("start", "start/new-joiner", "start/team-lead", "welcome", "checklists"):
        assert (vendor_zensical_site / BASE / path / "index.html").is_file(), path
    text = (vendor_zensical_site / BASE / "start/new-joiner/index.html").read_text("utf-8")
    assert len(re.findall(r'<li class="rp-item"', text)) >= 12, "Zensical lost the items"
    assert 'class="rp-switch-input"' in (vendor_zensical_site / BASE / "welcome/index.html").read_text("utf-8")


def test_an_item_may_only_ask_a_known_role(tmp_path):
    project = copy_project(tmp_path / "project")
    play = project / "playbooks" / "vendor-onboarding" / "first-weeks.md"
    text = play.read_text("utf-8")
    assert "    ask: our-security-officer\n" in text
    play.write_text(text.replace("    ask: our-security-officer\n", "    ask: our-securty-officer\n"), "utf-8")
    with pytest.raises(UserError) as raised:
        pipeline.load_checked(project)
    line = next(n for n, row in enumerate(play.read_text("utf-8").splitlines(), 1) if "our-securty-officer" in row)
    messages = [f"{p.path}:{p.line}:{p.column}: {p.message}" for p in raised.value.problems]
    assert any(m.startswith(f"playbooks/vendor-onboarding/first-weeks.md:{line}:") and "security-officer" in m for m in messages), messages


def test_hostile_data_reaches_the_staff_pages_as_text(tmp_path):
    from .test_hostile_data import ATTACKS, Markup

    project = copy_project(tmp_path / "project")
    path = project / "content" / "vendors" / f"{STAFF_VENDOR}.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["name"] = data["short_name"] = ATTACKS["name"]
    lead = next(c for c in data["contacts"] if "team-lead" in c["roles"])
    lead["name"], lead["title"] = ATTACKS["contact"], ATTACKS["title"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    site = project / "site"
    pipeline.build(project, site_dir=site, vendor=STAFF_VENDOR)
    for file in site.rglob("*.html"):
        parser = Markup()
        parser.feed(file.read_text("utf-8"))
        assert not parser.bad, f"{file}: {parser.bad}"
    for staff_page in ("start", "start/new-joiner", "welcome"):
        text = visible_text(page(site, f"{BASE}/{staff_page}"))
        assert ATTACKS["contact"] in text, staff_page
    assert ATTACKS["name"] in visible_text(page(site, f"{BASE}/welcome"))
