"""A play's text before it renders: what a piece of it is and where it lives (`Snippet`), the
check that needs no data (`check_source`: Jinja2 syntax, the statements plays may not use,
and the HTML and links they may not hold, each at its line and column), the sandbox plays
render in, and how a problem is placed in the play's file.

`validate` checks every play with it before any model exists; the play renderer (plays.py)
renders with the same sandbox and reports through the same functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2

from ..support import escape
from . import limits as play_limits, markup as play_markup, sandbox as play_sandbox
from ..support.problems import Problems


def holds_template(text: str) -> bool:
    """Whether play text holds any Jinja2 (`{{ }}`, `{% %}`, `{# #}`). Text without any is
    its own rendering, for every vendor: callers on hot paths use it as it is."""
    return "{" in text


@dataclass(frozen=True)
class Snippet:
    """One piece of play text to render: where it lives, for error messages."""

    name: str  # unique template name
    source: str
    path: str  # display path of the play file
    line: int  # file line of the snippet's first line
    column: int = 1

    @property
    def block(self) -> bool:
        """Whether the text is a play's body, which starts a line of its page (a summary or a
        checklist item lands inside one)."""
        return self.name.endswith("#body")


def report_near(problems: Problems, snippet: Snippet, line: int, message: str, needle: str | None = None) -> None:
    """Report at the snippet's line; at the column of `needle` (the unknown name) if found."""
    column = 1
    lines = snippet.source.split("\n")
    if needle and 0 < line <= len(lines):
        found = re.search(r"\b" + re.escape(needle) + r"\b", lines[line - 1])
        if found:
            column = found.start() + 1
    report_at(problems, snippet, line, column, message)


def report_at(problems: Problems, snippet: Snippet, line: int, column: int, message: str) -> None:
    """Report at `line` and `column` of the snippet's text, as a position in its file."""
    problems.add(snippet.path, snippet.line + line - 1, column + (snippet.column - 1 if line == 1 else 0), message)


def report_syntax(error: jinja2.TemplateSyntaxError, snippet: Snippet, problems: Problems) -> None:
    report_near(problems, snippet, error.lineno or 1, f"template syntax error: {error.message}")


def environment() -> play_sandbox.PlaySandbox:
    """The sandbox plays are checked and rendered in (see play_sandbox.py for its limits)."""
    return play_sandbox.PlaySandbox(
        undefined=jinja2.StrictUndefined,
        finalize=escape.play_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        auto_reload=False,
    )


_SYNTAX_ENV = environment()


def check_source(snippets: list[Snippet], problems: Problems) -> None:
    """Report what is wrong in play text without rendering it (works before the data is
    valid): Jinja2 syntax errors, statements plays may not use, and HTML and links plays may
    not hold, each at its line and column."""
    for snippet in snippets:
        try:
            tree = _SYNTAX_ENV.parse(snippet.source)
        except jinja2.TemplateSyntaxError as error:
            report_syntax(error, snippet, problems)
        except (RecursionError, MemoryError):
            report_at(problems, snippet, 1, 1, play_limits.NESTED)
        else:
            for line, keyword, message in play_limits.refused(tree):
                report_near(problems, snippet, line, message, keyword)
        # Its Jinja2 blanked: text not known yet, which may not make a tag's name or an address.
        for finding in play_markup.findings(play_markup.blank_template(snippet.source), block=snippet.block):
            report_at(problems, snippet, finding.line, finding.column, finding.message)
