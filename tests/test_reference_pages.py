"""Review banners, the "Due for review" page, Sources and Glossary, checked against the model."""

from __future__ import annotations

from datetime import date

import pytest

from generator import pipeline

from .conftest import ROOT

TODAY = date(2026, 11, 21)  # the session's SOURCE_DATE_EPOCH


@pytest.fixture(scope="module")
def site_model():
    inputs = pipeline.load_checked(ROOT)
    return pipeline.render(inputs, today=TODAY).site


def page(site_dir, path: str) -> str:
    return (site_dir / path / "index.html").read_text("utf-8")


def test_overdue_plays_carry_a_banner_and_current_ones_do_not(sample_site, site_model):
    overdue = [p for p in site_model.plays.values() if p.overdue(TODAY)]
    current = [p for p in site_model.plays.values() if not p.overdue(TODAY)]
    assert overdue and current, "the sample library should have both overdue and current plays"
    for play in overdue:
        assert "Review overdue" in page(sample_site, f"playbooks/{play.area}/{play.stem}"), play.id
    for play in current:
        assert "Review overdue" not in page(sample_site, f"playbooks/{play.area}/{play.stem}"), play.id


def test_due_for_review_lists_exactly_the_overdue_pages(sample_site, site_model):
    html = page(sample_site, "reviews")
    overdue_section = html.split('id="overdue"', 1)[1].split('id="due-in-the-next-30-days"', 1)[0]
    for play in site_model.plays.values():
        href = f"../playbooks/{play.area}/{play.stem}/"
        assert (href in overdue_section) == play.overdue(TODAY), play.id
    assert "Due for review" in page(sample_site, "")  # linked from the nav


def test_review_dates_follow_the_interval(site_model):
    # Written out by hand from the plays' front matter (last_reviewed + review_every).
    due = {p.id: p.review_due for p in site_model.plays.values()}
    assert due["steering-committee"] == date(2027, 3, 2)  # 2026-09-02 + 6 months
    assert due["scorecard"] == date(2027, 3, 10)  # 2026-09-10 + 6 months
    assert due["business-training"] == date(2027, 2, 28)  # 2026-08-28 + 6 months
    assert due["change-requests"] == date(2027, 4, 8)  # 2026-10-08 + 6 months


def test_sources_page_lists_each_article_and_the_plays_citing_it(sample_site, site_model):
    html = page(sample_site, "sources")
    for source in site_model.sources:
        assert f'id="{source.id}"' in html
        section = html.split(f'id="{source.id}"', 1)[1].split("<h2", 1)[0]
        for play in site_model.plays.values():
            assert (f"/{play.stem}/" in section) == (source.id in play.sources), (source.id, play.id)
    assert "https://innomizetech.com/blog/8-keys-to-a-successful-outsourcing-collaboration" in html


def test_plays_link_their_sources(sample_site, site_model):
    play = next(p for p in site_model.plays.values() if p.sources)
    html = page(sample_site, f"playbooks/{play.area}/{play.stem}")
    for source_id in play.sources:
        assert f'../../../sources/#{source_id}"' in html


def test_glossary_defines_every_term(sample_site, site_model):
    html = page(sample_site, "glossary")
    assert len(site_model.glossary) >= 5
    for term in site_model.glossary:
        assert f"<dt>{term.term}" in html


def test_the_internal_sites_tell_editors_how_to_propose_a_change(sample_site, restricted_site, vendor_site, site_model):
    # The editor's guide in short, under Reference on our own sites: where each page's file is,
    # the checks, and who reviews which playbook (each playbook's owner, from its front matter).
    html = page(sample_site, "propose-a-change")
    assert '<a href="../propose-a-change/" class="md-nav__link">' in page(sample_site, "reviews")  # in the nav, under Reference
    for step in ("make validate", "make serve", "playbooks new vendor", "playbooks ids --update", "content/vendors/"):
        assert step in html, step
    table = html.split('id="open-the-pull-request"', 1)[1].split("</table>", 1)[0]
    assert len(site_model.areas) >= 5
    for area in site_model.areas:
        row = table.split(f"../playbooks/{area.id}/", 1)[1].split("</tr>", 1)[0]
        assert f"<td>{area.owner}</td>" in row, area.id
    assert (restricted_site / "propose-a-change" / "index.html").exists()
    # A vendor's staff do not edit the client's repository: their site has no such page or link.
    assert not (vendor_site / "propose-a-change").exists()
    assert "propose-a-change" not in page(vendor_site, "") + page(vendor_site, "glossary")
