"""The reader's voice on every vendor-facing site: "you" is the vendor, and "we", "us", "our",
"ours" never stand for the client, except inside a passage marked as the client's own words.

On a vendor's own site, the first person would mean the vendor's staff, who read it. The scan
reads the visible text of every page of every vendor site of the sample (tests/page_text.py)
and fails on any of those words outside an element marked `data-voice="client"`. Play pages
are left out: a play is the client's text throughout, and says so at its top.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .page_text import pages, pieces

FIRST_PERSON = re.compile(r"\b(?:we|us|our|ours)\b", re.I)


def is_play_page(site: Path, page: Path) -> bool:
    """playbooks/<area>/<play>/index.html; the playbooks' own index pages are scanned."""
    parts = page.relative_to(site).parts
    return len(parts) == 4 and parts[0] == "playbooks"


def first_person(site: Path) -> list[str]:
    hits = []
    for page in pages(site):
        if is_play_page(site, page):
            continue
        text = " ".join(p.text for p in pieces(page) if not p.client)
        text = re.sub(r"\s+", " ", text)
        for m in FIRST_PERSON.finditer(text):
            hits.append(f"{page.relative_to(site)}: …{text[max(0, m.start() - 60):m.end() + 30]}…")
    return hits


def test_no_vendor_page_speaks_as_the_client(all_vendor_sites):
    assert len(all_vendor_sites) == 6
    hits = {slug: first_person(site) for slug, site in all_vendor_sites.items()}
    shown = [f"{slug}/{hit}" for slug, found in hits.items() for hit in found]
    assert not shown, f"{len(shown)} uses of we/us/our/ours outside the client's words:\n" + "\n".join(shown[:40])


def test_the_scan_sees_pages_and_the_marked_passages(all_vendor_sites):
    """The scan is not blind: it reads every page, and the checklists quote the client inside marked passages."""
    site = all_vendor_sites["everest-qa-partners"]
    assert len(pages(site)) > 40
    checklists = pieces(site / "vendors" / "everest-qa-partners" / "checklists" / "index.html")
    quoted = " ".join(p.text for p in checklists if p.client)
    assert FIRST_PERSON.search(quoted), "the checklist items quote the plays, in the client's voice"
    assert not any(p.client for p in pieces(site / "vendors" / "everest-qa-partners" / "index.html") if "Everest" in p.text)


@pytest.mark.parametrize("text, hit", [("we decide", True), ("Tell us", True), ("our web shop", True), ("OURS", True),
                                       ("your business", False), ("usage", False), ("four", False)])
def test_the_pattern(text, hit):
    assert bool(FIRST_PERSON.search(text)) is hit
