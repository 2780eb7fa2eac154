"""Checks an image beside a play before it can be published: it is what its name says, and
an SVG is a plain drawing.

Images are copied to the site as they are and served from its own address, so a file that
is really HTML, or an SVG with script in it, would run in the site's origin when opened.
Each file's first bytes must match its extension (PNG, JPEG, GIF, WebP, PDF). An SVG is
parsed as XML (by the standard library's expat, after refusing any DOCTYPE, so no entity
can expand) and may hold no script: no element that runs or embeds anything (`script`,
`foreignObject`, `iframe`, `embed`, `object`, `animate`/`set` and the like, under any
namespace prefix, nor any XHTML element), no event attribute (`on...`), no link other than to
a fragment of itself (`#id`), no `javascript:`, `vbscript:` or `data:` address and no CSS
that loads anything from elsewhere, and no processing instruction but the XML declaration.
"""

from __future__ import annotations

import re
from xml.parsers import expat

MAX_IMAGE_BYTES = 5 * 1024 * 1024

# The first bytes each kind of file starts with ("magic numbers").
_MAGIC: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("JPEG", (b"\xff\xd8\xff",)),
    ".jpeg": ("JPEG", (b"\xff\xd8\xff",)),
    ".gif": ("GIF", (b"GIF87a", b"GIF89a")),
    ".pdf": ("PDF", (b"%PDF-",)),
}

# Elements that run script, embed other documents or change attributes over time (an
# `<animate>` can turn a harmless link into `javascript:`), compared by local name in lower case.
_ACTIVE_ELEMENTS = frozenset({
    "script", "foreignobject", "iframe", "embed", "object", "animate", "animatemotion", "animatetransform",
    "animatecolor", "set", "discard", "handler", "listener", "audio", "video",
})
_XHTML = "http://www.w3.org/1999/xhtml"
# Browsers drop tabs, line breaks and other controls inside an address: `java&#9;script:`.
_IGNORED_IN_ADDRESS = re.compile(r"[\x00-\x20]+")
_SCHEMES = re.compile(r"(?:javascript|vbscript|data):")
_CSS_LOAD = re.compile(r"@import|url\((?!#)")  # after _IGNORED_IN_ADDRESS, in lower case


def check(suffix: str, data: bytes) -> list[tuple[int, int, str]]:
    """What is wrong with an image named `*.suffix` holding `data`: (line, column, message)."""
    suffix = suffix.lower()
    if suffix == ".svg":
        return _check_svg(data)
    if suffix == ".webp":
        matches = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
        kind = "WebP"
    else:
        kind, starts = _MAGIC[suffix]
        matches = data.startswith(starts)
    if matches:
        return []
    return [(1, 1, f"this is not a {kind} file, though its name ends in `{suffix}`: its first bytes are not those of "
                   f"a {kind} image; save the image as {kind} again, or give the file its real extension")]


def _check_svg(data: bytes) -> list[tuple[int, int, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [(1, 1, "this SVG image is not UTF-8 text: save it as UTF-8")]
    doctype = re.search(r"<!(?:DOCTYPE|ENTITY)", text, re.IGNORECASE)
    if doctype:
        line = text.count("\n", 0, doctype.start()) + 1
        column = doctype.start() - (text.rfind("\n", 0, doctype.start()) + 1) + 1
        return [(line, column, "an SVG image may not declare a DOCTYPE or entities: remove the `<!DOCTYPE ...>` part "
                               "(drawing programs can export plain SVG)")]
    return _SvgScan(data).problems


class _SvgScan:
    """One pass of expat over an SVG, collecting what makes it more than a drawing."""

    def __init__(self, data: bytes):
        self.problems: list[tuple[int, int, str]] = []
        self.style: list[str] | None = None  # the text of the <style> element being read: CSS
        self.style_at = (1, 1)
        self.root_seen = False
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.ProcessingInstructionHandler = self.instruction
        parser.StartDoctypeDeclHandler = lambda *_: self.problem("an SVG image may not declare a DOCTYPE: remove it")
        parser.EntityDeclHandler = lambda *_: self.problem("an SVG image may not declare entities: remove them")
        self.parser = parser
        try:
            parser.Parse(data, True)
        except expat.ExpatError as error:
            self.problems.append((error.lineno, error.offset + 1,
                                  f"this SVG image is not well-formed XML ({expat.errors.messages[error.code]}): "
                                  "save it again from a drawing program"))

    def position(self) -> tuple[int, int]:
        return self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1

    def problem(self, message: str, at: tuple[int, int] | None = None) -> None:
        self.problems.append((*(at or self.position()), message))

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if not self.root_seen:
            self.root_seen = True
            if local != "svg":
                self.problem(f"this is not an SVG image: its outermost element is `<{local}>`, not `<svg>`")
        if local.lower() in _ACTIVE_ELEMENTS or namespace == _XHTML:
            self.problem(f"an SVG image may not hold `<{local}>` elements: images must be plain drawings "
                         "(no script, embedded documents or animation); remove it")
        if local == "style" and self.style is None:
            self.style, self.style_at = [], self.position()
        for attribute, value in attributes.items():
            self.attribute(attribute.rpartition(" ")[2], value)

    def end(self, name: str) -> None:
        if name.rpartition(" ")[2] != "style" or self.style is None:
            return
        # Checked whole: expat hands text over in pieces, which may split `url(#id)`.
        css = _IGNORED_IN_ADDRESS.sub("", "".join(self.style)).lower()
        self.style = None
        if _SCHEMES.search(css) or _CSS_LOAD.search(css):
            self.problem("an SVG image's style may not load anything from elsewhere (`url(...)`, `@import`, "
                         "`javascript:` or `data:`); use `url(#id)` for parts of the image itself", self.style_at)

    def attribute(self, name: str, value: str) -> None:
        lower = name.lower()
        address = _IGNORED_IN_ADDRESS.sub("", value).lower()
        if lower.startswith("on"):
            self.problem(f"an SVG image may not have event attributes like `{name}`: they run script; remove it")
        elif lower == "href" and not address.startswith("#"):
            self.problem(f"an SVG image may link only to parts of itself (`#id`), not to `{value}`: "
                         "images must not load or open other addresses; remove the link")
        elif _SCHEMES.search(address):
            self.problem(f"an SVG image may not hold `javascript:`, `vbscript:` or `data:` addresses "
                         f"(attribute `{name}`); remove it")
        elif _CSS_LOAD.search(address):
            self.problem(f"an SVG image may not load anything from elsewhere (attribute `{name}` uses "
                         "`url(...)` or `@import`); use `url(#id)` for parts of the image itself")

    def text(self, data: str) -> None:
        if self.style is not None:
            self.style.append(data)

    def instruction(self, target: str, data: str) -> None:
        self.problem(f"an SVG image may not hold processing instructions like `<?{target} ...?>`: remove it")
