"""The sample project builds with MkDocs (strict, link and anchor validation) into the pages users need."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator import pipeline

from .conftest import ROOT

VENDORS = sorted(p.stem for p in (ROOT / "content" / "vendors").glob("*.yml"))


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text("utf-8") if not page.endswith(".html") else (site / page).read_text("utf-8")


def test_sample_portfolio_is_varied():
    vendors = [yaml.safe_load((ROOT / "content" / "vendors" / f"{slug}.yml").read_text()) for slug in VENDORS]
    assert len(vendors) >= 5
    assert {v["status"] for v in vendors} >= {"onboarding", "active", "exiting"}
    assert len({v["tier"] for v in vendors}) >= 3
    assert len({s["type"] for v in vendors for s in v["services"]}) >= 4
    zones = {v["working_hours"]["timezone"] for v in vendors}
    assert "Asia/Kolkata" in zones  # a half-hour offset
    assert any(set(v["working_hours"].get("days", [])) != {"mon", "tue", "wed", "thu", "fri"} for v in vendors)


def article(html: str) -> str:
    """A page's own text: its <article>, without the navigation, header and footer around it."""
    start, end = html.find("<article"), html.find("</article>")
    assert 0 <= start < end, "no <article> in the page"
    return html[start:end]


def test_home_links_to_the_main_sections(sample_site):
    # In the page's own text: the navigation around it links them on every page anyway.
    home = article(read(sample_site, ""))
    for target in ('href="playbooks/"', 'href="vendors/"', 'href="checklists/"'):
        assert target in home


def test_every_play_and_vendor_has_its_pages(sample_site):
    for slug in VENDORS:
        assert (sample_site / "vendors" / slug / "index.html").is_file()
        assert (sample_site / "vendors" / slug / "checklists" / "index.html").is_file()
    for play in (ROOT / "playbooks").glob("*/*.md"):
        if play.name != "index.md":
            assert (sample_site / "playbooks" / play.parent.name / play.stem / "index.html").is_file(), play


def test_directory_lists_every_vendor_with_both_spocs_and_overlap(sample_site):
    page = read(sample_site, "vendors")
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:]
    assert len(rows) == len(VENDORS)
    lotus = next(r for r in rows if "Lotus Code Works" in r)
    for expected in ("Strategic", "Active", "Mobile app development", "Lukas Berg", "Priya Raman", "Asia/Kolkata", "5 h"):
        assert expected in lotus, expected


def test_vendor_profile_has_every_section(sample_site):
    page = read(sample_site, "vendors/lotus-code-works")
    for heading in ("Single points of contact", "Contacts", "Escalation path", "Working hours", "Governance",
                    "Steering committee", "Review meetings", "Objectives and measures", "Communication",
                    "Culture", "Holidays"):
        assert f">{heading}<" in page, heading
    assert "P1 incident first response" in page and "30 minutes" in page
    assert "Marta Kowalski" in page and "Arjun Mehta" in page  # steering committee members
    assert "13:30" in page and "18:30" in page  # overlap in the vendor's local time


def test_checklists_resolve_owner_roles_to_named_people(sample_site):
    page = read(sample_site, "vendors/lotus-code-works/checklists")
    assert "Priya Raman, Lotus Code Works&#39; SPOC" in page or "Priya Raman, Lotus Code Works' SPOC" in page
    assert "Felix Wagner, our IT administrator" in page
    # items are grouped by phase, and in every play the phases come in order
    order = ["Before day 1", "Week 1", "Month 1", "Recurring"]
    sections = page.split('<section class="rp-play"')[1:]
    assert len(sections) > 10
    seen = set()
    for section in sections:
        labels = re.findall(r'<p class="rp-phase"[^>]*><strong>([^<]+)</strong>', section)
        assert labels and labels == sorted(labels, key=order.index), labels
        seen.update(labels)
    assert seen == set(order)


def test_plays_filter_by_tier(sample_site):
    # The steering committee play applies to strategic and tactical vendors only.
    assert "Run the joint steering committee" in read(sample_site, "vendors/lotus-code-works/checklists")
    assert "Run the joint steering committee" not in read(sample_site, "vendors/nile-data-studio/checklists")


def test_navigation_does_not_list_vendor_pages(sample_site):
    # Material renders the whole nav into every page; vendor pages stay out of it, so its size
    # depends on the playbooks only, never on the number of vendors.
    page = read(sample_site, "playbooks/governance/steering-committee")
    for slug in VENDORS:
        assert f"vendors/{slug}/" not in page
    assert 'href="../../../vendors/"' in page
    plays = [p for p in (ROOT / "playbooks").glob("*/*.md") if p.name != "index.md"]
    areas = [p for p in (ROOT / "playbooks").iterdir() if p.is_dir()]
    nav_links = page.count('class="md-nav__link')
    toc_links = page.split('data-md-component="toc"', 1)[1].count('class="md-nav__link') if 'data-md-component="toc"' in page else 0
    assert nav_links - toc_links <= 2 * (len(plays) + len(areas)) + 10


def test_edit_links_point_at_sources(sample_site):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    base = config["repo_url"].rstrip("/") + "/" + config["edit_uri"].strip("/")
    vendor = read(sample_site, "vendors/lotus-code-works")
    assert f'href="{base}/content/vendors/lotus-code-works.yml"' in vendor
    play = read(sample_site, "playbooks/governance/steering-committee")
    assert f'href="{base}/playbooks/governance/steering-committee.md"' in play
    assert "/build/" not in play.split('rel="edit"')[0].rsplit("href=", 1)[-1]


def test_no_requests_to_other_hosts(sample_site):
    for page in sample_site.rglob("*.html"):
        html = page.read_text("utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            if 'rel="canonical"' in tag or 'rel="alternate"' in tag:
                continue  # names the page's address; the browser does not fetch it
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), f"{page} loads {tag}"
        assert "fonts.googleapis.com" not in html


def test_search_finds_vendors_contacts_and_services(search_index):
    text = "\n".join(d["title"] + " " + d["text"] for d in search_index)
    for needle in ("Lotus Code Works", "Priya Raman", "Camila Rojas", "Product image labelling", "Release regression testing"):
        assert needle in text, needle


def test_search_holds_each_playbook_once(search_index):
    # A sentence from the steering committee play appears in exactly one indexed page.
    needle = "Teams can only solve what is within their authority"
    pages = {d["location"].split("#")[0] for d in search_index if needle in d["text"]}
    assert pages == {"playbooks/governance/steering-committee/"}
    # Per-vendor checklist pages are left out of search, so a practice is not found once per vendor.
    assert not any(d["location"].startswith("vendors/") and "/checklists/" in d["location"] for d in search_index)


def test_generate_writes_only_the_docs_tree(tmp_path):
    inputs = pipeline.load_checked(ROOT)
    generated, stats = pipeline.generate(inputs, tmp_path / "docs")
    assert (tmp_path / "docs" / "index.md").is_file()
    assert (tmp_path / "docs" / "vendors" / "lotus-code-works" / "index.md").is_file()
    assert not (tmp_path / "docs" / "index.html").exists()
    assert len(stats.written) == len(generated.tree)
