"""What a YAML syntax error says to the person who made it: PyYAML's problem in words with the
likely fix, and a `[`, `{` or quote left open placed where it opens rather than where the
reader gave up."""

from __future__ import annotations

import yaml


def syntax_message(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "invalid YAML").strip()
    context = (error.context or "").strip()
    message = f"YAML syntax error: {problem}"
    if context and context not in problem:
        message += f" ({context})"
    if "tab" in problem:
        message += "; YAML does not allow tabs for indentation: use spaces"
    elif "mapping values are not allowed" in problem:
        message += "; a value containing `: ` must be quoted, or the line is indented wrongly"
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        message += "; check the indentation of this line and the one above"
    elif "found undefined alias" in problem or "found unhashable key" in problem:
        pass
    return message


_OPENERS = {"while parsing a flow sequence": ("`[`", "end the list with `]`, or put a value that starts with `[` in quotes"),
            "while parsing a flow mapping": ("`{`", "end the mapping with `}`, or put a value that starts with `{` in quotes"),
            "while scanning a quoted scalar": ("quote", "end the value with the same quote")}


def unclosed(error: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """A `[`, `{` or quote left open: the reader notices only on a later line, where nothing is
    wrong, so the problem is placed at the bracket or quote itself (1-based line and column)."""
    opener = _OPENERS.get((error.context or "").strip())
    start, stop = error.context_mark, error.problem_mark
    if opener is None or start is None or stop is None or stop.line <= start.line:
        return None
    what, fix = opener
    return (start.line + 1, start.column + 1,
            f"YAML syntax error: this {what} is never closed (the YAML reader gave up at line {stop.line + 1}, "
            f"column {stop.column + 1}); {fix}")
