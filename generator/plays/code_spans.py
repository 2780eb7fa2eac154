"""What the markup check (markup.py) does not read as markup in a play's text: Jinja2, blanked to
HOLE characters because it is not known until the play renders, and code (fenced blocks and code
spans) where Python-Markdown surely reads it as code.
"""

from __future__ import annotations

import re

# Jinja2 in a play's source stands for text that is not known until it renders: blanked to
# this character (a private-use code point no play writes), it may be anything, so a URL or
# a tag name holding it is refused.
HOLE = "\ue000"
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)

def blank_template(source: str) -> str:
    """`source` with every `{{ }}`, `{% %}` and `{# #}` replaced by HOLE characters, line
    breaks kept: the same length and lines, so positions in it are positions in the source."""
    return _JINJA.sub(lambda m: re.sub(r"[^\n]", HOLE, m.group()), source)


_FENCE = re.compile(r"(`{3,}|~{3,})[ ]*[\w+#.-]*[ ]*$")
_BACKTICKS = re.compile(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)(.+?)(?<!`)\2(?!`))")


def code_ranges(text: str, block: bool) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced code blocks and code spans that are code for sure.

    Fences, in block text only: a line that is only ``` or ~~~ (3 or more) and at most a
    language name, at the start of the line (superfences reads other info strings its own way),
    closed by the very same fence at the start of a later line (superfences reads them before
    anything else, even inside HTML blocks). Code spans: only inside a paragraph (lines between
    blank lines) in which every line pairs all its backticks itself and holds no `|` (table
    cells are split before their code spans are found) and no line starts with `<` (the rest of
    a raw HTML block's line is not read as Markdown): then Python-Markdown pairs them the same
    way wherever its blocks begin; and no span found holds a backtick itself (in
    "``<script>```<b>`" the pattern pairs the first backtick with the last, Python-Markdown
    does not). Jinja2 next to a backtick, or on a line that could be a
    fence without it, turns this off: it may print nothing."""
    ranges: list[tuple[int, int]] = []
    lines = text.split("\n")
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    # Jinja2 that may print nothing must not make a fence where the check sees none.
    fences = block and not any(HOLE in line and _FENCE.match(line.replace(HOLE, "")) for line in lines)
    index = 0
    paragraph: list[int] = []
    while index < len(lines):
        fence = _FENCE.match(lines[index]) if fences else None
        if fence:
            closing = next((j for j in range(index + 1, len(lines)) if lines[j].rstrip(" ") == fence.group(1)), None)
            if closing is not None:
                ranges.extend(_spans(lines, starts, paragraph))
                paragraph = []
                ranges.append((starts[index], starts[closing] + len(lines[closing])))
                index = closing + 1
                continue
        if lines[index].strip():
            paragraph.append(index)
        else:
            ranges.extend(_spans(lines, starts, paragraph))
            paragraph = []
        index += 1
    ranges.extend(_spans(lines, starts, paragraph))
    return ranges


def _spans(lines: list[str], starts: list[int], paragraph: list[int]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    if any(lines[number].lstrip(" " + HOLE).startswith("<") for number in paragraph):
        return []  # raw HTML starts a block here (Jinja2 before it may print nothing): no code spans
    for number in paragraph:
        line = lines[number]
        if "`" not in line:
            continue
        if "|" in line or "`" + HOLE in line or HOLE + "`" in line:
            return []  # table cells, or Jinja2 that may print nothing next to a backtick
        matches = [m for m in _BACKTICKS.finditer(line) if m.group(2)]
        if any("`" in m.group(3) for m in matches):
            return []  # a span holding backticks: where Python-Markdown opens it is not sure (``<b>```x`)
        spans = [m.span() for m in matches]
        leftover = line
        for a, b in reversed(spans):
            leftover = leftover[:a] + leftover[b:]
        if "`" in leftover:
            return []  # an unpaired backtick: Markdown may pair across lines differently
        found.extend((starts[number] + a, starts[number] + b) for a, b in spans)
    return found
