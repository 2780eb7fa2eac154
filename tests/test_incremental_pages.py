"""The engine's page conversions kept between builds (kept_pages.py, `kept_conversions`; cache.py,
`ConvertedPages`): a warm build's site is byte for byte a cold build's of the same inputs, after
each kind of change, and a damaged or foreign cache entry is never used.

Each case copies a project whose cache a first build filled, changes one thing, builds it warm
(with that cache) and cold (without `build/`), and compares every file of the two sites."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest

from generator.support import cache as cache_module
from generator.website import engine, kept_pages
from generator import pipeline

from .conftest import BUILD_EPOCH, copy_project

EPOCH = "1795219200"
PAGES = Path("build") / ".cache" / "pages-internal.json"


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(warm: Path, cold: Path) -> None:
    a, b = files_of(warm), files_of(cold)
    assert sorted(a) == sorted(b)
    differ = [path for path in a if a[path] != b[path]]
    assert not differ, f"warm and cold builds differ in {differ[:5]}"


def stored_pages(project: Path) -> int:
    """How many page conversions the project's page store holds (not the pages' set-asides,
    kept in the same store under `["aside", place]`: kept_pages.kept_set_aside, nor their
    templated outputs, under `["render", place]`: kept_renders.py, nor their whole builds,
    under `["build", place]`: pages_ahead.py)."""
    entries = json.loads((project / PAGES).read_bytes().split(b"\n", 1)[0])["entries"]
    return sum(1 for key in entries if not key.startswith(('["aside",', '["render",', '["build",')))


@pytest.fixture(scope="module")
def primed(sample_site) -> tuple[Path, int]:
    """The sample project after one build (the session's `sample_site`, built on EPOCH, read
    only: each case copies it): its cache holds every page's conversion, one for each page that
    build converted (a cold build's store holds as many as it converted: `warm_and_cold` checks)."""
    assert BUILD_EPOCH == EPOCH
    project = sample_site.parent
    assert stored_pages(project) > 50
    return project, stored_pages(project)


def warm_and_cold(primed: tuple[Path, int], tmp_path: Path, change: Callable[[Path], None], *,
                  inputs_changed: bool = True) -> pipeline.BuildReport:
    """Copy the primed project, change it, build it warm into site-warm/, and check that the site
    is the same bytes as a cold build of the same inputs: built into site-cold/ with build/ moved
    away, or, when `change` touched no input (only the cache), the primed project's own cold site."""
    project = tmp_path / "project"
    shutil.copytree(primed[0], project, symlinks=True)
    shutil.rmtree(project / "site")
    change(project)
    warm = pipeline.build(project, site_dir=tmp_path / "site-warm")
    if inputs_changed:
        shutil.move(project / "build", tmp_path / "build-warm")
        cold = pipeline.build(project, site_dir=tmp_path / "site-cold")
        assert cold.reused == 0 and cold.converted == stored_pages(project) > 50
        assert_same_site(tmp_path / "site-warm", tmp_path / "site-cold")
    else:
        assert_same_site(tmp_path / "site-warm", primed[0] / "site")
    return warm


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture()
def dated(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_nothing_changed_reuses_every_conversion(primed, tmp_path, dated):
    warm = warm_and_cold(primed, tmp_path, lambda project: None, inputs_changed=False)
    assert warm.converted == 0 and warm.reused == primed[1]


def test_a_vendor_changed_converts_only_its_pages_again(primed, tmp_path, dated):
    def change(project: Path) -> None:
        edit(project / "content" / "vendors" / "andes-quality-labs.yml", "Release regression testing",
             "Release regression and *smoke* testing")

    warm = warm_and_cold(primed, tmp_path, change)
    assert 0 < warm.converted < 10 and warm.reused > 40, (warm.converted, warm.reused)


def test_a_play_changed(primed, tmp_path, dated):
    """A vendor-visible play's body, and one of its checklist items (on every vendor's
    checklists page, set aside as HTML: those pages' Markdown does not change)."""
    def change(project: Path) -> None:
        play = project / "playbooks" / "communication" / "channels-and-tools.md"
        edit(play, "Choose one tool each for chat", "Choose **one** tool each for chat")
        text = play.read_text("utf-8")
        play.write_text(text + "\n## Added for the test\n\nA new section, with a [link](../governance/index.md).\n", "utf-8")

    warm = warm_and_cold(primed, tmp_path, change)
    assert warm.converted > 0 and warm.reused > 40, (warm.converted, warm.reused)


def test_the_organization_changed(primed, tmp_path, dated):
    def change(project: Path) -> None:
        edit(project / "content" / "organization.yml", "name: Northwind Outfitters GmbH", "name: Northwind Outfitters AG")
        edit(project / "content" / "organization.yml", "short_name: Northwind", "short_name: Nordwind")

    warm = warm_and_cold(primed, tmp_path, change)
    assert warm.converted > 10, (warm.converted, warm.reused)


def test_mkdocs_yml_changed(primed, tmp_path, dated):
    """A Markdown setting: every heading's permalink changes, with no page's Markdown changed."""
    def change(project: Path) -> None:
        edit(project / "mkdocs.yml", "      permalink: true", '      permalink: "#"')

    warm = warm_and_cold(primed, tmp_path, change)
    assert warm.reused == 0, warm.reused


def test_a_library_version_changed(primed, tmp_path, dated, monkeypatch):
    """After an upgrade of Python-Markdown (faked: same code, another version number) nothing kept
    is used; the generator's own cache version is left as it was, so only the conversion key
    can tell."""
    version = cache_module.version()
    monkeypatch.setattr(kept_pages, "version", lambda: version)
    real = cache_module.installed
    monkeypatch.setattr(kept_pages, "installed", lambda name: "99.0" if name == "Markdown" else real(name))
    warm = warm_and_cold(primed, tmp_path, lambda project: None, inputs_changed=False)
    assert warm.reused == 0 and warm.converted == primed[1]


def test_a_page_is_reused_only_while_its_links_find_the_same_files(tmp_path, dated):
    """A page's key holds its own Markdown and place, not the other pages': when the page its link
    points to goes, the kept HTML would pass the strict build with a dead link. The lookups its
    links made are checked before it is reused, so it is converted again and the link reported."""
    project = copy_project(tmp_path / "project")
    variant = engine.Variant(project, "links")
    engine.write_config(variant, {"nav": ["index.md", "other.md"], "plugins": []})
    store = cache_module.BuildCache(None).converted_pages("links")
    home = b"# Home\n\nSee [the other page](other.md#part) and [this part](#here).\n\n## Here\n"
    engine.build(variant, "mkdocs", {"index.md": home, "other.md": b"# Other\n\n## Part\n"}, store)
    assert (store.converted, store.reused) == (2, 0)
    engine.build(variant, "mkdocs", {"index.md": home, "other.md": b"# Other, changed\n\n## Part\n"}, store)
    assert (store.converted, store.reused) == (3, 1)  # the home page reused; its anchors still checked
    with pytest.raises(engine.EngineError, match="does not contain an anchor '#part'"):
        engine.build(variant, "mkdocs", {"index.md": home, "other.md": b"# Other\n"}, store)
    with pytest.raises(engine.EngineError, match="other.md"):
        engine.build(variant, "mkdocs", {"index.md": home, "moved.md": b"# Other\n\n## Part\n"}, store)
    assert store.reused == 2  # the second time, the dead link sent the home page to be converted


# --- a cache that is damaged, or holds what another page or project put there ---------------

def rewrite_pages(project: Path, how: Callable[[dict[str, list[object]]], None]) -> None:
    """Change the entries of the project's page store in place (its JSON head; bytes kept)."""
    path = project / PAGES
    data = path.read_bytes()
    end = data.index(b"\n")
    head = json.loads(data[:end])
    how(head["entries"])
    path.write_bytes(json.dumps(head).encode("utf-8") + data[end:])


def test_a_store_that_does_not_parse_is_ignored(primed, tmp_path, dated, capsys):
    def change(project: Path) -> None:
        (project / PAGES).write_bytes(b"\x80garbage{" * 100)

    warm = warm_and_cold(primed, tmp_path, change, inputs_changed=False)
    assert warm.reused == 0 and warm.converted == primed[1]


def test_an_entry_under_another_pages_name_is_not_used(primed, tmp_path, dated):
    """The profile of one vendor stored under the place of another (or a page from another
    project): its key is not the key of the page it claims to be, so it is never used."""
    def change(project: Path) -> None:
        def swap(entries: dict[str, list[object]]) -> None:
            a, b = '["page", "vendors/andes-quality-labs/index.md"]', '["page", "vendors/lotus-code-works/index.md"]'
            entries[a], entries[b] = entries[b], entries[a]
        rewrite_pages(project, swap)

    warm = warm_and_cold(primed, tmp_path, change, inputs_changed=False)
    assert warm.converted == 2, (warm.converted, warm.reused)


def test_an_entry_or_page_file_of_the_wrong_shape_or_bytes_is_dropped(primed, tmp_path, dated):
    """Each damage sends one page to be converted again: a file name that is not a SHA-256 (here a
    path out of the folder), a value this format never writes, a page file whose bytes no longer
    hash to its name, and one whose bytes do hash to it but whose first line is not a page's."""
    def change(project: Path) -> None:
        folder = project / PAGES.parent / "pages-internal"

        def damage(entries: dict[str, list[object]]) -> None:
            home = entries['["page", "index.md"]']
            assert home[0] == "T" and len(home[1]) == 2  # type: ignore[arg-type]  # (key, file name)
            home[1][1] = "../../../../etc/passwd"  # type: ignore[index]
            entries['["page", "glossary.md"]'] = ["c", "os.system", ["j", "echo hi"]]
            sources = entries['["page", "sources.md"]'][1][1]  # type: ignore[index]
            with open(folder / f"{sources}.page", "ab") as handle:
                handle.write(b"<script>alert(1)</script>")
            forged = b'["not", "a page"]\n<p>forged</p>'
            name = hashlib.sha256(forged).hexdigest()
            (folder / f"{name}.page").write_bytes(forged)
            entries['["page", "upcoming.md"]'][1][1] = name  # type: ignore[index]
        rewrite_pages(project, damage)

    warm = warm_and_cold(primed, tmp_path, change, inputs_changed=False)
    assert warm.converted == 4, (warm.converted, warm.reused)


# --- the search plugin's sections kept with a page's conversion (kept_search.py) ------------

@pytest.fixture()
def parsed(monkeypatch) -> list[int]:
    """How many pages Material's search parser reads in this test (its `Parser.feed` counted)."""
    from material.plugins.search import plugin as search

    count = [0]
    feed = search.Parser.feed

    def counted(self: object, data: str) -> None:
        count[0] += 1
        feed(self, data)  # type: ignore[arg-type]

    monkeypatch.setattr(search.Parser, "feed", counted)
    return count


def test_nothing_changed_parses_no_page_for_search(primed, tmp_path, dated, parsed):
    """The search index (compared with the rest of the site) is the cold build's, and no page's
    HTML went through the search plugin's parser: every page's sections were kept."""
    warm_and_cold(primed, tmp_path, lambda project: None, inputs_changed=False)
    assert parsed[0] == 0


def without_builds(entries: dict[str, list[object]]) -> None:
    """Every page's whole build dropped from the store's `entries` (pages_ahead.py), so that each
    page is built from its conversion and what is kept of it, as a build after a change would."""
    for place in [place for place in entries if place.startswith('["build",')]:
        del entries[place]


def page_files(project: Path, how: Callable[[dict[str, list[Any]]], None]) -> None:
    """Rewrite page files' first lines: `how` gets each page's meta by place, and may change it;
    a changed page is written under its new SHA-256 and its entry named after it, as the cache does.
    The pages' whole builds are dropped (without_builds): each page is built from what is kept."""
    folder = project / PAGES.parent / "pages-internal"
    metas: dict[str, list[Any]] = {}
    data: dict[str, bytes] = {}

    def read(entries: dict[str, list[object]]) -> None:
        without_builds(entries)
        for place, (_, (_, name)) in entries.items():  # type: ignore[misc]
            if not place.startswith('["page"'):
                continue  # a set-aside's file (kept_set_aside) is one JSON list, no first line
            data[place] = (folder / f"{name}.page").read_bytes()
            metas[place] = json.loads(data[place][:data[place].index(b"\n")])
        before = json.dumps(metas, sort_keys=True)
        how(metas)
        assert json.dumps(metas, sort_keys=True) != before
        for place, meta in metas.items():
            new = json.dumps(meta).encode("utf-8") + data[place][data[place].index(b"\n"):]
            if new != data[place]:
                name = hashlib.sha256(new).hexdigest()
                (folder / f"{name}.page").write_bytes(new)
                entries[place][1][1] = name  # type: ignore[index]

    rewrite_pages(project, read)


def test_search_sections_of_another_page_are_not_used(primed, tmp_path, dated, parsed):
    """The home page's search part replaced by the sources page's (its digest and its sections, as
    a cache copied between pages or projects would hold): its digest is not that of the HTML the
    search plugin is given, so the page is parsed again; the index is the cold build's."""
    def change(project: Path) -> None:
        def swap(metas: dict[str, list[Any]]) -> None:
            home, sources = metas['["page", "index.md"]'], metas['["page", "sources.md"]']
            assert home[5] and sources[5] and home[5] != sources[5]
            home[5] = sources[5]
        page_files(project, swap)

    warm = warm_and_cold(primed, tmp_path, change, inputs_changed=False)
    assert parsed[0] == 1 and warm.converted == 0


def test_search_sections_of_the_wrong_shape_drop_the_page(primed, tmp_path, dated, parsed):
    """A search part this format never writes (a section that is not [id, title, text] of
    strings) makes the whole page file unusable: the page is converted and parsed again."""
    def change(project: Path) -> None:
        def damage(metas: dict[str, list[Any]]) -> None:
            search = metas['["page", "index.md"]'][5]
            search[1][0] = [None, None, {"text": "<script>alert(1)</script>"}]
        page_files(project, damage)

    warm = warm_and_cold(primed, tmp_path, change, inputs_changed=False)
    assert parsed[0] == 1 and warm.converted == 1


# --- a page's finished blocks and tables set aside, kept (kept_pages.kept_set_aside) --------

@pytest.fixture()
def set_aside_calls(monkeypatch) -> list[str]:
    """The first lines of the pages set aside in this test (finished_html.set_aside, counted)."""
    calls: list[str] = []
    real = kept_pages.set_aside

    def counted(page: str) -> tuple[str, list[str]]:
        calls.append(page.split("\n", 1)[0])
        return real(page)

    monkeypatch.setattr(kept_pages, "set_aside", counted)
    return calls


def test_nothing_changed_sets_no_page_aside_again(primed, tmp_path, dated, set_aside_calls):
    warm_and_cold(primed, tmp_path, lambda project: None, inputs_changed=False)
    assert set_aside_calls == []


def test_a_vendor_changed_sets_aside_only_its_pages(primed, tmp_path, dated, set_aside_calls):
    def change(project: Path) -> None:
        edit(project / "content" / "vendors" / "andes-quality-labs.yml", "Release regression testing",
             "Release regression and *smoke* testing")

    project = tmp_path / "project"
    shutil.copytree(primed[0], project, symlinks=True)
    change(project)
    pipeline.build(project, site_dir=tmp_path / "site-warm")
    assert 0 < len(set_aside_calls) < 10, set_aside_calls


def test_a_set_aside_of_another_page_or_of_the_wrong_shape_is_not_used(primed, tmp_path, dated, set_aside_calls):
    """Four damages, each page set aside again (and nothing else): the set-aside of one vendor's
    profile under another's place (its key is another page's); a file whose bytes hash to its
    name but whose Markdown lost a block's placeholder (put back, it would have failed the
    build); a file holding what this format never writes; a block number out of range."""
    profiles = [f"vendors/{slug}/index.md" for slug in ("andes-quality-labs", "lotus-code-works")]

    def change(project: Path) -> None:
        def damage(entries: dict[str, list[Any]]) -> None:
            a, b = (json.dumps(["aside", place]) for place in profiles)
            entries[a], entries[b] = entries[b], entries[a]
            folder = project / PAGES.parent / "pages-internal"
            for place, forge in (("checklists.md", lambda v: [v[0].replace('data-rp-slot="0"', ""), v[1], v[2]]),
                                 ("scorecards.md", lambda v: {"text": v[0]}),
                                 ("upcoming.md", lambda v: [v[0], v[1], [len(v[1])]])):
                entry = entries[json.dumps(["aside", place])]
                value = json.loads((folder / f"{entry[1][1]}.page").read_bytes())
                forged = json.dumps(forge(value)).encode("utf-8")
                assert forged != json.dumps(value).encode("utf-8")
                name = hashlib.sha256(forged).hexdigest()
                (folder / f"{name}.page").write_bytes(forged)
                entry[1][1] = name
        rewrite_pages(project, damage)

    warm = warm_and_cold(primed, tmp_path, change, inputs_changed=False)
    assert len(set_aside_calls) == 5 and warm.converted == 0, (set_aside_calls, warm.converted)
