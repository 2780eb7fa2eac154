"""Every page of every audience of the sample, as written: well formed for a reader
(tests/page_quality.py, `structure`): no definition list or table inside another, no Markdown
or template syntax left in the text, no id used twice. The internal, restricted and every
vendor's own site are the session's builds (tests/conftest.py); the same pages are laid out
at 390 px in Chromium by tests/browser/test_page_quality.py.
"""

from __future__ import annotations

import pytest

from .page_quality import pages, structure

SITES = ["sample_site", "restricted_site", "partner_sites"]


@pytest.mark.parametrize("site_name", SITES)
def test_every_page_is_well_formed(request, site_name):
    site = request.getfixturevalue(site_name)
    checked = pages(site)
    assert len(checked) > 40, checked  # the whole site, not a stray folder
    problems = {page.relative_to(site).as_posix(): found for page in checked if (found := structure(page.read_text("utf-8")))}
    assert problems == {}, "\n".join(f"{page}: {'; '.join(found)}" for page, found in problems.items())


def test_the_glossary_is_one_flat_definition_list(sample_site):
    page = (sample_site / "glossary" / "index.html").read_text("utf-8")
    assert page.count("<dl>") == 1 and page.count("<dt>") >= 20, page.count("<dl>")


@pytest.mark.parametrize("html, expected", [
    ("<body><dl><dt>a</dt><dd><dl><dt>b</dt><dd>c</dd></dl></dd></dl></body>", "a <dl> inside another <dl>"),
    ("<body><table><tr><td><table><tr><td>x</td></tr></table></td></tr></table></body>", "a <table> inside another <table>"),
    ("<body><p>Term\n:   its definition</p></body>", "definition marker"),
    ("<body><p>See [the play](plays/x.md).</p></body>", "Markdown link"),
    ("<body><p>Hello {{ vendor.name }}</p></body>", "template syntax"),
    ('<body><h2 id="a">A</h2><h2 id="a">B</h2></body>', "used twice"),
])
def test_the_check_sees_each_slip(html, expected):
    assert any(expected in problem for problem in structure(html)), structure(html)


def test_the_check_passes_a_right_page():
    assert structure('<body><dl><dt>a</dt><dd>b <code>{{ x }}</code></dd><dt>c</dt><dd><p>d</p></dd></dl>'
                     '<script>let a = "[x](y)";</script></body>') == []
