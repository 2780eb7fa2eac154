"""Python-Markdown as the engines run it on this project's pages: the extensions `mkdocs.yml`
names (plus those MkDocs always adds), and short inline text turned into the HTML the engine
would make of it.

Pages that carry markup built in Python (a vendor's checklists: a list item per checklist
item, thousands per page at 500 vendors) used to leave each item's text to the engine, with
`markdown="span"` on every item: md_in_html then re-parses all of that HTML and runs the inline
patterns over every item, most of a checklists page's conversion time. `InlineHtml` converts
each distinct text once per run instead (most item texts are the same for every vendor), so the
page can hold plain HTML that the engine passes through.

A text is converted in the context it has on the page, `<span class="rp-text">...</span>`
inside an element in span mode, by a Python-Markdown built with the project's extensions, so
the result is what the engine would have made (tests/test_checklist_markup.py holds the two to
each other). Text with none of Markdown's special characters is its own HTML when no
extension rewrites plain text (smart quotes, emoji, bare links): that is most of it, and it is
not converted at all. A text whose HTML holds a link or image address without a scheme (a
relative link to a page, an in-page `#anchor`) is left to the engine (`None`): the engine
rewrites those addresses and its strict build checks them.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

# MkDocs adds these to every project's list.
ENGINE_EXTENSIONS = ["toc", "tables", "fenced_code"]

# Extensions that change nothing in a line of text without Markdown's special characters
# (they act on blocks, or on syntax that needs one of those characters). With any other
# extension configured (smarty, emoji, magiclink, ...), every text is converted.
_KEEP_PLAIN = {
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc", "fenced_code",
    "codehilite", "legacy_attrs", "meta", "sane_lists", "extra",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.highlight", "pymdownx.inlinehilite",
    "pymdownx.tabbed", "pymdownx.blocks.admonition", "pymdownx.blocks.details", "pymdownx.blocks.tab",
    "pymdownx.betterem", "pymdownx.caret", "pymdownx.mark", "pymdownx.tilde", "pymdownx.keys", "pymdownx.critic",
}

# Text that is its own HTML: no character Markdown, HTML or the extensions above give a
# meaning to, `&` only in a numeric character reference (what escape.text writes), one line.
_PLAIN = re.compile(r"^(?:[^\\`*_{}\[\]<>&|~^=\"\n\r\t]|&#[0-9]{1,7};)*$")
PLAIN = _PLAIN  # also a table cell's (website/finished_tables.py)
_OPEN, _CLOSE = '<p><span class="rp-text">', "</span></p>"
# An address the engine would rewrite or check: any href or src without a scheme.
_ADDRESS = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*))""", re.I)
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
# A relative address the engine's link code rewrites as it is (no escapes, query or spaces).
RELATIVE = re.compile(r"^[A-Za-z0-9._~/#-]*$")


# `&` that does not start a character reference, as Python-Markdown's serializer finds it.
_BARE_AMPERSAND = re.compile(r"&(?!(?:\#[0-9]+|\#x[0-9a-f]+|[0-9a-z]+);)", re.I)


def attribute(value: object) -> str:
    """A double-quoted HTML attribute value, escaped as the engine's Markdown writes the
    attributes of an element it converts: HTML built here then reads the same byte for byte."""
    text = _BARE_AMPERSAND.sub("&amp;", str(value))
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def extensions(written: Sequence[object]) -> tuple[list[str], dict[str, dict[str, object]]]:
    """The Markdown extensions of `mkdocs.yml` (`written`: its `markdown_extensions`) as MkDocs
    loads them, and their settings (each extension's options, as mkdocs.yml writes them)."""
    names: list[str] = list(ENGINE_EXTENSIONS)
    settings: dict[str, dict[str, object]] = {}
    for entry in written:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            for name, options in entry.items():
                names.append(str(name))
                if isinstance(options, dict):
                    settings[str(name)] = options
    return list(dict.fromkeys(names)), settings


def _short(name: str) -> str:
    return name.removeprefix("markdown.extensions.")


class InlineHtml:
    """Inline Markdown text to the HTML the engine makes of it in span mode, once per text."""

    def __init__(self, written: Sequence[object]):
        self._names, self._settings = extensions(written)
        self.plain_as_is = all(_short(name) in _KEEP_PLAIN for name in self._names)
        self._md: Any = None
        self._usable = True
        self._done: dict[str, str | None] = {}
        self._linked: dict[str, str | None] = {}

    def __call__(self, text: str) -> str | None:
        """The HTML of `text`, or None when only the engine can render it (see the module)."""
        if self.plain_as_is and _PLAIN.match(text):
            return text
        if text not in self._done:
            self._done[text] = self._convert(text)
        return self._done[text]

    def linked(self, text: str) -> str | None:
        """The HTML of `text` as the engine makes it before its link code runs: a relative
        address (RELATIVE) is let through as written, for that code to rewrite afterwards
        (website/finished_checklists.py); None for any other address without a scheme."""
        if self.plain_as_is and _PLAIN.match(text):
            return text
        if text not in self._linked:
            self._linked[text] = self._span(text, relative=True)
        return self._linked[text]

    def _convert(self, text: str) -> str | None:
        return self._span(text, relative=False)

    def _span(self, text: str, relative: bool) -> str | None:
        md = self._markdown()
        if md is None:
            return None
        html: str = md.reset().convert(f'<p markdown="span"><span class="rp-text">{text}</span></p>')
        if not (html.startswith(_OPEN) and html.endswith(_CLOSE)):
            return None  # the text closed the span or the paragraph: leave it to the engine
        inner = html[len(_OPEN):-len(_CLOSE)]
        for match in _ADDRESS.finditer(inner):
            address = "".join(match.groups(""))
            if not _SCHEME.match(address) and not (relative and match.group(1) is not None and RELATIVE.match(address)):
                return None
        return inner

    def _markdown(self) -> Any:
        if self._md is None and self._usable:
            import markdown

            try:
                self._md = markdown.Markdown(extensions=self._names, extension_configs=self._settings)
            except Exception:  # an extension that does not load here: the engine renders everything
                self._usable = False
        return self._md
