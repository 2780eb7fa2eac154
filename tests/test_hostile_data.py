"""Hostile vendor data, built into a real site: every value arrives as harmless text.

Values with a <script> tag, an event handler, a javascript: link in Markdown, a table pipe,
Markdown emphasis and attr_list syntax go into a vendor file; the built pages must show them
as text and contain no markup that came from them.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator import pipeline

BASE = Path(__file__).resolve().parent / "bad" / "_base"
ATTACKS = {
    "name": "Evil <script>alert('name')</script> Ltd.",
    "summary": "Click [here](javascript:alert('summary')) or <img src=x onerror=alert('img')> now",
    "location": "Row | breaker | city",
    "contact": "**Bold** _Mallory_ {: onclick=alert('attr') }",
    "title": "<a href=\"javascript:alert('title')\">boss</a>",
    "use_for": "`code` and <iframe src=//evil.example></iframe>",
}


class Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "img") and any("alert" in (v or "") or "evil" in (v or "") for _, v in attrs):
            self.bad.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}>")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.bad.append(f"<{tag} {name}={value}>")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(BASE, project)
    path = project / "content" / "vendors" / "acme.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["name"] = ATTACKS["name"]
    data["summary"] = ATTACKS["summary"]
    data["location"] = ATTACKS["location"]
    data["contacts"][0]["name"] = ATTACKS["contact"]
    data["contacts"][0]["title"] = ATTACKS["title"]
    data["communication"] = {"channels": [{"type": "chat", "tool": "Chat", "use_for": ATTACKS["use_for"]}]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    site = project / "site"
    pipeline.build(project, site_dir=site)
    return site


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}


def test_no_markup_from_data_reaches_any_page(hostile_site):
    for name, html in pages(hostile_site).items():
        parser = Markup()
        parser.feed(html)
        assert not parser.bad, f"{name}: {parser.bad}"
        assert "alert('name')</script>" not in html


def test_values_arrive_as_visible_text(hostile_site):
    html = (hostile_site / "vendors" / "acme" / "index.html").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    import html as htmllib

    text = htmllib.unescape(text)
    for value in ATTACKS.values():
        assert value in text, value


def test_a_pipe_in_data_does_not_break_the_table_row(hostile_site):
    html = (hostile_site / "vendors" / "acme" / "index.html").read_text("utf-8")
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "Location" in r)
    assert row.count("<td") == 2
    directory = (hostile_site / "vendors" / "index.html").read_text("utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", directory, re.S)
    assert len({r.count("<t") for r in rows}) == 1  # header and every row have the same cell count
