"""Atomic and reproducible output: a failed build changes nothing, a good one replaces the
site whole, and the same input gives byte-identical output."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.support.problems import UserError

from .conftest import copy_project

BASE = Path(__file__).resolve().parent / "bad" / "_base"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file's path and content hash (plus every folder), to compare trees byte for byte."""
    out = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        out[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
    return out


@pytest.fixture()
def project(tmp_path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(BASE, target)
    return target


def test_engine_failure_leaves_the_site_byte_identical(project, tmp_path):
    site = tmp_path / "site"
    pipeline.build(project, site_dir=site)
    before = snapshot(site)
    play = project / "playbooks" / "governance" / "sync-play.md"
    play.write_text(play.read_text("utf-8").replace("A sync.", "A sync, see [the missing play](../nope/missing.md)."), "utf-8")
    with pytest.raises(UserError) as failure:
        pipeline.build(project, site_dir=site)
    # The engine's warning is reported at the play's source file and the line of the link.
    line = next(i for i, text in enumerate(play.read_text("utf-8").splitlines(), 1) if "missing.md" in text)
    problem = failure.value.problems[0]
    assert (problem.path, problem.line) == ("playbooks/governance/sync-play.md", line)
    assert "nope/missing.md" in problem.message
    assert snapshot(site) == before


def test_validation_failure_leaves_the_site_byte_identical(project, tmp_path):
    site = tmp_path / "site"
    pipeline.build(project, site_dir=site)
    before = snapshot(site)
    (project / "content" / "vendors" / "acme.yml").write_text("name: [broken\n", "utf-8")
    with pytest.raises(UserError):
        pipeline.build(project, site_dir=site)
    assert snapshot(site) == before


def test_a_successful_build_replaces_the_site_whole(project, tmp_path):
    site = tmp_path / "site"
    second = project / "content" / "vendors" / "beta.yml"
    second.write_text((project / "content" / "vendors" / "acme.yml").read_text("utf-8").replace("Acme Ltd.", "Beta Ltd."), "utf-8")
    pipeline.build(project, site_dir=site)
    assert (site / "vendors" / "beta" / "index.html").exists()
    (site / "vendors" / ".DS_Store").write_text("left by a file browser", "utf-8")
    second.unlink()
    pipeline.build(project, site_dir=site)
    assert not (site / "vendors" / "beta").exists()
    assert not (site / "vendors" / ".DS_Store").exists()
    assert "Beta Ltd." not in (site / "search" / "search_index.json").read_text("utf-8")


def test_two_builds_are_byte_identical(tmp_path):
    project = copy_project(tmp_path / "project")
    one, two = tmp_path / "one", tmp_path / "two"
    pipeline.build(project, site_dir=one)
    shutil.rmtree(project / "build")  # start the second build from nothing, too
    pipeline.build(project, site_dir=two)
    first, second = snapshot(one), snapshot(two)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    assert "<lastmod>2026-11-21</lastmod>" in (one / "sitemap.xml").read_text("utf-8")


def test_builds_without_source_date_epoch_are_identical_too(project, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    for name in ("one", "two"):
        result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project), "--site-dir", str(tmp_path / name)],
                                env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_mkdocs_builds_the_same_site_from_memory_as_from_a_docs_folder(tmp_path):
    # `playbooks build` hands MkDocs the generated tree in memory; the site must be the one
    # MkDocs builds from that tree written to docs/ (as `generate` and Zensical have it).
    from generator.website import docs_tree, engine

    project = copy_project(tmp_path / "project")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795219200")
    inputs = pipeline.load_checked(project)
    config = pipeline.project_config(project)
    generated = pipeline.render(inputs, config=config)
    variant = engine.Variant(project, "internal")
    engine.write_config(variant, pipeline.config_overrides(generated, config))
    sites = []
    for from_memory in (True, False):
        if from_memory:
            # Something stale in docs/ must play no part in a build from memory.
            (variant.docs / "vendors").mkdir(parents=True, exist_ok=True)
            (variant.docs / "stale.md").write_text("# Stale page\n", "utf-8")
            engine.build(variant, "mkdocs", generated.tree)
        else:
            shutil.rmtree(variant.docs)
            docs_tree.write(generated.tree, variant.docs)
            engine.build(variant, "mkdocs")
        sites.append(snapshot(variant.site))
        shutil.rmtree(variant.site)
    assert "stale/index.html" not in sites[0]
    assert len(sites[0]) > 100
    assert sites[0] == sites[1]


def test_the_build_date_goes_to_the_engine_alone(tmp_path, monkeypatch):
    """The engine is given the build's date (SOURCE_DATE_EPOCH) for its own build: the site is
    stamped with it, and the process's environment is as it was afterwards, set or not."""
    from generator.website import engine

    project = copy_project(tmp_path / "project")
    variant = engine.Variant(project, "dated")
    engine.write_config(variant, {"nav": ["index.md"], "plugins": []})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14: the caller's own, kept
    engine.build(variant, "mkdocs", {"index.md": b"# Home\n"}, epoch="1795219200")  # 2026-11-21
    assert "<lastmod>2026-11-21</lastmod>" in (variant.site / "sitemap.xml").read_text("utf-8")
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    engine.build(variant, "mkdocs", {"index.md": b"# Home\n"}, epoch="1795219200")
    assert "<lastmod>2026-11-21</lastmod>" in (variant.site / "sitemap.xml").read_text("utf-8")
    assert "SOURCE_DATE_EPOCH" not in os.environ
