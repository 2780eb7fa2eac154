"""Vendor values stay inert in plays, whatever filters a play applies (issue 12, case 7).

Before the fix, a play printing `{{ vendor.name|e }}` or `|tojson` published a live
`javascript:` link from a vendor named `[click](javascript:alert(1))`, and `|safe` a live
`<img onerror>` too: those filters return Markup, which the play environment printed as it
was. A real site is built with MkDocs (once for this module: the internal site, where
checklist items render per vendor, and the vendor's own site, where play bodies do) from a
play that prints hostile vendor values through every filter and trick below; every HTML file
is scanned with an HTML parser for markup that came from the data.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator import pipeline

from .conftest import base_project

NAME = "[click](javascript:alert(1)) <img src=https://evil.example/x.png onerror=alert(2)>"
CONTACT = '<a href="javascript:alert(3)">boss</a> {: onclick="alert(4)" }'

# Every way a play could try to print a value so that it is taken as markup.
PRINTS = [
    "{{ vendor.name|e }}",
    "{{ vendor.name|escape }}",
    "{{ vendor.name|forceescape }}",
    "{{ vendor.name|safe }}",
    "{{ vendor.name|tojson }}",
    "{{ vendor.name|tojson|safe }}",
    "{{ vendor.name|string }}",
    "{{ vendor.name|urlize }}",
    "{{ vendor.name|urlize|safe }}",
    "{{ {'title': vendor.name}|xmlattr }}",
    "{{ '%s'|format(vendor.name) }}",
    "{{ '%s' % vendor.name }}",
    "{{ '{}'.format(vendor.name) }}",
    "{{ '' ~ vendor.name }}",
    "{{ [vendor.name]|join }}",
    "{{ vendor.name|replace('x', 'y') }}",
    "{{ vendor.name|title }}",
    "{{ vendor.name|list|join }}",
    "{{ [vendor.name]|first }}",
    "{{ vendor.name|e|safe }}",
    "{{ vendor.name|safe|e }}",
    "{{ (vendor.name|safe) + '' }}",
    "{{ (vendor.name|e).replace('&lt;', '<') }}",
    "{{ vendor.name|e|replace('&lt;', '<') }}",
    "{{ vendor.name|trim|upper|lower }}",
    "{{ vendor.name|center(100) }}",
    "{{ vendor.name|indent(2) }}",
    "{{ vendor.name|wordwrap(30) }}",
    "{{ vendor.name|truncate(200) }}",
    "{{ vendor.name|striptags }}",
    "{{ vendor.name|default('x') }}",
    "{{ vendor.name|pprint }}",
    "{{ vendor.short_name|safe }}",
    "{{ vendor.spoc.theirs|safe }}",
    "{{ vendor.spoc.theirs.name|safe }}",
    "{{ vendor|string|safe }}",
    "{{ vendor.spoc.ours.email|safe }}",
    "{{ vendor.spoc.ours.email ~ '' }}",
    "{{ vendor.name|e|string|safe }}",
    "{% set x %}{{ vendor.name|safe }}{% endset %}{{ x|safe }}",
    "{% macro m() %}{{ vendor.name|safe }}{% endmacro %}{{ m()|safe }}",
    "{% autoescape true %}{{ vendor.name|safe }}{% endautoescape %}",
    "{% for c in vendor.name %}{{ c|safe }}{% endfor %}",
    "{{ vendor.name|map('safe')|join }}",
]


def hostile_play() -> str:
    items = [{"id": f"print-{index}", "text": f"Item {index}: {text}", "owner": "vendor-spoc", "phase": "week-1"}
             for index, text in enumerate(PRINTS)]
    items.append({"id": "mail", "text": "Mail {{ vendor.spoc.ours.email }}.", "owner": "our-spoc", "phase": "week-1"})
    front = {"id": "printing", "title": "Printing", "summary": "Printed: {{ vendor.name|safe }}",
             "audience": ["client-team"], "owner": "Office", "last_reviewed": "2026-10-01", "visibility": "vendor",
             "checklist": items}
    body = "\n\n".join(f"Line {index}: {text}" for index, text in enumerate(PRINTS))
    return f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n## What\n\n{body}\n"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> list[Path]:
    project = base_project(tmp_path_factory.mktemp("printing") / "project")
    vendor_file = project / "content" / "vendors" / "acme.yml"
    data = yaml.safe_load(vendor_file.read_text("utf-8"))
    data["name"] = NAME
    data["short_name"] = NAME
    data["contacts"][0]["name"] = CONTACT
    vendor_file.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    (project / "playbooks" / "governance" / "printing.md").write_text(hostile_play(), "utf-8")
    organization = project / "content" / "organization.yml"
    organization.write_text(organization.read_text("utf-8").replace("    name: Olga Base\n", "    name: Olga Base\n    email: olga@base.example\n"), "utf-8")
    internal, vendor_site = project / "site", project / "vendor-site"
    pipeline.build(project, site_dir=internal)
    pipeline.build(project, site_dir=vendor_site, vendor="acme")
    return [internal, vendor_site]


class LiveMarkup(HTMLParser):
    """Markup in a page that only the hostile values could have put there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}={value!r}>")
            cleaned = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
            if name in ("href", "src") and (cleaned.startswith(("javascript:", "data:")) or "evil.example" in cleaned):
                self.bad.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.bad.append(f"<script>{data[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


def html_files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def test_no_markup_from_vendor_values_reaches_any_page(sites):
    scanned = 0
    for site in sites:
        for name, page in html_files(site).items():
            parser = LiveMarkup()
            parser.feed(page)
            assert not parser.bad, f"{site.name}/{name}: {parser.bad}"
            scanned += 1
    assert scanned > 10


def visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_every_print_shows_the_value_as_text(sites):
    # Inert, not lost: each way of printing shows the vendor's name as the text it is (on
    # the internal site's checklists page, where items render for the vendor, and on the
    # vendor's own site, where the play's body does).
    internal, vendor_site = sites
    checklists = visible_text((internal / "vendors" / "acme" / "checklists" / "index.html").read_text("utf-8"))
    play = visible_text((vendor_site / "playbooks" / "governance" / "printing" / "index.html").read_text("utf-8"))
    for page in (checklists, play):
        assert page.count(NAME) >= 20, page.count(NAME)
        assert "Printed: " + NAME in page  # the summary, through |safe


def test_the_generator_s_own_links_still_work(sites):
    # A person's e-mail address is the one value a play prints as a link, because the
    # generator builds it: printed as it is, it stays a live mailto link; printed through a
    # filter it is text like any other value (`|safe` above: no link from it on the page).
    internal, _ = sites
    page = (internal / "vendors" / "acme" / "checklists" / "index.html").read_text("utf-8")
    assert page.count('href="mailto:olga@base.example"') == 1
    assert "[olga@base.example](<mailto:olga@base.example>)" in visible_text(page)  # |safe and ~ ''
