"""Pages as the theme's template made them, kept between builds (generator/website/kept_renders.py):
a warm build templates only the pages whose context changed, its site is byte for byte a cold
build's, and a damaged or foreign entry is never used.

Each case copies the primed sample project (tests/test_incremental_pages.py), changes one thing,
builds warm and cold and compares every file (`warm_and_cold`)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.support import cache as cache_module
from generator.website import engine, kept_renders

from .conftest import copy_project

from .test_incremental_pages import PAGES, dated, edit, primed, rewrite_pages, warm_and_cold, without_builds  # noqa: F401 (fixtures)


def rendered(project: Path) -> dict[str, list[str]]:
    """The project's kept outputs: page place -> [key, file name]."""
    entries = json.loads((project / PAGES).read_bytes().split(b"\n", 1)[0])["entries"]
    return {json.loads(key)[1]: value[1] for key, value in entries.items() if key.startswith('["render",')}


def test_nothing_changed_templates_no_page_again(primed, tmp_path, dated):
    kept = rendered(primed[0])
    assert len(kept) > 50 and "theme:404.html" in kept
    warm = warm_and_cold(primed, tmp_path, lambda project: None, inputs_changed=False)
    assert warm.templated == 0 and warm.finished == len(kept), (warm.templated, warm.finished)


def test_a_vendor_changed_templates_only_the_pages_that_changed(primed, tmp_path, dated):
    def change(project: Path) -> None:
        edit(project / "content" / "vendors" / "andes-quality-labs.yml", "Release regression testing",
             "Release regression and *smoke* testing")

    warm = warm_and_cold(primed, tmp_path, change)
    assert 0 < warm.templated < 15 and warm.finished > 50, (warm.templated, warm.finished)


def test_a_title_in_the_navigation_changed_templates_every_page_again(primed, tmp_path, dated):
    """The navigation is on every page: one play's title changes every page's output, although
    no other page's HTML changed."""
    def change(project: Path) -> None:
        edit(project / "playbooks" / "communication" / "channels-and-tools.md", "title: Set up shared channels and tools",
             "title: Set up the shared channels and tools")

    warm = warm_and_cold(primed, tmp_path, change)
    assert warm.finished == 0 and warm.templated == len(rendered(primed[0])), (warm.templated, warm.finished)


def test_the_build_date_changed_templates_every_page_again(primed, tmp_path, monkeypatch):
    """Another build date (SOURCE_DATE_EPOCH, what MkDocs gives the templates): nothing kept is used."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # a day later
    warm = warm_and_cold(primed, tmp_path, lambda project: None)
    assert warm.finished == 0, warm.finished


def test_a_kept_output_of_another_page_or_with_other_bytes_is_not_used(primed, tmp_path, dated):
    """One vendor's profile stored under another's place (its key is not theirs), and a kept page
    whose bytes no longer hash to its name (a script appended), and an entry naming a path out of
    the folder: each such page is templated again, and the site is the cold build's. (The whole
    builds, which name their outputs themselves, are dropped: tests/test_kept_builds.py.)"""
    def change(project: Path) -> None:
        folder = project / PAGES.parent / "pages-internal"

        def damage(entries: dict[str, list[object]]) -> None:
            without_builds(entries)
            a, b = '["render", "vendors/andes-quality-labs/index.md"]', '["render", "vendors/lotus-code-works/index.md"]'
            entries[a], entries[b] = entries[b], entries[a]
            glossary = entries['["render", "glossary.md"]'][1][1]  # type: ignore[index]
            with open(folder / f"{glossary}.page", "ab") as handle:
                handle.write(b"<script>alert(1)</script>")
            entries['["render", "upcoming.md"]'][1][1] = "../../../../etc/passwd"  # type: ignore[index]
        rewrite_pages(project, damage)

    warm = warm_and_cold(primed, tmp_path, change, inputs_changed=False)
    assert warm.templated == 4, (warm.templated, warm.finished)
    assert warm.converted == 0


def test_a_plugin_the_generator_does_not_know_switches_the_keeping_off(primed, tmp_path, dated):
    """A plugin may add to every page's context what the key cannot see: with one (Material's
    tags plugin here), no output is kept or used."""
    assert kept_renders.only_known(["material/search", "playbooks/generated-docs"])
    assert not kept_renders.only_known(["material/search", "material/tags"])

    def change(project: Path) -> None:
        edit(project / "mkdocs.yml", "plugins:\n", "plugins:\n  - tags\n")

    warm = warm_and_cold(primed, tmp_path, change)
    assert warm.templated == warm.finished == 0, (warm.templated, warm.finished)


def test_a_title_the_navigation_takes_from_another_page_is_in_every_pages_key(tmp_path, dated):
    """A navigation entry without a title shows the page's own (its first heading): when that
    heading changes, every page shows the new title in its navigation, though no other page's
    HTML or the configuration changed. The navigation as MkDocs resolved it is in each key."""
    project = copy_project(tmp_path / "project")
    variant = engine.Variant(project, "titles")
    engine.write_config(variant, {"nav": ["index.md", "other.md"], "plugins": []})
    store = cache_module.BuildCache(None).converted_pages("titles")
    home = b"# Home\n\nSee [the other page](other.md).\n"
    engine.build(variant, "mkdocs", {"index.md": home, "other.md": b"# Other\n"}, store)
    assert store.templated == 3 and store.finished == 0  # the two pages and the 404 page
    engine.build(variant, "mkdocs", {"index.md": home, "other.md": b"# Renamed\n"}, store)
    assert store.finished == 0, store.finished
    assert "Renamed" in (variant.site / "index.html").read_text("utf-8")
    assert "Renamed" in (variant.site / "404.html").read_text("utf-8")
    engine.build(variant, "mkdocs", {"index.md": home, "other.md": b"# Renamed\n"}, store)
    assert store.finished == 3 and store.templated == 6  # (the counts add up over one store's builds)
