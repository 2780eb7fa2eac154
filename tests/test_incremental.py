"""Incremental regeneration: unchanged files keep their bytes and modification times, and the
build cache never serves anything a fresh, uncached run would not produce."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.website import docs_tree
from generator import pipeline, render_site
from generator.support.cache import BuildCache

from .conftest import copy_project


def regenerate(project: Path, out: Path, cache: BuildCache | None) -> tuple[pipeline.Generated, docs_tree.WriteStats]:
    inputs = pipeline.load_checked(project, cache)
    generated = pipeline.render(inputs, cache=cache)
    stats = docs_tree.write(generated.tree, out, digests=generated.digests)
    if cache:
        cache.save()
    return generated, stats


def mtimes(folder: Path) -> dict[str, int]:
    """Modification times of the generated files (not of the writer's own manifest)."""
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file() and p.name != docs_tree.MANIFEST}


@pytest.fixture()
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def test_regeneration_rewrites_only_the_changed_vendors_files(project, tmp_path):
    out = tmp_path / "docs"
    regenerate(project, out, BuildCache(project))
    before = mtimes(out)
    time.sleep(0.01)
    _, unchanged = regenerate(project, out, BuildCache(project))
    assert unchanged.written == [] and unchanged.deleted == []
    assert mtimes(out) == before

    vendor = project / "content" / "vendors" / "andes-quality-labs.yml"
    vendor.write_text(vendor.read_text("utf-8").replace("Release regression testing", "Release regression and smoke testing"), "utf-8")
    generated, stats = regenerate(project, out, BuildCache(project))
    written = set(stats.written)
    assert "vendors/andes-quality-labs/index.md" in written
    # Only that vendor's own files, and the site-wide pages that list every vendor, change.
    site_wide = {"vendors/index.md", "checklists.md", "upcoming.md", "calendars/portfolio.ics"}
    assert all(p.startswith("vendors/andes-quality-labs/") or p in site_wide for p in written), written
    after = mtimes(out)
    untouched = [p for p in before if p not in written]
    assert untouched and all(after[p] == before[p] for p in untouched)


def test_a_recalled_vendors_files_are_not_hashed_again(project, tmp_path, monkeypatch):
    """The writer compares a file with what it wrote last time by its hash; a vendor's files
    recalled from the cache bring theirs (100 MB of pages at 500 vendors), and every hash it
    is given is the hash of those very bytes."""
    out = tmp_path / "docs"
    cold, _ = regenerate(project, out, BuildCache(project))
    vendor = project / "content" / "vendors" / "andes-quality-labs.yml"
    vendor.write_text(vendor.read_text("utf-8").replace("Release regression testing", "Release smoke testing"), "utf-8")
    hashed: list[int] = []
    digest_of = docs_tree.digest_of
    monkeypatch.setattr(docs_tree, "digest_of", lambda content: hashed.append(len(content)) or digest_of(content))
    warm, stats = regenerate(project, out, BuildCache(project))
    assert "vendors/andes-quality-labs/index.md" in stats.written
    others = [p for p in warm.tree if p.startswith("vendors/") and p.count("/") > 1 and not p.startswith("vendors/andes-quality-labs/")]
    assert others and all(p in warm.digests for p in others)
    own = [p for p in warm.tree if p.startswith("vendors/andes-quality-labs/")]
    assert len(hashed) <= len(warm.tree) - len(others), (len(hashed), len(warm.tree), len(others))
    for generated in (cold, warm):
        assert generated.digests and all(digest_of(generated.tree[p]) == d for p, d in generated.digests.items())
    assert all(p in warm.digests for p in own)
    # A render that keeps nothing hashes nothing: the writer hashes what it writes.
    assert pipeline.render(pipeline.load_checked(project)).digests == {}


def test_a_removed_vendor_leaves_no_file_behind(project, tmp_path):
    out = tmp_path / "docs"
    regenerate(project, out, BuildCache(project))
    (project / "content" / "vendors" / "tatra-cloud-ops.yml").unlink()
    _, stats = regenerate(project, out, BuildCache(project))
    assert any(p.startswith("vendors/tatra-cloud-ops/") for p in stats.deleted)
    assert not (out / "vendors" / "tatra-cloud-ops").exists()


@pytest.mark.parametrize("change", ["vendor", "play", "organization", "roles", "area"])
def test_cached_output_equals_a_fresh_run(project, tmp_path, change):
    cache = BuildCache(project)
    regenerate(project, tmp_path / "warm", cache)  # fills the cache
    edits = {  # file, old text, new text, what the new text shows as
        "vendor": ("content/vendors/lotus-code-works.yml", "Pune, India", "Pune, Maharashtra, India", "Maharashtra"),
        "play": ("playbooks/governance/steering-committee.md", "Teams can only solve", "Teams can solve only", "can solve only"),
        "organization": ("content/organization.yml", "Lukas Berg", "Lukas Bergmann", "Bergmann"),
        "roles": ("playbooks/roles.yml", "short: SPOC", "short: point person", "point person"),
        "area": ("playbooks/governance/index.md", "title: Governance", "title: Governance and decisions", "and decisions"),
    }
    path, old, new, shown = edits[change]
    text = (project / path).read_text("utf-8")
    assert old in text
    (project / path).write_text(text.replace(old, new), "utf-8")
    warm, _ = regenerate(project, tmp_path / "warm", BuildCache(project))
    cold, _ = regenerate(project, tmp_path / "cold", None)
    assert warm.tree.keys() == cold.tree.keys()
    assert [p for p in cold.tree if warm.tree[p] != cold.tree[p]] == []
    assert any(shown.encode() in data for data in cold.tree.values())


@pytest.fixture()
def site_wide_made(monkeypatch) -> list[int]:
    """How many times the site-wide pages and the people's calendars are made (SiteWide.make)."""
    made: list[int] = []
    real = render_site.SiteWide.make

    def make(self, tree, jobs):  # type: ignore[no-untyped-def]
        made.append(1)
        return real(self, tree, jobs)

    monkeypatch.setattr(render_site.SiteWide, "make", make)
    return made


def test_nothing_changed_makes_no_site_wide_page_again(project, tmp_path, site_wide_made):
    """With no input, setting or code changed, the site-wide pages (home, plays, directory,
    Upcoming, the person pages) and the people's calendars come from the build cache, in the
    same order as a fresh run's; any change makes them again (test_cached_output_equals_a_fresh_run)."""
    regenerate(project, tmp_path / "warm", BuildCache(project))
    warm, _ = regenerate(project, tmp_path / "warm", BuildCache(project))
    assert site_wide_made == [1]
    cold, _ = regenerate(project, tmp_path / "cold", None)
    assert list(warm.tree) == list(cold.tree) and warm.tree == cold.tree
    vendor = project / "content" / "vendors" / "lotus-code-works.yml"
    vendor.write_text(vendor.read_text("utf-8").replace("Pune, India", "Pune, Maharashtra, India"), "utf-8")
    regenerate(project, tmp_path / "warm", BuildCache(project))
    assert site_wide_made == [1, 1, 1]


def test_site_wide_files_of_the_wrong_shape_are_made_again(project, tmp_path, site_wide_made):
    """A site-wide entry this format never writes (a page that is text, not bytes) is dropped."""
    from generator.support.cache_store import Store

    regenerate(project, tmp_path / "warm", BuildCache(project))
    store = Store(project / "build" / ".cache" / "internal.json")
    kept = store.get(("site-wide",))
    assert type(kept) is tuple and len(kept[1][0]) > 10
    store.put(("site-wide",), (kept[0], ({"index.md": "<script>alert(1)</script>"}, kept[1][1])))
    store.save()
    warm, _ = regenerate(project, tmp_path / "warm", BuildCache(project))
    cold, _ = regenerate(project, tmp_path / "cold", None)
    assert site_wide_made == [1, 1, 1] and warm.tree == cold.tree


def test_a_damaged_cache_is_ignored(project, tmp_path):
    regenerate(project, tmp_path / "docs", BuildCache(project))
    stores = list((project / "build" / ".cache").glob("*.json"))
    assert stores
    for store in stores:
        store.write_bytes(b"not a cache")
    generated, _ = regenerate(project, tmp_path / "docs", BuildCache(project))
    cold, _ = regenerate(project, tmp_path / "cold", None)
    assert generated.tree == cold.tree


def test_build_date_is_part_of_the_fingerprint(project, tmp_path, monkeypatch):
    cache = BuildCache(project)
    regenerate(project, tmp_path / "docs", cache)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(os.environ["SOURCE_DATE_EPOCH"]) + 86400 * 200))
    warm, _ = regenerate(project, tmp_path / "docs", BuildCache(project))
    cold, _ = regenerate(project, tmp_path / "cold", None)
    assert warm.tree == cold.tree


@pytest.mark.parametrize("version_changes", [True, False], ids=["reported", "unreported"])
def test_an_upgraded_library_makes_a_warm_build_equal_a_cold_one(project, tmp_path, monkeypatch, version_changes):
    # A new icalendar that writes text differently. When its version changes (an upgrade
    # always reports one) the cache serves nothing made by the old one; the case where the
    # version stays the same shows what the cache would otherwise serve.
    import icalendar

    from generator.support import cache_store as cache_module
    from generator.render.files import ical

    regenerate(project, tmp_path / "docs", BuildCache(project))
    plain = icalendar.vText.to_ical
    monkeypatch.setattr(icalendar.vText, "to_ical", lambda self: plain(self).replace(b"Lotus", b"LOTUS"))
    if version_changes:
        installed = cache_module.metadata.version
        monkeypatch.setattr(cache_module.metadata, "version",
                            lambda name: "99.0" if name == "icalendar" else installed(name))
    cache_module.version.cache_clear()
    ical._shell_lines.cache_clear()  # a new process would start without these
    try:
        warm, _ = regenerate(project, tmp_path / "docs", BuildCache(project))
        cold, _ = regenerate(project, tmp_path / "cold", None)
    finally:
        cache_module.version.cache_clear()
        ical._shell_lines.cache_clear()
    path = "vendors/lotus-code-works/lotus-code-works.ics"
    assert b"LOTUS" in cold.tree[path]
    assert (warm.tree == cold.tree) is version_changes


def test_the_cache_version_covers_the_libraries_whose_output_it_keeps(monkeypatch):
    from generator.support import cache_store as cache_module

    before = cache_module.version()
    installed = cache_module.metadata.version
    for name in ("tzdata", "icalendar", "Jinja2", "MarkupSafe", "Markdown", "mkdocs-material", "PyYAML"):
        monkeypatch.setattr(cache_module.metadata, "version", lambda n, name=name: "0.0.1" if n == name else installed(n))
        cache_module.version.cache_clear()
        assert cache_module.version() != before, name
    monkeypatch.undo()
    cache_module.version.cache_clear()
    assert cache_module.version() == before
