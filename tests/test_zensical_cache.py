"""Zensical's own cache kept between builds (website/zensical_cache.py): a warm Zensical build,
which drops `--clean`, gives the site a clean build gives, byte for byte, after each kind of
change; and a change Zensical cannot see makes the build clean.

Zensical's cache is good only in the folder it was made in (moved or copied elsewhere, a project
builds as if cold: its entries name their files by absolute path), so each case changes the
project of the session's `zensical_site` in place (its build/ holds Zensical's cache and the
stamp of that build), builds it warm into a site of its own, and puts the inputs back; a copy
of the changed inputs is built cold, and every file of the two sites is compared. The session's
site itself is never touched. Zensical builds take 10-40 s each: `make test` runs the vendor
case; the others run with PLAYBOOKS_EXHAUSTIVE=1 (the nightly run)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import pytest

from generator import pipeline
from generator.website import engine, zensical_cache

from .conftest import EXHAUSTIVE, copy_project
from .test_incremental_pages import assert_same_site, edit

nightly = pytest.mark.skipif(not EXHAUSTIVE, reason="a Zensical build pair each: nightly (PLAYBOOKS_EXHAUSTIVE=1)")
INPUTS = ("content", "playbooks", "mkdocs.yml")


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


@contextmanager
def inputs_put_back(project: Path) -> Iterator[None]:
    """The project's inputs as they were once the block ends: files written back, files added removed."""
    files = [p for name in INPUTS for p in ([project / name] if (project / name).is_file() else (project / name).rglob("*"))]
    saved = {p: p.read_bytes() for p in files if p.is_file()}
    try:
        yield
    finally:
        for name in INPUTS[:2]:
            for path in (project / name).rglob("*"):
                if path.is_file() and path not in saved:
                    path.unlink()
        for path, data in saved.items():
            if not path.is_file() or path.read_bytes() != data:
                path.write_bytes(data)


def warm_then_cold(primed: Path, tmp_path: Path, change: Callable[[Path], None], commands: list[list[str]], *,
                   kept: bool = True) -> None:
    """A copy of the primed project's inputs, changed, built cold into site-cold/; then the primed
    project itself changed, built warm (keeping Zensical's cache unless not `kept`) into
    site-warm/, and its inputs put back; the two sites compared."""
    cold = copy_project(tmp_path / "cold")
    shutil.copy(primed / "mkdocs.yml", cold / "mkdocs.yml")
    change(cold)
    pipeline.build(cold, site_dir=tmp_path / "site-cold", engine_name="zensical")
    assert "--clean" in commands[-1]
    with inputs_put_back(primed):
        change(primed)
        pipeline.build(primed, site_dir=tmp_path / "site-warm", engine_name="zensical")
    warm = commands[-1]
    assert_same_site(tmp_path / "site-warm", tmp_path / "site-cold")
    assert ("--clean" not in warm) == kept, "the warm build emptied Zensical's cache" if kept else "it kept the cache"


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
def test_mkdocs_yml_changed(primed, tmp_path, commands, monkeypatch):
    """A Markdown setting (every heading's permalink) and a theme setting (the footer). mkdocs.yml
    is part of the key (it may name code Zensical cannot see), so the build cleans; with the key
    held as it was, Zensical sees the change itself and the warm site is still right."""
    def change(project: Path) -> None:
        edit(project / "mkdocs.yml", "      permalink: true", '      permalink: "#"')
        edit(project / "mkdocs.yml", "copyright: Northwind Outfitters GmbH", "copyright: Northwind Outfitters AG")

    warm_then_cold(primed, tmp_path / "keyed", change, commands, kept=False)
    pipeline.build(primed, site_dir=tmp_path / "back", engine_name="zensical")  # the cache of the inputs put back
    assert_same_site(tmp_path / "back", primed / "site")
    held = json.loads((primed / "build" / "internal" / zensical_cache.STAMP).read_text("utf-8"))["key"]
    monkeypatch.setattr(zensical_cache, "key", lambda root, epoch, theme: held)
    warm_then_cold(primed, tmp_path / "held", change, commands)


@nightly
def test_what_zensical_cannot_see_cleans(primed, tmp_path, commands):
    """An upgrade of this tool or of a library (faked: another version()) empties Zensical's cache
    first; with nothing else changed, the site is the session's."""
    pipeline.build(primed, site_dir=tmp_path / "same", engine_name="zensical")
    assert "--clean" not in commands[-1]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(zensical_cache, "version", lambda: "another version")
        pipeline.build(primed, site_dir=tmp_path / "upgraded", engine_name="zensical")
    assert "--clean" in commands[-1]
    assert_same_site(tmp_path / "upgraded", primed / "site")
    assert_same_site(tmp_path / "same", primed / "site")
    pipeline.build(primed, site_dir=tmp_path / "after", engine_name="zensical")  # back to the session's key
    assert "--clean" in commands[-1]


@nightly
def test_a_theme_override_changed_within_its_modification_time(tmp_path, commands, monkeypatch):
    """Zensical knows a template by its path and modification time: a theme override whose
    bytes changed within the same time (a checkout, a copy that keeps times) gave every page
    stale. The key holds the overrides' bytes, so the build cleans."""
    theme = tmp_path / "theme"
    shutil.copytree(engine.THEME_DIR, theme)  # keeps the modification times
    monkeypatch.setattr(engine, "THEME_DIR", theme)
    project = copy_project(tmp_path / "project")
    pipeline.build(project, site_dir=tmp_path / "site-before", engine_name="zensical")
    header = theme / "partials" / "header.html"
    times = header.stat()
    edit(header, "<header", "<!-- changed for the test --><header")
    os.utime(header, ns=(times.st_atime_ns, times.st_mtime_ns))
    pipeline.build(project, site_dir=tmp_path / "site-warm", engine_name="zensical")
    warm = commands[-1]
    shutil.move(project / "build", tmp_path / "build-warm")
    pipeline.build(project, site_dir=tmp_path / "site-cold", engine_name="zensical")
    assert_same_site(tmp_path / "site-warm", tmp_path / "site-cold")  # kept, the cache gave every page stale
    assert "<!-- changed for the test -->" in (tmp_path / "site-warm" / "index.html").read_text("utf-8")
    assert "--clean" in warm


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
