"""The one direction data flows: load → validate → model → render → write → engine → publish.

Each step lives in its own module; this one strings them together for the command line,
the tests and the benchmark: render_site.py renders one site in memory (and decides the build
date), this module writes it, builds it with the engine, publishes it and holds the locks.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .support.codes import Audience, Engine, SiteAudience
from .website import docs_tree, engine, locks, output_folders, publish
from .support import escape, workers
from .sources.load import Inputs
from .support.cache import BuildCache
from .support.problems import Problem, UserError
from .sources.project_settings import ProjectSettings
from .render_site import (Generated as Generated, build_date as build_date, epoch_for, load_checked as load_checked,
                          project_config as project_config, render as render, variant_name as variant_name)

def generate(inputs: Inputs, out: Path, *, audience: Audience = "internal", vendor: str | None = None,
             today: date | None = None, cache: BuildCache | None = None, option: str = "--out") -> tuple[Generated, docs_tree.WriteStats]:
    generated = render(inputs, audience=audience, vendor=vendor, today=today,
                       cache=cache)
    return generated, docs_tree.write(generated.tree, out, option=option, digests=generated.digests)


def generate_project(root: Path, out: Path, *, audience: Audience = "internal",
                     vendor: str | None = None) -> tuple[Generated, docs_tree.WriteStats]:
    """Everything `playbooks generate` does: the docs tree of one site into `out`, which must
    be a folder this tool made (or a new or empty one), with the project's build cache."""
    root = root.resolve()
    out = out.resolve()
    if out == root or out in root.parents or any(out == root / name or root / name in out.parents
                                                 for name in ("content", "playbooks", "generator", "tests")):
        raise UserError([Problem(str(out), 1, 1, "refusing to write the docs tree here: this folder holds the project "
                                                 "or its sources; pick another --out")])
    with locks.hold(root, out):
        cache = BuildCache(root)
        inputs = load_checked(root, cache)
        result = generate(inputs, out, audience=audience, vendor=vendor, cache=cache)
        cache.save()
        return result


def config_overrides(generated: Generated, config: ProjectSettings) -> dict[str, object]:
    site = generated.site
    overrides: dict[str, object] = {"nav": generated.nav, "not_in_nav": "/vendors/*/\n/people/\n"}
    if site.vendor_facing:
        vendor = site.vendors[0]
        # The theme prints these unescaped; they hold data, so escape them here.
        overrides["site_name"] = escape.html(f"{site.organization.short_name} × {vendor.short_name}")
        overrides["site_description"] = escape.html(f"How {site.organization.name} and {vendor.name} work together.")
        overrides["copyright"] = escape.html(f"{site.organization.name} · shared with {vendor.name}")
        overrides["repo_url"] = None
        overrides["repo_name"] = None
        overrides["edit_uri"] = None
        if config.site_url:
            overrides["site_url"] = config.site_url.rstrip("/") + f"/partners/{vendor.slug}/"
    elif site.audience == "restricted":
        overrides["site_name"] = escape.html(f"{config.site_name} (restricted)")
    else:  # escaped like the others: the theme prints it raw (our partials too, in the logo's title)
        overrides["site_name"] = escape.html(config.site_name)
    return overrides


def write_for(variant: engine.Variant, generated: Generated, config: ProjectSettings, engine_name: Engine) -> docs_tree.WriteStats:
    """The variant's mkdocs.yml, and its docs tree where the engine reads it from disk."""
    engine.write_config(variant, config_overrides(generated, config))
    if engine.reads_docs_folder(engine_name):
        return docs_tree.write(generated.tree, variant.docs, option="", digests=generated.digests)
    return docs_tree.WriteStats()


@dataclass
class BuildReport:
    variant: engine.Variant
    generated: Generated
    stats: docs_tree.WriteStats
    engine_seconds: float
    warnings: list[str] = field(default_factory=list)
    converted: int = 0  # pages the engine converted (MkDocs), and those whose conversion the cache gave
    reused: int = 0
    templated: int = 0  # pages the theme's template made (MkDocs), and those whose output the cache gave
    finished: int = 0


def build_variant(inputs: Inputs, *, audience: Audience, vendor: str | None, engine_name: Engine, today: date,
                  config: ProjectSettings, cache: BuildCache | None = None) -> BuildReport:
    """Generate and engine-build one variant into build/<variant>/site (not yet published)."""
    name = variant_name(audience, vendor)
    variant = engine.Variant(inputs.root, name)
    generated = render(inputs, audience=audience, vendor=vendor, today=today, config=config, cache=cache)
    stats = write_for(variant, generated, config, engine_name)
    started = time.perf_counter()
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or epoch_for(today)  # the engine stamps the build with it
    try:
        result = engine.build(variant, engine_name, generated.tree, cache.converted_pages(name) if cache is not None else None,
                              epoch=epoch)
    except engine.EngineError as error:
        raise engine.explain(error, generated.sources, inputs.root) from None
    return BuildReport(variant, generated, stats, time.perf_counter() - started, result.warnings, result.converted,
                       result.reused, result.templated, result.finished)


def build(root: Path, *, site_dir: Path | None = None, engine_name: Engine = "mkdocs", audience: SiteAudience = "internal",
          vendor: str | None = None) -> BuildReport:
    """Everything `playbooks build` does for one site: the published folder changes only on success."""
    root = root.resolve()
    target = (site_dir or root / "site").resolve()
    with locks.hold(root, target):  # other runs on this project or into this folder wait
        publish.check_target(target, root)
        config = project_config(root)
        cache = BuildCache(root)
        inputs = load_checked(root, cache)
        report = build_variant(inputs, audience="vendor" if vendor else audience, vendor=vendor, engine_name=engine_name,
                               today=build_date(), config=config, cache=cache)
        output_folders.seal(report.variant.site)
        publish.replace(report.variant.site, target)
        cache.save()
        return report


def shard_of(slugs: list[str], shard: tuple[int, int] | None) -> list[str]:
    """Slice K of N (1-based) of the vendors, by sorted slug: contiguous, sizes within one of
    each other, disjoint, and together every vendor; the whole list without a shard."""
    ordered = sorted(slugs)
    if shard is None:
        return ordered
    k, n = shard
    return ordered[(k - 1) * len(ordered) // n: k * len(ordered) // n]


@dataclass
class VendorSite:
    """One vendor-facing site of `build_all_vendors`: what the command line reports of it."""

    slug: str
    generator_seconds: float
    engine_seconds: float


def build_all_vendors(root: Path, *, site_dir: Path, engine_name: Engine = "mkdocs",
                      shard: tuple[int, int] | None = None, jobs: int | None = None) -> list[VendorSite]:
    """Every vendor-facing site into `site_dir/<slug>/`, published together or not at all.

    Data is loaded and validated once and templates compile once; each vendor's site is
    generated from a model that never held another vendor, and built by the engine in a
    worker process of its own (workers.py: every core, `PLAYBOOKS_JOBS` or `jobs` processes;
    the sites are the same bytes as built one after the other, tests/test_shard.py). With
    `shard` (K, N), only slice K of N (shard_of) is built, so that N jobs build the sites side by
    side into the same layout. A site that fails does not stop the others: every problem is
    reported, and nothing is published.
    """
    root = root.resolve()
    target = site_dir.resolve()
    with locks.hold(root, target):  # other runs on this project or into this folder wait
        publish.check_target(target, root)
        config = project_config(root)
        cache = BuildCache(root)
        inputs = load_checked(root, cache)
        today = build_date()
        staging = root / "build" / "all-vendors"
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)

        def one(slug: str) -> VendorSite | list[Problem]:
            """One vendor's site, built and moved into the staging folder (here or in a worker)."""
            try:
                report = build_variant(inputs, audience="vendor", vendor=slug, engine_name=engine_name, today=today,
                                       config=config, cache=cache)
            except UserError as error:
                return error.problems
            output_folders.seal(report.variant.site)
            os.rename(report.variant.site, staging / slug)
            cache.save_outputs()  # this vendor's own store: a worker's cache goes when it ends
            return VendorSite(slug, report.generated.seconds, report.engine_seconds)

        with workers.start(one, shard_of(list(inputs.vendors), shard), jobs, per_job=1) as run:
            results = run.results()
        problems = [problem for result in results if isinstance(result, list) for problem in result]
        if problems:
            raise UserError(problems)
        output_folders.seal(staging)
        publish.replace(staging, target)
        cache.save()
        return [result for result in results if isinstance(result, VendorSite)]
