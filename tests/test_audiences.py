"""Audiences: nothing another audience may not see reaches any byte of a site.

Every value of the marker portfolio (tests/leak_portfolio.py) is unique. Each site is built
with real MkDocs, and every output file is scanned (gzip files uncompressed), file names and
paths included.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from generator import pipeline

from .leak_portfolio import IMAGES, LEVEL_RANK, build_project


def site_bytes(site: Path) -> str:
    """Everything a site publishes, as one lower-cased text: contents, file names and paths."""
    parts = []
    for path in sorted(site.rglob("*")):
        parts.append(path.relative_to(site).as_posix())
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts).lower()


class Folders(dict):
    """Each site's folder by name (a vendor's slug, "internal", "restricted"): `folders / name`."""

    def __truediv__(self, name: str) -> Path:
        return self[name]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """The marker portfolio built once: every vendor's site by `build --all-vendors` (the
    command that publishes them), and the internal and restricted sites."""
    project, markers, slugs = build_project(tmp_path_factory.mktemp("leak") / "project")
    partners = project / "partners"
    reports = pipeline.build_all_vendors(project, site_dir=partners)
    assert len(reports) == len(slugs)
    folders = Folders({slug: partners / slug for slug in slugs})
    folders["internal"] = project / "out" / "internal"
    pipeline.build(project, site_dir=folders["internal"])
    folders["restricted"] = project / "out" / "restricted"
    pipeline.build(project, site_dir=folders["restricted"], audience="restricted")
    sites = {name: site_bytes(folder) for name, folder in folders.items()}
    return markers, slugs, sites, folders


def visible_to(marker, audience: str, vendor: str | None) -> bool:
    if vendor is not None and marker.owner not in (vendor, "play", "org"):
        return False  # another vendor's data, at any level
    rank = {"vendor": 0, "internal": 1, "restricted": 2}[audience]
    return LEVEL_RANK[marker.level] <= rank


def test_portfolio_has_markers_at_every_level(portfolio):
    markers, _, _, _ = portfolio
    assert {m.level for m in markers.items} == {"V", "I", "R"}
    assert len(markers.items) > 150


@pytest.mark.parametrize("record", ["escalations", "change_requests", "improvement_plans", "transition", "decision_rights",
                                    "subcontractors", "key_personnel"])
def test_every_record_a_play_asks_for_has_a_marker_at_every_level(portfolio, record):
    # so the checks below (every site, every audience) cover each of them
    markers, slugs, _, _ = portfolio
    for slug in slugs:
        assert {m.level for m in markers.items if m.owner == slug and m.where.startswith(record) and m.shown} == {"V", "I", "R"}


@pytest.mark.parametrize("slug", ["alpha", "bravo", "charlie"])
def test_vendor_site_holds_only_what_that_vendor_may_see(portfolio, slug):
    markers, _, sites, _ = portfolio
    text = sites[slug]
    leaked = [f"{m.owner}:{m.where} ({m.level})" for m in markers.items if not visible_to(m, "vendor", slug) and m.token.lower() in text]
    assert not leaked, f"leaked into {slug}'s site: {leaked}"
    missing = [f"{m.owner}:{m.where}" for m in markers.items if visible_to(m, "vendor", slug) and m.shown and m.token.lower() not in text]
    assert not missing, f"vendor-visible values missing from {slug}'s site: {missing}"


@pytest.mark.parametrize("slug", ["alpha", "bravo", "charlie"])
def test_staff_pages_hold_the_vendors_own_items_and_nothing_internal(portfolio, slug):
    # The role pages and the welcome pack exist on every vendor's site whatever its status, and
    # show the new team member's vendor-visible item, with the one person of ours who works only
    # with this vendor as whom to ask; the test above scans them with every other file.
    markers, _, _, out = portfolio
    token = {m.where: m.token for m in markers.items if m.owner == "play"}
    ours = next(m.token for m in markers.items if m.owner == slug and m.where == "our person")
    for page in (f"vendors/{slug}/start/new-joiner/index.html", f"vendors/{slug}/welcome/index.html"):
        text = (out / slug / page).read_text("utf-8")
        assert token["joiner item"] in text and ours in text, page
        assert token["joiner hidden item"] not in text and token["hidden item"] not in text, page
    assert not (out / "internal" / "vendors" / slug / "welcome").exists()  # staff pages are for vendor sites only


@pytest.mark.parametrize("slug", ["alpha", "bravo", "charlie"])
def test_joiner_pages_hold_the_vendors_own_joiner_tools_and_items_only(portfolio, slug):
    # The vendor-visible joiner gets a page with their item naming the vendor's own chat tool
    # (who grants access included) and their buddy; the internal joiner gets none; the test
    # above scans these pages and calendars with every other file for anything not theirs.
    markers, _, _, out = portfolio
    token = {m.where: m.token for m in markers.items if m.owner in (slug, "play")}
    joiner = next(m.token for m in markers.items if m.owner == slug and m.where == "joiners[0].id")
    hidden = next(m.token for m in markers.items if m.owner == slug and m.where == "joiners[1].id")
    folder = out / slug / "vendors" / slug / "joiners"
    text = (folder / joiner / "index.html").read_text("utf-8")
    for where in ("joiner item", "joiners[0].name", "channels[0].tool", "channels[0].where", "channels[0].access.how", "contacts[0].name"):
        assert token[where] in text, where
    assert token["joiner hidden item"] not in text and token["hidden item"] not in text
    assert (folder / f"{joiner}.ics").is_file()
    assert not (folder / hidden).exists() and not (folder / f"{hidden}.ics").exists()
    assert not (out / "internal" / "vendors" / slug / "joiners").exists()  # joiner pages are for vendor sites only


def test_internal_site_has_internal_but_no_restricted_data(portfolio):
    markers, _, sites, _ = portfolio
    text = sites["internal"]
    leaked = [f"{m.owner}:{m.where}" for m in markers.items if m.level == "R" and m.token.lower() in text]
    assert not leaked, f"restricted values in the internal site: {leaked}"
    missing = [f"{m.owner}:{m.where}" for m in markers.items if m.level in "VI" and m.shown and m.token.lower() not in text]
    assert not missing, f"values missing from the internal site: {missing}"


def test_restricted_site_has_everything(portfolio):
    markers, _, sites, _ = portfolio
    text = sites["restricted"]
    missing = [f"{m.owner}:{m.where}" for m in markers.items if m.shown and m.token.lower() not in text]
    assert not missing, f"values missing from the restricted site: {missing}"


def test_breaches_are_counted_on_the_restricted_site_only(portfolio):
    # Both penalties name the SLA `s-open` (one is shared with the vendor): its breaches are
    # counted beside them on the restricted site, and nowhere else, not even beside the shared one.
    *_, out = portfolio
    heading = "Breaches of the measures these rules name"
    for site in ("restricted", "internal", "alpha"):
        profile = (out / site / "vendors" / "alpha" / "index.html").read_text("utf-8")
        assert (heading in profile) == (site == "restricted"), site
    for site in ("restricted", "internal"):
        review = (out / site / "vendors" / "alpha" / "review" / "index.html").read_text("utf-8")
        assert ("Breaches counted against incentives and penalties" in review) == (site == "restricted"), site
    # the vendor's own version of the pack counts nothing (tests below scan it for what it may not hold)
    assert "Breaches counted" not in (out / "alpha" / "vendors" / "alpha" / "review" / "index.html").read_text("utf-8")


def test_money_reaches_only_the_sites_that_see_its_rule(portfolio):
    # Alpha's credit and bonus are restricted; its penalty is shared with the vendor: what each
    # rule moved per period is on the sites that see the rule, and nowhere else.
    *_, out = portfolio
    for site, expected in (("restricted", ("credit earned", "bonus owed", "penalty due")), ("internal", ("penalty due",)),
                           ("alpha", ("penalty due",))):
        profile = (out / site / "vendors" / "alpha" / "index.html").read_text("utf-8")
        for words in ("credit earned", "bonus owed", "penalty due"):
            assert (f"{words}: EUR" in profile) == (words in expected), (site, words)
    review = (out / "restricted" / "vendors" / "alpha" / "review" / "index.html").read_text("utf-8")
    assert "Commercials, " in review and "credit earned: EUR" in review
    internal = (out / "internal" / "vendors" / "alpha" / "review" / "index.html").read_text("utf-8")
    assert "Commercials, " in internal and "credit earned: EUR" not in internal  # the shared penalty only


@pytest.mark.parametrize("slug", ["alpha", "bravo", "charlie"])
def test_the_vendors_own_review_pack_holds_only_what_that_vendor_may_see(portfolio, slug):
    # The pack on a vendor's own site (issue 26): every section from the vendor-visible data only;
    # no contract, no money but a rule shared with it, no internal record. The whole-site scan
    # above reads it with every other file; this one reads the pack alone, so a leak there is named.
    markers, _, _, out = portfolio
    text = (out / slug / "vendors" / slug / "review" / "index.html").read_text("utf-8").lower()
    leaked = [f"{m.owner}:{m.where} ({m.level})" for m in markers.items
              if not visible_to(m, "vendor", slug) and m.token.lower() in text]
    assert not leaked, f"leaked into {slug}'s review pack: {leaked}"
    shown = [m for m in markers.items if m.owner == slug and m.level == "V" and m.shown and m.token.lower() in text]
    assert len(shown) >= 5, [m.where for m in shown]  # the pack is built from the vendor's data, not empty
    for internal in ("capacity and the plan", "credit earned: eur", "bonus owed: eur"):  # the shared penalty may show
        assert internal not in text, internal


def test_vendor_site_is_branded_with_both_names(portfolio):
    markers, _, sites, _ = portfolio
    name = next(m for m in markers.items if m.owner == "alpha" and m.where == "short_name")
    assert f"northwind × short {name.token.lower()}" in sites["alpha"]


@pytest.mark.parametrize("site", ["alpha", "internal", "restricted"])
def test_images_reach_exactly_the_sites_whose_pages_link_them(portfolio, site):
    # An image linked from a subfolder arrives (the strict build would fail on its link
    # otherwise); one only internal pages link never reaches a vendor's site, not even when its
    # name is the end of a linked image's name.
    *_, out = portfolio
    for name, level in IMAGES.items():
        published = (out / site / "playbooks" / "marked" / name).is_file()
        assert published == (level == "vendor" or site != "alpha"), (site, name)


def test_all_vendors_builds_each_site_into_its_folder(portfolio, tmp_path):
    # The vendor sites above are `--all-vendors`' own: one folder per vendor, and nothing else.
    markers, slugs, _, folders = portfolio
    partners = folders[slugs[0]].parent
    assert sorted(p.name for p in partners.iterdir() if p.is_dir()) == slugs
    # A second run replaces the whole folder (a removed vendor's site disappears): on a copy of
    # the project and of its published sites.
    project = tmp_path / "project"
    shutil.copytree(partners.parent, project, ignore=shutil.ignore_patterns("out", "build"), symlinks=True)
    (project / "content" / "vendors" / "charlie.yml").unlink()
    pipeline.build_all_vendors(project, site_dir=project / "partners")
    assert sorted(p.name for p in (project / "partners").iterdir() if p.is_dir()) == ["alpha", "bravo"]
