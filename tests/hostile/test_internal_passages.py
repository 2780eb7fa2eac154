"""Internal passages of vendor-visible plays never reach vendor-facing sites, however spelt.

The generator used to find `!!! internal` boxes only in lower case and at the start of a
line, while Python-Markdown reads a box's type in any case and renders boxes nested in list
items, quotes, definitions, footnotes and other boxes: `!!! Internal`, `???+ Internal` or a
box inside a numbered step reached the vendor's play page and search index. The leak test
(tests/test_audiences.py, with tests/leak_portfolio.py's PASSAGES) builds every audience's
site with such passages; here, every spelling is held to what Python-Markdown itself makes of
it, and a generated variety of nestings is checked the same way.
"""

from __future__ import annotations

import re

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model.audience import strip_sections

from ..conftest import ROOT
from ..leak_portfolio import PASSAGES


def converter() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of the project's mkdocs.yml."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    names, settings_ = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            settings_[name] = options
    return markdown.Markdown(extensions=names, extension_configs=settings_)


MD = converter()


def html(text: str) -> str:
    MD.reset()
    return MD.convert(text)


BOX = re.compile(r'<(?:div class="admonition ([^"]*)"|details class="([^"]*)")')


def box_types(rendered: str) -> set[str]:
    return {word for match in BOX.finditer(rendered) for word in (match.group(1) or match.group(2)).split()}


def as_rendered(passage: str, **values: str) -> str:
    """A passage as the play's template renders it (the last one puts its marker together)."""
    return re.sub(r"\{%.*?%\}", "", passage.format(**values))


def test_every_spelling_in_the_leak_test_is_a_box_python_markdown_renders():
    for level, passage in PASSAGES:
        text = as_rendered(passage, secret="SECRETWORD", public="PUBLICWORD")
        rendered = html(text)
        assert {"I": "internal", "R": "restricted"}[level] in box_types(rendered), text
        assert "SECRETWORD" in rendered


def test_every_spelling_is_removed_for_vendors_and_only_it():
    for level, passage in PASSAGES:
        text = as_rendered(passage, secret="SECRETWORD", public="PUBLICWORD")
        for audience in ("vendor", "internal") if level == "R" else ("vendor",):
            rendered = html(strip_sections(text, audience))
            assert "SECRETWORD" not in rendered, (audience, text)
            assert "PUBLICWORD" in rendered, (audience, text)
        assert "SECRETWORD" in html(strip_sections(text, "restricted" if level == "R" else "internal"))


# --- a generated variety of spellings and nestings ---------------------------------------------

MARKERS = st.sampled_from(["!!!", "!!! ", "??? ", "???+ ", "???", "???+"])
TYPES = st.tuples(st.sampled_from(["", "note ", "tip "]), st.sampled_from(["internal", "restricted"]),
                  st.sampled_from(["", " extra"]), st.sampled_from(["", ' "A title"', ' "Internal"']))
CASES = st.sampled_from([str.lower, str.upper, str.capitalize, lambda word: word[0] + word[1:].upper()])
INDENTS = st.sampled_from(["    ", "\t", "     "])


@st.composite
def hidden_box(draw: st.DrawFn) -> list[str]:
    before, word, after, title = draw(TYPES)
    marker = draw(MARKERS) + before + draw(CASES)(word) + after + title
    indent = draw(INDENTS)
    lines = [marker, f"{indent}SECRET one"]
    if draw(st.booleans()):
        lines += ["", f"{indent}SECRET two"]
    if draw(st.booleans()):
        lines += ["", f"{indent}!!! note", f"{indent}    SECRET nested"]
    return lines


def indented(lines: list[str], by: str = "    ") -> list[str]:
    return [by + line if line else "" for line in lines]


CONTAINERS = {
    "top": lambda inner: inner,
    "bullet": lambda inner: ["- " + inner[0], *indented(inner[1:], "  ")],
    "bullet-deep": lambda inner: ["- " + inner[0], *indented(inner[1:], "    ")],
    "step": lambda inner: ["1. A step", "", *indented(inner)],
    "quote": lambda inner: [("> " + line) if line else ">" for line in inner],
    "note": lambda inner: ["!!! note", *indented(inner)],
    "details": lambda inner: ["??? tip", *indented(inner)],
    "definition": lambda inner: ["Term", ":   " + inner[0], *indented(inner[1:])],
    "footnote": lambda inner: ["A claim[^x]", "", "[^x]: " + inner[0], *indented(inner[1:])],
    "div": lambda inner: ["<div markdown>", *inner, "</div>"],
}


@st.composite
def body(draw: st.DrawFn) -> str:
    parts = []
    for index in range(draw(st.integers(1, 3))):
        lines = draw(hidden_box())
        for container in draw(st.lists(st.sampled_from(sorted(CONTAINERS)), max_size=2)):
            lines = CONTAINERS[container](lines)
        parts.append("\n".join(lines) + f"\n\nPUBLIC{index} after the box.\n")
    return "\n".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body())
def test_no_nesting_or_spelling_lets_a_passage_through(text):
    rendered = html(strip_sections(text, "vendor"))
    assert "SECRET" not in rendered
    for index in range(text.count("PUBLIC")):
        assert f"PUBLIC{index}" in rendered
