"""`make bench`: speed and size of the generator and the engines at 10, 100 and 500 vendors.

Each portfolio is made from the sample vendors (copies with new slugs and names) under
build/bench/. Every measurement runs in a fresh Python process, so peak memory and times are
those of one real build. Prints a table and the ratios the project holds itself to.

    python -m tests.bench                 # 10, 100, 500 vendors; MkDocs and Zensical
    python -m tests.bench --sizes 10,100  # quicker
    python -m tests.bench --engines mkdocs
    python -m tests.bench --serve-only    # the live preview only: the sample and 500 vendors
    python -m tests.bench --readers-only  # search in Chromium, --all-vendors, the engine's HTML parsing
    python -m tests.bench --rebuilds-only --sizes 500  # MkDocs: cold, then warm after no / a vendor / a play change
    python -m tests.bench --rebuilds-only --sizes 500 --engine zensical  # the same with Zensical (its own cache)
    python -m tests.bench --rebuilds-only --baseline none  # without the older checkout's cold build

The rebuilds (in the full run and with --rebuilds-only) are compared with a cold build by an older
checkout (--baseline, a commit: by default BASELINE, main before issue 30), built in the same run
from its own files (`git archive` into build/bench/baseline-<commit>/) and its own sample.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "build" / "bench"
EPOCH = "1795219200"  # 2026-11-21: fixed, so every run builds the same site

# Old portfolios, builds and sites go here and are deleted when the benchmark ends. On this
# kind of virtual disk, deleting a few hundred megabytes slows the files created in the next
# tens of seconds by up to tenfold (see docs/performance.md): deleting during the series would
# bill one build for the clean-up of the one before.
TRASH = BENCH / ".trash"


def discard(path: Path) -> None:
    """Move `path` out of the way (one rename); `main` deletes it all at the end."""
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        os.rename(path, TRASH / f"{time.monotonic_ns()}-{path.name}")


GENERATOR_RUNS = 3  # cold generator runs per portfolio and engine; the median is reported

TARGETS = {
    "generator share at 500": 0.05,
    "HTML per vendor page 500/10": 1.25,
    "time per vendor 500/10": 1.5,
    "incremental regeneration at 500 (s)": 1.0,
    "serve: edit shown, sample (s)": 1.5,
    "serve: edit shown, 500 (s)": 2.0,
    "serve: idle CPU": 0.01,
    "search: first result at 500 / sample": 1.5,
    "all-vendors: one process / parallel": 1.6,
    # A warm MkDocs build's end-to-end time over the cold build's, at the largest size (issue 30).
    "rebuild: nothing changed / cold": 0.25,
    "rebuild: one vendor changed / cold": 0.30,
    "rebuild: one play changed / cold": 0.60,
    # The cold build's end-to-end time over the cold build of BASELINE, measured in the same run.
    "cold / cold before issue 30": 0.60,
}
# The rebuilds `make bench` times after the cold build, each on top of the one before: the cache as
# the build before left it, and one more change (see `change_for`).
REBUILDS = ("warm", "warm-vendor", "warm-play")
# A vendor-visible play that applies to most vendors: a checklist item of it is on every one of
# their checklists pages.
BENCH_PLAY = Path("playbooks") / "communication" / "channels-and-tools.md"
# main before issue 30 (rebuilds that pay only for what changed): the cold build to compare with.
BASELINE = "8ef9d3280858eb957620716709194f39ca434ac6"
ALL_VENDOR_SIZES = (10, 100)  # --all-vendors builds a site per vendor: 500 takes minutes (docs/performance.md)


def make_portfolio(size: int) -> Path:
    """A project with `size` vendors copied round-robin from the sample vendors, under build/bench/."""
    target = BENCH / f"portfolio-{size}"
    discard(target)
    return copy_portfolio(target, size)


def copy_portfolio(target: Path, size: int, source: Path = ROOT) -> Path:
    """The sample project of `source` at `target`, with `size` vendors: the sample vendors again
    and again, each copy with its own slug (`<sample>-001`) and name (`<name> No. 1`)."""
    import yaml

    target.mkdir(parents=True)
    shutil.copytree(source / "playbooks", target / "playbooks")
    shutil.copytree(source / "content", target / "content", ignore=shutil.ignore_patterns("vendors"))
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    (target / "content" / "vendors").mkdir()
    samples = sorted((source / "content" / "vendors").glob("*.yml"))
    for index in range(size):
        sample = samples[index % len(samples)]
        text = sample.read_text("utf-8")
        name = yaml.safe_load(text)["name"]
        text = text.replace(f"name: {name}", f"name: {name} No. {index + 1}", 1)
        # Each contract has its own reference (validate refuses one used twice).
        text = re.sub(r"^(  reference: )(.+)$", rf"\g<1>\g<2>-{index + 1:03d}", text, count=1, flags=re.M)
        (target / "content" / "vendors" / f"{sample.stem}-{index + 1:03d}.yml").write_text(text, "utf-8")
    return target


def site_metrics(site: Path, engine: str) -> dict[str, float]:
    pages = list(site.rglob("index.html"))
    vendor_pages = [p for p in site.glob("vendors/*/index.html")]
    index = site / ("search.json" if engine == "zensical" else "search/search_index.json")
    return {
        "pages": len(pages),
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "html_per_page": sum(p.stat().st_size for p in pages) / max(1, len(pages)),
        "html_per_vendor_page": sum(p.stat().st_size for p in vendor_pages) / max(1, len(vendor_pages)),
        "search_index_bytes": index.stat().st_size if index.exists() else 0,
    }


def _generator(project: Path, engine: str, warm: bool) -> tuple[dict[str, float], object, object, object]:
    """The generator's part of a build, timed step by step: load and check, render, and write
    what the engine reads from disk. Cold: the project's build/ (cache, docs trees) moved away."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    from generator.website import engine as engines
    from generator import pipeline
    from generator.support.cache import BuildCache

    if not warm:
        discard(project / "build")
    started = time.perf_counter()
    cache = BuildCache(project)
    config = pipeline.project_config(project)
    inputs = pipeline.load_checked(project, cache)
    loaded = time.perf_counter()
    generated = pipeline.render(inputs, config=config, cache=cache)
    rendered = time.perf_counter()
    variant = engines.Variant(project, "internal")
    pipeline.write_for(variant, generated, config, engine)  # the docs tree, where the engine reads it from disk
    written = time.perf_counter()
    timings = {"load_validate_s": loaded - started, "render_s": rendered - loaded, "write_s": written - rendered,
               "generator_s": written - started}
    return timings, generated, cache, variant


def change_for(project: Path, kind: str) -> str:
    """Make the change a rebuild of `kind` times; what was changed. `warm-vendor`: the summary of
    the vendor in the middle of the list; `warm-play`: the text of one checklist item of
    BENCH_PLAY, and a sentence of its body. Changes stay: each rebuild comes after the one before."""
    if kind == "warm-vendor":
        vendors = sorted((project / "content" / "vendors").glob("*.yml"))
        vendor = vendors[len(vendors) // 2]
        text = vendor.read_text("utf-8")
        vendor.write_text(text.replace("summary: ", "summary: Changed for the benchmark. ", 1), "utf-8")
        return vendor.stem
    if kind == "warm-play":
        play = project / BENCH_PLAY
        text = play.read_text("utf-8")
        changed = text.replace("text: Choose one tool each for chat", "text: Choose a single tool each for chat", 1)
        assert changed != text, "the benchmark's play changed: pick another sentence in change_for"
        play.write_text(changed + "\nChanged for the benchmark.\n", "utf-8")
        return BENCH_PLAY.as_posix()
    return ""


def one(project: Path, engine: str, site: Path, kind: str) -> dict[str, float]:
    """Runs inside a fresh process: one full build, timed step by step.

    `cold`: no cache (build/ moved away first). `warm`: the cache the build before left, and no
    input changed: what a contributor's second `playbooks build` costs. `warm-vendor`,
    `warm-play`: the same after one more change (change_for). With MkDocs, the engine reuses the
    page conversions and templated pages the cache keeps; how many it converted and reused, and
    templated and took as kept, is reported.
    """
    from generator.website import engine as engines

    change_for(project, kind)
    result, generated, cache, variant = _generator(project, engine, kind != "cold")
    pages = cache.converted_pages(variant.name)  # type: ignore[attr-defined]
    started = time.perf_counter()
    built = engines.build(variant, engine, generated.tree, pages)  # type: ignore[attr-defined]
    result["engine_s"] = time.perf_counter() - started
    result["total_s"] = result["generator_s"] + result["engine_s"]
    result["converted"], result["reused"] = built.converted, built.reused
    result["templated"], result["finished"] = built.templated, built.finished  # kept_renders.py
    result["cleaned"] = float(built.cleaned)  # Zensical: whether it started from an empty cache of its own
    saving = time.perf_counter()
    cache.save()  # type: ignore[attr-defined]
    result["save_s"] = time.perf_counter() - saving  # not in total_s, as before: `build` publishes first
    discard(site)
    shutil.move(str(variant.site), site)  # type: ignore[attr-defined]
    usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    result.update({"peak_mb": usage / 1024, "files": len(generated.tree)})  # type: ignore[attr-defined]
    result.update(site_metrics(site, engine))
    return result


def baseline_cold(commit: str, size: int) -> dict[str, float]:
    """A cold MkDocs build at `size` vendors by the checkout at `commit`: its files (`git archive`)
    under build/bench/baseline-<commit>/, a portfolio of its own sample, built by its own
    `--child build ... cold` in a fresh process with this Python. The portfolio is
    made here (copy_portfolio) from its own sample: its benchmark's copies may not validate."""
    folder = BENCH / f"baseline-{commit[:12]}"
    if not (folder / "generator").is_dir():
        discard(folder)
        folder.mkdir(parents=True)
        tar = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            archive.extractall(folder, filter="data")
    env = {**os.environ, "PYTHONPATH": str(folder), "SOURCE_DATE_EPOCH": EPOCH}
    project = folder / "build" / "bench" / f"portfolio-{size}"
    discard(project)
    copy_portfolio(project, size, folder)
    site = str(folder / "build" / "bench" / f"site-{size}")
    built = subprocess.run([sys.executable, "-m", "tests.bench", "--child", "build", str(project), "mkdocs", site, "cold"],
                           cwd=folder, env=env, capture_output=True, text=True)
    if built.returncode != 0:
        raise SystemExit(f"the baseline {commit} failed to build:\n{built.stderr}")
    return json.loads(built.stdout.strip().splitlines()[-1])


def baseline_report(commit: str, size: int, cold: dict[str, float]) -> bool:
    """The cold build of `commit` at `size` vendors beside this cold build; whether the target holds."""
    before = baseline_cold(commit, size)
    print(f"\nCold build at {size} vendors by {commit[:12]} (its own sample, {int(before['pages'])} pages): "
          f"generator {before['generator_s']:.2f} s, engine {before['engine_s']:.1f} s, total {before['total_s']:.1f} s, "
          f"peak {before['peak_mb']:.0f} MB; this checkout: {int(cold['pages'])} pages, total {cold['total_s']:.1f} s")
    return _ratio(f"cold / cold of {commit[:12]}, end to end", cold["total_s"] / before["total_s"],
                  TARGETS["cold / cold before issue 30"])


def rebuilds_report(size: int, project: Path, cold: dict[str, float], engine: str = "mkdocs") -> tuple[bool, dict[str, dict[str, float]]]:
    """The warm builds after `cold` on `project` (REBUILDS, in order), a table of them with the
    cold one, and the ratios to cold: whether every target holds (the targets are MkDocs'; with
    Zensical the ratios are shown, not held to them), and the rows by kind."""
    site = str(BENCH / f"site-{size}-{engine}")
    rows = [("cold", cold)] + [(kind, child("build", str(project), engine, site, kind)) for kind in REBUILDS]
    labels = {"cold": "cold (no build/)", "warm": "warm, nothing changed", "warm-vendor": "warm, one vendor file changed",
              "warm-play": "warm, one vendor-visible play changed"}
    print(f"\nRebuilds at {size} vendors with {'MkDocs' if engine == 'mkdocs' else 'Zensical'}, each after the one above "
          "(one fresh process each):")
    # The page counts are MkDocs'; Zensical says nothing of what it reused, only whether it cleaned.
    reuse = "pages converted | reused | templated | output kept" if engine == "mkdocs" else "Zensical's cache"
    print(f"| build | generator s | engine s | total s | engine share | {reuse} | peak MB | / cold |")
    print("|---|---|---|---|---|---|---|---|" + ("---|---|---|" if engine == "mkdocs" else ""))
    for kind, r in rows:
        counts = f"{int(r['converted'])} | {int(r['reused'])} | {int(r['templated'])} | {int(r['finished'])}" if engine == "mkdocs" else (
            "emptied first (--clean)" if r.get("cleaned", 1.0) else "kept")
        print(f"| {labels[kind]} | {r['generator_s']:.2f} | {r['engine_s']:.1f} | {r['total_s']:.1f} | "
              f"{r['engine_s'] / r['total_s']:.2f} | {counts} | {r['peak_mb']:.0f} | "
              f"{r['total_s'] / cold['total_s']:.2f} |")
    if engine != "mkdocs":
        peak = max(r["peak_mb"] for _, r in rows)
        print(f"  peak memory of these builds: {peak:.0f} MB; ratios to cold: "
              + ", ".join(f"{labels[kind]} {r['total_s'] / cold['total_s']:.2f}" for kind, r in rows[1:]))
        return True, dict(rows)
    verdicts = []
    for kind, r in rows[1:]:
        target = TARGETS[{"warm": "rebuild: nothing changed / cold", "warm-vendor": "rebuild: one vendor changed / cold",
                          "warm-play": "rebuild: one play changed / cold"}[kind]]
        verdicts.append(_ratio(f"{labels[kind]} / cold, end to end", r["total_s"] / cold["total_s"], target))
    peak = max(r["peak_mb"] for _, r in rows)
    print(f"  peak memory of these builds: {peak:.0f} MB (target: at most 491 MB, the peak before issue 30)"
          f" {'ok' if peak <= 491 else 'MISSED'}")
    verdicts.append(peak <= 491)
    return all(verdicts), dict(rows)


def generator_only(project: Path, engine: str) -> dict[str, float]:
    """Runs inside a fresh process: the generator's part of a cold build again, without the
    engine. `main` takes the median of these and the cold build's own: the generator's time
    on this machine varies by a tenth from run to run, and one sample would decide a target
    by chance."""
    timings, _, cache, _ = _generator(project, engine, warm=False)
    cache.save()  # type: ignore[attr-defined]
    return timings


def generate(project: Path) -> dict[str, float]:
    """Runs inside a fresh process: `playbooks generate` into the variant's docs folder (an
    MkDocs build takes the tree from memory and leaves none), so `incremental` starts from a
    docs tree and a cache that match the inputs."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    from generator.website import engine as engines
    from generator import pipeline
    from generator.support.cache import BuildCache

    cache = BuildCache(project)
    _, stats = pipeline.generate(pipeline.load_checked(project, cache), engines.Variant(project, "internal").docs, cache=cache)
    cache.save()
    return {"written": len(stats.written)}


def incremental(project: Path) -> dict[str, float]:
    """Runs inside a fresh process, after `generate`: one vendor file changes; regenerate the
    docs tree as `playbooks generate` does (load, validate, render, write), then once more in
    the same process as `playbooks serve` does after the next save."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    from generator.website import docs_tree, engine as engines
    from generator import pipeline
    from generator.support.cache import BuildCache

    variant = engines.Variant(project, "internal")
    vendors = sorted((project / "content" / "vendors").glob("*.yml"))
    vendor = vendors[len(vendors) // 2]
    original = vendor.read_text("utf-8")

    def regenerate(cache: BuildCache) -> tuple[float, docs_tree.WriteStats]:
        started = time.perf_counter()
        _, stats = pipeline.generate(pipeline.load_checked(project, cache), variant.docs, cache=cache)
        return time.perf_counter() - started, stats

    try:
        vendor.write_text(original.replace("summary: ", "summary: Changed for the benchmark. ", 1), "utf-8")
        cache = BuildCache(project)
        cli_seconds, stats = regenerate(cache)
        vendor.write_text(original.replace("summary: ", "summary: Changed again. ", 1), "utf-8")
        serve_seconds, serve_stats = regenerate(cache)
    finally:
        vendor.write_text(original, "utf-8")
    return {"regenerate_s": cli_seconds, "written": len(stats.written), "unchanged": stats.unchanged,
            "serve_s": serve_seconds, "serve_written": len(serve_stats.written), "changed": vendor.stem}


def html_parsing(project: Path) -> dict[str, float]:
    """Runs inside a fresh process: a MkDocs build of `project` under cProfile, and the part of
    the engine's time spent in Python's html.parser (HTMLParser.goahead, with the handlers it
    calls: Python-Markdown's raw-HTML and md_in_html extraction, the search plugin's parser).
    Profiling slows everything down, roughly alike, so the share is the figure to read."""
    import cProfile
    import pstats

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    from generator.website import engine as engines
    from generator import pipeline
    from generator.support.cache import BuildCache

    discard(project / "build")
    cache = BuildCache(project)
    config = pipeline.project_config(project)
    generated = pipeline.render(pipeline.load_checked(project, cache), config=config, cache=cache)
    variant = engines.Variant(project, "internal")
    pipeline.write_for(variant, generated, config, "mkdocs")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(engines.build, variant, "mkdocs", generated.tree)
    total = time.perf_counter() - started
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    parsing = sum(entry[3] for (file, _, name), entry in stats.items()
                  if name == "goahead" and file.replace(os.sep, "/").endswith("html/parser.py"))
    shutil.rmtree(variant.site, ignore_errors=True)
    return {"profiled_engine_s": total, "html_parser_s": parsing, "share": parsing / total}


def all_vendors(project: Path, jobs: str) -> dict[str, float]:
    """`playbooks build --all-vendors` on `project` in a new process, with PLAYBOOKS_JOBS=`jobs`
    ("" for the default: every core): wall-clock seconds and the number of sites."""
    site = BENCH / f"all-vendors-{project.name}-{jobs or 'all'}"
    discard(site)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH, "PLAYBOOKS_JOBS": jobs}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project), "--all-vendors",
                             "--site-dir", str(site)], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"--all-vendors failed on {project}:\n{result.stderr}")
    sites = sum(1 for p in site.iterdir() if p.is_dir())
    discard(site)
    return {"seconds": seconds, "sites": sites}


def readers_report(sizes: list[int], projects: dict[int, Path]) -> bool:
    """What the people using a large site meet, and what building every vendor's site costs:
    search in Chromium on the sample and on MkDocs sites of `sizes` vendors (`projects`: portfolios
    already made), --all-vendors one process against every core, and the engine's share
    spent parsing HTML. Prints the tables; True if every target holds."""
    from . import bench_search

    sample = _sample_copy()
    built = {len(list((sample / "content" / "vendors").glob("*.yml"))): sample}
    for size in sizes:
        built[size] = projects.get(size) or make_portfolio(size)
    verdicts = []

    print("\nSearch as a reader meets it (MkDocs + Material's search, Chromium, typing right after a page load; "
          f"seconds to the first result, median of {bench_search.RUNS}; * = the first result is the right page):")
    sites = {size: BENCH / f"search-site-{size}" for size in sorted(built)}
    for size, project in sorted(built.items()):
        child("build", str(project), "mkdocs", str(sites[size]), "cold")
    by_site = bench_search.measure_sites(list(sites.values()))  # the sites take turns, run by run
    measured: dict[int, dict[str, object]] = {
        size: {"bytes": (site / "search" / "search_index.json").stat().st_size, **by_site[site]} for size, site in sites.items()}
    labels = [label for label, _, _ in bench_search.QUERIES]
    print("| vendors | search index | " + " | ".join(f"{label} “{query}”" for label, query, _ in bench_search.QUERIES) + " |")
    print("|" + "---|" * (2 + len(labels)))
    for size, m in measured.items():
        queries = m["queries"]  # type: ignore[index]
        print(f"| {size} | {fmt_bytes(m['bytes'])} | " + " | ".join(  # type: ignore[arg-type]
            f"{queries[label]['seconds']:.2f}{'*' if queries[label]['right'] else ' (wrong first result)'}" for label in labels) + " |")
    smallest, largest = min(measured), max(measured)
    for label in labels:
        a = measured[smallest]["queries"][label]  # type: ignore[index]
        b = measured[largest]["queries"][label]  # type: ignore[index]
        verdicts.append(_ratio(f"search, {label}: first result at {largest} / at {smallest} (runs {b['runs']} / {a['runs']} s)",
                               b["seconds"] / max(a["seconds"], 1e-3), TARGETS["search: first result at 500 / sample"]))
        verdicts.append(bool(b["right"]) and bool(a["right"]))

    cores = len(os.sched_getaffinity(0))
    print(f"\n`playbooks build --all-vendors` ({cores} cores; one process is PLAYBOOKS_JOBS=1):")
    print("| vendors | one process s | per site | every core s | per site | per site and core | speed-up |")
    print("|---|---|---|---|---|---|---|")
    for size in ALL_VENDOR_SIZES:
        project = built.get(size) or make_portfolio(size)
        one_process, parallel = all_vendors(project, "1"), all_vendors(project, "")
        n = parallel["sites"]
        speed_up = one_process["seconds"] / parallel["seconds"]
        print(f"| {size} | {one_process['seconds']:.1f} | {one_process['seconds'] / n:.2f} | {parallel['seconds']:.1f} | "
              f"{parallel['seconds'] / n:.2f} | {parallel['seconds'] * cores / n:.2f} | {speed_up:.2f} |")
        if size == max(ALL_VENDOR_SIZES):
            ok = speed_up >= TARGETS["all-vendors: one process / parallel"]
            print(f"  speed-up at {size}: {speed_up:.2f} (target: at least {TARGETS['all-vendors: one process / parallel']}) "
                  f"{'ok' if ok else 'MISSED'}")
            verdicts.append(ok)

    print("\nThe engine's time spent in html.parser (MkDocs build under cProfile):")
    for size, project in sorted(built.items()):
        r = child("html-parsing", str(project))
        print(f"  {size} vendors: {r['html_parser_s']:.1f} of {r['profiled_engine_s']:.1f} s profiled, {r['share'] * 100:.0f}%")
    return all(verdicts)


def serve_latency(project: Path, edits: int = 3) -> dict[str, float]:
    """`playbooks serve` on `project`, as a person uses it: save a vendor file, poll the served
    page until it shows the edit (the seconds that took, median of `edits`), then the preview's
    CPU use while idle, from 3 to 13 s after the last edit."""
    import re
    import socket
    import statistics
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH}
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--root", str(project), "--dev-addr",
                               f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    vendors = sorted((project / "content" / "vendors").glob("*.yml"))
    vendor = vendors[len(vendors) // 2]
    url = f"http://127.0.0.1:{port}/vendors/{vendor.stem}/"
    original = vendor.read_text("utf-8")

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, OSError):
            return ""

    def cpu() -> float:
        with open(f"/proc/{server.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    try:
        started = time.perf_counter()
        while "<html" not in page():
            if server.poll() is not None or time.perf_counter() - started > 600:
                raise SystemExit(f"`playbooks serve` did not start on {project}")
            time.sleep(0.2)
        start_s = time.perf_counter() - started
        time.sleep(2)
        times = []
        for edit in range(edits):
            marker = f"Serve benchmark {edit}"
            vendor.write_text(re.sub(r"^summary: ", f"summary: {marker}. ", original, count=1, flags=re.M), "utf-8")
            saved = time.perf_counter()
            while marker not in page():
                if time.perf_counter() - saved > 60:
                    raise SystemExit(f"the edit did not show within 60 s on {project}")
                time.sleep(0.02)
            times.append(time.perf_counter() - saved)
            time.sleep(1)
        time.sleep(2)
        before = cpu()
        time.sleep(10)
        idle = (cpu() - before) / 10
    finally:
        vendor.write_text(original, "utf-8")
        server.terminate()
        server.wait(timeout=60)
    return {"start_s": start_s, "show_s": statistics.median(times), "show_runs": [round(t, 2) for t in times],
            "idle_cpu": idle}


def child(mode: str, *args: str) -> dict[str, float]:
    command = [sys.executable, "-m", "tests.bench", "--child", mode, *args]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(command)}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fmt_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,500")
    parser.add_argument("--engines", default="mkdocs,zensical")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--readers-only", action="store_true",
                        help="only search in Chromium, --all-vendors and the engine's HTML parsing (sample, 100, 500)")
    parser.add_argument("--rebuilds-only", action="store_true",
                        help="only --engine at the largest size: cold, then warm with nothing, a vendor, a play changed")
    parser.add_argument("--engine", default="mkdocs", choices=("mkdocs", "zensical"),
                        help="the engine of --rebuilds-only (default mkdocs; the --baseline comparison is MkDocs' only)")
    parser.add_argument("--baseline", default=BASELINE,
                        help="the commit whose cold build the rebuilds are compared with ('none': no comparison)")
    parser.add_argument("--serve-only", action="store_true",
                        help="only the live preview: edit-to-page time and idle CPU on the sample and the largest portfolio")
    args = parser.parse_args()
    if args.serve_only:
        return serve_report(max(int(s) for s in args.sizes.split(",")))
    if args.readers_only:
        if TRASH.exists():
            shutil.rmtree(TRASH)
        started = time.perf_counter()
        ok = readers_report([s for s in (int(s) for s in args.sizes.split(",")) if s >= 100], {})
        print(f"\nTook {time.perf_counter() - started:.0f} s. Targets {'all hold' if ok else 'NOT all met'}.")
        shutil.rmtree(TRASH, ignore_errors=True)
        return 0
    if args.rebuilds_only:
        if TRASH.exists():
            shutil.rmtree(TRASH)
        started = time.perf_counter()
        size = max(int(s) for s in args.sizes.split(","))
        print(f"Machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
        project = make_portfolio(size)
        cold = child("build", str(project), args.engine, str(BENCH / f"site-{size}-{args.engine}"), "cold")
        ok, _ = rebuilds_report(size, project, cold, args.engine)
        if args.baseline != "none" and args.engine == "mkdocs":
            ok = baseline_report(args.baseline, size, cold) and ok
        print(f"\nTook {time.perf_counter() - started:.0f} s. Targets {'all hold' if ok else 'NOT all met'}.")
        shutil.rmtree(TRASH, ignore_errors=True)
        return 0
    if args.child:
        mode, *rest = args.child
        if mode == "build":
            print(json.dumps(one(Path(rest[0]), rest[1], Path(rest[2]), rest[3])))
        elif mode == "generator":
            print(json.dumps(generator_only(Path(rest[0]), rest[1])))
        elif mode == "generate":
            print(json.dumps(generate(Path(rest[0]))))
        elif mode == "html-parsing":
            print(json.dumps(html_parsing(Path(rest[0]))))
        else:
            print(json.dumps(incremental(Path(rest[0]))))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    engines = args.engines.split(",")
    if TRASH.exists():  # left by an interrupted run
        shutil.rmtree(TRASH)
    started = time.perf_counter()
    print(f"Machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    rows: dict[tuple[int, str], dict[str, float]] = {}
    warm: dict[tuple[int, str], dict[str, float]] = {}
    regen: dict[int, dict[str, float]] = {}
    rebuilt = True  # the rebuild targets (rebuilds_report), with MkDocs at the largest size
    for size in sizes:
        project = make_portfolio(size)
        for engine in engines:
            site = str(BENCH / f"site-{size}-{engine}")
            # The generator alone first: it starts without build/, and the warm builds need the
            # cache the cold build leaves.
            runs = [child("generator", str(project), engine) for _ in range(GENERATOR_RUNS - 1)]
            cold = child("build", str(project), engine, site, "cold")
            runs = [cold] + runs
            median = sorted(runs, key=lambda r: r["generator_s"])[len(runs) // 2]
            for key in ("load_validate_s", "render_s", "write_s", "generator_s"):
                cold[key] = median[key]
            cold["total_s"] = cold["generator_s"] + cold["engine_s"]
            cold["generator_runs"] = [round(r["generator_s"], 2) for r in runs]
            rows[(size, engine)] = cold
            if not (engine == "mkdocs" and size == max(sizes)):
                warm[(size, engine)] = child("build", str(project), engine, site, "warm")
        if size == max(sizes) and "mkdocs" in engines:  # after the other engines: these change the portfolio
            rebuilt, rebuilds = rebuilds_report(size, project, rows[(size, "mkdocs")])
            if args.baseline != "none":
                rebuilt = baseline_report(args.baseline, size, rows[(size, "mkdocs")]) and rebuilt
            warm[(size, "mkdocs")] = rebuilds["warm"]
        if size == max(sizes):
            child("generate", str(project))
            regen[size] = child("incremental", str(project))

    header = ("vendors", "engine", "build", "pages", "load+check s", "render s", "write s", "generator s", "engine s", "total s",
              "peak MB", "site", "HTML/page", "HTML/vendor page", "search index", "index/vendor")
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for (size, engine, kind), r in [((s, e, "cold"), r) for (s, e), r in rows.items()] + [((s, e, "warm"), r) for (s, e), r in warm.items()]:
        print("| " + " | ".join([
            str(size), engine, kind, str(int(r["pages"])), f"{r['load_validate_s']:.2f}", f"{r['render_s']:.2f}", f"{r['write_s']:.2f}",
            f"{r['generator_s']:.2f}", f"{r['engine_s']:.1f}", f"{r['total_s']:.1f}", f"{r['peak_mb']:.0f}",
            fmt_bytes(r["site_bytes"]), fmt_bytes(r["html_per_page"]), fmt_bytes(r["html_per_vendor_page"]),
            fmt_bytes(r["search_index_bytes"]), fmt_bytes(r["search_index_bytes"] / size),
        ]) + " |")

    print()
    small, large = min(sizes), max(sizes)
    verdicts = []
    for engine in engines:
        if (small, engine) not in rows or (large, engine) not in rows or small == large:
            continue
        a, b = rows[(small, engine)], rows[(large, engine)]
        share = b["generator_s"] / b["total_s"]
        warm_share = warm[(large, engine)]["generator_s"] / warm[(large, engine)]["total_s"]
        html = b["html_per_vendor_page"] / a["html_per_vendor_page"]
        per_vendor = (b["total_s"] / large) / (a["total_s"] / small)
        index_small, index_large = a["search_index_bytes"] / small, b["search_index_bytes"] / large
        print(f"Ratios ({engine}):")
        runs = ", ".join(f"{g:.2f}" for g in b["generator_runs"])
        verdicts.append(_ratio(f"generator time / end-to-end at {large}, cold (no cache; median of {runs} s)", share,
                               TARGETS["generator share at 500"]))
        verdicts.append(_ratio(f"generator time / end-to-end at {large}, warm (cache, no change)", warm_share,
                               TARGETS["generator share at 500"]))
        verdicts.append(_ratio(f"HTML bytes per vendor page {large}/{small}", html, TARGETS["HTML per vendor page 500/10"]))
        print(f"  search-index bytes per vendor: {fmt_bytes(index_small)} at {small}, {fmt_bytes(index_large)} at {large} "
              f"(ratio {index_large / index_small:.2f}; target: flat, at most 1.0)")
        verdicts.append(index_large <= index_small * 1.0 + 1)
        verdicts.append(_ratio(f"end-to-end time per vendor {large}/{small}", per_vendor, TARGETS["time per vendor 500/10"]))
    for size, r in regen.items():
        print(f"Incremental, one vendor changed at {size} vendors: `playbooks generate` regenerated in {r['regenerate_s']:.2f} s "
              f"({int(r['written'])} files written, {int(r['unchanged'])} untouched); `playbooks serve` after the next save "
              f"in {r['serve_s']:.2f} s ({int(r['serve_written'])} written) (target: under 1 s)")
        verdicts.append(r["regenerate_s"] < TARGETS["incremental regeneration at 500 (s)"])
        verdicts.append(r["serve_s"] < TARGETS["incremental regeneration at 500 (s)"])
    verdicts.append(rebuilt)
    projects = {size: BENCH / f"portfolio-{size}" for size in sizes if size >= 100}
    verdicts.append(readers_report(sorted(projects), projects))
    verdicts.append(serve_report(large) == 0)
    print(f"\nBenchmark took {time.perf_counter() - started:.0f} s. Targets {'all hold' if all(verdicts) else 'NOT all met'}.")
    shutil.rmtree(TRASH, ignore_errors=True)
    return 0


def serve_report(size: int) -> int:
    """The live preview on the sample project and on a portfolio of `size` vendors; 0 if every
    target holds."""
    verdicts = []
    for label, vendors, target in (("the sample", 0, TARGETS["serve: edit shown, sample (s)"]),
                                   (f"{size} vendors", size, TARGETS["serve: edit shown, 500 (s)"])):
        project = make_portfolio(vendors) if vendors else _sample_copy()
        r = serve_latency(project)
        runs = ", ".join(f"{t:.2f}" for t in r["show_runs"])
        print(f"`playbooks serve`, {label}: started in {r['start_s']:.1f} s; a vendor edit showed in {r['show_s']:.2f} s "
              f"(median of {runs}; target: at most {target}); idle CPU {r['idle_cpu'] * 100:.2f}% of a core "
              f"(target: under {TARGETS['serve: idle CPU'] * 100:.0f}%)")
        verdicts += [r["show_s"] <= target, r["idle_cpu"] < TARGETS["serve: idle CPU"]]
    return 0 if all(verdicts) else 1


def _sample_copy() -> Path:
    target = BENCH / "sample"
    discard(target)
    target.mkdir(parents=True)
    for name in ("content", "playbooks"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def _ratio(label: str, value: float, target: float) -> bool:
    ok = value <= target
    print(f"  {label}: {value:.3f} (target: at most {target}) {'ok' if ok else 'MISSED'}")
    return ok


if __name__ == "__main__":
    sys.exit(main())
