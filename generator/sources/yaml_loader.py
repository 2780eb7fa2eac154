"""Strict YAML: plain data plus the line and column of every key and value.

PyYAML's `safe_load` silently keeps the last of two duplicate keys, turns `no` into False,
`18:30` into 1110 and `012` into 10, and expands aliases without limit. Contributors edit
these files by hand, so this loader builds the data itself from the parser's events and
reports each of those cases as a problem with its position instead:

- duplicate keys, aliases and anchors' use, explicit tags, merge keys (`<<`), more than one
  document, nesting deeper than `MAX_DEPTH`, files larger than `MAX_BYTES`;
- plain scalars that YAML 1.1 would re-type: yes/no/on/off, sexagesimal numbers like 18:30,
  octal-looking 012, hexadecimal and binary numbers, .inf and .nan;
- text holding characters no one can see or type on purpose (`refused_character`): control
  characters (a NUL, a terminal's escape codes), bidi overrides and invisible spaces. The
  rule also holds for the Markdown body of a play (`check_text`).

Nesting is cut off at the first value deeper than `MAX_DEPTH`: the parser's work per value
grows with the depth of open flow collections (`[[[[...`), so reading a deep file to its end
would take minutes; stopping there keeps it to milliseconds.

The rules for each plain value and for hidden characters are in yaml_scalars.py. Dates stay
text ("2026-10-01"); schemas check their shape. Uses libyaml's C parser when
PyYAML was built with it (about 8x faster), with identical results: both give marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from ..support.codes import DataPath
from ..support.problems import Problems
from ..support.values import Value
from . import yaml_errors
from .yaml_scalars import BOOL, FLOAT, INT, NULL, check_text as check_text, holds_refused, number, refused_character, retyped

try:  # the C parser, where PyYAML was built against libyaml
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_BYTES = 512 * 1024
MAX_DEPTH = 40


@dataclass
class SourceMap:
    """Positions (1-based line, column) of values and of mapping keys, by data path.

    Positions are needed only to point at a problem, and most files have none: a file parsed
    with `positions=False` keeps its text instead, and the first `at()` parses it again to
    find them. (Five hundred vendor files' positions cost more to build, keep and cache than
    the rare second parse.)
    """

    values: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0  # for YAML embedded in a larger file (front matter)
    reported: set[DataPath] = field(default_factory=set)  # values the loader already complained about
    text: str | None = None  # the text, while its positions are not worked out yet

    def at(self, path: DataPath, *, key: bool = False) -> tuple[int, int]:
        """Where `path` is; its key if asked and known, else the nearest known ancestor."""
        if self.text is not None:
            again = parse(self.text, "", Problems(), line_offset=self.line_offset)
            if again is not None:
                self.values, self.keys = again.source.values, again.source.keys
            self.text = None
        path = tuple(path)
        while True:
            if key and path in self.keys:
                line, col = self.keys[path]
                break
            if path in self.values:
                line, col = self.values[path]
                break
            if path in self.keys:
                line, col = self.keys[path]
                break
            if not path:
                line, col = 1, 1
                break
            path = path[:-1]
        return line + self.line_offset, col


@dataclass
class Document:
    path: str  # display path
    data: Value
    source: SourceMap


class _TooDeep(Exception):
    """Raised at the first value nested deeper than MAX_DEPTH; the parse stops there."""

    def __init__(self, mark: Any):
        self.mark = mark


class _Builder:
    """Turns a stream of parser events into plain Python data and a SourceMap."""

    def __init__(self, path: str, problems: Problems, line_offset: int, positions: bool = True, look_inside: bool = True):
        self.path = path
        self.problems = problems
        self.source = SourceMap(line_offset=line_offset)
        self.line_offset = line_offset
        self.positions = positions  # record where each value and key is (else SourceMap works it out later)
        self.look_inside = look_inside  # look for refused characters in each scalar (parse knows when none can be)

    def problem(self, mark: Any, message: str, at: DataPath | None = None) -> None:
        self.problems.add(self.path, mark.line + 1 + self.line_offset, mark.column + 1, message)
        if at is not None:
            self.source.reported.add(at)

    def document(self, events: Callable[[], Any]) -> Any:
        event = events()
        assert isinstance(event, StreamStartEvent)
        event = events()
        if isinstance(event, StreamEndEvent):
            return None
        assert isinstance(event, DocumentStartEvent)
        data = self.node(events(), (), 0, events)
        event = events()
        assert isinstance(event, DocumentEndEvent)
        event = events()
        if isinstance(event, DocumentStartEvent):
            self.problem(event.start_mark, "a file holds one YAML document; remove the second `---` and what follows it")
        return data

    def skip(self, event: Any, events: Callable[[], Any], depth: int) -> None:
        """Consume a whole (unusable) node at `depth` without building it; it may not nest deeper either."""
        open_ = 1 if isinstance(event, (SequenceStartEvent, MappingStartEvent)) else 0
        while open_:
            event = events()
            if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                open_ += 1
                if depth + open_ > MAX_DEPTH + 1:
                    raise _TooDeep(event.start_mark)
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                open_ -= 1

    def node(self, event: Any, path: DataPath, depth: int, events: Callable[[], Any]) -> Any:
        mark = event.start_mark
        if self.positions:
            # A quoted value's text starts after its quote: problems inside it point there.
            quoted = isinstance(event, ScalarEvent) and event.style in ('"', "'")
            self.source.values[path] = (mark.line + 1, mark.column + (2 if quoted else 1))
        if isinstance(event, AliasEvent):
            self.problem(mark, f"YAML aliases (`*{event.anchor}`) are not allowed; write the value out in full", path)
            return None
        if depth > MAX_DEPTH:
            raise _TooDeep(mark)
        tag = getattr(event, "tag", None)
        if tag and tag not in ("!", "tag:yaml.org,2002:str") and not (
            isinstance(event, (MappingStartEvent, SequenceStartEvent)) and event.implicit
        ):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(mark, f"YAML tags like `{shown}` are not allowed; remove the tag", path)
            self.skip(event, events, depth)
            return None
        if isinstance(event, ScalarEvent):
            return self.scalar(event, path)
        if isinstance(event, SequenceStartEvent):
            items: list[Any] = []
            while True:
                event = events()
                if isinstance(event, SequenceEndEvent):
                    return items
                items.append(self.node(event, path + (len(items),), depth + 1, events))
        if isinstance(event, MappingStartEvent):
            mapping: dict[str, Any] = {}
            first_seen: dict[str, int] = {}
            while True:
                event = events()
                if isinstance(event, MappingEndEvent):
                    return mapping
                key_mark = event.start_mark
                if not isinstance(event, ScalarEvent):
                    self.problem(key_mark, "a key must be plain text, not a list or mapping")
                    self.skip(event, events, depth + 1)
                    self.skip(events(), events, depth + 1)
                    continue
                key = event.value
                if self.look_inside:
                    self.refuse_hidden(event, key, path + (key,))
                if event.style in (None, "") and key == "<<":
                    self.problem(key_mark, "YAML merge keys (`<<`) are not allowed; write the keys out in full")
                    self.skip(events(), events, depth + 1)
                    continue
                if key in first_seen:
                    self.problem(
                        key_mark,
                        f"duplicate key `{key}` (first set on line {first_seen[key] + self.line_offset}); "
                        "YAML would silently keep only the last one: remove one of them",
                    )
                    self.skip(events(), events, depth + 1)
                    continue
                first_seen[key] = key_mark.line + 1
                child = path + (key,)
                if self.positions:
                    self.source.keys[child] = (key_mark.line + 1, key_mark.column + 1)
                mapping[key] = self.node(events(), child, depth + 1, events)
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def refuse_hidden(self, event: ScalarEvent, text: str, path: DataPath) -> None:
        found = refused_character(text)
        if found is not None:  # at the value's text, as every problem with a value (after a quote)
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + (2 if event.style in ('"', "'") else 1)) if mark else (1, 1)
            self.problems.add(self.path, line + self.line_offset, column, found[1])
            self.source.reported.add(path)

    def scalar(self, event: ScalarEvent, path: DataPath) -> Any:
        value = event.value
        if self.look_inside:
            self.refuse_hidden(event, value, path)
        if event.style not in (None, "") or event.tag:
            return value  # quoted, block or !!str: always text
        if NULL.match(value):
            return None
        if value in BOOL:
            return BOOL[value]
        if INT.match(value) or FLOAT.match(value):
            found, why = number(value)
            if why is not None:
                self.problem(event.start_mark, why, path)
            return found
        reason = retyped(value)
        if reason:
            self.problem(event.start_mark, reason)
        return value


def _offset_to_line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[: max(0, offset)]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def parse(text: str, path: str, problems: Problems, *, line_offset: int = 0, positions: bool = True) -> Document | None:
    """Parse YAML text; report problems; return None if the text cannot be used at all.

    With `positions=False`, positions are worked out only when first asked for (SourceMap)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        problems.add(path, 1 + line_offset, 1, f"file is {size // 1024} KiB; the limit is {MAX_BYTES // 1024} KiB: split it up")
        return None
    # A refused character reaches a value only from the text itself or from an escape like
    # "\0", so most files need no look at each value.
    builder = _Builder(path, problems, line_offset, positions, look_inside=holds_refused(text) or "\\" in text)
    parser = _Parser(text)
    try:
        # The parser's own method, called once per event: cheaper than a generator, which
        # matters at a hundred thousand events for a large portfolio.
        data = builder.document(parser.get_event)
    except _TooDeep as deep:
        problems.add(path, deep.mark.line + 1 + line_offset, deep.mark.column + 1,
                     f"nesting deeper than {MAX_DEPTH} levels is not allowed; the file was read no further")
        return None
    except yaml.MarkedYAMLError as error:
        if "tab" in (error.problem or "") and _LEADING_TAB.search(text):
            repaired = _read_past_tabs(text, path, problems, line_offset)
            if repaired is not None:
                return repaired
        unclosed = yaml_errors.unclosed(error)
        if unclosed is not None:
            line, col, message = unclosed
        else:
            mark = error.problem_mark or error.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            message = yaml_errors.syntax_message(error)
        problems.add(path, line + line_offset, col, message)
        return None
    except yaml.reader.ReaderError as error:
        line, col = _offset_to_line_col(text, error.position)
        problems.add(path, line + line_offset, col, f"unreadable character in YAML: {error.reason}")
        return None
    except yaml.YAMLError as error:  # other parser errors without a mark
        problems.add(path, 1 + line_offset, 1, f"YAML error: {error}")
        return None
    finally:
        parser.dispose()
    if not positions:
        builder.source.text = text
    return Document(path, data, builder.source)


_LEADING_TAB = re.compile(r"^ *\t[ \t]*", re.M)
_TAB_MESSAGE = "this line is indented with a tab; YAML does not allow tabs for indentation: use spaces"


def _read_past_tabs(text: str, path: str, problems: Problems, line_offset: int) -> Document | None:
    """A file YAML refused for tabs in its indentation, read as if they were spaces, so that
    its other problems are found in the same run (a tab must not hide them): each tab-indented
    line is reported, then the file is parsed with tab stops of 2, 4 or 8 columns, the first
    that reads. Positions on those lines are shifted back to the columns of the real text.
    None if no width reads: then only the syntax error is reported, as before."""
    lines = text.split("\n")
    shifts: dict[int, tuple[int, int]] = {}  # 1-based line -> (new indentation, columns added)
    for width in (2, 4, 8):
        changed = []
        shifts.clear()
        for line_number, line in enumerate(lines, start=1):
            lead = _LEADING_TAB.match(line)
            if lead is None:
                changed.append(line)
                continue
            spaces = lead.group().expandtabs(width)
            shifts[line_number] = (len(spaces), len(spaces) - len(lead.group()))
            changed.append(spaces + line[lead.end():])
        trial = Problems()
        document = parse("\n".join(changed), path, trial, line_offset=line_offset)
        if document is None:
            continue

        def back(line: int, column: int) -> int:
            indent, added = shifts.get(line, (0, 0))
            return column - added if column > indent else 1

        for line_number in shifts:
            problems.add(path, line_number + line_offset, lines[line_number - 1].index("\t") + 1, _TAB_MESSAGE)
        for found in trial.items:
            problems.add(found.path, found.line, back(found.line - line_offset, found.column), found.message)
        source = document.source
        source.values = {key: (line, back(line, column)) for key, (line, column) in source.values.items()}
        source.keys = {key: (line, back(line, column)) for key, (line, column) in source.keys.items()}
        return document
    return None


def check_nesting(text: str, path: str, problems: Problems) -> None:
    """Report YAML nested deeper than MAX_DEPTH, for a file read by another loader (mkdocs.yml).

    Only the parser's events are looked at, and only up to the first value too deep, so this
    takes milliseconds where a full load would take minutes or exhaust Python's stack. Syntax
    errors are left to the file's own loader."""
    parser = _Parser(text)
    depth = 0  # collections open around the next value, as _Builder counts
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, (ScalarEvent, AliasEvent, SequenceStartEvent, MappingStartEvent)) and depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                problems.add(path, line, column, f"nesting deeper than {MAX_DEPTH} levels is not allowed")
                return
            if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                depth += 1
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                depth -= 1
            elif isinstance(event, StreamEndEvent):
                return
    except yaml.YAMLError:
        return
    finally:
        parser.dispose()


def read_text(raw: bytes, path: str, problems: Problems) -> str | None:
    """Decode a file as UTF-8 (a byte-order mark is allowed), reporting where it is not."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        prefix = raw[: error.start].decode("utf-8", "replace")
        line, col = _offset_to_line_col(prefix, len(prefix))
        problems.add(path, line, col, "file is not valid UTF-8 text: save it as UTF-8")
        return None
    if "\x00" in text:
        line, col = _offset_to_line_col(text, text.index("\x00"))
        problems.add(path, line, col, "file contains a NUL character: is it a binary file?")
        return None
    return text
