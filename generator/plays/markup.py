"""What HTML, links and attribute lists play text may hold: an allowlist, and the one check.

Plays come from pull requests, and Python-Markdown passes raw HTML through, turns any link
destination into a live link and lets attribute lists (`{: ... }`) set any attribute. So play
text is held to what plays need (the markup of admonitions and checklists, `<div markdown>`,
tables, `<kbd>`, `<abbr>` ...), by one function, `findings`, used twice: by `validate` on a
play's source, with its Jinja2 blanked out by `blank_template` (exact line and column), and by
the play renderer on what a template run renders (which can assemble a tag from pieces).

The check is conservative rather than a model of any one parser. Outside fenced code and
code spans (recognised only where Python-Markdown surely treats them as code), everything
that Python-Markdown or a browser could read as a tag (`<` and a letter, `/`, `!` or `?`)
must be a well-formed tag of an allowed element, with allowed attributes whose values are in
double quotes; no event handlers, no `style`; URLs http, https, mailto or relative (judged
after HTML entities are decoded and whitespace and control characters removed, as browsers
do); tags balanced within the text, so an item cannot close the page's own markup. Markdown
links, images, reference definitions and autolinks follow the same URL rule; attribute lists
may set ids, classes and a few plain attributes. Comments are fine; their content is checked
like the rest. tests/hostile/test_plays_markup.py holds the check to nh3 (a sanitiser built
on a browser's HTML parser) on Python-Markdown's output with the project's extensions.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .code_spans import HOLE as HOLE, blank_template as blank_template, code_ranges

# Elements play text may use, and the attributes each may have besides the global ones.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "markdown"})
ELEMENTS: dict[str, frozenset[str]] = {
    **{name: frozenset() for name in (
        "p", "br", "hr", "div", "span", "section", "summary", "table", "thead", "tbody", "tfoot", "tr",
        "caption", "ul", "li", "dl", "dt", "dd", "kbd", "abbr", "code", "pre", "em", "strong", "b", "i", "u",
        "s", "small", "sub", "sup", "mark", "del", "ins", "blockquote", "q", "cite", "var", "samp",
        "h2", "h3", "h4", "h5", "h6", "figure", "figcaption")},
    "details": frozenset({"open"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
}
VOID = frozenset({"br", "hr", "img"})
URL_ATTRIBUTES = frozenset({"href", "src"})
BARE_ATTRIBUTES = frozenset({"markdown", "open"})  # may be written without a value
MARKDOWN_VALUES = frozenset({"1", "0", "block", "span"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# What an attribute list may set: `#id`, `.class`, and these keys.
ATTR_LIST_KEYS = frozenset({"id", "class", "title", "lang", "dir", "width", "height"})


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based, in the text checked
    column: int  # 1-based
    message: str


def findings(text: str, *, block: bool = True) -> list[Finding]:
    """Everything in `text` that play text may not hold, in order; empty if it is fine.

    `block` is for a play's body, which starts a line of its page; a summary or a checklist
    item lands inside a line (a list item, a `<span>`), where a fence is no fence."""
    if not CANDIDATE.search(text):
        return []  # most text has no tag, link, reference or brace at all
    return Scan(text, block).run()


CANDIDATE = re.compile(r"[<\]{]")


_ELEMENT_LIST = ", ".join(sorted(ELEMENTS))
_ATTR_LIST_KEY_LIST = ", ".join(f"`{key}=`" for key in sorted(ATTR_LIST_KEYS))
_LITERAL = "write `&lt;` for a literal `<`, or put code in backticks"


# --- the scan -------------------------------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTRIBUTE_NAME = re.compile(r"[^\s\"'>/=\x00" + HOLE + r"]+")
_SPACE = re.compile(r"[ \t\r\n\f]*")


def _skip_space(text: str, position: int) -> int:
    """Where the HTML white space at `position` ends."""
    found = _SPACE.match(text, position)
    return found.end() if found else position
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
_AUTOMAIL = re.compile(r"<([^<> !]+@[^@<> ]+)>")
_LINK_OPEN = re.compile(r"\][ \t\n" + HOLE + r"]*\(")
_REFERENCE = re.compile(r"\[(?!\^)[^\[\]\n]*\]:[ \t]*(\S*)")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


class Scan:
    def __init__(self, text: str, block: bool):
        self.text = text
        self.found: list[tuple[int, str]] = []
        self.addresses: list[tuple[int, str]] = []  # every link's address, where it is
        self.stack: list[tuple[str, int]] = []  # open elements and where they were opened
        self.refused: set[str] = set()
        self.code = code_ranges(text, block) if "`" in text or "~~~" in text else []

    def run(self) -> list[Finding]:
        text = self.text
        position = 0
        code = iter(self.code)
        next_code = next(code, None)
        for match in CANDIDATE.finditer(text):
            start = match.start()
            if start < position:
                continue
            while next_code is not None and next_code[1] <= start:
                next_code = next(code, None)
            if next_code is not None and next_code[0] <= start and not self.stack:
                position = next_code[1]  # inside code (and not inside raw HTML, where code is not code)
                continue
            char = text[start]
            if char == "<":
                position = self.tag(start)
            elif char == "]":
                position = self.link(start)
            else:
                position = self.attribute_list(start)
        for name, at in self.stack:
            self.add(at, f"`<{name}>` is never closed in this text; add `</{name}>`")
        for match in _REFERENCE.finditer(text):
            if not self.in_code(match.start()):
                destination = match.group(1)
                where = match.start(1)
                if not destination:  # the address may stand on the next line
                    following = re.match(r"[ \t]*\n[ \t]*(\S*)", text[match.end():])
                    if following is None:
                        continue
                    destination, where = following.group(1), match.end() + following.start(1)
                self.url(where, destination, "a reference definition")
        return [self.finding(offset, message) for offset, message in sorted(self.found)]

    # --- helpers ------------------------------------------------------------------------------

    def in_code(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.code)

    def refuse_element(self, offset: int, element: str, closing: bool = False) -> None:
        if closing and element in self.refused:
            return  # the closing tag of an element already refused needs no word of its own
        self.refused.add(element)
        self.add(offset, f"`<{element}>` is not allowed in a play (allowed HTML elements: {_ELEMENT_LIST})")

    def add(self, offset: int, message: str) -> None:
        self.found.append((offset, message))

    def position(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def finding(self, offset: int, message: str) -> Finding:
        return Finding(*self.position(offset), message)

    def url(self, offset: int, value: str, what: str) -> None:
        """A link's address: http, https, mailto or relative; never printed by Jinja2."""
        self.addresses.append((offset, value))
        if HOLE in value:
            self.add(offset, f"the address of {what} cannot come from Jinja2 (`{{{{ }}}}`, `{{% %}}`) in a play; "
                             "write the address out")
            return
        cleaned = _URL_NOISE.sub("", html.unescape(value)).lstrip("<")
        scheme = SCHEME.match(cleaned)
        if scheme and scheme.group(1).lower() not in URL_SCHEMES:
            self.add(offset, f"`{scheme.group(1).lower()}:` addresses are not allowed in a play ({what}); "
                             "use an https, http or mailto address or a relative link")

    # --- HTML -----------------------------------------------------------------------------------

    def tag(self, start: int) -> int:
        text = self.text
        following = text[start + 1:start + 2]
        if following == "!":
            return self.comment(start)
        if following == "?":
            self.add(start, f"`<?` is read as an HTML processing instruction; {_LITERAL}")
            return start + 2
        if following == "/":
            return self.end_tag(start)
        if not (following.isascii() and following.isalpha()) and following != HOLE:
            return start + 1  # `a < b`, `<3`: text for every parser
        for pattern in (_AUTOLINK, _AUTOMAIL) if not self.stack else ():  # in raw HTML it would be a tag
            link = pattern.match(text, start)
            if link:
                target = link.group(1)
                self.url(start, target if pattern is _AUTOLINK else "mailto:" + target, "an autolink")
                return link.end()
        return self.start_tag(start)

    def comment(self, start: int) -> int:
        text = self.text
        if not text.startswith("<!--", start):
            self.add(start, f"`<!` starts an HTML declaration; only comments (`<!-- ... -->`) are allowed: {_LITERAL}")
            return start + 2
        end = text.find("-->", start + 4)
        while end >= 0 and self.in_code(end):  # a fence or code span does not end it
            end = text.find("-->", end + 1)
        body = text[start + 4:end] if end >= 0 else ""
        if end < 0 or body.startswith((">", "->")) or "--!>" in body or "<!--" in body:
            self.add(start, "an HTML comment in a play must be `<!-- ... -->`, closed, and not nested")
        return start + 4  # what it holds is checked like the rest: not every parser hides it

    def end_tag(self, start: int) -> int:
        text = self.text
        name = _NAME.match(text, start + 2)
        close = _skip_space(text, name.end()) if name else start + 2
        if not name or not text.startswith(">", close):
            self.add(start, f"`</` starts an HTML closing tag, and this is not a well-formed one (`</name>`); {_LITERAL}")
            return start + 2
        element = name.group().lower()
        if element not in ELEMENTS:
            self.refuse_element(start, element, closing=True)
        elif not self.stack:
            self.add(start, f"`</{element}>` closes nothing: no `<{element}>` is open before it in this text")
        elif self.stack[-1][0] != element:
            self.add(start, f"`</{element}>` closes `<{self.stack[-1][0]}>`, opened before it; close tags in the order they were opened")
            if any(open_name == element for open_name, _ in self.stack):
                while self.stack and self.stack.pop()[0] != element:
                    pass
        else:
            self.stack.pop()
        return close + 1

    def start_tag(self, start: int) -> int:
        text = self.text
        name = _NAME.match(text, start + 1)
        if not name or text[name.end():name.end() + 1] not in (" ", "\t", "\r", "\n", "\f", ">", "/"):
            self.add(start, f"`{_shown(text[start:start + 12])}` could be read as an HTML tag, but it is not a "
                            f"well-formed one (a tag's name cannot come from Jinja2); {_LITERAL}")
            return start + 1
        element = name.group().lower()
        allowed = ELEMENTS.get(element)
        if allowed is None:
            self.refuse_element(start, element)
        position = name.end()
        while True:
            spaced = _skip_space(text, position)
            if text.startswith(">", spaced):
                end = spaced + 1
                break
            if text.startswith("/>", spaced):
                if element not in VOID and allowed is not None:
                    self.add(start, f"`<{element}/>` does not close itself in HTML; write `<{element}></{element}>`")
                    allowed = None  # reported: not opened as well
                end = spaced + 2
                break
            attribute = _ATTRIBUTE_NAME.match(text, spaced)
            if spaced == position or not attribute:
                self.add(start, f"`<{element}` is not a well-formed tag: write attributes as name=\"value\", "
                                f"separated by spaces; {_LITERAL}")
                return max(spaced, position) + 1
            position = self.attribute(start, element, allowed, attribute)
            if position < 0:
                return attribute.end()
        if allowed is not None and element not in VOID:
            self.stack.append((element, start))
        return end

    def attribute(self, start: int, element: str, allowed: frozenset[str] | None, attribute: re.Match[str]) -> int:
        """Check one attribute; where the tag goes on, or -1 if it cannot be read further."""
        text = self.text
        key = attribute.group().lower()
        after = _skip_space(text, attribute.end())
        value: str | None = None
        end = attribute.end()
        quoted = True
        if text.startswith("=", after):
            quote = _skip_space(text, after + 1)
            mark = text[quote:quote + 1]
            if mark in ('"', "'"):
                close = text.find(mark, quote + 1)
                if close < 0:
                    self.add(attribute.start(), f"the value of `{key}` has no closing {mark}")
                    return -1
                value, end = text[quote + 1:close], close + 1
            else:
                end = quote
                while end < len(text) and not text[end].isspace() and text[end] != ">":
                    end += 1
                value = text[quote:end]
            quoted = mark == '"'
        if allowed is None:
            return end  # the element is refused already
        if key not in GLOBAL_ATTRIBUTES and key not in allowed:
            permitted = ", ".join(sorted(GLOBAL_ATTRIBUTES | allowed))
            self.add(attribute.start(), f"the attribute `{key}` is not allowed on `<{element}>` in a play (allowed: {permitted})")
            return end
        if not quoted:
            self.add(attribute.start(), f"the value of `{key}` must be in double quotes: {key}=\"...\"")
        if value is None:
            if key not in BARE_ATTRIBUTES:
                self.add(attribute.start(), f"`{key}` needs a value in double quotes: {key}=\"...\"")
        elif any(c in value for c in "<>`\n"):
            self.add(attribute.start(), f"the value of `{key}` may not hold `<`, `>`, backticks or line breaks; write `&lt;` and `&gt;`")
        elif key in URL_ATTRIBUTES:
            self.url(attribute.start(), value, f"`{key}` on `<{element}>`")
        elif key == "markdown" and value not in MARKDOWN_VALUES:
            self.add(attribute.start(), "`markdown` takes \"1\", \"block\" or \"span\"")
        return end

    # --- Markdown --------------------------------------------------------------------------------

    def link(self, start: int) -> int:
        """`[text](address)` and `![alt](address)`: the address up to its closing `)`."""
        text = self.text
        opening = _LINK_OPEN.match(text, start)
        if not opening:
            if text.startswith(HOLE, start + 1):
                # Escaped values keep `(` and `:`, so one printed right here could finish a link.
                self.add(start, "Jinja2 may not print right after `]`: the value could complete a Markdown link; "
                                "put a space or other text between them")
            return start + 1
        depth = 1
        index = opening.end()
        while index < len(text) and depth:
            if text[index] == "(":
                depth += 1
            elif text[index] == ")":
                depth -= 1
            index += 1
        destination = text[opening.end():index - 1 if not depth else index]
        self.url(opening.end(), destination, "a Markdown link")
        return opening.end()

    def attribute_list(self, start: int) -> int:
        """`{: #id .class key="value" }`: Python-Markdown's attr_list reads from a `{` to the
        last `}` on its line; each key must be an allowed one."""
        text = self.text
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        close = text.rfind("}", start, line_end)
        if close < 0:
            return start + 1
        body = text[start + 1:close]
        if body.startswith(":"):
            body = body[1:]
        for token in _ATTR_TOKENS.findall(body):
            key, _, value = token.partition("=")
            if HOLE in key or (HOLE in value and not (len(value) > 1 and value[0] == value[-1] == '"')):
                self.add(start, f"`{_shown(text[start:close + 1])}`: Jinja2 may print into an attribute list only "
                                "inside a double-quoted value: key=\"{{ ... }}\"")
                break
            if not value and key[:1] in ("#", "."):
                continue
            if key.lower() not in ATTR_LIST_KEYS:
                self.add(start, f"`{_shown(text[start:close + 1])}` is read as an attribute list, which in a play may set "
                                f"only `#id`, `.class` and {_ATTR_LIST_KEY_LIST}; write `&#123;` for a literal `{{`")
                break
        return start + 1


def _shown(excerpt: str) -> str:
    """A piece of the checked text for a message: one line, Jinja2 shown as `{…}`."""
    return re.sub(HOLE + "+", "{…}", excerpt.split("\n", 1)[0])


# attr_list's own tokens: key="...", key='...', key=value, and words (`.class`, `#id`, others).
_ATTR_TOKENS = re.compile(r"""[^ =}]+=".*?"|[^ =}]+='.*?'|[^ =}]+=[^ =}]+|[^ =}]+""")
