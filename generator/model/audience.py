"""Who may see what: cuts loaded data down to what one audience may see, before anything renders.

Levels, from most to least open: `vendor` (also reaches the vendor's own site), `internal`
(our staff), `restricted` (a small group: contract values, penalties, incentives). An
audience sees every value whose level is at or below its own, inside containers it sees.

A value's level is, in order: the `visibility` key of the mapping itself, if it has one;
else the field's `x-visibility` in the JSON Schema (`inherit` = its container's level);
else `internal`. So a field nobody thought about stays internal: safe by default.

Filtering the data (not the pages) means no template, search index or export can show what
an audience may not see: it is simply not there when the site is generated.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any, Mapping

from ..support.codes import Audience, Level, is_audience
from ..plays.addresses import local_path, targets
from ..support.schema_files import resolve, schemas

LEVELS: dict[Level, int] = {"vendor": 0, "internal": 1, "restricted": 2}  # who reads more sees more


def allows(audience: Audience, level: Level) -> bool:
    return LEVELS[level] <= LEVELS[audience]


def _resolve(schema: dict[str, Any], current: str) -> tuple[dict[str, Any], str]:
    """Follow `$ref`s (local or to a sibling schema file), keeping the outer annotation."""
    annotation = schema.get("x-visibility")
    while "$ref" in schema:
        schema, current = resolve(schema["$ref"], current)
        annotation = annotation or schema.get("x-visibility")
    if annotation and schema.get("x-visibility") != annotation:
        schema = {**schema, "x-visibility": annotation}
    return schema, current


class _Plan:
    """A schema node reduced to what cutting needs, built once per schema: its annotation,
    its properties' plans, its map values' plan and its list items' plan."""

    __slots__ = ("annotation", "properties", "values", "items")

    def __init__(self, schema: dict[str, Any], current: str, depth: int = 0):
        schema, current = _resolve(schema, current)
        self.annotation = schema.get("x-visibility")
        self.properties: dict[str, _Plan] = {}
        self.values: _Plan | None = None
        self.items: _Plan | None = None
        if depth > 12:
            return
        for name, child in schema.get("properties", {}).items():
            self.properties[name] = _Plan(child, current, depth + 1)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):  # a map's values (`our_team`): as open as the map
            self.values = _Plan({"x-visibility": "inherit", **extra}, current, depth + 1)
        if isinstance(schema.get("items"), dict):
            items = schema["items"]
            self.items = _Plan(items if "x-visibility" in items else {**items, "x-visibility": "inherit"}, current, depth + 1)
            if self.items.annotation is None:
                self.items.annotation = "inherit"

    def level(self, value: Any, parent: Level) -> Level:
        if isinstance(value, dict):
            marked = value.get("visibility")
            if is_audience(marked):
                return marked
        if self.annotation == "inherit":
            return parent
        return self.annotation if is_audience(self.annotation) else "internal"



@cache
def _plan(schema_name: str) -> _Plan:
    return _Plan(schemas()[schema_name], schema_name)


def _cut(value: Any, plan: _Plan | None, level: Level, audience: Audience, mapping: type = dict) -> Any:
    rank = LEVELS[audience]
    if isinstance(value, dict):
        out = mapping()
        for key, child in value.items():
            if key == "visibility":
                continue
            child_plan = (plan.properties.get(key) or plan.values) if plan else None
            if child_plan is None:
                continue  # not in the schema: never shown (schema-valid data has none)
            child_level = child_plan.level(child, level)
            if not isinstance(child, (dict, list)):  # most values: kept or not, nothing inside
                if LEVELS[child_level] <= rank:
                    out[key] = child
            elif isinstance(child, list) and LEVELS[child_level] > rank:
                # A list this audience may not see may still hold items marked for it
                # (one penalty shared with the vendor): keep those, drop the rest.
                shared = _cut(child, child_plan, child_level, audience, mapping)
                if shared:
                    out[key] = shared
            elif LEVELS[child_level] <= rank:
                out[key] = _cut(child, child_plan, child_level, audience, mapping)
        return out
    if isinstance(value, list):
        items = plan.items if plan else None
        out_list = []
        for child in value:
            child_level = items.level(child, level) if items else level
            if LEVELS[child_level] <= rank:
                out_list.append(_cut(child, items, child_level, audience, mapping) if isinstance(child, (dict, list)) else child)
        return out_list
    return value


def cut(data: dict[str, Any], schema_name: str, audience: Audience, *, level: Level = "vendor", mapping: type = dict) -> dict[str, Any]:
    """The part of a schema-valid document that `audience` may see, as new `mapping`s.

    `level` is the document's own level: vendor files are open at the top (each field then
    says what it is); a play is as visible as its `visibility` (internal if unmarked).
    """
    cut_data: dict[str, Any] = _cut(data, _plan(schema_name), level, audience, mapping)
    return cut_data


def play_level(front_matter: Mapping[str, object]) -> Level:
    """A play's `visibility` (the schema allows only the three levels; "internal" if absent)."""
    level = front_matter.get("visibility", "internal")
    return level if is_audience(level) else "internal"


# A passage of a play for some readers only is a box whose type names a level:
# `!!! internal "Note"` (Python-Markdown's admonition), `??? restricted` or `???+ internal`
# (pymdownx.details). Those extensions take the words after the marker, up to a quoted
# title, as the box's types, in lower case, and render a box wherever Markdown parses blocks:
# at any indentation, inside a list item, a definition, a footnote, a block quote or another
# box. So the marker is looked for behind any run of such containers' markers (`_CONTAINER`),
# with or without a space before the types, in any case.
_CONTAINER = re.compile(r" *(?:>|[*+-](?= )|\d{1,9}[.)](?= )|:(?= )|\[\^[^\]]+\]:) *")
_WORD = re.compile(r"[\w\-]+")


def _box(line: str) -> tuple[set[str], bool] | None:
    """The lower-cased types of the box this line opens, and whether it sits in a block quote;
    None if it opens none."""
    position, quoted = 0, False
    while (container := _CONTAINER.match(line, position)) and container.end() > position:
        quoted = quoted or ">" in container.group(0)
        position = container.end()
    rest = line[position:].lstrip(" ")
    if not rest.startswith(("!!!", "???")):
        return None
    types = rest[3:].removeprefix("+") if rest.startswith("???") else rest[3:]
    return {word.lower() for word in _WORD.findall(types.split('"', 1)[0])}, quoted


_BACKSLASHED = re.compile(r"\\(.)")


def _as_read(line: str) -> str:
    """A line of rendered play text as its reader sees it: character references and Markdown's
    backslash escapes undone (a template's output is escaped, so a marker it puts together
    shows as text, not as a box)."""
    return _BACKSLASHED.sub(r"\1", html.unescape(line)).expandtabs(4)


def _level_marker(line: str) -> bool:
    box = _box(line)
    return box is not None and any(word in LEVELS for word in box[0])


def assembled_markers(source: str, rendered: str) -> list[int]:
    """The lines (0-based) of `rendered` that its reader sees as a marker of a passage for
    some readers only (`!!! internal`) but that are no marker to Markdown: a template printed
    one (`{% set m = "!!! inter" ~ "nal" %}{{ m }}`), and its output is escaped, so the box
    does not open and the passage after it would show on every site. The play is refused
    (plays.py). A marker made of the template's own text is a real one: strip_sections cuts it."""
    if "!" not in rendered and "?" not in rendered:
        return []
    found = []
    for index, line in enumerate(rendered.split("\n")):
        if ("\\" in line or "&" in line) and not _level_marker(line.expandtabs(4)) and _level_marker(_as_read(line)):
            found.append(index)
    return found


def strip_sections(body: str, audience: Audience) -> str:
    """Remove the passages of a play's Markdown that `audience` may not see (see `_box`).

    A passage is the marker line and every following line that is blank or indented deeper
    than the marker's line; in a block quote also every following quoted line. That is all
    the box can hold, and sometimes a little more (the rest of the quote, a line indented
    oddly): the safe side. Removed lines become empty lines, so Jinja2 errors still point at
    the right line of the file. Run on the source and again on the rendered text (a template
    could put a marker together).
    """
    if "!!!" not in body and "???" not in body:
        return body
    out: list[str] = []
    inside: tuple[int, bool] | None = None  # the passage being removed: its marker's indent, quoted
    for line in body.split("\n"):
        expanded = line.expandtabs(4)  # as Python-Markdown reads tabs
        indent = len(expanded) - len(expanded.lstrip(" "))
        if inside is not None:
            marker_indent, quoted = inside
            if not expanded.strip() or indent > marker_indent or (quoted and expanded.lstrip(" ").startswith(">")):
                out.append("")
                continue
            inside = None
        box = _box(expanded)
        if box is not None and any(is_audience(word) and not allows(audience, word) for word in box[0]):
            inside = (indent, box[1])
            out.append("")
            continue
        out.append(line)
    return "\n".join(out)


def images(pages: dict[str, bytes], available: dict[str, bytes]) -> dict[str, bytes]:
    """The images beside the plays that a site gets: exactly those its pages link to, each link
    resolved as MkDocs resolves it (relative to the page, so `img/chart.png` in a subfolder
    too). An image only an internal play or passage uses never reaches a vendor-facing site,
    whose pages were made without them. Only pages under playbooks/ can link to them: every
    link to a play's image is relative to the play's own file."""
    wanted: dict[str, bytes] = {}
    for page, data in pages.items():
        if not (page.startswith("playbooks/") and page.endswith(".md")):
            continue
        for target in targets(data.decode("utf-8")):
            path = local_path(page, target.address)
            if path is not None and path in available:
                wanted[path] = available[path]
    return dict(sorted(wanted.items()))
