"""Escaping of untrusted data for each place it lands in generated Markdown and HTML.

Python-Markdown passes raw HTML through and turns `[x](javascript:...)` into a live link, and
Jinja2's HTML autoescape knows nothing of Markdown. So every value from a data file is turned
into inert text for its context before it reaches a page:

- `text`: Markdown text, table cells, link text, `markdown="span"` HTML: every character that
  Markdown, its extensions or HTML give meaning to becomes a numeric character reference, and
  line breaks become spaces, so a value can neither open a tag, start a link, emphasis or a
  list, nor break a table row (`|`).
- `url`: only http, https and mailto survive; characters that could end a Markdown link or an
  HTML attribute are percent-encoded. Anything else becomes None (the caller shows plain text).
- `attr`: HTML attribute values (always double-quoted in our templates).

`Safe` marks Markdown that the generator built itself from escaped parts; the site's own
templates pass it through untouched. Plays are not trusted with it: in a play, anything that
can produce a `Safe` value (`|e`, `|safe`, `|tojson`, `|urlize`, `|xmlattr`, `Markup` methods)
is in the play author's hands, so `play_finalize` escapes those too, and only `Trusted` values,
which the generator makes and no filter or string method can make or keep, print as they are.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from markupsafe import Markup

Safe = Markup  # "already safe in this context": built by the generator from escaped parts

# Characters that Markdown, the enabled extensions (tables, attr_list, abbr, footnotes,
# md_in_html) or HTML give a meaning to anywhere in a line.
_SPECIAL = set("\\`*_{}[]<>&|~^=\"")
# Characters that mean something at the start of a value: at the start of a line (lists,
# headings, quotes, definition lists; a value is folded onto one line, so only its first
# character matters), or right after what a play wrote before it: `(` would finish a link
# after a `]` (`- [ ] {{ vendor.name }}` with a name "(javascript:...)").
_LEADING = set("-+#>:!(")
_ORDERED = re.compile(r"^[0-9]+([.)])")  # "1. " or "1) " would start a numbered list
_REFERENCES = {ord(c): f"&#{ord(c)};" for c in _SPECIAL | _LEADING | set(".)")}
_TABLE = str.maketrans({c: _REFERENCES[ord(c)] for c in _SPECIAL})
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029\x0b\x0c\x85]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_PLAIN = re.compile(r"^[^\\`*_{}\[\]<>&|~^=\"\t\r\n\u2028\u2029\x0b\x0c\x85\x00-\x08\x0e-\x1f\x7f]*$")


_TEXTS: dict[str, Markup] = {}  # escaped values by value, for the process: the same names recur on every page


def text(value: object) -> Markup:
    """Inert Markdown text for any context that is parsed as Markdown (inline)."""
    if isinstance(value, Markup):
        return value
    raw = str(value)
    known = _TEXTS.get(raw)
    if known is not None:
        return known
    escaped = _text(raw)
    if len(_TEXTS) < 200_000 and len(raw) < 1_000:  # names and titles: what recurs (a play can print big values)
        _TEXTS[raw] = escaped
    return escaped


def _text(raw: str) -> Markup:
    if not _PLAIN.match(raw):  # most values need no work at all
        raw = _CONTROL.sub("", _LINE_BREAKS.sub(" ", raw)).translate(_TABLE)
    out = raw.strip()
    if out and out[0] in _LEADING:
        out = _REFERENCES[ord(out[0])] + out[1:]
    elif out[:1].isdigit() and (match := _ORDERED.match(out)):
        out = out[: match.start(1)] + _REFERENCES[ord(match.group(1))] + out[match.end(1) :]
    return Markup(out)


def url(value: object) -> str | None:
    """A URL safe to put in a Markdown link or an HTML attribute, or None if not allowed."""
    candidate = _CONTROL.sub("", str(value)).strip()
    if _LINE_BREAKS.search(candidate) or " " in candidate:
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if not parts.netloc:
            return None
    elif scheme == "mailto":
        if not parts.path or "@" not in parts.path:
            return None
    else:
        return None
    # Keep the URL's own structure; encode what could end the link or the attribute.
    return quote(candidate, safe="/:@!$&*+,;=?#[]~%-._")


_ATTRIBUTE = str.maketrans({"&": "&amp;", '"': "&quot;", "'": "&#39;", "<": "&lt;", ">": "&gt;", "`": "&#96;"})


def attr(value: object) -> Markup:
    """An HTML attribute value (inside double quotes), in markup the generator builds."""
    return Markup(str(value).translate(_ATTRIBUTE))


def html(value: object) -> str:
    """A value the theme prints without escaping: page titles, nav entries, the site name and
    copyright (MkDocs' templates do not autoescape). The theme puts some of them into
    attributes too (a page title into `<meta content="...">`), so they get the attribute
    table: safe in either place."""
    return str(value).translate(_ATTRIBUTE)


def link(label: object, target: object) -> Markup:
    """A Markdown link with escaped text, or the plain escaped text if the URL is not allowed."""
    safe_url = url(target)
    if safe_url is None:
        return text(label)
    # `<...>` keeps parentheses and spaces in the URL from ending the link early.
    return Markup(f"[{text(label)}](<{safe_url}>)")


def mailto(address: object) -> Markup:
    return link(address, f"mailto:{address}")


def finalize(value: object) -> object:
    """Jinja2 `finalize` hook of the site's templates: everything printed by `{{ }}` is
    escaped unless already Safe."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return text(value)


class Trusted:
    """Markdown the generator built for a play to print as it is (a person's mailto link).

    Deliberately not a str: a str subclass (like Markup) keeps its type through `+`,
    `replace`, `format` and filters, so a play could carry the trust over to text of its own.
    Anything a play does with a Trusted value makes a plain str, which is escaped."""

    __slots__ = ("_markdown",)

    def __init__(self, markdown: str):
        self._markdown = str(markdown)

    def __str__(self) -> str:
        return self._markdown


def play_finalize(value: object) -> object:
    """Jinja2 `finalize` hook of plays: every printed value is inert Markdown text.

    A Markup value (what `|e`, `|safe`, `|tojson`, `|urlize` and `|xmlattr` return) is
    shown as the text it stands for: unescaped, then escaped for Markdown."""
    if value is None:
        return ""
    if isinstance(value, Trusted):  # also a reference to a vendor's data (play_refs), a subclass
        return str(value)
    if isinstance(value, Markup):
        return text(value.unescape())
    return text(value)
