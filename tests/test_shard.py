"""`playbooks build --all-vendors --shard K/N`: N jobs build the vendor-facing sites side by side,
each a stable slice by sorted slug, and together exactly what one unsharded run builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.website import output_folders
from generator.pipeline import shard_of

from .hostile.conftest import base_project, playbooks


def test_slices_are_disjoint_contiguous_and_cover_every_vendor():
    for count in range(0, 13):
        slugs = [f"v{i:02d}" for i in range(count)][::-1]  # in any order: slices follow the sorted slugs
        for n in range(1, 6):
            slices = [shard_of(slugs, (k, n)) for k in range(1, n + 1)]
            assert sum(slices, []) == sorted(slugs)
            assert max(map(len, slices)) - min(map(len, slices)) <= 1
    assert shard_of(["b", "a", "c"], None) == ["a", "b", "c"]
    # Stable: the same vendors give the same slices, whatever order the files were found in.
    assert shard_of(["c", "a", "d", "b"], (1, 2)) == shard_of(["a", "b", "c", "d"], (1, 2)) == ["a", "b"]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).as_posix() != output_folders.MANIFEST}


@pytest.fixture(scope="module")
def three_vendors(tmp_path_factory) -> Path:
    project = base_project(tmp_path_factory.mktemp("shard") / "project")
    vendors = project / "content" / "vendors"
    text = (vendors / "acme.yml").read_text("utf-8")
    for slug in ("bolt", "cedar"):
        (vendors / f"{slug}.yml").write_text(text.replace("Acme Ltd.", f"{slug.title()} Ltd."), "utf-8")
    return project


@pytest.fixture(scope="module")
def whole(three_vendors, tmp_path_factory) -> Path:
    """The unsharded --all-vendors build, its sites built side by side in worker processes."""
    out = tmp_path_factory.mktemp("whole") / "site"
    result = playbooks("build", "--root", three_vendors, "--all-vendors", "--site-dir", out, env={"PLAYBOOKS_JOBS": "2"})
    assert result.returncode == 0, result.stderr
    return out


def test_sites_built_in_parallel_equal_one_at_a_time(three_vendors, whole, tmp_path):
    one_by_one = tmp_path / "sequential"
    result = playbooks("build", "--root", three_vendors, "--all-vendors", "--site-dir", one_by_one,
                       env={"PLAYBOOKS_JOBS": "1"})
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in whole.iterdir() if p.is_dir()) == ["acme", "bolt", "cedar"]
    assert files_of(one_by_one) == files_of(whole)


def test_shards_merged_equal_the_unsharded_build(three_vendors, whole, tmp_path):
    merged: dict[str, bytes] = {}
    for k in (1, 2):
        out = tmp_path / f"shard-{k}"
        result = playbooks("build", "--root", three_vendors, "--all-vendors", "--shard", f"{k}/2", "--site-dir", out)
        assert result.returncode == 0, result.stderr
        assert f"(shard {k}/2)" in result.stdout
        part = files_of(out)
        assert not set(part) & set(merged)  # disjoint
        merged.update(part)
    assert sorted(p.name for p in (tmp_path / "shard-1").iterdir() if p.is_dir()) == ["acme"]
    assert sorted(p.name for p in (tmp_path / "shard-2").iterdir() if p.is_dir()) == ["bolt", "cedar"]
    assert merged == files_of(whole)  # the same folders, files and bytes


def test_as_many_shards_as_vendors_and_more(three_vendors, whole, tmp_path):
    # Three vendors among four jobs: one job has nothing to build and says so; the rest are one
    # vendor each, and merged they are the unsharded build.
    merged: dict[str, bytes] = {}
    built = []
    for k in range(1, 5):
        out = tmp_path / f"shard-{k}"
        result = playbooks("build", "--root", three_vendors, "--all-vendors", "--shard", f"{k}/4", "--site-dir", out)
        assert result.returncode == 0, result.stderr
        if out.exists():
            part = files_of(out)
            assert not set(part) & set(merged)
            merged.update(part)
            built += [p.name for p in out.iterdir() if p.is_dir()]
    assert sorted(built) == ["acme", "bolt", "cedar"]
    assert merged == files_of(whole)


def test_a_new_vendor_moves_few_others_between_slices():
    # Slices are contiguous by slug: adding one vendor shifts at most one vendor per boundary.
    slugs = [f"v{i:03d}" for i in range(0, 200, 2)]
    before = {s: k for k in range(1, 5) for s in shard_of(slugs, (k, 4))}
    after = {s: k for k in range(1, 5) for s in shard_of(slugs + ["v101"], (k, 4))}
    moved = [s for s in slugs if before[s] != after[s]]
    assert len(moved) <= 3, moved


@pytest.mark.parametrize("args, message", [
    (["--all-vendors", "--shard=0/2"], "--shard `0/2` must be K/N with 1 <= K <= N, like 2/4"),
    (["--all-vendors", "--shard=3/2"], "--shard `3/2` must be K/N with 1 <= K <= N"),
    (["--all-vendors", "--shard=1of2"], "--shard `1of2` must be K/N"),
    (["--all-vendors", "--shard=-1/2"], "--shard `-1/2` must be K/N"),
    (["--shard=1/2"], "--shard divides --all-vendors among jobs; add --all-vendors"),
])
def test_a_malformed_shard_is_refused_before_anything_is_built(three_vendors, tmp_path, args, message):
    out = tmp_path / "out"
    result = playbooks("build", "--root", three_vendors, *args, "--site-dir", out)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert not out.exists()
