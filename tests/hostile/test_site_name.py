"""The site name in the logo link's tooltip (trust boundary, round 3): `short_name: "Lotus & Co"`
showed as "Lotus &amp;amp; Co" on every page of that vendor's site. The theme prints the site
name raw, so the generator escapes it, and the theme's `title="{{ config.site_name | e }}"`
escaped it a second time. Checked on real builds with both engines, as a browser reads the
attribute."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import base_project, playbooks


class _Logos(HTMLParser):
    """The title, aria-label and text of each logo link, and the page's <title>, as a browser
    decodes them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.titles: list[str] = []
        self.labels: list[str] = []
        self.page_title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("data-md-component") == "logo":
            self.titles.append(found.get("title") or "")
            self.labels.append(found.get("aria-label") or "")
        self._in_title = tag == "title" and not self.page_title  # the page's, not an SVG's

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page_title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_vendor_sites_name_reads_right_in_the_logo_tooltip(tmp_path, engine):
    project = base_project(tmp_path / "project")
    vendor = project / "content" / "vendors" / "acme.yml"
    vendor.write_text(vendor.read_text("utf-8").replace("name: Acme Ltd.\n", 'name: Acme Ltd.\nshort_name: "Lotus & Co <\\"q\\">"\n', 1),
                      "utf-8")
    site = tmp_path / "site"
    result = playbooks("build", "--root", project, "--vendor", "acme", "--engine", engine, "--site-dir", site)
    assert result.returncode == 0, result.stderr
    wanted = 'Base Org × Lotus & Co <"q">'
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        if page.name == "404.html":
            continue
        parsed = _Logos()
        parsed.feed(page.read_text("utf-8"))
        assert parsed.titles and set(parsed.titles) == {wanted}, (page, parsed.titles)
        assert set(parsed.labels) == {wanted}, (page, parsed.labels)
        assert parsed.page_title.endswith(wanted), (page, parsed.page_title)


def test_the_internal_sites_name_reads_right_too(tmp_path):
    project = base_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "site_name:" in text
    config.write_text("\n".join('site_name: "R&D <playbooks>"' if line.startswith("site_name:") else line
                                for line in text.split("\n")), "utf-8")
    site = tmp_path / "site"
    result = playbooks("build", "--root", project, "--site-dir", site)
    assert result.returncode == 0, result.stderr
    parsed = _Logos()
    parsed.feed((site / "index.html").read_text("utf-8"))
    assert set(parsed.titles) == {"R&D <playbooks>"} and set(parsed.labels) == {"R&D <playbooks>"}, parsed.titles
