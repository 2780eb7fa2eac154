"""The rows of the Upcoming page's tables, as the tests read them (the one home of the row marker).

Each row of an Upcoming table starts with an empty marker naming whom the row concerns
(generator/render/markup/upcoming.py); the filter by person reads it (upcoming.js). A test that
reads a row's words leaves the marker out (`unmarked`, `rows`); one about the filter reads it
(`people`).
"""

from __future__ import annotations

import re

MARKER = re.compile(r'<span class="rp-up-row" data-rp-people="([^"]*)"></span>')


def unmarked(text: str) -> str:
    """`text` without the row markers."""
    return MARKER.sub("", text)


def rows(text: str) -> list[list[str]]:
    """A table's rows, each cell's text; the marker naming whom the row concerns left out (see `people`)."""
    lines = [unmarked(line) for line in text.splitlines() if line.startswith("| ") and not line.startswith("|---")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[1:]]


def people(text: str) -> list[list[str]]:
    """Whom each row of a table concerns, as its marker says (the filter by person reads it)."""
    return [m.group(1).split() for m in MARKER.finditer(text)]
