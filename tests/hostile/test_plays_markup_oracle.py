"""The play markup check against an independent oracle (issue 12, case 8).

Whatever text `play_markup.findings` accepts, Python-Markdown with the project's own
extensions (read from mkdocs.yml) must turn into HTML that nh3 (the Rust sanitiser ammonia,
built on html5ever, a browser's HTML parser) cleans with the same allowlist without removing
a single element or attribute, and that holds no `<script`, no `on*` attribute and no URL
with a scheme other than http, https or mailto. The texts are built from pieces an attacker
would use (tags, quotes, entities, backticks, fences, brackets, braces, line breaks) next
to the markup plays really use.
"""

from __future__ import annotations

import html
import os
import re
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.support import escape
from generator.plays import markup as play_markup

from ..conftest import ROOT

# What Python-Markdown and its extensions write themselves (headings, task lists, footnote
# links, table alignment), besides what a play may write.
_GENERATED: dict[str, set[str]] = {
    "h1": set(), "input": {"type", "checked", "disabled"}, "label": set(),
    "th": {"style"}, "td": {"style"}, "a": {"rel"},
}


def _allowlist() -> tuple[set[str], dict[str, set[str]]]:
    tags = set(play_markup.ELEMENTS) | set(_GENERATED)
    attributes = {name: set(extra) | set(play_markup.GLOBAL_ATTRIBUTES) for name, extra in play_markup.ELEMENTS.items()}
    for name, extra in _GENERATED.items():
        attributes.setdefault(name, set(play_markup.GLOBAL_ATTRIBUTES))
        attributes[name] |= extra
    return tags, attributes


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    class Tolerant(yaml.SafeLoader):
        pass

    Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=Tolerant)
    names, settings_ = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        settings_[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings_)


def to_html(text: str) -> str:
    md = _markdown()
    md.reset()
    return md.convert(text)


class _Tags(HTMLParser):
    """Start tags in order, each with its attributes (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def start_tags(markup: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser.tags


def dangers(markup: str) -> list[str]:
    """What must never be in the HTML made from accepted play text."""
    found = []
    if re.search(r"<\s*script", markup, re.I):
        found.append("<script")
    for tag, attributes in start_tags(markup):
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data"):
                cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value))
                scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
                if scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
                    found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and not re.fullmatch(r"text-align: (left|right|center);", value):
                found.append(f"<{tag} style={value!r}>")
    return found


def removed_by_nh3(markup: str) -> list[str]:
    """Elements or attributes of `markup` that nh3 drops with the play allowlist: what its
    output lacks next to nh3 letting everything in `markup` through (both are html5ever's
    reading of the markup, which on its own moves or drops misplaced elements, like a <tr>
    outside a table)."""
    tags, attributes = _allowlist()
    seen = start_tags(markup)
    everything = {tag for tag, _ in seen} - {"script", "style"}
    every_attribute = {tag: {name for t, attrs in seen if t == tag for name in attrs} for tag in everything}
    schemes = {m.lower() for m in re.findall(r"([A-Za-z][A-Za-z0-9+.-]*):", markup)} | {"http", "https", "mailto"}
    options = {"strip_comments": False, "link_rel": None}
    baseline = start_tags(nh3.clean(markup, tags=everything, attributes=every_attribute, url_schemes=schemes, **options))
    cleaned = start_tags(nh3.clean(markup, tags=tags, attributes=attributes, url_schemes={"http", "https", "mailto"}, **options))
    if baseline == cleaned:
        return []
    return [f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs.items())}>" for tag, attrs in baseline if (tag, attrs) not in cleaned] or [
        "(order differs)"]


_PIECES = [
    # markup plays use
    "<div markdown>", "<div class=\"admonition note\" markdown=\"1\">", "</div>", "<span>", "</span>", "<kbd>", "</kbd>",
    "<abbr title=\"Service level\">", "</abbr>", "<a href=\"https://example.com/x\">", "<a href=\"../a.md\">", "</a>",
    "<img src=\"p.png\" alt=\"x\">", "<br>", "<br/>", "<hr>", "<details open>", "<summary>", "</summary>", "</details>",
    "<table>", "<tr>", "<td colspan=\"2\">", "</td>", "</tr>", "</table>", "<code>", "</code>", "<!-- note -->",
    "[x](https://example.com)", "[x](../a.md)", "![i](p.png)", "[id]: https://example.com", "[y][id]",
    "{: .lead }", "{ #anchor }", "!!! note\n    ", "- [ ] ", "| a | b |\n|---|---|\n", "## Heading ",
    # pieces of attacks
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<iframe src=\"//e\">",
    "<a href=\"javascript:alert(1)\">", "javascript:alert(1)", "data:text/html,x", "vbscript:x", "&#x6a;avascript:",
    "jav&#x09;ascript:", "[x](", "](", "[", "]", "(", ")", "[id]:", "{: onclick=\"x\" }", "{ style=\"x\" }", "{: ",
    "<", ">", "</", "<!--", "-->", "--!>", "<!", "<?", "\"", "'", "=", " onclick=\"alert(1)\"", " style=\"x\"",
    "`", "``", "```", "~~~", "\n", "\n\n", "    ", "\t", "&", "&lt;", "\\", "|", ":", "a", "b", "x y", "*", "_",
    "<a", "<img", "<b", " href=", " src=", "script", "@", "mailto:", "https://", "<https://e.example>", "<a@b.c>",
    "<p>", "</p>", "<pre>", "</pre>", "<em>", "</em>", "<b>", "</b>", "\n```\n", "\n~~~\n", "`<b>`", "`<script>`",
    "<div markdown=\"1\">\n", "\n</div>\n", "&#60;", "&#x3c;", " title=\"x\"", "<abbr title=\"a]b(c:d)\">",
]


@settings(max_examples=int(os.environ.get("ORACLE_EXAMPLES", 1500)), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join))
@example("x `<script>` y")
@example("```\n<script>\n```")
@example("<div markdown>\n\n[a](https://example.com)\n\n</div>")
@example("<!-- note -->`<script>`")  # after raw HTML at a line's start, backticks are not code
@example("``<script>```<b>`")  # found by this test: Python-Markdown does not pair the first backtick with the last
def test_accepted_text_comes_out_clean(text: str) -> None:
    pages = []
    if not play_markup.findings(text):  # as a play's body
        pages.append(to_html(text))
    if not play_markup.findings(text, block=False):  # as a checklist item and as a summary
        pages.append(to_html(f'<ul markdown="block">\n<li markdown="span"><span class="rp-text">{text}</span></li>\n</ul>'))
        pages.append(to_html(f"- [Play](a.md): {text}"))
    for markup in pages:
        assert not dangers(markup), (text, markup)
        assert not removed_by_nh3(markup), (text, markup, removed_by_nh3(markup))


# --- play text that only prints fields is not checked again per vendor --------------------------

# Vendor values an attacker would choose to finish what a play's text starts: empty ones, a
# link's address, a backtick, a fence, a tag.
_VALUES = ["", "   ", "(javascript:alert(1))", ": javascript:alert(1)", "(data:text/html,x)", "`", "```", "~~~",
           "<script>alert(1)</script>", "x](javascript:alert(1))", "!", "#", "(", ")", ":", "onclick=alert(1)",
           "\" onclick=\"alert(1)", "javascript:alert(1)", "-->", "<!--", "&", "&#106;", "\\", "|", "\n\n<script>"]
_FIELD = "{{ vendor.name }}"


@settings(max_examples=int(os.environ.get("ORACLE_EXAMPLES", 1500)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(st.sampled_from(_PIECES + [_FIELD] * 12), min_size=1, max_size=12).map("".join),
       st.lists(st.sampled_from(_VALUES), min_size=12, max_size=12))
@example("[x]" + _FIELD, ["(javascript:alert(1))"] * 12)
@example("[id]" + _FIELD + ": javascript:alert(1)\n\n[y][id]", [""] * 12)
@example(_FIELD + '<img src="p.png" alt="x">`<b>`', [""] * 12)  # printing nothing puts the tag first on its line
@example("- [ ] " + _FIELD + _FIELD, ["", "(javascript:alert(1))"] + [""] * 10)  # a value cannot open a link's address
def test_printed_values_cannot_finish_what_accepted_text_starts(source: str, values: list[str]) -> None:
    # The renderer prints text that only prints fields without a template run and without
    # checking the result (the source was checked, with its Jinja2 blanked): so no value,
    # escaped as plays escape them, may make markup out of accepted text.
    for block in (True, False):
        if play_markup.findings(play_markup.blank_template(source), block=block):
            continue
        parts = source.split(_FIELD)
        rendered = parts[0] + "".join(str(escape.play_finalize(values[i % 12])) + part for i, part in enumerate(parts[1:]))
        assert not play_markup.findings(rendered, block=block), (source, values, rendered)
        markup = to_html(rendered if block else f"- [Play](a.md): {rendered}")
        assert not dangers(markup), (source, values, markup)
        assert not removed_by_nh3(markup), (source, values, markup)
