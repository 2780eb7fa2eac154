"""Zensical's own cache kept between builds (website/zensical_cache.py): a warm Zensical build,
which drops `--clean`, gives the site a clean build gives, byte for byte, after each kind of
change; and a change Zensical cannot see makes the build clean.

Each case copies the project of the session's `zensical_site` (its build/ holds Zensical's cache
and the stamp of that build), changes one thing, builds it warm, then cold (build/ moved away),
and compares every file. Zensical builds take 10-40 s each: `make test` runs the vendor case;
the others run with PLAYBOOKS_EXHAUSTIVE=1 (the nightly run)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from generator import pipeline
from generator.website import engine, zensical_cache

from .conftest import EXHAUSTIVE, copy_project
from .test_incremental_pages import assert_same_site, edit

nightly = pytest.mark.skipif(not EXHAUSTIVE, reason="a Zensical build pair each: nightly (PLAYBOOKS_EXHAUSTIVE=1)")


@pytest.fixture()
def commands(monkeypatch) -> list[list[str]]:
    """Every Zensical command line run, in order (the runs still happen)."""
    seen: list[list[str]] = []
    real = subprocess.run

    def run(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "zensical" in command:
            seen.append(list(command))
        return real(command, *args, **kwargs)

    monkeypatch.setattr(engine.subprocess, "run", run)
    return seen


def warm_then_cold(primed: Path, tmp_path: Path, change: Callable[[Path], None], commands: list[list[str]]) -> None:
    """Copy the primed project with its build/, change it, build warm into site-warm/ (which must
    keep Zensical's cache: no `--clean`), then cold into site-cold/ with build/ moved away, and
    compare the two sites."""
    project = tmp_path / "project"
    shutil.copytree(primed, project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    change(project)
    pipeline.build(project, site_dir=tmp_path / "site-warm", engine_name="zensical")
    assert "--clean" not in commands[-1], "the warm build emptied Zensical's cache"
    shutil.move(project / "build", tmp_path / "build-warm")
    pipeline.build(project, site_dir=tmp_path / "site-cold", engine_name="zensical")
    assert "--clean" in commands[-1]
    assert_same_site(tmp_path / "site-warm", tmp_path / "site-cold")


@pytest.fixture()
def primed(zensical_site: Path) -> Path:
    project = zensical_site.parent
    assert (project / "build" / "internal" / zensical_cache.STAMP).is_file()
    return project


def test_a_vendor_changed(primed, tmp_path, commands):
    """A vendor's text and name: its pages, the directory, every page's navigation."""
    def change(project: Path) -> None:
        vendor = project / "content" / "vendors" / "andes-quality-labs.yml"
        edit(vendor, "Release regression testing", "Release regression and *smoke* testing")
        edit(vendor, "name: Andes Quality Labs", "name: Andes Quality Laboratories")

    warm_then_cold(primed, tmp_path, change, commands)


@nightly
def test_a_vendor_deleted(primed, tmp_path, commands):
    """Its pages must be gone, from the navigation, search and sitemap too."""
    def change(project: Path) -> None:
        (project / "content" / "vendors" / "harbor-light-support.yml").unlink()

    warm_then_cold(primed, tmp_path, change, commands)


@nightly
def test_a_play_changed(primed, tmp_path, commands):
    def change(project: Path) -> None:
        play = project / "playbooks" / "communication" / "channels-and-tools.md"
        edit(play, "Choose one tool each for chat", "Choose **one** tool each for chat")
        play.write_text(play.read_text("utf-8") + "\n## Added for the test\n\nA new section.\n", "utf-8")

    warm_then_cold(primed, tmp_path, change, commands)


@nightly
def test_the_organization_changed(primed, tmp_path, commands):
    def change(project: Path) -> None:
        edit(project / "content" / "organization.yml", "short_name: Northwind", "short_name: Nordwind")

    warm_then_cold(primed, tmp_path, change, commands)


@nightly
def test_mkdocs_yml_changed(primed, tmp_path, commands):
    """A Markdown setting (every heading's permalink) and a theme setting (the footer)."""
    def change(project: Path) -> None:
        edit(project / "mkdocs.yml", "      permalink: true", '      permalink: "#"')
        edit(project / "mkdocs.yml", "copyright: Northwind Outfitters GmbH", "copyright: Northwind Outfitters AG")

    project = tmp_path / "project"
    warm = tmp_path / "warm"
    warm.mkdir()
    # mkdocs.yml is part of the key (it may name code Zensical cannot see): the build cleans.
    shutil.copytree(primed, project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    change(project)
    pipeline.build(project, site_dir=warm / "site", engine_name="zensical")
    assert "--clean" in commands[-1]
    # Zensical itself sees the change too: with the key left as it was, the warm site is still right.
    shutil.rmtree(project)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(zensical_cache, "key", lambda root, epoch, theme: stamped(primed))
        warm_then_cold(primed, tmp_path / "kept", change, commands)


def stamped(project: Path) -> str:
    import json

    return str(json.loads((project / "build" / "internal" / zensical_cache.STAMP).read_text("utf-8"))["key"])


@nightly
def test_what_zensical_cannot_see_cleans(primed, tmp_path, commands, monkeypatch):
    """An upgrade of this tool or of a library (faked: another version()) empties Zensical's cache
    first; with nothing else changed, the site is the session's."""
    project = tmp_path / "project"
    shutil.copytree(primed, project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    pipeline.build(project, site_dir=tmp_path / "same", engine_name="zensical")
    assert "--clean" not in commands[-1]
    monkeypatch.setattr(zensical_cache, "version", lambda: "another version")
    pipeline.build(project, site_dir=tmp_path / "upgraded", engine_name="zensical")
    assert "--clean" in commands[-1]
    assert_same_site(tmp_path / "upgraded", primed / "site")
    assert_same_site(tmp_path / "same", primed / "site")


@nightly
def test_a_theme_override_changed_within_its_modification_time(tmp_path, commands, monkeypatch):
    """Zensical knows a template by its path and modification time: a theme override whose
    bytes changed within the same time (a checkout, a copy that keeps times) gave every page
    stale. The key holds the overrides' bytes, so the build cleans."""
    theme = tmp_path / "theme"
    shutil.copytree(engine.THEME_DIR, theme)  # keeps the modification times
    monkeypatch.setattr(engine, "THEME_DIR", theme)
    primed = copy_project(tmp_path / "primed" / "project")
    pipeline.build(primed, site_dir=primed / "site", engine_name="zensical")
    header = theme / "partials" / "header.html"
    times = header.stat()
    edit(header, "<header", "<!-- changed for the test --><header")
    os.utime(header, ns=(times.st_atime_ns, times.st_mtime_ns))
    project = tmp_path / "project"
    shutil.copytree(primed, project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    pipeline.build(project, site_dir=tmp_path / "site-warm", engine_name="zensical")
    assert "--clean" in commands[-1]
    shutil.move(project / "build", tmp_path / "build-warm")
    pipeline.build(project, site_dir=tmp_path / "site-cold", engine_name="zensical")
    assert_same_site(tmp_path / "site-warm", tmp_path / "site-cold")
    assert "<!-- changed for the test -->" in (tmp_path / "site-warm" / "index.html").read_text("utf-8")


def test_a_failed_or_foreign_stamp_means_clean(tmp_path):
    """No Zensical run: the stamp decides. Missing, damaged or another key: clean, and the stamp
    is gone until a build succeeds; a symbolic link for the cache folder is refused."""
    folder = tmp_path / "internal"
    folder.mkdir()
    assert zensical_cache.needs_clean(folder, "k")
    zensical_cache.keep(folder, "k")
    assert not zensical_cache.needs_clean(folder, "k")
    assert not (folder / zensical_cache.STAMP).exists()  # taken back while the engine runs
    zensical_cache.keep(folder, "k")
    assert zensical_cache.needs_clean(folder, "other")
    (folder / zensical_cache.STAMP).write_text("{not json", "utf-8")
    assert zensical_cache.needs_clean(folder, "k")
    (tmp_path / "elsewhere").mkdir()
    (folder / zensical_cache.CACHE).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(Exception, match="real folder"):
        zensical_cache.needs_clean(folder, "k")
