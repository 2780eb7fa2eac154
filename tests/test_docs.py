"""The repository's own documentation: README.md stays short, and every relative link in it,
CONTRIBUTING.md and docs/*.md reaches a file of the repository (and, with a `#fragment`, a
heading of that file as GitHub and GitLab write its anchor)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def _prose(text: str) -> str:
    """The text without fenced code blocks and code spans, where brackets are not links."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def _anchor(heading: str) -> str:
    """A heading's anchor as GitHub writes it: lower case, punctuation dropped, spaces to dashes."""
    heading = re.sub(r"`", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", heading).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text("utf-8"), flags=re.S | re.M)
    return {_anchor(m.group(1)) for m in re.finditer(r"^#+ (.+)$", text, re.M)}


def _links(path: Path) -> list[str]:
    return [target for target in LINK.findall(_prose(path.read_text("utf-8")))
            if not re.match(r"[a-z]+:", target)]  # http:, https:, mailto: leave the repository


def test_the_readme_is_short():
    assert len((ROOT / "README.md").read_text("utf-8").splitlines()) <= 250


def test_the_documents_link_to_each_other():
    assert len(DOCUMENTS) >= 8
    assert sum(len(_links(path)) for path in DOCUMENTS) > 30


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(document: Path):
    broken = []
    for target in _links(document):
        file_part, _, fragment = target.partition("#")
        linked = (document.parent / file_part).resolve() if file_part else document
        if not linked.is_relative_to(ROOT) or not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in _anchors(linked):
            broken.append(f"{target}: no heading with that anchor in {linked.relative_to(ROOT)}")
    assert not broken, broken


def test_a_broken_link_is_found(tmp_path: Path):
    # The check itself can fail: a link to a missing heading and one to a missing file.
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n[ok](#title) [bad](#nothing) `[code](#not-a-link)` [gone](gone.md)\n", "utf-8")
    assert _links(page) == ["#title", "#nothing", "gone.md"]
    assert _anchors(page) == {"title"}


def test_every_file_of_the_code_the_documents_name_exists():
    # Paths in the code and tests move (the package layout did): a guide naming an old one misleads.
    named = {(path.name, found.rstrip(".")) for path in DOCUMENTS
             for found in re.findall(r"\b(?:generator|tests)/[\w./-]*\w", path.read_text("utf-8"))}
    assert len(named) > 40
    assert sorted(f"{doc}: {found}" for doc, found in named if not (ROOT / found).exists()) == []
