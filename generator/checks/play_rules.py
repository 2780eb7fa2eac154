"""What every play must have, as the project's `playbooks/rules.yml` says: its sections, their
order and content, its length, checklist size, sources and related plays.

These are the team's editorial rules, not what a build needs: `playbooks validate` (and so
CI, the pre-commit hook and `playbooks serve`'s "still to do" list) checks them; `build`
does not, so that a play being written can be previewed. Each problem is at the play's own
line and column and says how to fix it. Without a rules file nothing here is checked.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from ..sources.load import Inputs, PlayFile
from ..support.problems import Problems
from .checker import as_dict

RULES_FILE = "playbooks/rules.yml"


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int  # line of the body, 1-based
    column: int  # where the heading's text starts


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


def headings(body: str) -> list[Heading]:
    """ATX headings of a Markdown body outside fenced code blocks."""
    found: list[Heading] = []
    fence: str | None = None
    for number, line in enumerate(body.split("\n"), start=1):
        opened = _FENCE.match(line)
        if opened:
            marker = opened.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        match = _HEADING.match(line)
        if match:
            found.append(Heading(len(match.group(1)), match.group(2).strip(), number, match.start(2) + 1))
    return found


def section_text(body: str, name: str) -> str:
    """The text under `## name` up to the next level-2 heading (fences respected), stripped."""
    lines = body.split("\n")
    level_two = [h for h in headings(body) if h.level == 2]
    for index, heading in enumerate(level_two):
        if heading.text == name:
            end = level_two[index + 1].line - 1 if index + 1 < len(level_two) else len(lines)
            return "\n".join(lines[heading.line:end]).strip()
    return ""


_JINJA_STATEMENT = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*")


def prose_words(body: str) -> int:
    """Words a reader sees: Jinja2 statements and comments dropped, a printed value one word,
    link addresses dropped."""
    text = _JINJA_STATEMENT.sub(" ", body)
    text = _JINJA_VALUE.sub(" x ", text)
    text = _LINK_TARGET.sub("]", text)
    return len(_WORD.findall(text))


def _names(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


@dataclass(frozen=True)
class Rules:
    sections: list[str]
    not_empty: list[str]
    numbered: list[str]
    words: tuple[int | None, int | None]
    items: tuple[int | None, int | None]
    sources: int
    related: int

    @staticmethod
    def of(data: object) -> Rules:
        data = as_dict(data)

        def span(key: str) -> tuple[int | None, int | None]:
            value = as_dict(data.get(key))
            low, high = value.get("min"), value.get("max")
            return (low if isinstance(low, int) else None, high if isinstance(high, int) else None)

        def count(key: str) -> int:
            return data[key] if isinstance(data.get(key), int) else 0

        return Rules(_names(data.get("sections")), _names(data.get("not_empty")), _names(data.get("numbered")),
                     span("words"), span("checklist_items"), count("sources"), count("related"))


def _between(span: tuple[int | None, int | None]) -> str:
    low, high = span
    if low is not None and high is not None:
        return f"between {low} and {high}"
    return f"at least {low}" if low is not None else f"at most {high}"


def _outside(n: int, span: tuple[int | None, int | None]) -> bool:
    low, high = span
    return (low is not None and n < low) or (high is not None and n > high)


class _PlayCheck:
    """The rules applied to one play; problems at the play's lines."""

    def __init__(self, rules: Rules, play: PlayFile, problems: Problems):
        self.rules = rules
        self.play = play
        self.problems = problems
        self.data = as_dict(play.meta.data)

    def body_at(self, line: int, column: int, message: str) -> None:
        self.problems.add(self.play.path, self.play.body_line + line - 1, column, message)

    def field_at(self, key: str, message: str) -> None:
        line, column = self.play.meta.source.at((key,), key=True)
        self.problems.add(self.play.path, line, column, message)

    def run(self) -> None:
        self.sections()
        self.length()
        self.lists()

    def sections(self) -> None:
        found = headings(self.play.body)
        second = [h for h in found if h.level == 2]
        if self.rules.sections:
            self.structure(found, second)
        self.contents(second)

    def structure(self, found: list[Heading], second: list[Heading]) -> None:
        """The level-2 headings are exactly the rules' sections, in their order."""
        wanted = self.rules.sections
        present = [h.text for h in second]
        explained: set[str] = set()  # wanted sections a problem on another heading already names
        order = ", ".join(f"`## {name}`" for name in wanted)
        seen: set[str] = set()
        for heading in second:
            if heading.text in seen:
                self.body_at(heading.line, 1, f"`## {heading.text}` appears twice; merge the two sections")
            seen.add(heading.text)
            if heading.text in wanted:
                continue
            missing = [name for name in wanted if name not in present and name not in explained]
            close = difflib.get_close_matches(heading.text, missing, n=1, cutoff=0.6)
            close = close or [m for m in missing if m.lower() == heading.text.lower()]
            if close:
                explained.add(close[0])
                self.body_at(heading.line, heading.column, f"`## {heading.text}` is not one of this play's sections; "
                             f"did you mean `## {close[0]}`?")
            else:
                self.body_at(heading.line, heading.column, f"`## {heading.text}` is not one of this play's sections; "
                             f"the sections are {order}: rename it or fold its text into one of them "
                             f"(the site adds Checklist and Related plays)")
        for heading in found:
            if heading.level != 2 and heading.text in wanted and heading.text not in present:
                explained.add(heading.text)
                self.body_at(heading.line, 1, f"`{'#' * heading.level} {heading.text}` is a level-{heading.level} heading; "
                             f"write the section as `## {heading.text}`")
        for index, name in enumerate(wanted):
            if name in present or name in explained:
                continue
            after = [h for h in second if h.text in wanted[:index]]
            line = self._end_of(after[-1]) if after else self._first_line()
            where = f"after `## {after[-1].text}`" if after else "at the start of the body"
            self.body_at(line, 1, f"the section `## {name}` is missing; add it {where} (the sections are {order})")
        placed = [h for h in second if h.text in wanted]
        for earlier, later in zip(placed, placed[1:]):
            if wanted.index(later.text) < wanted.index(earlier.text):
                self.body_at(later.line, 1, f"`## {later.text}` comes after `## {earlier.text}`; "
                             f"put the sections in this order: {order}")

    def contents(self, second: list[Heading]) -> None:
        """Sections that must hold text, or a numbered list."""
        line_of = {h.text: h.line for h in reversed(second)}  # the first heading of each name
        for name in self.rules.not_empty:
            if name in line_of and not section_text(self.play.body, name):
                self.body_at(line_of[name], 1, f"the section `## {name}` is empty; write it")
        for name in self.rules.numbered:
            text = section_text(self.play.body, name)
            if name in line_of and text and not re.search(r"^1[.)] ", text, re.M):
                self.body_at(line_of[name], 1, f"the section `## {name}` must be a numbered list; "
                             "write its points as `1. ...`, `2. ...`")

    def _end_of(self, heading: Heading) -> int:
        """The last line with text of the section a heading opens (where a missing one goes)."""
        lines = self.play.body.split("\n")
        following = [h.line for h in headings(self.play.body) if h.level <= 2 and h.line > heading.line]
        end = (following[0] - 1) if following else len(lines)
        while end > heading.line and not lines[end - 1].strip():
            end -= 1
        return end

    def _first_line(self) -> int:
        lines = self.play.body.split("\n")
        return next((n for n, line in enumerate(lines, start=1) if line.strip()), 1)

    def length(self) -> None:
        if self.rules.words == (None, None):
            return
        count = prose_words(self.play.body)
        if _outside(count, self.rules.words):
            low, high = self.rules.words
            advice = "add to it" if low is not None and count < low else "shorten it, or split it into two plays"
            self.body_at(self._first_line(), 1, f"the play's text has {count} word{'s' if count != 1 else ''}; "
                         f"plays have {_between(self.rules.words)}: {advice}")

    def lists(self) -> None:
        items = self.data.get("checklist")
        if isinstance(items, list) and items and _outside(len(items), self.rules.items):
            self.field_at("checklist", f"the checklist has {len(items)} item{'s' if len(items) != 1 else ''}; "
                          f"plays have {_between(self.rules.items)}: "
                          + ("add what a reader must do" if self.rules.items[0] and len(items) < self.rules.items[0]
                             else "keep the ones that matter most, or split the play"))
        for key, need, what in (("sources", self.rules.sources, "the source articles it draws on (ids from "
                                 "playbooks/sources.yml)"),
                                ("related", self.rules.related, "the plays a reader goes to next (their ids)")):
            given = self.data.get(key)
            count = len(given) if isinstance(given, list) else 0
            if count < need:
                listed = "lists none" if count == 0 else f"lists {count}"
                self.field_at(key, f"`{key}` {listed}; list at least {need} under `{key}:`: {what}")


def check(inputs: Inputs, problems: Problems) -> None:
    """Every play against the project's rules, if it has a rules file that could be read."""
    if inputs.rules is None or inputs.rules.path in inputs.invalid:
        return
    rules = Rules.of(inputs.rules.data)
    for play in inputs.plays:
        _PlayCheck(rules, play, problems).run()
