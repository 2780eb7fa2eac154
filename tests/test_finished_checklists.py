"""Checklists the generator left to the engine, written as plain HTML before MkDocs converts
(finished_checklists, generated_docs.py): each converts to the bytes the engine makes of it or is
left to the engine; their links are rewritten and checked by MkDocs' own link code, so a broken
link or anchor in an item still fails the strict build. The whole sites are compared both ways
in tests/test_finished_html.py."""

from __future__ import annotations

import pytest

from generator.website import engine
from generator.website.finished_checklists import checklists_aside
from generator.website.finished_html import put_back, set_aside
from generator.website.finished_tables import links
from generator.support.markdown_html import InlineHtml

from .test_finished_html import CONFIG, engine_markdown
from .test_finished_tables import tiny_site

INLINE = InlineHtml(CONFIG.markdown_extensions)


def item(name: str, text: str, owner: str = "Nora Schmidt, our SPOC", after: str = "", quoted: str = "") -> str:
    return (f'<li class="rp-item" data-rp-item="{name}" data-rp-person="ours:nora" data-rp-phase="week-1" '
            f'data-rp-role="our-spoc" data-rp-side="ours" markdown="span"><label class="rp-label"><input type="checkbox" '
            f'class="rp-box" name="play/{name}"> <span class="rp-text"{quoted}>{text}</span></label> '
            f'<span class="rp-owner">{owner}</span>{after}</li>')


def checklist(*items: str) -> str:
    """A play's checklist as render/markup/checklists.py writes it for the engine to convert."""
    return ('<div class="rp-checklist" data-rp-play="play" data-rp-site="s" data-rp-title="A play" data-rp-vendor="v" markdown="block">\n'
            '<p class="rp-phase" data-rp-phase="week-1"><strong>Week 1</strong></p>\n\n'
            '<ul class="rp-items" data-rp-phase="week-1" markdown="block">\n' + "\n".join(items) + "\n</ul>\n\n"
            '<p class="rp-phase" data-rp-phase="later"><strong>Later</strong></p>\n\n'
            '<ul class="rp-items" data-rp-phase="later" markdown="block">\n' + item("last", "Close it.") + "\n</ul>\n\n</div>")


def on_page(block: str) -> str:
    """The checklist where the checklists page has it: in its play's section, which asks for Markdown."""
    return (f'# Checklists\n\n<section class="rp-play" data-rp-play="play" markdown="block">\n\n## A play\n\n'
            f'What it is about. [Read the play](../../playbooks/play.md)\n\n{block}\n\n</section>\n')


LINKED = item("raise", "Learn how to raise a problem: follow [the escalation path](index.md#escalation-path).")

# Each case: a page, and how many checklists may be written as plain HTML ahead.
CASES = [
    (on_page(checklist(LINKED, item("plain", "Agree the *levels*.", "Hanna Weiss, our relationship owner"))), 1),
    (on_page(checklist(LINKED, item("due", "Do it.", after=' <span class="rp-due">Due <time datetime="2027-01-04">Mon 4 Jan 2027</time>, the start</span>'),
                       item("done", "Done it.", after=' <span class="rp-shared">Done Fri 1 Jan 2027 by Ann</span>'))), 1),
    (on_page(checklist(item("quoted", "Say [hello](../../people/ann.md).", quoted=' data-voice="client"'))), 1),
    (on_page(checklist(LINKED)) + "\n" + on_page(checklist(LINKED)), 2),
    # A text holding a closing tag: converted in its span, it comes out as the engine writes it.
    (on_page(checklist(item("closes", "A </span> B [x](index.md)"))), 1),
    # What the engine alone can write: a raw link in the text, an address with a query,
    # Markdown after the owner, a line the generator does not write.
    (on_page(checklist(item("raw", 'Read <a href="index.md">the profile</a>.'))), 0),
    (on_page(checklist(item("query", "Read [it](index.md?a=1)."))), 0),
    (on_page(checklist(item("after", "A [x](index.md)", after=' <span class="rp-due">Due *soon*</span>'))), 0),
    (on_page(checklist(LINKED).replace("</ul>\n\n<p", "</ul>\n\nA paragraph.\n\n<p", 1)), 0),
    # Inside a fence it is text.
    ("```\n" + checklist(LINKED) + "\n```\n", 0),
]


@pytest.mark.parametrize("page, taken", CASES)
def test_a_checklist_is_written_ahead_only_where_the_engine_result_is_sure(page, taken):
    text, blocks = set_aside(page)
    text, linked = checklists_aside(text, blocks, INLINE)
    assert len(linked) == taken
    for number in linked:
        blocks[number] = links(blocks[number], lambda address: address)
    md = engine_markdown()
    assert put_back(md.reset().convert(text), blocks) == md.reset().convert(page)


def checklist_site(tmp_path, target: str, directory_urls: bool = True):
    variant = tiny_site(tmp_path, directory_urls)
    (tmp_path / "mkdocs.yml").write_text((tmp_path / "mkdocs.yml").read_text("utf-8") + "  - md_in_html\n", "utf-8")
    page = on_page(checklist(item("raise", f"Follow [the path]({target})."))).replace("../../playbooks/play.md", "../people/ann.md")
    assert checklists_aside(set_aside(page)[0], [], INLINE)[1]
    return variant, {"a/index.md": page.encode(), "people/ann.md": b"# Ann\n\n## Today\n"}


@pytest.mark.parametrize("directory_urls, address", [(True, "../people/ann/#today"), (False, "../people/ann.html#today")])
def test_a_checklists_links_are_rewritten_as_mkdocs_rewrites_them(tmp_path, directory_urls, address):
    variant, tree = checklist_site(tmp_path, "../people/ann.md#today", directory_urls)
    result = engine.build(variant, "mkdocs", tree)
    assert not result.warnings
    assert f'Follow <a href="{address}">the path</a>.</span>' in (variant.site / "a" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("target, warning", [("../people/bob.md", "is not found"), ("../people/ann.md#nowhere", "#nowhere")])
def test_a_broken_link_or_anchor_in_a_checklist_still_fails_the_strict_build(tmp_path, target, warning):
    variant, tree = checklist_site(tmp_path, target)
    with pytest.raises(engine.EngineError) as raised:
        engine.build(variant, "mkdocs", tree)
    assert any(warning in message for message in raised.value.messages)


@pytest.mark.parametrize("value", [
    "&#60;script&#62;alert(1)&#60;/script&#62;",  # what escape.text makes of `<script>`
    "<img src=x onerror=alert(1)>",  # had a template forgotten to escape: as the engine would
    "[x](javascript:alert(1))",
    "[x](index.md?next=javascript:alert(1))",
])
def test_hostile_item_text_converts_as_the_engine_converts_it(value):
    """Whatever an item's text holds, the page comes out as the engine makes it, whether the
    checklist is written ahead or left to the engine."""
    page = on_page(checklist(LINKED, item("hostile", f"Check {value} now.")))
    text, blocks = set_aside(page)
    text, linked = checklists_aside(text, blocks, INLINE)
    for number in linked:
        blocks[number] = links(blocks[number], lambda address: address)
    md = engine_markdown()
    assert put_back(md.reset().convert(text), blocks) == md.reset().convert(page)
