"""A page's whole build kept between builds (generator/website/pages_ahead.py): a page whose
build key is unchanged is not built at all (its kept output written, its search entries, ids
and links taken over); everything the key is made of sends the page to be built when it
changes; and a damaged or foreign kept build is never used. Each warm site is compared with a
cold build's (tests/test_incremental_pages.py's `warm_and_cold`)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from generator.support import cache as cache_module
from generator.website import engine

from .conftest import copy_project
from .test_incremental_pages import PAGES, dated, edit, primed, rewrite_pages, warm_and_cold  # noqa: F401 (fixtures)


@pytest.fixture()
def built(monkeypatch) -> list[str]:
    """The pages MkDocs' own `_build_page` builds in this test (pages_ahead calls it for every
    page it does not take from a kept build)."""
    from mkdocs.commands import build as mkdocs_build

    pages: list[str] = []
    real = mkdocs_build._build_page

    def counted(page, *args, **kwargs):  # type: ignore[no-untyped-def]
        pages.append(page.file.src_uri)
        return real(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", counted)
    return pages


def kept_builds(project: Path) -> int:
    entries = json.loads((project / PAGES).read_bytes().split(b"\n", 1)[0])["entries"]
    return sum(key.startswith('["build",') for key in entries)


def test_nothing_changed_builds_no_page(primed, tmp_path, dated, built):
    """Every page's whole build is kept by a cold build; a warm one with nothing changed builds
    none of them, and its site (search index included) is the cold build's, byte for byte."""
    assert kept_builds(primed[0]) == primed[1]
    warm = warm_and_cold(primed, tmp_path, lambda project: None, inputs_changed=False)
    assert built == [], built
    assert warm.templated == 0 and warm.finished == primed[1] + 1  # (and the 404 page's output)
    assert kept_builds(tmp_path / "project") == primed[1]


def test_a_vendor_changed_builds_only_the_pages_that_changed(primed, tmp_path, dated, built):
    def change(project: Path) -> None:
        edit(project / "content" / "vendors" / "andes-quality-labs.yml", "Release regression testing",
             "Release regression and *smoke* testing")

    warm_and_cold(primed, tmp_path, change)
    warm = len(built) - primed[1]  # (the cold build after it built every page)
    assert 0 < warm < 15 and any("andes-quality-labs" in page for page in built[:warm]), built[:warm]


def test_a_checklist_item_changed_builds_the_pages_whose_blocks_changed(primed, tmp_path, dated, built):
    """A checklist item lives in a finished block, set aside while the page is converted: the
    pages' converted HTML is the same as before, only their blocks differ (they are in the key)."""
    def change(project: Path) -> None:
        edit(project / "playbooks" / "communication" / "channels-and-tools.md",
             "text: Choose one tool each for chat", "text: Choose a single tool each for chat")

    warm_and_cold(primed, tmp_path, change)
    warm = built[:len(built) - primed[1]]
    assert sum(page.endswith("/checklists.md") for page in warm) >= 3, warm


def three_pages(tmp_path: Path) -> tuple[engine.Variant, object]:
    project = copy_project(tmp_path / "project")
    variant = engine.Variant(project, "kept")
    engine.write_config(variant, {"nav": ["index.md", "middle.md", "far.md"], "not_in_nav": "/people/", "plugins": []})
    return variant, cache_module.BuildCache(None).converted_pages("kept")


def test_a_title_the_navigation_takes_from_a_page_far_away_is_in_every_pages_key(tmp_path, dated, built):
    """The home page's neighbours, HTML and settings stay the same when the last page's first
    heading changes, but the navigation on it shows the new title: it is built again."""
    variant, store = three_pages(tmp_path)
    tree = {"index.md": b"# Home\n", "middle.md": b"# Middle\n", "far.md": b"# Far\n"}
    engine.build(variant, "mkdocs", tree, store)  # type: ignore[arg-type]
    engine.build(variant, "mkdocs", tree, store)  # type: ignore[arg-type]
    assert len(built) == 3, built  # the second build took all three
    engine.build(variant, "mkdocs", {**tree, "far.md": b"# Farther\n"}, store)  # type: ignore[arg-type]
    assert sorted(built[3:]) == ["far.md", "index.md", "middle.md"], built[3:]
    assert "Farther" in (variant.site / "index.html").read_text("utf-8")


def test_a_table_linking_to_a_page_that_went_still_fails_the_strict_build(tmp_path, dated, built):
    """A table is converted ahead and set aside; its links are rewritten, and checked, when the
    page is built. The page its link points to is not in the navigation, so when it goes neither
    the linking page nor the navigation changes: every file of the site is in the key, so the
    page is built again, and the dead link fails the build as in a cold build."""
    variant, store = three_pages(tmp_path)
    table = b"# Home\n\n| Who | Where |\n|---|---|\n| Ann | [her page](people/ann.md) |\n"
    tree = {"index.md": table, "middle.md": b"# Middle\n", "far.md": b"# Far\n", "people/ann.md": b"# Ann\n"}
    engine.build(variant, "mkdocs", tree, store)  # type: ignore[arg-type]
    engine.build(variant, "mkdocs", tree, store)  # type: ignore[arg-type]
    assert "index.md" not in built[4:]  # taken from its kept build
    gone = {path: text for path, text in tree.items() if path != "people/ann.md"}
    with pytest.raises(engine.EngineError, match="people/ann.md"):
        engine.build(variant, "mkdocs", gone, store)  # type: ignore[arg-type]


def test_a_damaged_or_foreign_kept_build_is_not_used(primed, tmp_path, dated, built):
    """Each damage sends its page to be built: two vendors' kept builds swapped (neither key is
    the page's own), a build naming an output whose bytes no longer hash to its name (a script
    appended), one naming an output out of the folder, and one whose bytes hash to its name but
    hold a search entry that is not plain data. The site is the cold build's."""
    def change(project: Path) -> None:
        folder = project / PAGES.parent / "pages-internal"

        def build_of(entries: dict[str, list[object]], page: str) -> list[object]:
            name = entries[json.dumps(["build", page])][1][1]  # type: ignore[index]
            return json.loads((folder / f"{name}.page").read_bytes())  # type: ignore[no-any-return]

        def forge(entries: dict[str, list[object]], page: str, kept: list[object]) -> None:
            forged = json.dumps(kept).encode("utf-8")
            name = hashlib.sha256(forged).hexdigest()
            (folder / f"{name}.page").write_bytes(forged)
            entries[json.dumps(["build", page])][1][1] = name  # type: ignore[index]

        def damage(entries: dict[str, list[object]]) -> None:
            a, b = '["build", "vendors/andes-quality-labs/index.md"]', '["build", "vendors/lotus-code-works/index.md"]'
            entries[a], entries[b] = entries[b], entries[a]
            output = build_of(entries, "glossary.md")[3][1]  # type: ignore[index]
            with open(folder / f"{output}.page", "ab") as handle:
                handle.write(b"<script>alert(1)</script>")
            kept = build_of(entries, "sources.md")
            kept[3][1] = "../../../../etc/passwd"  # type: ignore[index]
            forge(entries, "sources.md", kept)
            kept = build_of(entries, "upcoming.md")
            kept[0].append(["not", "an entry"])  # type: ignore[attr-defined]
            forge(entries, "upcoming.md", kept)
        rewrite_pages(project, damage)

    warm_and_cold(primed, tmp_path, change, inputs_changed=False)
    assert sorted(built) == ["glossary.md", "sources.md", "upcoming.md", "vendors/andes-quality-labs/index.md",
                             "vendors/lotus-code-works/index.md"], built


def test_blocks_recalled_go_back_read_again_or_made_again(primed, tmp_path, dated, monkeypatch):
    """A page whose set-aside was recalled holds no blocks until they go back (none do when its
    whole build is kept). When a title in the navigation changes, every page is built: each
    reads its blocks from the build cache again, and where the cache's file is gone by then
    (here: every second reading fails), makes them again from its Markdown. The site is the
    cold build's."""
    from generator.support.cache_pages import ConvertedPages

    readings: dict[str, int] = {}
    recall = ConvertedPages.recall_aside

    def second_fails(self, path, key):  # type: ignore[no-untyped-def]
        readings[path] = readings.get(path, 0) + 1
        return None if readings[path] == 2 else recall(self, path, key)

    monkeypatch.setattr(ConvertedPages, "recall_aside", second_fails)

    def change(project: Path) -> None:
        edit(project / "playbooks" / "communication" / "channels-and-tools.md", "title: Set up shared channels and tools",
             "title: Set up the shared channels and tools")

    warm_and_cold(primed, tmp_path, change)
    assert sum(count >= 2 for count in readings.values()) > 20, readings


def test_a_kept_search_entry_is_plain_data_at_most_eight_deep():
    """What a kept build's search entries may hold (cache_data.plain, the rule the cache's
    writer uses, bounded in depth): JSON's own values, nested at most eight lists or objects."""
    from generator.support.cache_data import plain

    nested: object = "text"
    for _ in range(7):
        nested = [nested]
    assert plain({"location": "a/", "boost": 2.0, "tags": nested}, deep=8)
    assert not plain({"location": "a/", "tags": [nested]}, deep=8)
    assert not plain({"location": ("a", "tuple")}, deep=8) and not plain({1: "a key that is a number"}, deep=8)
    assert not plain({"boost": 1 << 70}, deep=8)
    assert plain({"tags": [[nested]]})  # no bound when the writer asks
