"""Checklists written as plain HTML (checklist_markup, markdown_html) read exactly as the engine
made them from the Markdown form; Zensical writes the same checklists as MkDocs, which gets them
set aside (tests/test_finished_html.py builds the site both ways); an item only the engine can render
(a relative link) is still left to it, and its strict build still checks the link."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.website import output_folders
from generator import pipeline
from generator.support.markdown_html import InlineHtml, extensions
from generator.model import build as build_model
from generator.render.pages import PageRenderer
from generator.support.problems import Problems

from .conftest import ROOT, STAFF_VENDOR, copy_project
from .hostile.conftest import playbooks

CONFIG = pipeline.project_config(ROOT)


def engine_markdown() -> markdown.Markdown:
    names, options = extensions(CONFIG.markdown_extensions)
    return markdown.Markdown(extensions=names, extension_configs=options)


def checklist_pages(audience: str, vendor: str | None, inline: InlineHtml | None) -> dict[str, str]:
    inputs = pipeline.load_checked(ROOT)
    site = build_model(inputs, audience=audience, today=pipeline.build_date(), vendor_scope=vendor)
    renderer = PageRenderer(site, Problems(), inline)
    return {page.path: renderer.render(page) for one in site.vendors for page in renderer.vendor_pages(one)
            if page.path.endswith("/checklists.md")}


@pytest.mark.parametrize("audience, vendor", [("internal", None), ("vendor", STAFF_VENDOR)])
def test_plain_checklists_are_what_the_engine_makes_of_the_markdown_form(audience, vendor):
    plain = checklist_pages(audience, vendor, InlineHtml(CONFIG.markdown_extensions))
    converted = checklist_pages(audience, vendor, None)
    assert plain.keys() == converted.keys() and plain
    md = engine_markdown()
    for path, text in plain.items():
        # Plain HTML but for the plays whose items link to the site's own pages (a profile
        # section, the escalation path: play_refs), which the engine rewrites and checks.
        assert all(_LOCAL_LINK.search(block) for block in engine_blocks(text)), path
        assert len(engine_blocks(text)) < len(checklist_blocks(text)) and 'markdown="span"' in converted[path]  # two different sources...
        assert md.reset().convert(text) == md.reset().convert(converted[path]), path  # ...the same HTML


# A Markdown link to a page of the site (no scheme): what only the engine can render.
_LOCAL_LINK = re.compile(r"\]\((?!<?(?:https?|mailto):)")


def checklist_blocks(text: str) -> list[str]:
    return re.findall(r'<div class="rp-checklist".*?\n</div>', text, re.S)


def engine_blocks(text: str) -> list[str]:
    """The checklists left in their Markdown form for the engine to convert."""
    return [block for block in checklist_blocks(text) if 'markdown="span"' in block]


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != output_folders.MANIFEST}


def checklists_of(html: str) -> list[str]:
    return re.findall(r'<div class="rp-checklist".*?</ul>\n</div>', html, re.S)


def test_both_engines_write_the_same_checklists(sample_site, zensical_site):
    for page in sorted(sample_site.glob("vendors/*/checklists/index.html")):
        ours = checklists_of(page.read_text("utf-8"))
        theirs = checklists_of((zensical_site / page.relative_to(sample_site)).read_text("utf-8"))
        assert ours and ours == theirs, page


# Text the plain path writes as it is: no Markdown syntax, `&` only in numeric references.
plain_text = st.lists(st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                   blacklist_characters="\\`*_{}[]<>&|~^=\"\u2028\u2029\x85"), max_size=20),
    st.integers(min_value=32, max_value=0x10FFFF).map(lambda n: f"&#{n};"),
    st.sampled_from(["1. ", "# ", "+ ", "- ", "!!! ", ": ", "http://x.example ", "  ", "'", "(", ")", "--", "..."]),
), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(plain_text)
def test_text_without_markdown_syntax_is_its_own_html(text):
    inline = InlineHtml(CONFIG.markdown_extensions)
    assert inline.plain_as_is
    assert inline(text) == text
    inline.plain_as_is = False  # the same text through Python-Markdown, as the engine renders it
    assert inline(text) == text


def test_texts_with_markdown_are_converted_and_local_links_left_to_the_engine():
    inline = InlineHtml(CONFIG.markdown_extensions)
    assert inline("**Book** it with [Lukas](<mailto:lukas@northwind.example>)") == (
        '<strong>Book</strong> it with <a href="mailto:lukas@northwind.example">Lukas</a>')
    assert inline("read [the play](../../playbooks/governance/steering-committee.md)") is None
    assert inline("see [below](#steps)") is None
    assert InlineHtml(["smarty"])("it's") != "it's"  # an extension that rewrites plain text


def test_an_item_with_a_relative_link_is_left_to_the_engine_which_checks_it(tmp_path):
    project = copy_project(tmp_path / "project")
    play = project / "playbooks" / "governance" / "steering-committee.md"
    source = play.read_text("utf-8")
    sentence = 'how escalations reach the committee."'
    assert sentence in source
    link = "[the escalation path](../../playbooks/governance/escalation-path.md#steps)"
    play.write_text(source.replace(sentence, sentence[:-1] + f' See {link}."'), "utf-8")
    site = project / "site"
    result = playbooks("build", "--root", project, "--site-dir", site)
    assert result.returncode == 0, result.stderr
    page = (site / "vendors" / "lotus-code-works" / "checklists" / "index.html").read_text("utf-8")
    assert 'href="../../../playbooks/governance/escalation-path/#steps"' in page  # rewritten by MkDocs
    docs = tmp_path / "docs"
    assert playbooks("generate", "--root", project, "--out", docs).returncode == 0
    tree = (docs / "vendors" / "lotus-code-works" / "checklists.md").read_text("utf-8")
    section = tree.split('data-rp-play="steering-committee"', 1)[1].split("</section>", 1)[0]
    assert 'markdown="span"' in section
    assert all(_LOCAL_LINK.search(block) for block in engine_blocks(tree))  # only the plays whose items link a page
    # A broken one fails the strict build, as it did before checklists were written as HTML.
    play.write_text(play.read_text("utf-8").replace("#steps)", "#no-such-heading)"), "utf-8")
    result = playbooks("build", "--root", project, "--site-dir", site)
    assert result.returncode == 1 and "no-such-heading" in result.stderr, result.stderr
