"""Words for people on every page of every site of the sample (internal, restricted, each
vendor's): no ISO date, IANA zone name, "1 items", raw field name or long number without
thousands separators in the text a reader sees (tests/page_text.py).

What is left out, and why:
- code (`code`, `pre`, `kbd`): it shows what to type, such as `last_reviewed: "2026-10-12"`;
- a `<time>` element's text is checked, but its `datetime` attribute (the ISO form, for machines) is not text;
- a link whose text is its own address (a web site, an e-mail address): an address is copied, not read;
- years (1900–2099) are numbers people write without a separator;
- phone numbers ("+49 30 5550 1100") and standards ("ISO 27001"): their digit groups are names, not quantities;
- references such as "NW-2023-014" (digits joined by hyphens to letters): a code the contract gives.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .page_text import Piece, pages, pieces

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
IANA = re.compile(r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Za-z_]+")
ONE_PLURAL = re.compile(r"(?<![\d.,\-])\b1 ([a-z]+s)\b")
# "level 1 has", "month 1 shows": 1 names a level or a step here, it does not count what follows.
NAMING = re.compile(r"(?:level|week|month|day|phase|step|stage|tier|priority|P|Q|number|no\.) $", re.I)
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
LONG_NUMBER = re.compile(r"(?<![\d.,\-/:])\b\d{4,}\b(?![\-/]\w)")
PHONE = re.compile(r"\+\d[\d ()\-]{6,}\d")
STANDARD = re.compile(r"\b(?:ISO|IEC|SOC|EN|DIN)(?:/IEC)? \d+")
YEAR = re.compile(r"^(?:19|20)\d\d$")
NOT_PLURAL = ("ss", "us", "is")


def _address(piece: Piece) -> bool:
    href = piece.href.removeprefix("mailto:").removeprefix("tel:")
    return bool(href) and piece.text.strip() in (href, piece.href) or piece.text.strip().startswith(("http://", "https://"))


def slips(text: str) -> list[tuple[str, str]]:
    """(rule, the words around it) for every slip in a reader's text."""
    found: list[tuple[str, str]] = []

    def add(rule: str, m: re.Match[str]) -> None:
        found.append((rule, text[max(0, m.start() - 50):m.end() + 30]))

    for m in ISO_DATE.finditer(text):
        add("ISO date", m)
    for m in IANA.finditer(text):
        add("IANA zone name", m)
    for m in ONE_PLURAL.finditer(text):
        if not m.group(1).endswith(NOT_PLURAL) and not NAMING.search(text[max(0, m.start() - 12):m.start()]):
            add("plural after 1", m)
    for m in SNAKE.finditer(text):
        add("raw field name", m)
    names = PHONE.sub(" ", STANDARD.sub(" ", text))
    for m in LONG_NUMBER.finditer(names):
        if not YEAR.match(m.group()):
            found.append(("number without separators", names[max(0, m.start() - 50):m.end() + 30]))
    return found


def page_slips(site: Path) -> list[str]:
    out = []
    for page in pages(site):
        shown = [p.text if not p.code and not _address(p) else " " for p in pieces(page)]
        text = re.sub(r"\s+", " ", "".join(shown))
        out += [f"{page.relative_to(site)}: {rule}: …{words}…" for rule, words in slips(text)]
    return out


def test_every_page_of_every_site_says_things_in_words(every_site):
    assert len(every_site) == 8
    found = [f"{name}/{hit}" for name, site in every_site.items() for hit in page_slips(site)]
    assert not found, f"{len(found)} slips:\n" + "\n".join(found[:60])


@pytest.mark.parametrize("text, rule", [
    ("Working with Northwind since 2026-11-16", "ISO date"),
    ("Time zone Asia/Kathmandu", "IANA zone name"),
    ("America/Argentina/Buenos_Aires", "IANA zone name"),
    ("1 items", "plural after 1"),
    ("the last_reviewed date", "raw field name"),
    ("9100 EUR", "number without separators"),
    ("off target from 11000", "number without separators"),
])
def test_each_rule_finds_its_slip(text, rule):
    assert [r for r, _ in slips(text)] == [rule]


@pytest.mark.parametrize("text", [
    "Mon 7 Dec 2026", "Kathmandu, UTC+5:45", "1 item", "1 class", "2 items", "9,100 EUR", "in 2027", "+49 30 5550 1100",
    "ISO 27001 certificate", "contract NW-2023-014", "3.1415 hours", "Q3 2026", "level 1 has not agreed",
    "the week-1 sessions",
])
def test_words_pass(text):
    assert slips(text) == []
