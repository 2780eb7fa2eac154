"""Splits a Markdown file into its YAML front matter and its body, keeping line numbers.

A play starts with a line `---`, then YAML, then a closing `---` (or `...`) line; the body
follows. The front matter is parsed by the strict YAML loader with its line offset, so
errors point at the right line of the `.md` file; `body_line` is the file line on which the
body starts (for Jinja2 errors).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..support.problems import Problems
from .yaml_loader import Document, parse


@dataclass
class MarkdownFile:
    meta: Document | None
    body: str
    body_line: int  # 1-based line of the file where `body` starts


def split(text: str, path: str, problems: Problems) -> MarkdownFile | None:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        problems.add(path, 1, 1, "a play must start with front matter: a line `---`, YAML fields, then another `---` line")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            meta = parse(front, path, problems, line_offset=1)
            if meta is not None and meta.data is None:
                problems.add(path, 2, 1, "the front matter is empty; add the play's fields between the `---` lines")
                meta = None
            return MarkdownFile(meta, body, index + 2)
    problems.add(path, 1, 1, "the front matter is not closed: add a line `---` after its last field")
    return None
